"""What a resource's page shows of its relations (from the arrays `with_shown_relations`
selects) and of its related resources: names in the request's language, links, labels."""

from django.db.models import F
from django.urls import reverse
from django.utils.translation import get_language

from gidh_portal.row_urls import row_url
from members import names
from members.models.localized import localized_columns

from .models import LANGUAGE_NAMES, DigitalHealthIntervention, Kind


def shown_relations(resource):
    """The languages' names, the topics (with their version's label and the catalogue link
    filtering by each), the components, challenges, member states (with their country page)
    and regions of `resource`, read by `Resource.objects.with_shown_relations()`."""
    language = names.language_key(get_language())
    versions = dict(DigitalHealthIntervention.Version.choices)
    catalogue = reverse("resources:resource-list")
    country_url = row_url("country-detail", "iso3")
    return {
        "language_names": [str(LANGUAGE_NAMES.get(code, code)) for code in resource.language_list],
        "topics": [
            {**topic, "url": f"{catalogue}?topic={topic['id']}",
             "version_label": versions.get(topic["version"], topic["version"])}
            for topic in resource.topic_list
        ],
        "components": [
            f"{row['number']}. "
            + localized_columns(language, row["number"], row["name_en"], row["name_fr"],
                                names.component_name)
            for row in resource.shown_components
        ],
        "challenges": [row["label"] for row in resource.shown_challenges],
        "member_states": [
            {**row, "url": country_url(row["iso3"]),
             "name": localized_columns(language, row["iso3"], row["name_en"], row["name_fr"],
                                       names.member_state_name)}
            for row in resource.shown_member_states
        ],
        "regions": [
            localized_columns(language, row["code"], row["name_en"], row["name_fr"],
                              names.region_name)
            for row in resource.shown_regions
        ],
    }  # fmt: skip


def related_items(queryset):
    """What the page shows of each related resource (`Resource.objects.related_to`): its
    link, title, kind's label and publisher, read as plain rows."""
    kinds = dict(Kind.choices)
    resource_url = row_url("resources:resource-detail", "slug")
    rows = queryset.values(
        "slug", "title", "kind",
        publisher_name=F("publisher__name"), publisher_acronym=F("publisher__acronym"),
    )  # fmt: skip
    return [
        {**row, "url": resource_url(row["slug"]),
         "kind_label": kinds.get(row["kind"], row["kind"])}
        for row in rows
    ]  # fmt: skip
