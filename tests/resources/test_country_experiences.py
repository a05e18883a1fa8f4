"""The country experiences the database keeps (migration 0012): after any write, the rows are
exactly the published resources' (member state, component) pairs, and a pair lists its newest
resources first, at most `per_pair` of them, in one query."""

import pytest
from django.db import connection

from members.models import MemberState
from resources import demo
from resources.country_section import country_experiences
from resources.models import CountryExperience, Resource

from ..factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def expected_rows():
    """The pairs recomputed from the relations, independently of the triggers."""
    return {
        (resource.pk, iso3, component, resource.publication_year, resource.title, resource.slug)
        for resource in Resource.objects.published().prefetch_related(
            "member_states", "gdhm_components"
        )
        for iso3 in (state.iso3 for state in resource.member_states.all())
        for component in (c.number for c in resource.gdhm_components.all())
    }


def stored_rows():
    return set(
        CountryExperience.objects.values_list(
            "resource_id", "member_state_id", "component_id", "publication_year", "title", "slug"
        )
    )


def used_in(iso3, *components, **fields):
    resource = ResourceFactory(**fields)
    resource.member_states.add(iso3)
    resource.gdhm_components.add(*components)
    return resource


def test_every_write_keeps_the_rows_exact():
    kenya = used_in("KEN", 1, 2, title="Kenya's registry")
    nigeria = used_in("NGA", 2, title="Nigeria's playbook")
    assert stored_rows() == expected_rows() and len(stored_rows()) == 3

    kenya.member_states.add("UGA")  # a link added
    nigeria.gdhm_components.remove(2)  # a link removed: no pair left
    assert stored_rows() == expected_rows() and len(stored_rows()) == 4

    Resource.objects.filter(pk=kenya.pk).update(title="Kenya's registry, 2nd edition")
    kenya.refresh_from_db()
    nigeria.gdhm_components.set([5])
    assert stored_rows() == expected_rows()
    assert ("NGA", 5) in country_experiences([("NGA", 5)])

    Resource.objects.filter(pk=kenya.pk).update(status="submitted")  # withdrawn
    assert stored_rows() == expected_rows() and not country_experiences([("KEN", 1)])
    Resource.objects.filter(pk=kenya.pk).update(status="approved")  # published again
    assert stored_rows() == expected_rows() and country_experiences([("KEN", 1)])

    nigeria.delete()
    kenya.gdhm_components.clear()
    assert stored_rows() == expected_rows() == set()


def test_proposals_are_never_experiences():
    used_in("KEN", 1, status="submitted", title="Proposed only")
    assert stored_rows() == set() and country_experiences([("KEN", 1)]) == {}


def test_a_pair_lists_its_newest_resources_first_at_most_per_pair(django_assert_num_queries):
    for year, title in [(2019, "Old"), (2024, "B newest"), (2024, "A newest"), (None, "Undated")]:
        used_in("KEN", 3, publication_year=year, title=title)
    used_in("KEN", 4, title="Other component")
    used_in("UGA", 3, title="Uganda's")
    with django_assert_num_queries(1):
        found = country_experiences([("KEN", 3), ("UGA", 3), ("FRA", 3)], per_pair=3)
    assert [row["title"] for row in found[("KEN", 3)]] == ["A newest", "B newest", "Old"]
    assert [row["title"] for row in found[("UGA", 3)]] == ["Uganda's"]
    assert ("FRA", 3) not in found


def test_bulk_seeding_refreshes_the_experiences_once():
    OrganizationFactory(), OrganizationFactory()
    demo.seed_bulk(count=25, batch=10, log=lambda message: None)
    assert stored_rows() == expected_rows() and stored_rows()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('gidh.defer_facets', true)")
        assert cursor.fetchone()[0] in (None, "", "off")


def test_a_member_state_added_to_a_published_resource_through_the_reverse_relation():
    resource = used_in("KEN", 6)
    MemberState.objects.get(iso3="ETH").resources.add(resource)
    assert stored_rows() == expected_rows() and ("ETH", 6) in country_experiences([("ETH", 6)])
