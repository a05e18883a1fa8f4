"""The catalogue's read vocabulary: `Resource.objects.published().visible_to(user)…`."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q, Value
from django.db.models.expressions import RawSQL

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
        and `challenge_list` (objects), `component_list`, `member_state_list`, `region_list`.
        Written as SQL, as `with_shown_relations`."""
        return self.annotate(
            language_list=LANGUAGE_CODES,
            topic_list=_TOPIC_LIST,
            component_list=_resource_array(
                "SELECT gdhmcomponent_id FROM resources_resource_gdhm_components "
                "WHERE resource_id = {resource} ORDER BY gdhmcomponent_id",
                models.IntegerField(),
            ),
            challenge_list=_resource_array(
                "SELECT jsonb_build_object('id', c.id, 'group', c.\"group\", 'label', c.label) "
                "FROM resources_resource_challenges l "
                "JOIN resources_healthsystemchallenge c ON c.id = l.healthsystemchallenge_id "
                'WHERE l.resource_id = {resource} ORDER BY c."group", c.label'
            ),
            member_state_list=_resource_array(
                "SELECT s.iso3 FROM resources_resource_member_states l "
                "JOIN members_memberstate s ON s.iso3 = l.memberstate_id "
                "WHERE l.resource_id = {resource} ORDER BY s.name_en",
                models.CharField(),
            ),
            region_list=_resource_array(
                "SELECT whoregion_id FROM resources_resource_who_regions "
                "WHERE resource_id = {resource} ORDER BY whoregion_id",
                models.CharField(),
            ),
        )

    def with_shown_relations(self):
        """The publisher and what a resource's page shows of its relations, as arrays selected
        with the row (one query, not one per relation), each in its related model's order:
        the codes of `language_list`, and objects: `topic_list` (as `with_relation_lists`),
        `shown_components`, `shown_challenges`, `shown_member_states` and `shown_regions` with
        their names.

        Written as SQL: the ORM took 3.5 ms to build and compile these sub-queries, PostgreSQL
        0.3 ms to run them."""
        return self.select_related("publisher").annotate(
            language_list=LANGUAGE_CODES,
            topic_list=_TOPIC_LIST,
            shown_components=_resource_array(
                "SELECT jsonb_build_object('number', c.number, 'name_en', c.name_en, "
                "'name_fr', c.name_fr) FROM resources_resource_gdhm_components l "
                "JOIN members_gdhmcomponent c ON c.number = l.gdhmcomponent_id "
                "WHERE l.resource_id = {resource} ORDER BY c.number"
            ),
            shown_challenges=_resource_array(
                "SELECT jsonb_build_object('label', c.label) FROM resources_resource_challenges l "
                "JOIN resources_healthsystemchallenge c ON c.id = l.healthsystemchallenge_id "
                'WHERE l.resource_id = {resource} ORDER BY c."group", c.label'
            ),
            shown_member_states=_resource_array(
                "SELECT jsonb_build_object('iso3', s.iso3, 'name_en', s.name_en, "
                "'name_fr', s.name_fr) FROM resources_resource_member_states l "
                "JOIN members_memberstate s ON s.iso3 = l.memberstate_id "
                "WHERE l.resource_id = {resource} ORDER BY s.name_en"
            ),
            shown_regions=_resource_array(
                "SELECT jsonb_build_object('code', r.code, 'name_en', r.name_en, "
                "'name_fr', r.name_fr) FROM resources_resource_who_regions l "
                "JOIN members_whoregion r ON r.code = l.whoregion_id "
                "WHERE l.resource_id = {resource} ORDER BY r.code"
            ),
        )

    def related_to(self, resource, topics, *, limit=5):
        """Other published resources than `resource` sharing the most of the CDHI topics
        `topics` (ids), then the newest, then by title, their publishers selected.

        The candidates are the newest `RELATED_CANDIDATES` of those whose stored topic ids
        (`facet_topics`, GIN-indexed) overlap `topics`: a common topic is shared by
        thousands of resources, and counting the shared topics of each cost 50 ms. Their ids
        are read first: PostgreSQL planned them as a sub-query badly (a scan of the table)."""
        topics = sorted(topics)
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


def _resource_array(select, item_field=None):
    """`ARRAY(select)` of each resource row, `{resource}` in `select` naming the row's id."""
    return RawSQL(
        "ARRAY(" + select.format(resource='"resources_resource"."id"') + ")",
        [],
        output_field=ArrayField(item_field or models.JSONField()),
    )


# A resource's language codes in the order of its entries (also the catalogue's result rows'),
# and its CDHI topics (objects: id,
# version, code, label) in their manager's order.
LANGUAGE_CODES = _resource_array(
    "SELECT code FROM resources_resourcelanguage WHERE resource_id = {resource} ORDER BY id",
    models.CharField(),
)
_TOPIC_LIST = _resource_array(
    "SELECT jsonb_build_object('id', d.id, 'version', d.version, 'code', d.code, "
    "'label', d.label) FROM resources_resource_interventions l "
    "JOIN resources_digitalhealthintervention d ON d.id = l.digitalhealthintervention_id "
    "WHERE l.resource_id = {resource} ORDER BY d.version, d.sort_key"
)
