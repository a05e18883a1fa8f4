"""The resources API's serializers, one module a subject: items, pages, related records, inputs."""

from .inputs import ResourceProposeInput, ResourceProposeJsonInput, ResourceReviewInput
from .items import ResourceSerializer, resource_rows, with_item_columns
from .pages import FacetValueSerializer, ResourcePageSerializer
from .related import ChallengeSerializer, PublisherSerializer, TopicSerializer
