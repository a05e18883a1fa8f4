"""PostgreSQL full-text search of the catalogue: the query side of migration 0004.

Documents are indexed in the text search configuration of their description language
(`gidh_english`, `gidh_french`…, `gidh_simple` when PostgreSQL has no stemmer), each of them
accent-insensitive through `unaccent`. A user's words are therefore parsed in every configuration
and the queries OR-ed, so a French query finds French documents stemmed the French way and English
ones stemmed the English way, all through the one GIN index on `search_vector`.
"""

import re
from contextlib import contextmanager

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection, connections, transaction
from django.db.models import CharField, F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from gidh_portal.ids import with_ids

from .ordering import NEWEST

# The text search configuration for each description language that PostgreSQL can stem; the
# others (Chinese among them) use `gidh_simple`. Each `gidh_*` configuration adds `unaccent`
# (migration 0004), so "vaccination" finds "vaccinación".
SEARCH_CONFIGURATIONS = {
    "en": "gidh_english",
    "fr": "gidh_french",
    "es": "gidh_spanish",
    "pt": "gidh_portuguese",
    "de": "gidh_german",
    "it": "gidh_italian",
    "nl": "gidh_dutch",
    "ru": "gidh_russian",
    "ar": "gidh_arabic",
    "tr": "gidh_turkish",
    "id": "gidh_indonesian",
}
SIMPLE_SEARCH_CONFIGURATION = "gidh_simple"


CONFIGURATIONS = sorted({*SEARCH_CONFIGURATIONS.values(), SIMPLE_SEARCH_CONFIGURATION})
# Chinese, Japanese and Korean are written without spaces: no stemmer splits them into words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Word similarity (0–1) a title needs to be offered when the full-text search finds nothing,
# and how many such titles (the newest) are offered.
TYPO_THRESHOLD = 0.35
TYPO_TITLES = 100
START, STOP = "\x02", "\x03"


def search_query(text):
    """The user's words parsed in every configuration, as one tsquery without repeats (None when
    they are only stop words).

    Most configurations give the same lexemes for most words ("fhir" is "fhir" in all twelve),
    so the distinct parses are fetched first (one small query) and OR-ed into one raw tsquery:
    every matching row is then tested once per distinct parse, not twelve times.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT websearch_to_tsquery(c::regconfig, %s)::text "
            "FROM unnest(%s::text[]) AS c",
            [text, CONFIGURATIONS],
        )
        parts = sorted(row[0] for row in cursor.fetchall() if row[0])
    if not parts:
        return None
    return SearchQuery(
        " | ".join(f"( {part} )" for part in parts), config="simple", search_type="raw"
    )


def full_text(queryset, text, *, every_match=False):
    """The rows of `queryset` matching `text`, with a `rank` alias: its window (the newest
    `CATALOGUE_WINDOW` matches, what the pages and the API rank, count and show:
    `ResourceQuerySet.window()`, already read), or with `every_match` all of them (the CSV
    export). Titles similar to `text` when nothing matches."""
    query = search_query(text)
    condition = Q(search_vector=query) if query is not None else Q(pk__in=[])
    if CJK.search(text):
        condition |= Q(title__icontains=text) | Q(summary__icontains=text)
    matches = queryset.filter(condition)
    if every_match:
        found = matches.exists()
    else:
        # The window's ids, read first, also say whether anything matches. `exists()` is no
        # cheaper and can be far dearer: with its `LIMIT 1`, PostgreSQL, estimating that a
        # common word and a common filter often match together, read the whole table for a
        # first match that did not exist ("guideline" among the reports: 70 ms).
        ids = matches.window_ids()
        matches, found = with_ids(queryset, ids), bool(ids)
    if found:
        if query is None:  # CJK text made only of stop words: substring matches, unranked
            return matches.alias(rank=Value(1.0, output_field=FloatField()))
        # Rank with the stored column: F(), never the field name, or PostgreSQL re-parses it.
        # `headline_query` (never selected) tells `headline()` which query to mark.
        return matches.alias(rank=SearchRank(F("search_vector"), query), headline_query=query)
    similarity = TrigramWordSimilarity(Value(text), "title")
    return queryset.filter(pk__in=similar_titles(queryset, text)).alias(rank=similarity)


def similar_titles(queryset, text):
    """Ids of the newest `TYPO_TITLES` rows of `queryset` whose title holds words similar to
    `text`: pg_trgm's word similarity operator, which the title's trigram index serves (the
    similarity function alone would be computed for every title: 0.7 s on 100,000), at our
    threshold, set for this statement's transaction only."""
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [TYPO_THRESHOLD])
        similar = queryset.filter(TrigramWordSimilar(F("title"), Value(text))).order_by(*NEWEST)
        return list(similar.values_list("pk", flat=True)[:TYPO_TITLES])


def row_configuration():
    """The text search configuration of each row's description language.

    A plain SQL `CASE` on the column: as the ORM's `Case(When(…))`, its eleven lookups took
    1 ms to build and compile at every search."""
    branches = " ".join(
        f"WHEN '{code}' THEN '{name}'" for code, name in SEARCH_CONFIGURATIONS.items()
    )
    return RawSQL(
        f'CASE "resources_resource"."description_language" {branches} '
        f"ELSE '{SIMPLE_SEARCH_CONFIGURATION}' END",
        [],
        output_field=CharField(),
    )


def headline(queryset):
    """An expression giving each row's summary passages with the matches of the full-text
    search `queryset` ran between sentinels (`marked()` makes them HTML); NULL when it ran none
    (no search text, or titles similar to a typo). Annotated on a page's rows only: PostgreSQL's
    `ts_headline` costs as much as the search."""
    if "headline_query" not in queryset.query.annotations:
        return Value(None, output_field=CharField())
    return SearchHeadline(
        "summary",
        F("headline_query"),
        config=row_configuration(),
        start_sel=START,
        stop_sel=STOP,
        max_words=40,
        min_words=20,
        max_fragments=2,
    )


def marked(value):
    """HTML for a headline: the text escaped, the matches in <mark>; None without a match."""
    if not value or START not in value:
        return None
    html = escape(value).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # escaped above; only our own <mark> tags remain


@contextmanager
def facet_arrays_refreshed_once(resource_ids):
    """Inside a transaction: the relation tables' triggers (migrations 0005 and 0012) leave the
    facet arrays and the country experiences alone, and those of `resource_ids` are recomputed
    once at the end, for bulk loaders that insert several relations of the same resources (one
    row update instead of three)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL gidh.defer_facets = 'on'")
        yield
        cursor.execute("SET LOCAL gidh.defer_facets = 'off'")
        cursor.execute("SELECT resources_resource_refresh_facets(%s::bigint[])", [resource_ids])
        cursor.execute("SELECT resources_refresh_experiences(%s::bigint[])", [resource_ids])
