import pytest
import yaml
from django.utils import translation
from openapi_spec_validator import validate

from members.api.serializers import MemberStateSerializer
from members.models import MemberState
from tests import factories


@pytest.mark.django_db
def test_member_states_list_counts_all_194(client):
    response = client.get("/api/v1/member-states/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 194
    assert body["page"] == 1
    assert body["page_size"] == 50
    assert len(body["results"]) == 50


@pytest.mark.django_db
def test_member_states_filter_by_region(client):
    assert client.get("/api/v1/member-states/?who_region=AFR").json()["count"] == 47
    assert client.get("/api/v1/member-states/?who_region=WPR").json()["count"] == 28


@pytest.mark.django_db
def test_member_states_filter_by_income_group_and_search(client):
    high = client.get("/api/v1/member-states/?income_group=H").json()
    assert high["count"] > 50
    assert {row["income_group"] for row in high["results"]} == {"H"}
    found = client.get("/api/v1/member-states/?search=kenya").json()
    assert [row["iso3"] for row in found["results"]] == ["KEN"]


@pytest.mark.django_db
def test_member_states_ordering_and_page_size(client):
    body = client.get("/api/v1/member-states/?ordering=-iso3&page_size=200").json()
    assert len(body["results"]) == 194
    assert body["results"][0]["iso3"] == "ZWE"
    capped = client.get("/api/v1/member-states/?page_size=1000").json()
    assert capped["page_size"] == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "zh-hans", "ru"])
@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 200},
        {"who_region": "AFR", "ordering": "-income_group", "page": 2, "page_size": 7},
        {"search": "guinea", "ordering": "-iso3"},
    ],
)
def test_member_state_list_items_are_the_declared_fields_in_the_language(client, language, params):
    """Each item has the declaration's fields in its order, the name in the request's language
    (as `MemberState.name` gives it) and the link to its detail."""
    body = client.get("/api/v1/member-states/", params, HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["results"]
    states = MemberState.objects.in_bulk([row["iso3"] for row in body["results"]])
    with translation.override(language):
        names = {iso3: state.name for iso3, state in states.items()}
    for row in body["results"]:
        assert list(row) == list(MemberStateSerializer().fields)
        assert row["name"] == names[row["iso3"]]
        assert row["who_region"] == states[row["iso3"]].who_region_id
        assert row["url"] == f"http://testserver/api/v1/member-states/{row['iso3']}/"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"page": 4},
        {"ordering": "-income_group", "page": 2, "page_size": 7},
        {"ordering": "who_region,-name_en", "page_size": 200},
        {"page": 5},
    ],
)
def test_member_state_list_is_the_same_for_everyone_in_one_query(
    client, client_for, partner, params, django_assert_num_queries
):
    """Anonymous and signed-in callers get the same answers; a page counts the list in its
    own query."""
    expected = client_for(partner).get("/api/v1/member-states/", params)
    for _ in range(2):
        response = client.get("/api/v1/member-states/", params)
        assert response.status_code == expected.status_code
        assert response.json() == expected.json()
    if response.status_code == 200:
        with django_assert_num_queries(1):
            client.get("/api/v1/member-states/", params)


@pytest.mark.django_db
def test_member_state_detail_by_iso3(client):
    response = client.get("/api/v1/member-states/FRA/")
    assert response.status_code == 200
    body = response.json()
    assert body["iso3"] == "FRA"
    assert body["iso2"] == "FR"
    assert body["name"] == "France"
    assert body["who_region"] == "EUR"
    assert body["income_group"] == "H"
    assert client.get("/api/v1/member-states/fra/").json()["iso3"] == "FRA"


@pytest.mark.django_db
def test_member_state_name_in_the_requested_language(client):
    body = client.get("/api/v1/member-states/DEU/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["name"] == "Allemagne"


@pytest.mark.django_db
def test_errors_are_json_with_a_clear_message(client):
    missing = client.get("/api/v1/member-states/XXX/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not found."
    assert missing.json()["status"] == 404
    bad_filter = client.get("/api/v1/member-states/?who_region=MARS")
    assert bad_filter.status_code == 400
    body = bad_filter.json()
    assert "who_region" in body["errors"]
    assert "who_region" in body["detail"]
    bad_page = client.get("/api/v1/member-states/?page=99")
    assert bad_page.status_code == 404
    assert bad_page.json()["detail"]


@pytest.mark.django_db
def test_anonymous_cannot_write(client):
    response = client.post("/api/v1/member-states/", {"iso3": "XXX"})
    assert response.status_code in (401, 403, 405)
    assert response.json()["detail"]


@pytest.mark.django_db
def test_organizations_list_and_filter(client):
    factories.OrganizationFactory(name="Alpha Foundation", type="foundation")
    factories.OrganizationFactory(name="Beta NGO", type="ngo")
    body = client.get("/api/v1/organizations/?type=foundation").json()
    assert [row["name"] for row in body["results"]] == ["Alpha Foundation"]
    assert body["results"][0]["headquarters"] == "CHE"
    assert client.get("/api/v1/organizations/?search=beta").json()["count"] == 1


@pytest.mark.django_db
def test_who_regions(client):
    body = client.get("/api/v1/who-regions/").json()
    assert [row["code"] for row in body] == ["AFR", "AMR", "EMR", "EUR", "SEAR", "WPR"]


@pytest.mark.django_db
def test_openapi_schema_is_valid_openapi_3(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate(schema)
    assert "/api/v1/member-states/{iso3}/" in schema["paths"]
    assert "bearerAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_api_docs_load_everything_from_the_portal_itself(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "http://" not in html and "https://" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 60])
def test_api_lists_run_a_bounded_number_of_queries(client, django_assert_max_num_queries, rows):
    factories.OrganizationFactory.create_batch(rows)
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/organizations/?page_size=100").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/api/v1/member-states/?page_size=200").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/api/v1/member-states/KEN/").status_code == 200
