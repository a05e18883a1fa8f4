"""Peers to learn from, as the API shows them (members/peers.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from rest_framework import serializers


def _absolute(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class PeerSerializer(serializers.Serializer):
    iso3 = serializers.CharField(help_text="ISO 3166 alpha-3 code of the peer member state.")
    name = serializers.CharField(help_text="Name in the request's language.")
    who_region = serializers.CharField()
    income_group = serializers.CharField(allow_blank=True)
    nearness = serializers.ChoiceField(
        choices=["region", "income_group", "world"],
        help_text="Same WHO region, else same income group, else the rest of the world.",
    )
    phase = serializers.IntegerField(help_text="The peer's phase (4 or 5) on the indicator.")
    cycle_year = serializers.IntegerField(help_text="Reporting cycle of its published profile.")
    evidence_note = serializers.CharField(allow_blank=True)
    source_url = serializers.CharField(allow_blank=True)
    evidence_document_url = serializers.SerializerMethodField()
    verification_status = serializers.CharField()
    resources_url = serializers.SerializerMethodField(
        help_text="The catalogue's published resources used in the peer country (country "
        "experiences) on the indicator's GDHM component."
    )

    def get_evidence_document_url(self, peer) -> str:
        url = peer["evidence_document_url"]
        return _absolute(self.context, url) if url else ""

    def get_resources_url(self, peer) -> str:
        query = urlencode({"country": peer["iso3"], "component": self.context["component"]})
        return f"{self.context['resource_list_url']}?{query}"


class PeerIndicatorSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="GDHM indicator code.")
    indicator_name = serializers.CharField()
    component = serializers.IntegerField(help_text="GDHM component number.")
    phase = serializers.IntegerField(help_text="The member state's phase (1–3) on the indicator.")
    total = serializers.IntegerField(help_text="How many peers it has on the indicator.")
    peers = serializers.SerializerMethodField()
    peers_url = serializers.SerializerMethodField(
        help_text="Every peer of the member state on this indicator."
    )

    def get_peers_url(self, item) -> str:
        path = reverse("api:member-state-peers", kwargs={"iso3": self.context["iso3"]})
        query = urlencode({"indicator": item["indicator"]})
        return _absolute(self.context, f"{path}?{query}")

    def get_peers(self, item) -> PeerSerializer(many=True):
        # The catalogue's address once per response, not once per peer (up to 270).
        if "resource_list_url" not in self.context:
            list_path = reverse("api:resource-list")
            self.context["resource_list_url"] = _absolute(self.context, list_path)
        context = {**self.context, "component": item["component"]}
        return PeerSerializer(item["peers"], many=True, context=context).data
