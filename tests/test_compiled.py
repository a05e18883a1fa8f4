"""SQL compiled once with arguments (`gidh_portal.compiled.compiled_rows(…, arguments=…)`): the
rows are Django's own for every value, and a queryset whose arguments are not plain parameters
is built at every call."""

import uuid

import pytest
from django.db.models import F

from gidh_portal import compiled
from gidh_portal.compiled import compiled_rows
from members.models import MemberState, ReportingCycle

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
