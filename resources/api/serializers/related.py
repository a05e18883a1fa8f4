"""The related records a resource item names: its publisher, topics and challenges."""

from rest_framework import serializers

from members.models import Organization

from ...models import DigitalHealthIntervention, HealthSystemChallenge


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ("id", "name", "acronym")


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = DigitalHealthIntervention
        fields = ("id", "version", "code", "label")


class ChallengeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HealthSystemChallenge
        fields = ("id", "group", "label")
