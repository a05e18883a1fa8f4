"""The resource catalogue and its classifications."""

import orjson
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gidh_portal import input_limits
from gidh_portal.audit import track_changes, track_links
from gidh_portal.compiled import execute_prepared
from members import documents
from members.models import Organization, WhoRegion
from members.workflow import Reviewable, ReviewStatus

from . import search
from .rendering import render_markdown


class DigitalHealthIntervention(models.Model):
    """An entry of the WHO Classification of Digital Health Interventions (CDHI), v1 or v2.

    Codes repeat across versions (1.1.1 exists in both), so an entry is (version, code).
    """

    class Version(models.TextChoices):
        V1 = "v1", _("CDHI v1 (2018)")
        V2 = "v2", _("CDHI v2 (2023)")

    class Level(models.TextChoices):
        GROUP = "group", _("Group")
        CATEGORY = "category", _("Category")
        INTERVENTION = "intervention", _("Intervention")

    version = input_limits.CharField(_("version"), max_length=2, choices=Version.choices)
    code = input_limits.CharField(_("code"), max_length=10)
    level = input_limits.CharField(_("level"), max_length=12, choices=Level.choices)
    group = input_limits.CharField(_("group"), max_length=100)
    label = input_limits.CharField(_("label"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    sort_key = input_limits.CharField(max_length=30, editable=False, db_index=True)

    class Meta:
        ordering = ["version", "sort_key"]
        verbose_name = _("digital health intervention (CDHI)")
        verbose_name_plural = _("digital health interventions (CDHI)")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="cdhi_version_code_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.label} ({self.version})"


class HealthSystemChallenge(models.Model):
    """A health system challenge that digital interventions address (Digital Health Atlas list)."""

    group = input_limits.CharField(_("group"), max_length=100)
    label = input_limits.CharField(_("label"), max_length=200)
    source = input_limits.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["group", "label"]
        verbose_name = _("health system challenge")
        verbose_name_plural = _("health system challenges")
        constraints = [
            models.UniqueConstraint(fields=["group", "label"], name="challenge_group_label_unique"),
        ]

    def __str__(self):
        return f"{self.group}: {self.label}"


class Kind(models.TextChoices):
    STANDARD = "standard", _("Standard")
    GUIDELINE = "guideline", _("Guideline")
    BEST_PRACTICE = "best_practice", _("Best practice")
    TOOLKIT = "toolkit", _("Toolkit")
    CASE_STUDY = "case_study", _("Case study")
    POLICY_TEMPLATE = "policy_template", _("Policy or legislation template")
    GLOBAL_GOOD = "global_good", _("Global good / open-source software")
    TRAINING_COURSE = "training_course", _("Training course")
    DATASET = "dataset", _("Dataset")
    REPORT = "report", _("Report")


# ISO 639-1 codes offered for resources: the six UN languages first, then widely used ones.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("sw", _("Swahili")),
    ("am", _("Amharic")),
    ("ha", _("Hausa")),
    ("hi", _("Hindi")),
    ("bn", _("Bengali")),
    ("ur", _("Urdu")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("id", _("Indonesian")),
    ("ms", _("Malay")),
    ("th", _("Thai")),
    ("vi", _("Vietnamese")),
    ("ja", _("Japanese")),
    ("ko", _("Korean")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
]
LANGUAGE_NAMES = dict(LANGUAGES)


class Licence(models.TextChoices):
    """SPDX identifiers of the licences normative resources usually carry."""

    CC_BY_NC_SA_3_IGO = "CC-BY-NC-SA-3.0-IGO", "CC BY-NC-SA 3.0 IGO"
    CC_BY_4 = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA_4 = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC_4 = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC_BY_NC_SA_4 = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    MIT = "MIT", "MIT"
    APACHE_2 = "Apache-2.0", "Apache 2.0"
    BSD_3 = "BSD-3-Clause", "BSD 3-Clause"
    GPL_3 = "GPL-3.0-only", "GPL 3.0"
    AGPL_3 = "AGPL-3.0-only", "AGPL 3.0"
    MPL_2 = "MPL-2.0", "MPL 2.0"
    EPL_2 = "EPL-2.0", "EPL 2.0"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


def facet(value, label, count):
    return {"value": value, "label": str(label), "count": count}


# Facets counted per value of a relation: (relation table, its value column) for the portable
# joins; on PostgreSQL each resource carries the values in an array column kept by triggers
# (migration 0005), so the counts unnest short arrays instead of joining ~500,000 relation rows.
def _relation_facets(resource):
    return {
        "language": (ResourceLanguage._meta.db_table, "code", "facet_languages"),
        "topic": (
            resource.interventions.through._meta.db_table,
            "digitalhealthintervention_id",
            "facet_topics",
        ),
        "region": (resource.who_regions.through._meta.db_table, "whoregion_id", "facet_regions"),
    }


def _facet_counts(queryset, *, limit):
    """{facet: [(value as text, count)]} for `queryset`, in one SQL statement: the matching
    rows are read once into a common table expression, then grouped per facet."""
    resource = queryset.model
    relations = _relation_facets(resource)
    if queryset.query.is_empty():  # invalid filters: nothing to count (and no SQL to run)
        names = ("kind", "publisher", "year", "licence", "quality_assured", *relations)
        return {name: [] for name in names}
    columns = ["pk", "kind", "publisher_id", "publication_year", "licence", "quality_assured"]
    arrays = connection.vendor == "postgresql"
    base = queryset.order_by()
    if arrays:
        table = resource._meta.db_table
        base = base.annotate(
            **{
                f"_{array}": RawSQL(f'"{table}"."{array}"', [])
                for _table, _column, array in relations.values()
            }
        )
        columns += [f"_{array}" for _table, _column, array in relations.values()]
    sql, params = base.values(*columns).query.sql_with_params()
    parts = [
        "SELECT 'kind', kind, COUNT(*) FROM m GROUP BY kind",
        "SELECT 'publisher', CAST(publisher_id AS TEXT), COUNT(*) FROM m GROUP BY publisher_id",
        "SELECT 'year', CAST(publication_year AS TEXT), COUNT(*) FROM m "
        "WHERE publication_year IS NOT NULL GROUP BY publication_year",
        "SELECT 'licence', licence, COUNT(*) FROM m GROUP BY licence",
        "SELECT 'quality_assured', CASE WHEN quality_assured THEN 'true' ELSE 'false' END, "
        "COUNT(*) FROM m GROUP BY quality_assured",
    ]
    for name, (table, column, array) in relations.items():
        if arrays:
            # unnest() in the select list (one ProjectSet node) measured ~40 % faster than a
            # lateral unnest (a function scan per row).
            parts.append(
                f"SELECT '{name}', CAST(v AS TEXT), COUNT(*) "
                f"FROM (SELECT unnest({array}) AS v FROM m) AS u GROUP BY v"
            )
        else:
            parts.append(
                f"SELECT '{name}', CAST(r.{column} AS TEXT), COUNT(*) FROM m "
                f"JOIN {table} r ON r.resource_id = m.id GROUP BY r.{column}"
            )
    names = ["id", "kind", "publisher_id", "publication_year", "licence", "quality_assured"]
    if arrays:
        names += [array for _table, _column, array in relations.values()]
    statement = f"WITH m ({', '.join(names)}) AS ({sql}) " + " UNION ALL ".join(parts)
    counts = {name: [] for name in ("kind", "publisher", "year", "licence", "quality_assured")}
    counts.update({name: [] for name in relations})
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, count in cursor.fetchall():
            counts[name].append((value, count))
    for name, values in counts.items():
        if name == "year":
            values.sort(key=lambda item: item[0], reverse=True)
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
        del values[limit:]
    return counts


def stored_array(column, base_field):
    """A facet array of the resource's row (`facet_topics`…, kept by the database's triggers,
    migration 0005; not a model field, so a save never writes a stale copy), typed so that
    ArrayField lookups cast their values to its type (`bigint[]`, not psycopg's `integer[]`)."""
    table = Resource._meta.db_table
    return RawSQL(f'"{table}"."{column}"', [], output_field=ArrayField(base_field))


def shared_count(column, values, sql_type):
    """How many of `values` (of PostgreSQL type `sql_type`) the row's facet array holds."""
    table = Resource._meta.db_table
    return RawSQL(
        f'cardinality(ARRAY(SELECT unnest("{table}"."{column}") '
        f"INTERSECT SELECT unnest(%s::{sql_type}[])))",
        [values],
        output_field=models.IntegerField(),
    )


def resource_file_name(instance, filename):
    return documents.random_pdf_name("resources")


RELATION_NAMES = ("interventions", "gdhm_components", "challenges", "member_states", "who_regions")
# The resource columns the API list shows (`listing_values`).
LISTING_COLUMNS = (
    "id", "slug", "kind", "title", "summary", "body", "description_language", "publisher_id",
    "publication_year", "link", "file", "licence", "quality_assured", "quality_assured_on",
    "status", "created_at", "updated_at",
)  # fmt: skip


# The relations a resource's page shows: on PostgreSQL they come with the resource's own row,
# each as a JSON array of the related rows (`ResourceQuerySet.with_inline_relations`).
DETAIL_RELATIONS = ("language_entries", *RELATION_NAMES)


def _order_columns(model):
    columns = []
    for name in model._meta.ordering:
        bare = name.lstrip("-")
        field = model._meta.pk if bare == "pk" else model._meta.get_field(bare)
        columns.append(f"t.{field.column}{' DESC' if name.startswith('-') else ''}")
    return ", ".join(columns)


def _inline_relation_sql(name):
    """A sub-select giving the rows of relation `name` of the outer resource row as a JSON array
    of arrays (the related model's concrete columns), in the order its manager gives them."""
    field = Resource._meta.get_field(name)
    model = field.related_model
    columns = ", ".join(f"t.{f.column}" for f in model._meta.concrete_fields)
    order = _order_columns(model)
    outer = f'"{Resource._meta.db_table}"."id"'
    if field.many_to_many:
        through = field.remote_field.through._meta.db_table
        source = (
            f"{model._meta.db_table} t JOIN {through} l "
            f"ON l.{field.m2m_reverse_name()} = t.{model._meta.pk.column} "
            f"WHERE l.{field.m2m_column_name()} = {outer}"
        )
    else:  # the reverse foreign key of the languages
        source = f"{model._meta.db_table} t WHERE t.{field.field.column} = {outer}"
    return (
        f"SELECT coalesce(json_agg(json_build_array({columns}) ORDER BY {order}), '[]') "
        f"FROM {source}"
    )


class _InlineRelationsIterable(models.query.ModelIterable):
    """Model instances whose relations (JSON arrays selected with the row) are put where
    prefetch_related would put them, so `resource.interventions.all()` etc. read no more."""

    def __iter__(self):
        for resource in super().__iter__():
            cache = resource.__dict__.setdefault("_prefetched_objects_cache", {})
            for name in DETAIL_RELATIONS:
                if f"_inline_{name}" not in resource.__dict__:
                    continue
                rows = resource.__dict__.pop(f"_inline_{name}")
                model = Resource._meta.get_field(name).related_model
                attnames = [f.attname for f in model._meta.concrete_fields]
                queryset = getattr(resource, name).get_queryset()
                queryset._result_cache = [
                    model.from_db(self.queryset.db, attnames, row) for row in rows
                ]
                queryset._prefetch_done = True
                cache[name] = queryset
            yield resource


# The relations of a page of the API list, as one JSON document (`listing_relations`): for each
# relation, in the order of the names below, one array of [resource id, value…] entries sorted as
# the related model's manager sorts them (the orders of the portable queries below). Sorted flat
# lists grouped in Python cost PostgreSQL less than six grouped, merged aggregates (1.4 → 1.1 ms
# a page of 50). One JSON text parsed by orjson: arrays of JSON values cost a `json.loads` per
# topic and challenge (150 a page).
_LISTING_RELATIONS_SQL = """
WITH page AS (SELECT %s::bigint[] AS ids)
SELECT json_build_array(
  (SELECT json_agg(json_build_array(resource_id, code) ORDER BY id)
   FROM resources_resourcelanguage WHERE resource_id = ANY((SELECT ids FROM page)::bigint[])),
  (SELECT json_agg(json_build_array(t.resource_id, d.id, d.version, d.code, d.label)
                   ORDER BY d.version, d.sort_key)
   FROM resources_resource_interventions t
   JOIN resources_digitalhealthintervention d ON d.id = t.digitalhealthintervention_id
   WHERE t.resource_id = ANY((SELECT ids FROM page)::bigint[])),
  (SELECT json_agg(json_build_array(resource_id, gdhmcomponent_id) ORDER BY gdhmcomponent_id)
   FROM resources_resource_gdhm_components
   WHERE resource_id = ANY((SELECT ids FROM page)::bigint[])),
  (SELECT json_agg(json_build_array(t.resource_id, c.id, c."group", c.label)
                   ORDER BY c."group", c.label)
   FROM resources_resource_challenges t
   JOIN resources_healthsystemchallenge c ON c.id = t.healthsystemchallenge_id
   WHERE t.resource_id = ANY((SELECT ids FROM page)::bigint[])),
  (SELECT json_agg(json_build_array(m.resource_id, m.memberstate_id) ORDER BY s.name_en)
   FROM resources_resource_member_states m JOIN members_memberstate s ON s.iso3 = m.memberstate_id
   WHERE m.resource_id = ANY((SELECT ids FROM page)::bigint[])),
  (SELECT json_agg(json_build_array(resource_id, whoregion_id) ORDER BY whoregion_id)
   FROM resources_resource_who_regions
   WHERE resource_id = ANY((SELECT ids FROM page)::bigint[]))
)::text
"""


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

    def with_inline_relations(self, *names):
        """The relations `names` (by default all those a resource's page shows: languages,
        topics, components, challenges, countries, regions), as prefetch_related would give
        them: on PostgreSQL selected with each resource's row (one query instead of seven)."""
        names = names or DETAIL_RELATIONS
        if connection.vendor != "postgresql":
            return self.prefetch_related(*names)
        queryset = self.annotate(
            **{f"_inline_{name}": RawSQL(_inline_relation_sql(name), []) for name in names}
        )
        queryset._iterable_class = _InlineRelationsIterable
        return queryset

    def for_listing(self):
        return self.select_related("publisher").with_inline_relations("language_entries")

    def listing_values(self, *columns, **expressions):
        """Plain rows (dicts) of the columns a list shows (`columns`, by default the API's),
        the publisher's name and acronym joined, and any other `expressions`: no model
        instances to build."""
        return self.values(
            *(columns or LISTING_COLUMNS),
            publisher_name=F("publisher__name"),
            publisher_acronym=F("publisher__acronym"),
            **expressions,
        )

    def listing_relations(self, resource_ids):
        """{relation: {resource id: [values]}} of the given resources, each list in the order
        the related model's manager gives (as prefetching would): one query on PostgreSQL
        (`_LISTING_RELATIONS_SQL`, prepared once per database session: planning it took longer
        than running it), one per relation elsewhere."""
        if connection.vendor == "postgresql":
            names = ("languages", "topics", "gdhm_components", "challenges", "member_states",
                     "who_regions")  # fmt: skip
            relations = {name: {pk: [] for pk in resource_ids} for name in names}
            with connection.cursor() as cursor:
                execute_prepared(
                    cursor, "listing_relations", _LISTING_RELATIONS_SQL, [list(resource_ids)],
                    ["bigint[]"],
                )  # fmt: skip
                for name, entries in zip(names, orjson.loads(cursor.fetchone()[0]), strict=True):
                    values = relations[name]
                    if name in ("topics", "challenges"):  # [id, …] of each entry
                        for entry in entries or ():
                            values[entry[0]].append(entry[1:])
                    else:
                        for pk, value in entries or ():
                            values[pk].append(value)
            return relations
        through = {name: getattr(Resource, name).through.objects for name in RELATION_NAMES}
        wanted = {"resource_id__in": resource_ids}
        queries = {
            "languages": ResourceLanguage.objects.filter(**wanted)
            .order_by("pk")
            .values_list("resource_id", "code"),
            "topics": through["interventions"]
            .filter(**wanted)
            .order_by("digitalhealthintervention__version", "digitalhealthintervention__sort_key")
            .values_list(
                "resource_id",
                "digitalhealthintervention_id",
                "digitalhealthintervention__version",
                "digitalhealthintervention__code",
                "digitalhealthintervention__label",
            ),
            "gdhm_components": through["gdhm_components"]
            .filter(**wanted)
            .order_by("gdhmcomponent_id")
            .values_list("resource_id", "gdhmcomponent_id"),
            "challenges": through["challenges"]
            .filter(**wanted)
            .order_by("healthsystemchallenge__group", "healthsystemchallenge__label")
            .values_list(
                "resource_id",
                "healthsystemchallenge_id",
                "healthsystemchallenge__group",
                "healthsystemchallenge__label",
            ),
            "member_states": through["member_states"]
            .filter(**wanted)
            .order_by("memberstate__name_en")
            .values_list("resource_id", "memberstate_id"),
            "who_regions": through["who_regions"]
            .filter(**wanted)
            .order_by("whoregion_id")
            .values_list("resource_id", "whoregion_id"),
        }
        relations = {}
        for name, query in queries.items():
            values = relations[name] = {pk: [] for pk in resource_ids}
            for resource_id, *rest in query:
                values[resource_id].append(rest[0] if len(rest) == 1 else rest)
        return relations

    def related_to(self, resource, *, limit=5):
        """Other published resources sharing the most CDHI topics with `resource`, then the
        newest, then by title, their publishers selected.

        The candidates are found through the stored topic ids (`facet_topics`, kept by the
        database and GIN-indexed): those overlapping the resource's, ranked by how many they
        share."""
        topics = sorted(entry.pk for entry in resource.interventions.all())
        if not topics:
            return self.none()
        return (
            self.published()
            .exclude(pk=resource.pk)
            .alias(topic_ids=stored_array("facet_topics", models.BigIntegerField()))
            .filter(topic_ids__overlap=topics)
            .annotate(shared_topics=shared_count("facet_topics", topics, "bigint"))
            .order_by("-shared_topics", "-publication_year", "title", "pk")
            .select_related("publisher")[:limit]
        )

    def facets(self, *, limit=12):
        """Counts per facet value of this (filtered) queryset, computed by the database:
        `{name: [{"value", "label", "count"}]}`, the most frequent values first.

        One statement: the matching rows are read once into a common table expression, then
        grouped per facet (and joined to the language, topic and region tables); three small
        queries add the labels. Four queries whatever the data size.
        """
        counts = _facet_counts(self, limit=limit)
        topics = DigitalHealthIntervention.objects.in_bulk([int(v) for v, _ in counts["topic"]])
        regions = WhoRegion.objects.in_bulk([v for v, _ in counts["region"]])
        organizations = Organization.objects.in_bulk([int(v) for v, _ in counts["publisher"]])
        kinds, licences = dict(Kind.choices), dict(Licence.choices)

        def topic_label(entry):
            return f"{entry.code} {entry.label} ({entry.version})"

        return {
            "kind": [facet(v, kinds.get(v, v), n) for v, n in counts["kind"]],
            "topic": [
                facet(int(v), topic_label(topics[int(v)]), n)
                for v, n in counts["topic"]
                if int(v) in topics
            ],
            "language": [facet(v, LANGUAGE_NAMES.get(v, v), n) for v, n in counts["language"]],
            "region": [facet(v, regions[v].name, n) for v, n in counts["region"] if v in regions],
            "publisher": [
                facet(int(v), organizations[int(v)].acronym or organizations[int(v)].name, n)
                for v, n in counts["publisher"]
                if int(v) in organizations
            ],
            "year": [facet(int(v), v, n) for v, n in counts["year"]],
            "licence": [facet(v, licences.get(v, v), n) for v, n in counts["licence"]],
            "quality_assured": [
                facet(
                    v == "true", _("WHO quality-assured") if v == "true" else _("Not assessed"), n
                )
                for v, n in counts["quality_assured"]
            ],
        }

    def matching(self, text):
        """Resources whose text matches `text`, with a `rank` alias to order by (higher is
        better; not selected, so facet counts group on the bare rows).

        The only database-specific read: weighted full-text search over the stored, GIN-indexed
        `search_vector` on PostgreSQL, a substring match elsewhere (the embedded SQLite default).
        On PostgreSQL, when the full-text search finds nothing, titles similar to `text` (typos)
        are returned instead, ranked by trigram word similarity.
        """
        text = (text or "").strip()[:200]
        if not text:
            return self.alias(rank=Value(0.0, output_field=models.FloatField()))
        if connection.vendor != "postgresql":
            return self.filter(
                Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text)
            ).alias(rank=Value(1.0, output_field=models.FloatField()))
        return search.full_text(self, text)


@track_changes(exclude=["search_vector"])
class Resource(Reviewable):
    """A normative resource of the catalogue: standard, guideline, toolkit, software…

    Proposed (workflow state `submitted`) by partner members and focal points, published
    (`approved`) or returned by the secretariat.
    """

    Kind = Kind
    Licence = Licence

    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    kind = input_limits.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    title = input_limits.CharField(_("title"), max_length=300)
    summary = input_limits.TextField(
        _("summary"), max_length=2000, help_text=_("One paragraph, shown in search results.")
    )
    body = input_limits.TextField(
        _("description"),
        blank=True,
        max_length=input_limits.MARKDOWN_TEXT,
        help_text=_("Markdown: headings, lists, links, emphasis."),
    )
    description_language = input_limits.CharField(
        _("language of this description"),
        max_length=2,
        choices=LANGUAGES,
        default="en",
        help_text=_("The language the title, summary and description are written in."),
    )
    publisher = models.ForeignKey(
        "members.Organization",
        on_delete=models.PROTECT,
        related_name="published_resources",
        verbose_name=_("publisher"),
    )
    publication_year = models.PositiveSmallIntegerField(
        _("publication year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        db_index=True,
    )
    link = input_limits.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("PDF file"), upload_to=resource_file_name, max_length=200, blank=True)
    licence = input_limits.CharField(
        _("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY_NC_SA_3_IGO
    )
    interventions = models.ManyToManyField(
        DigitalHealthIntervention,
        related_name="resources",
        blank=True,
        verbose_name=_("digital health interventions (CDHI)"),
    )
    gdhm_components = models.ManyToManyField(
        "members.GdhmComponent",
        related_name="resources",
        blank=True,
        verbose_name=_("GDHM components"),
    )
    challenges = models.ManyToManyField(
        HealthSystemChallenge,
        related_name="resources",
        blank=True,
        verbose_name=_("health system challenges"),
    )
    member_states = models.ManyToManyField(
        "members.MemberState",
        related_name="resources",
        blank=True,
        verbose_name=_("country experiences"),
        help_text=_("Member states where the resource applies or was used."),
    )
    who_regions = models.ManyToManyField(
        "members.WhoRegion",
        related_name="resources",
        blank=True,
        verbose_name=_("WHO regions"),
    )
    quality_assured = models.BooleanField(_("WHO quality-assured"), default=False, db_index=True)
    quality_assured_on = models.DateField(_("quality-assured on"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_resources",
        verbose_name=_("proposed by"),
    )
    # Maintained by a PostgreSQL trigger (migration 0004); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-publication_year", "title"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(quality_assured=False) | Q(quality_assured_on__isnull=False),
                name="resource_quality_assured_has_date",
                violation_error_message=_("Give the date of the WHO quality assurance."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-publication_year"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:resource-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == ReviewStatus.APPROVED

    @property
    def catalogue_status_label(self):
        """The workflow state in the catalogue's words: proposed, published, returned."""
        return {
            ReviewStatus.DRAFT: _("Draft"),
            ReviewStatus.SUBMITTED: _("Proposed"),
            ReviewStatus.RETURNED: _("Returned"),
            ReviewStatus.APPROVED: _("Published"),
        }[self.status]

    @property
    def highlight(self):
        """The summary with the search matches marked, when given a headline."""
        return search.marked(getattr(self, "headline", None))

    @property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def language_codes(self):
        return [entry.code for entry in self.language_entries.all()]

    @property
    def language_names(self):
        return [str(LANGUAGE_NAMES.get(code, code)) for code in self.language_codes]


@track_changes()
class ResourceLanguage(models.Model):
    """A language (ISO 639-1) a resource is available in."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="language_entries"
    )
    code = input_limits.CharField(_("language"), max_length=2, choices=LANGUAGES, db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("resource language")
        verbose_name_plural = _("resource languages")
        constraints = [
            models.UniqueConstraint(fields=["resource", "code"], name="resource_language_unique"),
        ]

    def __str__(self):
        return self.code


@track_links()
class ResourceInterventionLink(Resource.interventions.through):
    """A CDHI topic of a resource, tracked by the audit trail."""

    class Meta:
        proxy = True
