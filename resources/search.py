"""PostgreSQL full-text search of the catalogue: the query side of migration 0004.

Documents are indexed in the text search configuration of their description language
(`gidh_english`, `gidh_french`…, `gidh_simple` when PostgreSQL has no stemmer), each of them
accent-insensitive through `unaccent`. A user's words are therefore parsed in every configuration
and the queries OR-ed, so a French query finds French documents stemmed the French way and English
ones stemmed the English way, all through the one GIN index on `search_vector`.
"""

import functools
import re
from contextlib import contextmanager

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import CharField, F, FloatField, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
# Word similarity (0–1) a title needs to be offered when the full-text search finds nothing.
TYPO_THRESHOLD = 0.35
START, STOP = "\x02", "\x03"


def search_query(text):
    """The user's words parsed in every configuration, as one tsquery without repeats.

    Most configurations give the same lexemes for most words ("fhir" is "fhir" in all twelve);
    evaluating twelve copies of the same test on every matching row cost 2.5 times as much, so
    the distinct parses are fetched first (one tiny query) and OR-ed into one raw tsquery.
    """
    combined = _parsed(text)
    if combined is None:
        return None
    return SearchQuery(combined, config="simple", search_type="raw")


@functools.lru_cache(maxsize=1024)
def _parsed(text):
    """The raw tsquery of `text` in every configuration, kept per process: a parse depends
    only on the text and the configurations, which only a migration changes (and a deployment
    restarts the processes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT websearch_to_tsquery(c::regconfig, %s)::text "
            "FROM unnest(%s::text[]) AS c",
            [text, CONFIGURATIONS],
        )
        parts = sorted(row[0] for row in cursor.fetchall() if row[0])
    if not parts:
        return None
    return " | ".join(f"( {part} )" for part in parts)


def full_text(queryset, text):
    query = search_query(text)
    condition = Q(search_vector=query) if query is not None else Q(pk__in=[])
    if CJK.search(text):
        condition |= Q(title__icontains=text) | Q(summary__icontains=text)
    matches = queryset.filter(condition)
    if matches.exists():
        if query is None:  # CJK text made only of stop words: substring matches, unranked
            return matches.alias(rank=Value(1.0, output_field=FloatField()))
        # Rank with the stored column: F(), never the field name, or PostgreSQL re-parses it.
        # `headline_query` (never selected) tells `add_highlights()` which query to mark.
        return matches.alias(
            rank=SearchRank(F("search_vector"), query),
            headline_query=Value(_parsed(text), output_field=CharField()),
        )
    similarity = TrigramWordSimilarity(Value(text), "title")
    return queryset.alias(rank=similarity).filter(rank__gte=TYPO_THRESHOLD)


# ts_headline's options: the summary's best passages, the matches between sentinels.
_HEADLINE_OPTIONS = {"StartSel": START, "StopSel": STOP, "MaxWords": 40, "MinWords": 20,
                     "MaxFragments": 2}  # fmt: skip
MAX_HIGHLIGHTS = 4096
_highlights = {}  # (raw tsquery, description language, summary): highlight, oldest first


def add_highlights(queryset, rows):
    """Give each row (a dict with `description_language` and `summary`) its `highlight`: the
    summary's passages with the matches of the full-text search `queryset` ran in <mark>
    (`marked()` of PostgreSQL's `ts_headline`); None when it ran none (no search text, or
    titles similar to a typo) or the summary has no match.

    A headline depends only on the query, the text and its language's configuration (which
    only a migration changes), so each is computed once per process (`ts_headline` over a
    page of 50 summaries took most of the page query's time), the missing ones together from
    their texts in one query.
    """
    alias = queryset.query.annotations.get("headline_query")
    query = alias.value if alias is not None else None
    keys = [(query, row["description_language"], row["summary"]) for row in rows]
    missing = list(dict.fromkeys(key for key in keys if query and key not in _highlights))
    if missing:
        options = ", ".join(
            connection.ops.compose_sql(f"{name}=%s", [value])
            for name, value in _HEADLINE_OPTIONS.items()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ts_headline(t.configuration::regconfig, t.summary, "
                "to_tsquery('simple'::regconfig, %s), %s) "
                "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY "
                "AS t(configuration, summary, n) ORDER BY t.n",
                [query, options, [configuration(language) for _q, language, _s in missing],
                 [summary for _q, _l, summary in missing]],
            )  # fmt: skip
            for key, (headline,) in zip(missing, cursor.fetchall(), strict=True):
                _highlights[key] = marked(headline)
        while len(_highlights) > MAX_HIGHLIGHTS:
            try:
                del _highlights[next(iter(_highlights))]
            except (KeyError, RuntimeError):  # another thread evicted it first
                break
    for row, key in zip(rows, keys, strict=True):
        row["highlight"] = _highlights.get(key) if query else None
    return rows


def configuration(language):
    """The text search configuration of a description language."""
    return SEARCH_CONFIGURATIONS.get(language, SIMPLE_SEARCH_CONFIGURATION)


def marked(value):
    """HTML for a headline: the text escaped, the matches in <mark>; None without a match."""
    if not value or START not in value:
        return None
    html = escape(value).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # escaped above; only our own <mark> tags remain


@contextmanager
def facet_arrays_refreshed_once(resource_ids):
    """Inside a transaction: the relation tables' triggers (migration 0005) leave the facet
    arrays alone, and those of `resource_ids` are recomputed once at the end, for bulk loaders
    that insert several relations of the same resources (one row update instead of three)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL gidh.defer_facets = 'on'")
        yield
        cursor.execute("SET LOCAL gidh.defer_facets = 'off'")
        cursor.execute("SELECT resources_resource_refresh_facets(%s::bigint[])", [resource_ids])
