import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import WhoRegion
from members.workflow import ReviewStatus
from resources.models import DigitalHealthIntervention, HealthSystemChallenge, Resource

from ..factories import OrganizationFactory, ResourceFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/resources/"


def proposal(**extra):
    return {
        "kind": "standard",
        "title": "Immunization FHIR profile",
        "summary": "HL7 FHIR profiles for immunization registries.",
        "publisher": OrganizationFactory().pk,
        "languages": ["en"],
        "link": "https://example.org/fhir",
        "topics": [DigitalHealthIntervention.objects.filter(version="v2")[3].pk],
        "who_regions": ["AFR"],
        **extra,
    }


@pytest.fixture
def proposed(partner):
    return ResourceFactory(slug="idea", status="submitted", proposed_by=partner)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("partner", 201),
        ("focal_point_kenya", 201),
        ("focal_point_france", 201),
        ("secretariat", 201),
    ],
)
def test_propose_permissions(request, client_for, who, expected):
    client = client_for(request.getfixturevalue(who))
    response = client.post(LIST, proposal(), content_type="application/json")
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    if expected == 201:
        assert response.json()["status"] == "proposed"


def test_registered_user_without_a_role_may_not_propose(client_for):
    from ..factories import UserFactory

    response = client_for(UserFactory()).post(LIST, proposal(), content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["publish", "return"])
@pytest.mark.parametrize(
    ("who", "expected"),
    # The partner proposed it (sees it, may not review it); the focal point may not even see it.
    [("anonymous", (401, 403)), ("partner", (403,)), ("focal_point_kenya", (404,))],
)
def test_review_endpoints_are_the_secretariats(request, client_for, proposed, path, who, expected):
    client = client_for(request.getfixturevalue(who))
    response = client.post(f"{LIST}idea/{path}/", {"comment": "x"}, content_type="application/json")
    assert response.status_code in expected
    proposed.refresh_from_db()
    assert proposed.status == ReviewStatus.SUBMITTED


def test_secretariat_publishes_and_returns(client_for, secretariat, proposed):
    client = client_for(secretariat)
    response = client.post(f"{LIST}idea/return/", {}, content_type="application/json")
    assert response.status_code == 400 and "comment" in response.json()["errors"]
    response = client.post(f"{LIST}idea/publish/", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "published"
    response = client.post(f"{LIST}idea/publish/", {}, content_type="application/json")
    assert response.status_code == 409


def test_secretariat_may_publish_directly(client_for, secretariat):
    response = client_for(secretariat).post(
        LIST, proposal(publish=True), content_type="application/json"
    )
    assert response.json()["status"] == "published"


def test_partner_may_not_publish_directly(client_for, partner):
    response = client_for(partner).post(
        LIST, proposal(publish=True), content_type="application/json"
    )
    assert response.status_code == 403  # a right the partner lacks, not a malformed request
    assert not Resource.objects.exists()


def test_api_upload_refuses_a_non_pdf(client_for, partner):
    data = proposal(link="")
    data["file"] = SimpleUploadedFile(
        "x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client_for(partner).post(LIST, data)
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


def test_detail_scoping(client_for, partner, focal_point_kenya, proposed):
    assert client_for(None).get(f"{LIST}idea/").status_code == 404
    assert client_for(focal_point_kenya).get(f"{LIST}idea/").status_code == 404
    assert client_for(partner).get(f"{LIST}idea/").json()["status"] == "proposed"
    assert client_for(partner).get(LIST).json()["count"] == 0  # lists show published only


def test_list_search_filters_and_facets(client):
    afr = WhoRegion.objects.get(code="AFR")
    ResourceFactory(
        slug="eir",
        title="Immunization registry guide",
        summary="Immunization registries & more.",
        languages=["en", "fr"],
        who_regions=[afr],
    )
    ResourceFactory(
        slug="other", title="Immunization course", kind="training_course", languages=["es"]
    )
    response = client.get(
        LIST, {"search": "immunization", "language": "en", "region": "AFR", "facets": "true"}
    )
    body = response.json()
    assert [r["slug"] for r in body["results"]] == ["eir"]
    assert body["results"][0]["highlight"] == "<mark>Immunization</mark> registries &amp; more"
    assert body["facets"]["language"] == [
        {"value": "en", "label": "English", "count": 1},
        {"value": "fr", "label": "French", "count": 1},
    ]
    assert set(body["facets"]) == {
        "kind",
        "topic",
        "language",
        "region",
        "publisher",
        "year",
        "licence",
        "quality_assured",
    }
    assert "facets" not in client.get(LIST).json()
    assert client.get(LIST, {"kind": "nonsense"}).status_code == 400


def test_list_ordering(client):
    ResourceFactory(title="B", publication_year=2020)
    ResourceFactory(title="A", publication_year=2019)
    assert [r["title"] for r in client.get(LIST, {"ordering": "title"}).json()["results"]] == [
        "A",
        "B",
    ]
    assert [r["title"] for r in client.get(LIST, {"ordering": "newest"}).json()["results"]] == [
        "B",
        "A",
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_is_bounded(client, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ResourceFactory(title="Registry handbook", languages=["en", "fr"], who_regions=["AFR"])
    with django_assert_max_num_queries(20):
        response = client.get(
            LIST, {"search": "registry", "language": "en", "region": "AFR", "facets": "true"}
        )
    assert response.json()["count"] == rows


def test_csv_export_is_streamed_and_neutralises_formulas(client, django_assert_max_num_queries):
    ResourceFactory(title='=HYPERLINK("http://evil")', summary="@SUM(A1)")
    ResourceFactory(title="Plain", summary="-1+1")
    response = client.get(LIST, {"format": "csv", "ordering": "title"})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:2] == ["slug", "title"]
    titles = {row[1]: row[11] for row in rows[1:]}
    assert titles == {'\'=HYPERLINK("http://evil")': "'@SUM(A1)", "Plain": "'-1+1"}


def test_schema_documents_the_catalogue(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    list_op = schema["paths"]["/api/v1/resources/"]["get"]
    names = {p["name"] for p in list_op["parameters"]}
    assert {"search", "ordering", "facets", "kind", "language", "region", "format"} <= names
    assert "/api/v1/resources/{slug}/publish/" in schema["paths"]
    assert "/api/v1/resources/{slug}/return/" in schema["paths"]


def _full_resource(slug, **extra):
    v2 = DigitalHealthIntervention.objects.filter(version="v2", level="intervention")
    resource = ResourceFactory(
        slug=slug,
        title=f"Registry handbook {slug}",
        summary="How to run an immunization registry.",
        body="## Scope\n\nRegistries.",
        languages=["fr", "en", "ar"],
        interventions=[v2[5], v2[1]],
        member_states=["KEN", "FRA"],
        who_regions=["EUR", "AFR"],
        **extra,
    )
    resource.gdhm_components.set([3, 1])
    resource.challenges.set(HealthSystemChallenge.objects.order_by("-pk")[:2])
    return resource


@pytest.mark.parametrize("params", [{}, {"search": "registry handbook"}])
def test_list_rows_are_the_detail_serializer_output(client, params):
    """The list builds its rows without model instances: same JSON as the detail endpoint."""
    _full_resource("plain")
    _full_resource(
        "assured",
        quality_assured=True,
        quality_assured_on=datetime.date(2024, 5, 2),
        publication_year=None,
        file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    results = client.get(LIST, params).json()["results"]
    assert {row["slug"] for row in results} == {"plain", "assured"}
    for row in results:
        detail = client.get(f"{LIST}{row['slug']}/").json()
        if params:
            assert "<mark>" in row.pop("highlight")
            detail.pop("highlight")
        assert row == detail
        assert row["languages"] == ["fr", "en", "ar"]  # the order they were given in


def test_the_benchmark_floor_reads_the_declared_columns_of_the_items_shown(client):
    """`ResourceSerializer` is the one declaration of the item: the benchmark floor of the API
    search runs the SQL of its rows (`listing.sql_of`), the same items the API shows."""
    from django.db import connection

    from bench.endpoints import ENDPOINTS
    from gidh_portal import listing
    from resources.api.serializers import ResourceSerializer

    for n in range(3):
        _full_resource(f"immunization-{n}")
    (endpoint,) = [e for e in ENDPOINTS if e.name == "api-resources"]
    sql, params = endpoint.floor_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        floor = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    assert columns == listing.columns(ResourceSerializer)
    shown = client.get(endpoint.path).json()["results"]
    assert sorted(row["slug"] for row in floor) == sorted(item["slug"] for item in shown)
    assert len(shown) == 3


def test_search_pages_count_with_the_page(client, django_assert_max_num_queries):
    for n in range(5):
        ResourceFactory(title=f"Registry handbook {n}", publication_year=2020 + n)
    ResourceFactory(title="Malaria toolkit")
    params = {"search": "registry", "page_size": 2, "ordering": "newest"}
    with django_assert_max_num_queries(12):
        body = client.get(LIST, {**params, "page": 2}).json()
    assert body["count"] == 5
    assert [r["title"] for r in body["results"]] == ["Registry handbook 2", "Registry handbook 1"]
    assert body["next"] and body["previous"]
    last = client.get(LIST, {**params, "page": 3}).json()
    assert [r["title"] for r in last["results"]] == ["Registry handbook 0"] and not last["next"]
    assert client.get(LIST, {**params, "page": 4}).status_code == 404
    assert client.get(LIST, {"search": "nothing-like-this"}).json()["count"] == 0
