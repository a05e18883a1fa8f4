"""Search quality and cost on PostgreSQL: expected top results, typos, accents, facets."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from members.models import WhoRegion
from resources.models import DigitalHealthIntervention, Resource, ResourceLanguage

from ..factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    who = OrganizationFactory(name="World Health Organization", acronym="WHO")
    afd = OrganizationFactory(name="Agence française de développement", acronym="AFD")
    v2 = DigitalHealthIntervention.objects.filter(version="v2", level="intervention")
    afr, eur = WhoRegion.objects.get(code="AFR"), WhoRegion.objects.get(code="EUR")
    return {
        "eir": ResourceFactory(
            slug="eir",
            title="Electronic immunization registry implementation guide",
            summary="Planning an immunization registry with HL7 FHIR interfaces.",
            kind="standard",
            publisher=who,
            languages=["en", "fr"],
            interventions=[v2[0], v2[1]],
            who_regions=[afr],
        ),
        "fhir": ResourceFactory(
            slug="fhir",
            title="FHIR for beginners",
            summary="An introduction to the HL7 FHIR standard for health data exchange.",
            kind="training_course",
            publisher=who,
            languages=["en"],
            interventions=[v2[1]],
            who_regions=[afr, eur],
        ),
        "telemedecine": ResourceFactory(
            slug="telemedecine",
            title="Télémédecine en Afrique de l'Ouest",
            summary="Étude de cas sur la téléconsultation et la santé numérique.",
            description_language="fr",
            kind="case_study",
            publisher=afd,
            languages=["fr"],
            publication_year=2021,
            who_regions=[afr],
        ),
        "principles": ResourceFactory(
            slug="principles",
            title="Principles for Digital Development",
            summary="Nine living guidelines for technology-enabled programmes.",
            kind="best_practice",
            publisher=afd,
            languages=["en", "es"],
            licence="CC-BY-SA-4.0",
        ),
        "chinese": ResourceFactory(
            slug="chinese",
            title="数字健康互操作性标准指南",
            summary="本指南介绍数字健康信息系统的互操作性标准。",
            description_language="zh",
            kind="standard",
            publisher=who,
            languages=["zh"],
        ),
        "proposal": ResourceFactory(
            slug="proposal", title="Immunization registry draft", status="submitted"
        ),
    }


def top(text, queryset=None):
    queryset = (queryset or Resource.objects.published()).matching(text)
    return list(queryset.order_by("-rank", "title").values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("immunization registry FHIR", "eir"),
        ("FHIR", "fhir"),  # title match (A) outranks a summary match (B)
        ("telemedecine", "telemedecine"),  # no accents typed
        ("télémédecine afrique", "telemedecine"),  # accented French query
        ("téléconsultations", "telemedecine"),  # French stemming
        ("immunisation registries", "eir"),  # English stemming
        ("Princples for Digitl Developmnt", "principles"),  # misspelled title
        ("互操作性", "chinese"),  # Chinese: no stemmer, substring/trigram fallback
    ],
)
def test_search_returns_the_expected_top_result(catalogue, text, expected):
    assert top(text)[0] == expected


def test_search_never_returns_unpublished_resources(catalogue):
    assert "proposal" not in top("immunization registry")


def test_search_vector_is_maintained_by_the_database(catalogue):
    resource = catalogue["principles"]
    resource.title = "Principles for digital public goods"
    resource.save()
    assert top("public goods")[0] == "principles"


def test_search_uses_the_gin_index(catalogue):
    """Every match (the CSV export) and the window's ids, which `matching` reads, are found
    through the GIN index."""
    with connection.cursor() as cursor:
        # A handful of rows: make the planner show the plan it picks on a large catalogue.
        cursor.execute("SET LOCAL enable_seqscan = off")
        every_match = Resource.objects.matching("registry", every_match=True).order_by("-rank")
        plans = [every_match.explain()]
        with CaptureQueriesContext(connection) as queries:
            Resource.objects.matching("registry")
        window_ids = next(q["sql"] for q in queries if "@@" in q["sql"])
        cursor.execute(f"EXPLAIN {window_ids}")
        plans.append("\n".join(row[0] for row in cursor.fetchall()))
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert all("resources_resource_search_gin" in plan for plan in plans), plans


def test_facets_count_the_current_query(catalogue):
    queryset = Resource.objects.published().matching("FHIR")
    facets = queryset.facets()
    assert {f["value"]: f["count"] for f in facets["kind"]} == {"standard": 1, "training_course": 1}
    assert {f["value"]: f["count"] for f in facets["region"]} == {"AFR": 2, "EUR": 1}
    assert {f["value"]: f["count"] for f in facets["language"]} == {"en": 2, "fr": 1}
    assert facets["publisher"] == [
        {"value": catalogue["eir"].publisher_id, "label": "WHO", "count": 2}
    ]
    assert [f["count"] for f in facets["quality_assured"]] == [2]


def test_facets_of_the_whole_catalogue(catalogue):
    facets = Resource.objects.published().facets()
    assert sum(f["count"] for f in facets["kind"]) == 5
    licences = {f["value"]: f["count"] for f in facets["licence"]}
    assert licences == {"CC-BY-4.0": 4, "CC-BY-SA-4.0": 1}
    assert facets["year"][0] == {"value": 2023, "label": "2023", "count": 4}


def _joined_counts(name):
    """The facet's counts computed the slow way, by joining the relation table."""
    field = {
        "language": "language_entries__code",
        "topic": "interventions",
        "region": "who_regions",
    }
    rows = (
        Resource.objects.published()
        .filter(**{f"{field[name]}__isnull": False})
        .values(field[name])
        .annotate(n=Count("pk"))
    )
    return {row[field[name]]: row["n"] for row in rows}


def _assert_facets_match_the_relations():
    facets = Resource.objects.published().facets(limit=100)
    for name in ("language", "topic", "region"):
        assert {f["value"]: f["count"] for f in facets[name]} == _joined_counts(name), name


def test_facet_counts_follow_every_write(catalogue, secretariat, partner):
    """The arrays the facets count (migration 0005) follow the services, bulk inserts,
    queryset updates and deletes of the relation tables."""
    from resources import services

    v2 = list(DigitalHealthIntervention.objects.filter(version="v2", level="intervention")[:4])
    _assert_facets_match_the_relations()

    proposal = services.propose_resource(
        by=partner,
        data={"kind": "toolkit", "title": "Cold chain toolkit", "summary": "Vaccines.",
              "publisher": catalogue["eir"].publisher, "link": "https://example.org/c",
              "interventions": [v2[2]], "who_regions": ["SEAR"]},
        languages=["pt", "en"],
    )  # fmt: skip
    services.return_resource(resource=proposal, by=secretariat, comment="Add Spanish.")
    proposal.refresh_from_db()
    services.revise_resource(
        resource=proposal,
        by=partner,
        data={"interventions": [v2[3]], "who_regions": ["AMR", "SEAR"]},
        languages=["es"],
        expected_version=proposal.version,
    )
    proposal.refresh_from_db()
    services.publish_resource(resource=proposal, by=secretariat)
    _assert_facets_match_the_relations()
    facets = Resource.objects.published().facets(limit=100)
    assert {f["value"]: f["count"] for f in facets["region"]}["AMR"] == 1
    assert "pt" not in {f["value"] for f in facets["language"]}

    # Writes that bypass the services: a queryset update, a bulk insert, deletes.
    ResourceLanguage.objects.filter(code="fr").update(code="ar")
    Resource.who_regions.through.objects.bulk_create(
        [Resource.who_regions.through(resource_id=catalogue["principles"].pk, whoregion_id="WPR")]
    )
    Resource.interventions.through.objects.filter(digitalhealthintervention=v2[1]).delete()
    catalogue["fhir"].delete()
    _assert_facets_match_the_relations()
    counts = {f["value"]: f["count"] for f in Resource.objects.published().facets()["language"]}
    assert "fr" not in counts and counts["ar"] == 2


def test_facets_of_a_search_count_its_matches_only(catalogue):
    facets = Resource.objects.published().matching("immunization registry").facets()
    assert {f["value"]: f["count"] for f in facets["language"]} == {"en": 1, "fr": 1}
    assert [f["count"] for f in facets["topic"]] == [1, 1]


def test_bulk_seeding_fills_the_facet_arrays(db):
    """The seeder defers the triggers and refreshes each batch once: the counts are exact."""
    from resources import demo

    OrganizationFactory(), OrganizationFactory()
    demo.seed_bulk(count=25, batch=10, log=lambda message: None)
    assert Resource.objects.published().count() == 25
    _assert_facets_match_the_relations()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('gidh.defer_facets', true)")
        assert cursor.fetchone()[0] in (None, "", "off")
