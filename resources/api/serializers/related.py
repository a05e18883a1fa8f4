"""The related records a resource item names: its publisher, topics and challenges."""

from gidh_portal.model_serializer import ModelSerializer
from members.models import Organization

from ...models import DigitalHealthIntervention, HealthSystemChallenge


class PublisherSerializer(ModelSerializer):
    class Meta:
        model = Organization
        fields = ("id", "name", "acronym")


class TopicSerializer(ModelSerializer):
    class Meta:
        model = DigitalHealthIntervention
        fields = ("id", "version", "code", "label")


class ChallengeSerializer(ModelSerializer):
    class Meta:
        model = HealthSystemChallenge
        fields = ("id", "group", "label")
