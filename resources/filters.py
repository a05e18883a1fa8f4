"""The catalogue's filters, shared by the page and the API (the same names in both)."""

import django_filters
from django import forms
from django.db.models import Q, TextField
from django.utils.translation import gettext_lazy as _

from members.models import GdhmComponent, MemberState, Organization, WhoRegion

from .models import (
    LANGUAGES,
    DigitalHealthIntervention,
    HealthSystemChallenge,
    Kind,
    Licence,
    facets,
)

YEARS = [(year, str(year)) for year in range(2100, 1949, -1)]


class ResourceFilter(django_filters.FilterSet):
    # Many-to-many filters select ids in a sub-query, so no row repeats: no DISTINCT, which
    # would make PostgreSQL sort and compare whole rows.
    kind = django_filters.MultipleChoiceFilter(
        distinct=False,
        choices=Kind.choices,
        label=_("Type"),
        help_text="Resource type (repeatable).",
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        queryset=DigitalHealthIntervention.objects.all(),
        method="filter_topic",
        label=_("Digital health intervention"),
        help_text="Id of a CDHI entry (repeatable); a group or category includes its children.",
    )
    language = django_filters.MultipleChoiceFilter(
        distinct=False,
        choices=LANGUAGES,
        method="filter_language",
        label=_("Language"),
        help_text="ISO 639-1 code (repeatable).",
    )
    region = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        queryset=WhoRegion.objects.all(),
        method="filter_region",
        label=_("WHO region"),
        help_text="WHO region code (repeatable).",
    )
    country = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        queryset=MemberState.objects.all(),
        method="filter_country",
        label=_("Country experience"),
        help_text="ISO 3166 alpha-3 code of a member state that used it (repeatable).",
    )
    publisher = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        queryset=Organization.objects.all(),
        label=_("Publisher"),
        help_text="Id of the publishing organization (repeatable).",
    )
    year = django_filters.TypedMultipleChoiceFilter(
        distinct=False,
        field_name="publication_year",
        choices=YEARS,
        coerce=int,
        label=_("Publication year"),
        help_text="Publication year (repeatable).",
    )
    licence = django_filters.MultipleChoiceFilter(
        distinct=False,
        choices=Licence.choices,
        label=_("Licence"),
        help_text="SPDX identifier (repeatable).",
    )
    quality_assured = django_filters.BooleanFilter(
        label=_("WHO quality-assured"),
        widget=forms.NullBooleanSelect,
        help_text="Only resources WHO has quality-assured (true) or not (false).",
    )
    component = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        queryset=GdhmComponent.objects.all(),
        method="filter_component",
        label=_("GDHM component"),
        help_text="GDHM component number (repeatable).",
    )
    challenge = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        queryset=HealthSystemChallenge.objects.all(),
        method="filter_challenge",
        label=_("Health system challenge"),
        help_text="Id of a health system challenge (repeatable).",
    )

    class Meta:
        fields = ()

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        # Only the filters the request names: an absent filter filters nothing and cannot be
        # in error, and copying all eleven filters and their form fields (with their choices:
        # 151 years, 26 languages, querysets) cost more than the rest of the filtering.
        if data is not None and prefix is None:
            self.base_filters = {
                name: filter_ for name, filter_ in self.base_filters.items() if name in data
            }
        super().__init__(data, *args, prefix=prefix, **kwargs)

    # Many-to-many filters select ids in a sub-query, so no row is repeated by a join.
    def _through(self, queryset, relation, condition):
        through = queryset.model._meta.get_field(relation).remote_field.through
        return queryset.filter(pk__in=through.objects.filter(condition).values("resource_id"))

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        entries = Q()
        for entry in value:
            # A group or category stands for itself and everything under it.
            entries |= Q(digitalhealthintervention__version=entry.version) & (
                Q(digitalhealthintervention__code=entry.code)
                | Q(digitalhealthintervention__code__startswith=f"{entry.code}.")
            )
        return self._through(queryset, "interventions", entries)

    # Languages and regions are read from the row's stored arrays (migration 0005), whose GIN
    # indexes (0013) PostgreSQL combines with the search index: a common word in one region
    # reads the ~2,000 rows of both instead of the 20,000 of the word.
    def filter_language(self, queryset, name, value):
        if not value:
            return queryset
        languages = facets.stored_array(queryset.model, "facet_languages", TextField())
        return queryset.alias(stored_languages=languages).filter(
            stored_languages__overlap=sorted(value)
        )

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        regions = facets.stored_array(queryset.model, "facet_regions", TextField())
        return queryset.alias(stored_regions=regions).filter(
            stored_regions__overlap=sorted(region.code for region in value)
        )

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return self._through(queryset, "member_states", Q(memberstate__in=value))

    def filter_component(self, queryset, name, value):
        if not value:
            return queryset
        return self._through(queryset, "gdhm_components", Q(gdhmcomponent__in=value))

    def filter_challenge(self, queryset, name, value):
        if not value:
            return queryset
        return self._through(queryset, "challenges", Q(healthsystemchallenge__in=value))
