"""The members API's serializers: the reference data, profiles as shown, profile inputs."""

from .peers import PeerIndicatorSerializer, PeerSerializer
from .profile_inputs import (
    ConflictSerializer,
    IndicatorAnswerInput,
    ProfileCreateInput,
    ProfileUpdateInput,
    ReviewCommentInput,
)
from .profiles import (
    BenchmarkSerializer,
    ComponentScoreSerializer,
    IndicatorAnswerSerializer,
    ProfileSubmissionSerializer,
    PublishedProfileSerializer,
)
from .progress import ProgressRowSerializer, ProgressSerializer
from .reference import MemberStateSerializer, OrganizationSerializer, WhoRegionSerializer
