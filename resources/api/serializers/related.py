"""The related records a resource item names: its publisher, topics and challenges."""

from rest_framework import serializers

from members.models import Organization

from ...models import DigitalHealthIntervention, HealthSystemChallenge


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ("id", "name", "acronym")


# An object of a resource's relation list (`with_relation_lists`) holds its fields' JSON values:
# taken as they are (DRF's field by field copy was a fifth of serialising a page of 50). No
# docstring: drf-spectacular would put it in the API contract.
class RelationItemSerializer(serializers.ModelSerializer):
    def to_representation(self, item):
        return {name: item[name] for name in self.Meta.fields}


class TopicSerializer(RelationItemSerializer):
    class Meta:
        model = DigitalHealthIntervention
        fields = ("id", "version", "code", "label")


class ChallengeSerializer(RelationItemSerializer):
    class Meta:
        model = HealthSystemChallenge
        fields = ("id", "group", "label")
