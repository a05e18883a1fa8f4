"""`with_ids` narrows a queryset to ids read beforehand; twice, to the ids in both lists."""

import pytest

from gidh_portal.ids import with_ids
from resources.models import Kind, Resource

from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def ids_of(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_narrowed_twice_keeps_the_ids_in_both_lists_in_one_array():
    first, second, third, fourth = (ResourceFactory().pk for _ in range(4))
    window = with_ids(Resource.objects.all(), [first, second, third])

    page = with_ids(window, [second, third, fourth])

    assert ids_of(page) == [second, third]
    assert str(page.query).count("ANY(") == 1
    assert ids_of(window) == [first, second, third]  # the first queryset keeps its own ids


def test_the_other_conditions_stay():
    report = ResourceFactory(kind=Kind.REPORT).pk
    standard = ResourceFactory(kind=Kind.STANDARD).pk
    reports = with_ids(Resource.objects.filter(kind=Kind.REPORT), [report, standard])

    assert ids_of(with_ids(reports, [report, standard])) == [report]
    assert ids_of(with_ids(reports, [])) == []


def test_ids_under_an_or_are_not_merged():
    first, second = (ResourceFactory().pk for _ in range(2))
    either = with_ids(Resource.objects.all(), [first]) | Resource.objects.filter(pk=second)

    narrowed = with_ids(either, [second])

    assert ids_of(narrowed) == [second]
    assert str(narrowed.query).count("ANY(") == 2
