import pytest
import yaml
from openapi_spec_validator import validate

from members.models import MemberState, ProfileSubmission
from members.workflow import ReviewStatus
from tests import factories

CAST = ["anonymous", "partner", "focal_point_france", "focal_point_kenya", "secretariat"]


@pytest.fixture
def profiles(kenya):
    """Kenya: a published profile of last year's cycle, a draft of this year's."""
    cycle = factories.ReportingCycleFactory()
    return {
        "published": factories.approved_profile(member_state=kenya),
        "draft": factories.ProfileSubmissionFactory(
            member_state=kenya, cycle=cycle, complete=True, phase=3
        ),
    }


def person(request, name):
    return request.getfixturevalue(name)


# Expected status for each of CAST (anonymous, partner, focal point of France, focal point of
# Kenya, secretariat) on Kenya's profiles.
MATRIX = [
    ("get", "/api/v1/profiles/{draft}/", None, [404, 404, 404, 200, 200]),
    ("get", "/api/v1/profiles/{published}/", None, [200, 200, 200, 200, 200]),
    ("get", "/api/v1/member-states/KEN/profile/", None, [200, 200, 200, 200, 200]),
    ("patch", "/api/v1/profiles/{draft}/", {"version": 1}, [401, 404, 404, 200, 403]),
    ("post", "/api/v1/profiles/{draft}/submit/", {}, [401, 404, 404, 200, 403]),
    ("post", "/api/v1/profiles/{draft}/approve/", {}, [401, 404, 404, 403, 409]),
    ("post", "/api/v1/profiles/{draft}/return/", {"comment": "x"}, [401, 404, 404, 403, 409]),
    (
        "post",
        "/api/v1/profiles/",
        {"member_state": "KEN", "cycle": "next year"},
        [401, 403, 403, 201, 403],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX)
@pytest.mark.parametrize("who", range(len(CAST)))
def test_permission_matrix(
    request,
    client_for,
    profiles,
    method,
    path,
    body,
    expected,
    who,
    django_capture_on_commit_callbacks,
):
    next_year = factories.ReportingCycleFactory(year=factories.this_year() + 1).year
    if body and body.get("cycle") == "next year":
        body = {**body, "cycle": next_year}
    user = person(request, CAST[who])
    url = path.format(**{key: value.pk for key, value in profiles.items()})
    with django_capture_on_commit_callbacks():
        response = getattr(client_for(user), method)(url, body, content_type="application/json")
    wanted = expected[who]
    if wanted == 401:
        assert response.status_code in (401, 403), (CAST[who], url)
    else:
        assert response.status_code == wanted, (CAST[who], url, response.content[:300])
    assert response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("who", CAST)
def test_list_shows_only_what_the_caller_may_see(request, client_for, profiles, france, who):
    factories.ProfileSubmissionFactory(member_state=france)
    body = client_for(person(request, who)).get("/api/v1/profiles/").json()
    seen = {(row["member_state"], row["status"]) for row in body["results"]}
    expected = {
        "anonymous": {("KEN", "approved")},
        "partner": {("KEN", "approved")},
        "focal_point_france": {("KEN", "approved"), ("FRA", "draft")},
        "focal_point_kenya": {("KEN", "approved"), ("KEN", "draft")},
        "secretariat": {("KEN", "approved"), ("KEN", "draft"), ("FRA", "draft")},
    }[who]
    assert seen == expected


@pytest.mark.django_db
def test_list_item_fields_and_filters(client_for, secretariat, profiles, france):
    factories.ProfileSubmissionFactory(member_state=france, status=ReviewStatus.SUBMITTED)
    client = client_for(secretariat)
    item = client.get("/api/v1/profiles/?member_state=ken&cycle=2025").json()["results"][0]
    for key in ("id", "member_state", "cycle", "status", "version", "updated_at"):
        assert key in item
    assert item["member_state"] == "KEN" and item["cycle"] == 2025 and item["status"] == "approved"
    assert item["overall_score"] == 3.0
    assert {c["component"] for c in item["component_scores"]} == set(range(1, 8))
    by_status = client.get("/api/v1/profiles/?status=submitted").json()["results"]
    assert [row["member_state"] for row in by_status] == ["FRA"]
    by_region = client.get("/api/v1/profiles/?who_region=EUR").json()["results"]
    assert [row["member_state"] for row in by_region] == ["FRA"]
    bad = client.get("/api/v1/profiles/?status=published")
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


@pytest.mark.django_db
def test_published_profile_of_a_member_state(client, profiles, france):
    body = client.get("/api/v1/member-states/ken/profile/").json()
    assert body["id"] == profiles["published"].pk
    assert body["strategy_status"] == "adopted"
    assert len(body["answers"]) == 31
    benchmarks = {row["component"]: row for row in body["benchmarks"]}
    assert set(benchmarks) == {"1", "2", "3", "4", "5", "6", "7", "overall"}
    assert benchmarks["overall"] == {
        "component": "overall",
        "world": 3.0,
        "region": 3.0,
        "income_group": 3.0,
    }
    assert client.get("/api/v1/member-states/FRA/profile/").status_code == 404
    assert client.get("/api/v1/member-states/XYZ/profile/").status_code == 404


@pytest.mark.django_db
@pytest.mark.any_day
def test_the_whole_review_through_the_api(
    client_for, focal_point_kenya, secretariat, kenya, django_capture_on_commit_callbacks, today
):
    factories.ReportingCycleFactory(year=today.year - 1)
    factories.ReportingCycleFactory()  # the cycle open today: the one a new profile is for
    focal = client_for(focal_point_kenya)
    created = focal.post("/api/v1/profiles/", {}, content_type="application/json")
    assert created.status_code == 201, created.json()
    profile = created.json()
    assert profile["member_state"] == "KEN" and profile["status"] == "draft"
    url = f"/api/v1/profiles/{profile['id']}/"

    refused = focal.post(url + "submit/")
    assert refused.status_code == 409  # the draft is not ready: its state, not the request
    assert refused.json()["code"] == "not_ready" and "complete" in refused.json()["detail"]

    patch = {
        "version": profile["version"],
        "strategy_status": "adopted",
        "strategy_title": "Kenya Digital Health Strategy",
        "strategy_start_year": 2022,
        "strategy_end_year": 2030,
        "strategy_adopted_on": "2022-05-01",
        "strategy_responsible_body": "Ministry of Health",
        "strategy_url": "https://health.go.ke/strategy",
        "strategy_is_costed": True,
        "strategy_aligned_with_global_strategy": True,
        "coordination_body_exists": False,
        "digital_health_unit_exists": True,
        "data_protection_law_in_force": True,
        "data_protection_law_name": "Data Protection Act",
        "data_protection_law_year": 2019,
        "interoperability_framework_exists": True,
        "standards_adopted": ["hl7_fhir", "icd_11"],
        "answers": [
            {"indicator": code, "phase": 3, "evidence_note": "Annual report"}
            for code in [str(n) for n in range(1, 24)]
        ],
    }
    edited = focal.patch(url, patch, content_type="application/json")
    assert edited.status_code == 200, edited.json()
    version = edited.json()["version"]
    assert version == 2

    stale = focal.patch(
        url, {"version": 1, "strategy_title": "Lost?"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version" and stale.json()["current_version"] == 2
    assert focal.get(url).json()["strategy_title"] == "Kenya Digital Health Strategy"

    with django_capture_on_commit_callbacks():
        assert focal.post(url + "submit/").status_code == 200
    reviewer = client_for(secretariat)
    no_comment = reviewer.post(url + "return/", {"comment": ""}, content_type="application/json")
    assert no_comment.status_code == 400 and "comment" in no_comment.json()["errors"]
    with django_capture_on_commit_callbacks():
        returned = reviewer.post(
            url + "return/", {"comment": "Add the PDF"}, content_type="application/json"
        )
    assert returned.json()["status"] == "returned"
    again = reviewer.post(url + "approve/", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"

    fixed = focal.patch(
        url,
        {"version": returned.json()["version"], "standards_adopted": ["hl7_fhir"]},
        content_type="application/json",
    )
    assert fixed.json()["status"] == "draft"
    with django_capture_on_commit_callbacks():
        focal.post(url + "submit/")
        approved = reviewer.post(
            url + "approve/", {"comment": "Thank you"}, content_type="application/json"
        )
    assert approved.json()["status"] == "approved"
    assert focal.get("/api/v1/member-states/KEN/profile/").json()["id"] == profile["id"]
    locked = focal.patch(
        url, {"version": approved.json()["version"]}, content_type="application/json"
    )
    assert locked.status_code == 409


@pytest.mark.django_db
def test_a_focal_point_cannot_create_for_another_country(client_for, focal_point_france):
    factories.ReportingCycleFactory()
    response = client_for(focal_point_france).post(
        "/api/v1/profiles/", {"member_state": "KEN"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not ProfileSubmission.objects.exists()


@pytest.mark.django_db
def test_schema_documents_the_profile_endpoints(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    validate(schema)
    paths = schema["paths"]
    assert "/api/v1/profiles/" in paths and "post" in paths["/api/v1/profiles/"]
    assert "patch" in paths["/api/v1/profiles/{id}/"]
    assert "409" in paths["/api/v1/profiles/{id}/"]["patch"]["responses"]
    assert "409" in paths["/api/v1/profiles/{id}/submit/"]["post"]["responses"]
    assert "/api/v1/profiles/{id}/return/" in paths
    assert "/api/v1/member-states/{iso3}/profile/" in paths
    params = {p["name"] for p in paths["/api/v1/profiles/"]["get"]["parameters"]}
    assert {"member_state", "cycle", "status", "who_region"} <= params
    patch_body = paths["/api/v1/profiles/{id}/"]["patch"]["requestBody"]["content"]
    ref = patch_body["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "version" in schema["components"]["schemas"][ref]["required"]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 50])
def test_profile_list_runs_a_bounded_number_of_queries(
    client_for, secretariat, django_assert_max_num_queries, rows
):
    states = list(MemberState.objects.order_by("iso3")[:rows])
    for state in states:
        factories.approved_profile(member_state=state)
    client = client_for(secretariat)
    client.get("/api/v1/profiles/")  # warm the session and the secretariat check
    with django_assert_max_num_queries(7):
        response = client.get("/api/v1/profiles/?page_size=100")
    assert response.json()["count"] == rows
    anonymous = client_for(None)
    with django_assert_max_num_queries(4):
        assert anonymous.get("/api/v1/profiles/?page_size=100").json()["count"] == rows
    with django_assert_max_num_queries(4):
        assert anonymous.get(f"/api/v1/member-states/{states[0].iso3}/profile/").status_code == 200
