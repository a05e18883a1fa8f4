"""A search or filtered list of the catalogue ranks, counts, pages and counts facets of its window
(the newest `CATALOGUE_WINDOW` matches), whatever the number of matches; the whole catalogue's
facet counts are kept by the database; nothing is cached, so every write shows at once."""

import pytest
from django.db import connection

from members.models import WhoRegion
from resources.catalogue import whole_catalogue
from resources.models import DigitalHealthIntervention, FacetCount, Resource

from ..factories import ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_window(settings):
    settings.CATALOGUE_WINDOW = 4
    return 4


@pytest.fixture
def registries(db):
    """Six matches of "registry", one per year from 2018, the oldest the best match (its title
    and summary say it twice), and one resource that does not match."""
    found = [
        ResourceFactory(
            slug=f"registry-{year}",
            title="Immunization registry registry guide" if year == 2018 else f"Registry {year}",
            summary="Registry design." * (3 if year == 2018 else 1),
            publication_year=year,
            kind="standard" if year % 2 else "guideline",
        )
        for year in range(2018, 2024)
    ]
    ResourceFactory(slug="other", title="Costing a national plan", summary="Budgets.")
    return found


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_a_search_with_more_matches_than_the_window_ranks_its_newest(
    client, registries, small_window
):
    response = _page(client, "/resources/?q=registry")

    shown = [row["slug"] for row in response.context["page"].object_list]
    assert sorted(shown) == ["registry-2020", "registry-2021", "registry-2022", "registry-2023"]
    assert response.context["matched"] == 4 and response.context["window_full"]
    html = response.content.decode()
    assert "At least 4 resources" in html
    assert "The 4 newest are listed: add words or filters to find the others." in html


def test_a_search_within_the_window_is_counted_exactly_and_ranked(client, registries):
    response = _page(client, "/resources/?q=registry")

    shown = [row["slug"] for row in response.context["page"].object_list]
    assert shown[0] == "registry-2018"  # the best match first, however old
    assert len(shown) == 6 and response.context["matched"] == 6
    assert not response.context["window_full"]
    assert "6 resources" in response.content.decode()
    assert "newest are listed" not in response.content.decode()


def test_filters_count_facets_over_the_window(client, registries, small_window):
    response = _page(client, "/resources/?kind=guideline")  # 2018, 2020, 2022 and "other"

    kinds = {f["value"]: f["count"] for f in response.context["facets"][0]["values"]}
    assert response.context["matched"] == 4 and response.context["window_full"]
    assert kinds == {"guideline": 4}


def test_the_api_says_when_the_window_is_full(client, registries, small_window):
    full = client.get("/api/v1/resources/?search=registry&facets=true").json()
    within = client.get("/api/v1/resources/?search=costing").json()
    filtered = client.get("/api/v1/resources/?kind=standard&facets=true").json()

    assert (full["count"], full["window_full"]) == (4, True)
    assert sum(f["count"] for f in full["facets"]["kind"]) == 4
    assert (within["count"], within["window_full"]) == (1, False)
    assert filtered["window_full"] is False  # 2019, 2021 and 2023
    assert filtered["facets"]["kind"] == [{"value": "standard", "label": "Standard", "count": 3}]


def test_the_csv_export_of_a_search_streams_every_match_beyond_the_window(
    client, registries, small_window
):
    response = client.get("/api/v1/resources/?search=registry&format=csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 6  # the header and all six matches, not the window's four
    assert all("registry" in line.lower() for line in lines[1:])


def test_a_typo_finds_similar_titles_and_nonsense_finds_nothing(client, registries):
    typo = _page(client, "/resources/?q=imunization")
    nonsense = _page(client, "/resources/?q=zzqxv")

    assert [row["slug"] for row in typo.context["page"].object_list] == ["registry-2018"]
    assert nonsense.context["matched"] == 0
    assert "No resource matches." in nonsense.content.decode()


def test_writes_show_at_once(client, registries):
    _page(client, "/resources/?q=registry")
    ResourceFactory(slug="newcomer", title="Registry newcomer", publication_year=2024)
    Resource.objects.filter(slug="registry-2019").update(status="draft")

    response = _page(client, "/resources/?q=registry")

    shown = [row["slug"] for row in response.context["page"].object_list]
    assert "newcomer" in shown and "registry-2019" not in shown
    assert response.context["matched"] == 6


def test_the_catalogue_without_narrowing_reads_the_kept_counts(
    client, registries, small_window, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = _page(client, "/resources/")

    assert response.context["matched"] == 7  # every published resource
    assert response.context["page"].paginator.num_pages == 1  # pages up to the window (4)
    assert "7 resources" in response.content.decode()
    assert "The 4 newest are listed" in response.content.decode()


def _recounted():
    return Resource.objects.published().facets(limit=1000)


def test_the_kept_counts_follow_every_kind_of_write(registries):
    afr, eur = WhoRegion.objects.get(code="AFR"), WhoRegion.objects.get(code="EUR")
    topics = list(DigitalHealthIntervention.objects.all()[:3])
    first = ResourceFactory(languages=["fr", "ar"], who_regions=[afr], interventions=topics[:2])
    ResourceFactory(status="submitted", languages=["es"], who_regions=[eur])
    assert whole_catalogue(limit=1000) == (_recounted(), 8)

    first.who_regions.add(eur)  # relations: the facet arrays' triggers update the row
    first.interventions.remove(topics[0])
    first.language_entries.filter(code="ar").delete()
    Resource.objects.filter(slug="registry-2020").update(kind="toolkit", publication_year=None)
    Resource.objects.filter(status="submitted").update(status="approved")  # published
    Resource.objects.filter(slug="registry-2021").update(status="draft")  # withdrawn
    Resource.objects.filter(slug="other").delete()

    assert whole_catalogue(limit=1000) == (_recounted(), 7)
    assert not FacetCount.objects.filter(count__lt=0).exists()


@pytest.mark.django_db(transaction=True)  # TRUNCATE, as the test database's flush does
def test_a_truncated_catalogue_has_no_counts(migrated_rows, registries):
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE resources_resource CASCADE")

    assert whole_catalogue() == (_recounted(), 0)
