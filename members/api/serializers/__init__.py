"""The members API's serializers: the reference data, profiles as shown, profile inputs."""

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
from .reference import MemberStateSerializer, OrganizationSerializer, WhoRegionSerializer

__all__ = [
    "BenchmarkSerializer",
    "ComponentScoreSerializer",
    "ConflictSerializer",
    "IndicatorAnswerInput",
    "IndicatorAnswerSerializer",
    "MemberStateSerializer",
    "OrganizationSerializer",
    "ProfileCreateInput",
    "ProfileSubmissionSerializer",
    "ProfileUpdateInput",
    "PublishedProfileSerializer",
    "ReviewCommentInput",
    "WhoRegionSerializer",
]
