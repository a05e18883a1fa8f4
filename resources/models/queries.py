"""The catalogue's read vocabulary: `Resource.objects.published().visible_to(user)…`."""

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef, Q, Value
from django.db.models.functions import JSONObject

from gidh_portal.ids import with_ids
from members.workflow import ReviewStatus

from .. import search
from ..ordering import NEWEST
from . import facets

# The relations a resource's page and API item show.
RELATION_NAMES = ("interventions", "gdhm_components", "challenges", "member_states", "who_regions")
DETAIL_RELATIONS = ("language_entries", *RELATION_NAMES)
# How many resources sharing a topic (the newest) `related_to` ranks.
RELATED_CANDIDATES = 200


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def proposed(self):
        return self.filter(status=ReviewStatus.SUBMITTED)

    def visible_to(self, user):
        """Published resources for everyone; a user's own proposals; everything for the
        secretariat."""
        if user is not None and user.is_authenticated and user.is_secretariat:
            return self
        if user is not None and user.is_authenticated:
            return self.filter(Q(status=ReviewStatus.APPROVED) | Q(proposed_by=user))
        return self.published()

    def applied_in(self, member_state):
        return self.filter(member_states=member_state)

    def with_relations(self):
        """The publisher and every relation a resource's page shows: one query each."""
        return self.select_related("publisher").prefetch_related(*DETAIL_RELATIONS)

    def with_relation_lists(self):
        """Each relation an API item shows as an array selected with the row, one sub-query
        each, in the order the related model's manager gives: `language_list`, `topic_list`
        and `challenge_list` (objects), `component_list`, `member_state_list`, `region_list`."""
        model = self.model

        def links(name, *order):
            through = model._meta.get_field(name).remote_field.through
            return through.objects.filter(resource=OuterRef("pk")).order_by(*order)

        languages = model._meta.get_field("language_entries").related_model.objects
        return self.annotate(
            language_list=ArraySubquery(
                languages.filter(resource=OuterRef("pk")).order_by("pk").values("code")
            ),
            topic_list=ArraySubquery(
                links(
                    "interventions",
                    "digitalhealthintervention__version",
                    "digitalhealthintervention__sort_key",
                ).values(
                    item=JSONObject(
                        id="digitalhealthintervention_id",
                        version="digitalhealthintervention__version",
                        code="digitalhealthintervention__code",
                        label="digitalhealthintervention__label",
                    )
                )
            ),
            component_list=ArraySubquery(
                links("gdhm_components", "gdhmcomponent_id").values("gdhmcomponent_id")
            ),
            challenge_list=ArraySubquery(
                links(
                    "challenges", "healthsystemchallenge__group", "healthsystemchallenge__label"
                ).values(
                    item=JSONObject(
                        id="healthsystemchallenge_id",
                        group="healthsystemchallenge__group",
                        label="healthsystemchallenge__label",
                    )
                )
            ),
            member_state_list=ArraySubquery(
                links("member_states", "memberstate__name_en").values("memberstate_id")
            ),
            region_list=ArraySubquery(links("who_regions", "whoregion_id").values("whoregion_id")),
        )

    def related_to(self, resource, *, limit=5):
        """Other published resources sharing the most CDHI topics with `resource`, then the
        newest, then by title, their publishers selected.

        The candidates are the newest `RELATED_CANDIDATES` of those whose stored topic ids
        (`facet_topics`, GIN-indexed) overlap the resource's: a common topic is shared by
        thousands of resources, and counting the shared topics of each cost 50 ms. Their ids
        are read first: PostgreSQL planned them as a sub-query badly (a scan of the table)."""
        topics = sorted(entry.pk for entry in resource.interventions.all())
        if not topics:
            return self.none()
        topic_ids = facets.stored_array(self.model, "facet_topics", models.BigIntegerField())
        candidates = (
            self.published()
            .exclude(pk=resource.pk)
            .alias(topic_ids=topic_ids)
            .filter(topic_ids__overlap=topics)
            .order_by(*NEWEST)
            .values_list("pk", flat=True)[:RELATED_CANDIDATES]
        )
        shared = facets.shared_count(self.model, "facet_topics", topics, "bigint")
        return (
            with_ids(self, candidates)
            .annotate(shared_topics=shared)
            .order_by("-shared_topics", "-publication_year", "title", "pk")
            .select_related("publisher")[:limit]
        )

    def facets(self, *, limit=12):
        """Counts per facet value of this (filtered) queryset, computed by the database:
        `{name: [{"value", "label", "count"}]}`, the most frequent values first. Four queries
        whatever the data size."""
        return facets.labelled(facets.counts(self, limit=limit))

    def window(self):
        """The newest `settings.CATALOGUE_WINDOW` rows of this list (`NEWEST` order):
        what the catalogue ranks, counts, pages and counts facets of when a search or filters
        narrow it, so that a word matching every resource costs what a rare word costs.

        Read through the `resources_published_newest` index, the window stops after that many
        matches (or, for rare words, sorts the few the search index finds); the list's aliases
        (`rank`) are then computed for the window's rows only. The window's ids are read now,
        once: the ranked page and the facet counts then read those rows by id."""
        return with_ids(self, self.window_ids())

    def window_ids(self):
        """The ids of the window's rows (`window`), read now: a list, empty if nothing
        matches."""
        newest = self.order_by(*NEWEST).values_list("pk", flat=True)
        return list(newest[: settings.CATALOGUE_WINDOW])

    def matching(self, text, *, every_match=False):
        """Resources whose text matches `text` (weighted full-text search over the stored,
        GIN-indexed `search_vector`; titles similar to `text` when it finds nothing), with a
        `rank` alias to order by (higher is better; not selected, so facet counts group on
        the bare rows): the newest `CATALOGUE_WINDOW` matches, or all with `every_match`."""
        text = (text or "").strip()[:200]
        if not text:
            return self.alias(rank=Value(0.0, output_field=models.FloatField()))
        return search.full_text(self, text, every_match=every_match)
