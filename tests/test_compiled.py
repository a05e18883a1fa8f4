"""SQL compiled once with arguments (`gidh_portal.compiled`, `arguments=…`): the rows and model
instances are Django's own for every value, and a queryset whose arguments are not plain
parameters (or that prefetches) is built at every call."""

import threading
import uuid

import pytest
from django.db import connections
from django.db.models import F
from django.http import Http404

from gidh_portal import compiled
from gidh_portal.compiled import (
    compiled_instance_or_404,
    compiled_instances,
    compiled_rows,
    whole_table,
)
from gidh_portal.fragments import shown_values
from members.models import MemberState, ProfileSubmission, ReportingCycle
from members.workflow import ReviewStatus
from resources.models import Resource

from . import factories

pytestmark = pytest.mark.django_db


def _member_state(iso3):
    return MemberState.objects.filter(iso3=iso3).values(
        "iso3", "name_en", "m49", region=F("who_region__name_en")
    )


def test_rows_compiled_with_arguments_are_the_querysets_for_every_value(
    django_assert_num_queries,
):
    key = ("test-member-state", uuid.uuid4().hex)
    for iso3 in ("KEN", "FRA", "KEN", "XXX", "JPN"):
        expected = list(_member_state(iso3))
        with django_assert_num_queries(1):
            rows = compiled_rows(key, _member_state, arguments={"iso3": iso3})
        assert [list(row.items()) for row in rows] == [list(row.items()) for row in expected]
        assert [[type(v) for v in row.values()] for row in rows] == [
            [type(v) for v in row.values()] for row in expected
        ]
    assert len(expected) == 1
    assert rows[0]["region"]


def test_integer_and_several_arguments_take_their_places(django_assert_num_queries):
    ReportingCycle.objects.bulk_create(
        ReportingCycle(year=year, opens_on=f"{year}-01-01", closes_on=f"{year}-06-30")
        for year in (2031, 2032, 2033)
        if not ReportingCycle.objects.filter(year=year).exists()
    )

    def build(low, high):
        return (
            ReportingCycle.objects.filter(year__gte=low, year__lte=high)
            .order_by("year")
            .values("year")
        )

    key = ("test-cycles", uuid.uuid4().hex)
    for low, high in [(2031, 2032), (2032, 2033), (2033, 2031)]:
        with django_assert_num_queries(1):
            rows = compiled_rows(key, build, arguments={"low": low, "high": high})
        assert rows == list(build(low, high))
    assert compiled_rows(key, build, arguments={"low": 2031, "high": 2033}) == [
        {"year": 2031},
        {"year": 2032},
        {"year": 2033},
    ]


def test_an_argument_that_is_not_a_parameter_of_its_own_is_built_at_every_call():
    def build(text):
        return MemberState.objects.filter(name_en__icontains=text).order_by("iso3").values("iso3")

    key = ("test-matching", uuid.uuid4().hex)
    assert compiled_rows(key, build, arguments={"text": "kenya"}) == [{"iso3": "KEN"}]
    assert compiled_rows(key, build, arguments={"text": "france"}) == [{"iso3": "FRA"}]
    assert compiled._compiled[("arguments", "postgresql", (("text", "str"),), *key)] == (
        compiled._NOT_REUSABLE
    )


def _resource_page(slug):
    return Resource.objects.published().select_related("publisher", "proposed_by").filter(slug=slug)


def test_instances_compiled_with_arguments_are_the_querysets(django_assert_num_queries):
    """Model instances with their `select_related` relations: the same field values and
    related rows."""
    first = factories.ResourceFactory(member_states=[MemberState.objects.get(iso3="KEN")])
    second = factories.ResourceFactory(proposed_by=factories.UserFactory())
    factories.ResourceFactory(status=ReviewStatus.SUBMITTED, slug="a-proposal")
    key = ("test-resource-page", uuid.uuid4().hex)
    for slug in (first.slug, second.slug, first.slug, "a-proposal", "missing"):
        [expected] = list(_resource_page(slug)) or [None]
        with django_assert_num_queries(1):
            instances = compiled_instances(key, _resource_page, arguments={"slug": slug})
        if expected is None:
            assert instances == []
            continue
        [resource] = instances
        assert shown_values(resource, resource.publisher, resource.proposed_by) == shown_values(
            expected, expected.publisher, expected.proposed_by
        )
    assert compiled_instance_or_404(key, _resource_page, {"slug": first.slug}) == first
    with pytest.raises(Http404):
        compiled_instance_or_404(key, _resource_page, {"slug": "a-proposal"})


def test_instances_with_prefetching_are_built_at_every_call(django_assert_num_queries):
    def build(iso3):
        return MemberState.objects.filter(iso3=iso3).prefetch_related("profile_submissions")

    key = ("test-prefetch", uuid.uuid4().hex)
    for iso3 in ("KEN", "FRA"):
        [state] = compiled_instances(key, build, arguments={"iso3": iso3})
        assert state.iso3 == iso3
        with django_assert_num_queries(0):
            list(state.profile_submissions.all())


def test_whole_table_is_only_the_managers_queryset():
    assert whole_table(ProfileSubmission.objects.all())
    assert whole_table(ProfileSubmission.objects.order_by("pk"))
    assert not whole_table(ProfileSubmission.objects.published())
    assert not whole_table(ProfileSubmission.objects.all()[:3])
    assert not whole_table(ProfileSubmission.objects.distinct())
    assert not whole_table(ProfileSubmission.objects.annotate(n=F("pk")))


def test_instances_compiled_in_one_thread_are_read_in_another_with_its_connection():
    """Threaded servers: the SQL compiled by one thread runs on the connection of the thread
    that reads (a connection may only be used by the thread that opened it)."""

    def build(iso3):
        return MemberState.objects.select_related("who_region").filter(iso3=iso3)

    key = ("test-threads", uuid.uuid4().hex)
    assert compiled_instances(key, build, arguments={"iso3": "KEN"})[0].iso3 == "KEN"
    found = []

    def read():
        try:
            [state] = compiled_instances(key, build, arguments={"iso3": "FRA"})
            found.append((state.iso3, state.who_region.code))
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert found == [("FRA", "EUR")]


@pytest.fixture
def room_to_prepare(monkeypatch):
    """Room for the test's statements in the database session's budget (`MAX_PREPARED`): the
    test database's connection lives for the whole worker, and earlier tests fill it."""
    prepared = compiled._session_statements(connections["default"])
    monkeypatch.setattr(compiled, "MAX_PREPARED", len(prepared) + 16)


def test_past_the_sessions_budget_compiled_sql_runs_as_it_is(monkeypatch):
    connection = connections["default"]
    connection.ensure_connection()
    monkeypatch.setattr(compiled, "MAX_PREPARED", len(compiled._session_statements(connection)))
    marker = uuid.uuid4().hex
    rows = compiled_rows(
        ("test-budget", marker),
        lambda iso3: _member_state(iso3).exclude(name_en=marker),
        arguments={"iso3": "KEN"},
    )
    assert [row["iso3"] for row in rows] == ["KEN"]
    assert _prepared_names(marker) == set()


def _prepared_names(fragment):
    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT name FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{fragment}%"]
        )
        return {name for (name,) in cursor.fetchall()}


def test_a_statement_with_parameters_is_prepared_once_per_session_and_gives_the_same_rows(
    room_to_prepare,
):
    sql = (
        "SELECT iso3 FROM members_memberstate WHERE iso3 = ANY(%s) AND length(name_en) > %s "
        "ORDER BY iso3"
    )
    marker = f"/* {uuid.uuid4().hex} */"
    before = _prepared_names(marker)
    for codes in (["KEN", "FRA"], ["IND"], ["KEN", "FRA"]):
        with connections["default"].cursor() as cursor:
            compiled.execute_prepared(
                cursor, "test", f"{sql} {marker}", [codes, 0], ["text[]", "int"]
            )
            rows = [code for (code,) in cursor.fetchall()]
        assert rows == sorted(codes)
    assert len(_prepared_names(marker) - before) == 1


@pytest.mark.parametrize("prepared", [True, False], ids=["prepared", "past-the-budget"])
def test_a_statement_with_parameters_types_them_prepared_or_not(monkeypatch, prepared):
    """Past the session's budget (or with prepared statements off) the statement runs as it is,
    its parameters typed as they would have been: a list of ids is a bigint[] either way."""
    connection = connections["default"]
    connection.ensure_connection()
    room = len(compiled._session_statements(connection)) + (16 if prepared else 0)
    monkeypatch.setattr(compiled, "MAX_PREPARED", room)
    sql = f"SELECT ARRAY[1, 2]::bigint[] @> %s /* {uuid.uuid4().hex} */"
    with connection.cursor() as cursor:
        compiled.execute_prepared(cursor, "test-types", sql, [[2]], ["bigint[]"])
        assert cursor.fetchone() == (True,)


def test_a_statement_to_prepare_needs_one_placeholder_per_parameter_type():
    with connections["default"].cursor() as cursor, pytest.raises(ValueError, match="one %s"):
        compiled.execute_prepared(
            cursor, "test", f"SELECT %s, %s /* {uuid.uuid4().hex} */", [1, 2], ["int"]
        )


def test_sql_compiled_with_arguments_is_prepared_once_per_session_for_every_value(
    django_assert_num_queries, room_to_prepare
):
    """Rows and instances: one statement per session serves every value (`EXECUTE … (%s)`)."""
    marker = uuid.uuid4().hex

    def rows(iso3):
        return _member_state(iso3).filter(name_fr__startswith="").exclude(name_en=marker)

    def instances(iso3):
        return (
            MemberState.objects.select_related("who_region")
            .filter(iso3=iso3)
            .exclude(name_en=marker)
        )

    before = _prepared_names(marker)
    for iso3 in ("KEN", "FRA", "XXX", "KEN"):
        with django_assert_num_queries(1) as queries:
            found = compiled_rows(("test-prepared-rows", marker), rows, arguments={"iso3": iso3})
        assert queries.captured_queries[0]["sql"].startswith("EXECUTE gidh_compiled_")
        assert found == list(rows(iso3))
        with django_assert_num_queries(1):
            states = compiled_instances(
                ("test-prepared-instances", marker), instances, arguments={"iso3": iso3}
            )
        assert [shown_values(s, s.who_region) for s in states] == [
            shown_values(s, s.who_region) for s in instances(iso3)
        ]
    assert len(_prepared_names(marker) - before) == 2
