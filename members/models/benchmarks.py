"""Averages of the published profiles' GDHM scores: the world, a WHO region, an income group."""

from django.conf import settings
from django.db import connection

from .answers import IndicatorAnswer
from .gdhm import GdhmIndicator
from .geography import MemberState
from .profiles import ProfileSubmission


def component_benchmarks(*, member_state):
    """Per GDHM component, the average score of the published profiles of the world, of
    `member_state`'s WHO region and of its income group, computed in the database.

    Returns `{component number: {"world": x, "region": y, "income_group": z}}` and, under the key
    `"overall"`, the same averages of the overall scores.
    """
    published_sql, published_params = (
        ProfileSubmission.objects.published().order_by().values("pk").query.sql_with_params()
    )
    answer = IndicatorAnswer._meta.db_table
    indicator = GdhmIndicator._meta.db_table
    submission = ProfileSubmission._meta.db_table
    state = MemberState._meta.db_table
    # The published submissions' component scores once (a materialized CTE, reached through
    # the answers' submission index), then the averages of the components and of the overall
    # scores.
    averages = f"""
        SELECT c.component_id,
               AVG(c.score),
               AVG(CASE WHEN ms.who_region_id = %s THEN c.score END),
               AVG(CASE WHEN ms.income_group = %s AND ms.income_group <> '' THEN c.score END)
        FROM {{source}} c
        JOIN {submission} s ON s.id = c.submission_id
        JOIN {state} ms ON ms.iso3 = s.member_state_id
        GROUP BY c.component_id
    """
    sql = f"""
        WITH published (id) AS MATERIALIZED ({published_sql}),
        per_component AS MATERIALIZED (
            SELECT a.submission_id, i.component_id, AVG(a.phase * 1.0) AS score
            FROM published p
            JOIN {answer} a ON a.submission_id = p.id
            JOIN {indicator} i ON i.code = a.indicator_id
            WHERE i.parent_id IS NULL AND a.phase >= 1
            GROUP BY a.submission_id, i.component_id
        ),
        per_submission AS (
            SELECT c.submission_id, 0 AS component_id, AVG(c.score) AS score
            FROM per_component c GROUP BY c.submission_id
        )
        {averages.format(source="per_component")}
        UNION ALL
        {averages.format(source="per_submission")}
    """
    params = [*published_params, *[member_state.who_region_id, member_state.income_group] * 2]
    result = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for component, world, region, income in cursor.fetchall():
            key = "overall" if component == 0 else component
            result[key] = {
                "world": _float(world),
                "region": _float(region),
                "income_group": _float(income),
            }
    return result


def cached_component_benchmarks(*, member_state):
    """`component_benchmarks(member_state=...)` kept in the shared cache (Redis) under the
    members data version, the WHO region and the income group (the only inputs that differ
    between member states): the services bump the version after every write of profiles, so
    the next request recomputes. `BENCHMARK_CACHE=0` computes on every call."""
    if not settings.BENCHMARK_CACHE:
        return component_benchmarks(member_state=member_state)
    from gidh_portal.response_cache import cached_under_versions

    return cached_under_versions(
        f"benchmarks:{member_state.who_region_id}:{member_state.income_group}",
        ("members",),
        lambda: component_benchmarks(member_state=member_state),
        BENCHMARK_CACHE_SECONDS,
    )


# An entry of a region and income group nobody reads expires after a day.
BENCHMARK_CACHE_SECONDS = 24 * 3600


def _float(value):
    return None if value is None else float(value)
