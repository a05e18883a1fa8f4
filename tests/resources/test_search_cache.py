"""A search's ranked page (ids and total) is cached under the catalogue's fingerprint: the same
search again reads no ranking query, any write to the catalogue shows at once, and the rows a
page shows are read live."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gidh_portal.response_cache.versions import _bump
from resources.models import Resource

from ..factories import ResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache")]

RANKING = "COUNT(*) OVER ()"


@pytest.fixture
def registries(db):
    return [
        ResourceFactory(
            slug=f"registry-{n}",
            title=f"Immunization registry guide {n}",
            summary="Planning an electronic immunization registry." * (n + 1),
        )
        for n in range(3)
    ]


def _page(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    page = response.context["page"]
    shown = [row["slug"] for row in page.object_list]
    return shown, page.paginator.count, [q["sql"] for q in queries]


def _api(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.json(), [q["sql"] for q in queries]


def test_the_same_search_again_reads_the_ranked_page_from_the_cache(client, registries):
    first, first_count, first_sql = _page(client, "/resources/?q=immunization+registry")
    again, again_count, again_sql = _page(client, "/resources/?q=immunization+registry")

    assert len(first) == 3 and first_count == 3
    assert (again, again_count) == (first, first_count)
    assert any(RANKING in sql for sql in first_sql)
    assert not any(RANKING in sql for sql in again_sql)


def test_the_api_search_gives_the_same_answer_from_the_cache(client, registries):
    path = "/api/v1/resources/?search=immunization&facets=true"
    first, first_sql = _api(client, path)
    again, again_sql = _api(client, path)

    assert first["count"] == 3
    assert again == first
    assert any(RANKING in sql for sql in first_sql)
    assert not any(RANKING in sql for sql in again_sql)


def test_a_new_matching_resource_shows_at_once(client, registries):
    _page(client, "/resources/?q=immunization")
    ResourceFactory(slug="newcomer", title="Immunization campaign microplanning")

    shown, count, _sql = _page(client, "/resources/?q=immunization")

    assert "newcomer" in shown
    assert count == 4


def test_an_edited_resource_is_ranked_again_at_once(client, registries):
    _page(client, "/resources/?q=immunization")
    edited = registries[2]
    edited.title = "Guide to something else entirely"
    edited.summary = "Nothing about vaccines here."
    edited.save()

    shown, count, _sql = _page(client, "/resources/?q=immunization")

    assert edited.slug not in shown
    assert count == 2


def test_a_resource_withdrawn_behind_the_cache_is_never_shown(client, registries):
    """An `update()` changes no timestamp, so the fingerprint stays: the cached ids still
    hold the resource, but the page reads its rows live through the same filters."""
    before, _count, _sql = _page(client, "/resources/?q=immunization")
    assert "registry-0" in before
    Resource.objects.filter(slug="registry-0").update(status="withdrawn")

    shown, _count, sql = _page(client, "/resources/?q=immunization")

    assert not any(RANKING in statement for statement in sql)  # the page came from the cache
    assert "registry-0" not in shown
    assert sorted(shown) == ["registry-1", "registry-2"]


def test_different_filters_are_cached_apart(client, registries):
    ResourceFactory(slug="fhir-registry", title="Immunization registry on FHIR", kind="standard")
    everything, count, _sql = _page(client, "/resources/?q=immunization")
    standards, standards_count, sql = _page(client, "/resources/?q=immunization&kind=standard")

    assert "fhir-registry" in everything and count == 4
    assert standards == ["fhir-registry"] and standards_count == 1
    assert any(RANKING in statement for statement in sql)


def test_a_committed_write_that_moves_no_timestamp_still_renews_the_search(client, registries):
    """Two writes committed in the other order than they saved can leave the latest change and
    id as they were: the resources data version, bumped after each commit, renews the key."""
    _page(client, "/resources/?q=immunization")
    _shown, _count, cached = _page(client, "/resources/?q=immunization")
    assert not any(RANKING in sql for sql in cached)

    _bump(["resources"])  # what data_changed("resources") does once a write commits
    _shown, count, renewed = _page(client, "/resources/?q=immunization")

    assert any(RANKING in sql for sql in renewed)
    assert count == 3
