"""A search's highlights (the summary's matching passages): PostgreSQL's `ts_headline` of each
row in its description language's configuration, read live (an edited summary shows its own at
the next request)."""

import pytest
from django.contrib.postgres.search import SearchHeadline
from django.db.models import CharField
from django.db.models.expressions import RawSQL

from resources import search
from resources.models import Resource

from ..factories import ResourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_cache")]


@pytest.fixture
def summaries(db):
    return [
        ResourceFactory(
            slug="english",
            title="Immunization registry guide",
            summary="Planning an electronic immunization registry. " * 8
            + "Immunization data quality and registry interoperability.",
            description_language="en",
        ),
        ResourceFactory(
            slug="french",
            title="Guide du registre de vaccination",
            summary="Planifier un registre électronique de vaccination et d'immunisation. " * 6,
            description_language="fr",
        ),
        ResourceFactory(
            slug="chinese",
            title="Immunization registry (zh)",
            summary="免疫登记 immunization registry 电子登记系统。",
            description_language="zh",
        ),
    ]


def _row_configuration():
    cases = " ".join(
        f"WHEN '{code}' THEN '{name}'" for code, name in search.SEARCH_CONFIGURATIONS.items()
    )
    return RawSQL(
        f'CASE "resources_resource"."description_language" {cases} '
        f"ELSE '{search.SIMPLE_SEARCH_CONFIGURATION}' END",
        [],
        output_field=CharField(),
    )


def _highlights(queryset):
    rows = queryset.values("slug", headline=search.headline(queryset))
    return {row["slug"]: search.marked(row["headline"]) for row in rows}


@pytest.mark.parametrize("text", ["immunization registry", "vaccination", "registre"])
def test_highlights_are_postgresqls_ts_headline_of_each_row(summaries, text):
    matches = Resource.objects.matching(text)
    expected = dict(
        matches.annotate(
            headline=SearchHeadline(
                "summary",
                search.search_query(text),
                config=_row_configuration(),
                start_sel=search.START,
                stop_sel=search.STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
            )
        ).values_list("slug", "headline")
    )
    computed = _highlights(matches)
    assert expected and computed == {
        slug: search.marked(headline) for slug, headline in expected.items()
    }
    assert all("<mark>" in highlight for highlight in computed.values())


def test_no_highlight_without_a_full_text_search(summaries):
    assert set(_highlights(Resource.objects.all()).values()) == {None}
    typo = Resource.objects.matching("imunizaton registri")  # titles similar to a typo
    highlights = _highlights(typo)
    assert highlights and set(highlights.values()) == {None}


def test_an_edited_summary_shows_its_own_highlight_at_once(client, summaries):
    path = "/api/v1/resources/?search=registry"
    client.get("/resources/?q=registry")
    first = {item["slug"]: item["highlight"] for item in client.get(path).json()["results"]}
    assert "Planning an electronic <mark>immunization</mark>" not in first["english"]
    assert "<mark>registry</mark>" in first["english"]

    # A bare update: no timestamp moves, the ranked page stays cached, the rows are read live.
    Resource.objects.filter(slug="english").update(summary="A registry of vaccination clinics.")

    results = client.get(path).json()["results"]
    page = client.get("/resources/?q=registry").content.decode()
    highlight = next(item["highlight"] for item in results if item["slug"] == "english")
    assert highlight == "<mark>registry</mark> of vaccination clinics"
    assert "<mark>registry</mark> of vaccination clinics" in page
