"""EXPLAIN ANALYZE of the catalogue search on a seeded database: ranking and counting facets of
every match (before issue 18) beside the window of the newest matches (docs/catalogue.md).

Usage: DATABASE_URL=postgres://…/gidh_bench python bench/explain_search.py plan health fhir
Prints, per search words, the best of three runs in ms (planning + execution).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gidh_portal.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402

from gidh_portal.pagination import CountedWithPagePaginator  # noqa: E402
from resources import search  # noqa: E402
from resources.models import Resource, facets  # noqa: E402
from resources.ordering import ORDERINGS  # noqa: E402


def best_ms(sql, params):
    times = []
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
            times.append(plan["Planning Time"] + plan["Execution Time"])
    return min(times)


def ranked_page(queryset):
    """The paginator's query: the first page's ranked ids and the count."""
    paginator = CountedWithPagePaginator(queryset.order_by(*ORDERINGS["relevance"]), 20)
    sql, params = paginator._ranked_ids_sql()
    return sql, [*params, 20, 0]


def facet_counts(queryset):
    """`facets.counts()`'s statement."""
    table = Resource._meta.db_table
    arrays = {f"_{a}": RawSQL(f'"{table}"."{a}"', []) for a in facets.ARRAYS.values()}
    sql, params = queryset.order_by().values(*facets.COLUMNS, **arrays).query.sql_with_params()
    names = ", ".join([*facets.COLUMNS, *facets.ARRAYS.values()])
    return f"WITH m ({names}) AS ({sql}) " + " UNION ALL ".join(facets.GROUPED.values()), params


def main(words):
    print(
        f"{'words':<18}{'matches':>8} {'rank all':>9} {'facets all':>10} {'window ids':>10} "
        f"{'rank window':>11} {'facets window':>13}"
    )
    for word in words:
        matches = Resource.objects.published().matching(word)
        newest = matches.order_by(*search.NEWEST).values_list("pk", flat=True)
        ids = newest[: settings.CATALOGUE_WINDOW].query.sql_with_params()
        window = matches.window()
        print(
            f"{word:<18}{matches.count():>8} {best_ms(*ranked_page(matches)):>9.1f} "
            f"{best_ms(*facet_counts(matches)):>10.1f} {best_ms(*ids):>10.1f} "
            f"{best_ms(*ranked_page(window)):>11.1f} {best_ms(*facet_counts(window)):>13.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["plan", "digital", "health", "immunization", "santé", "fhir"])
