"""The demo's published transparency report of last month tells what the portal's pages and API
show: the same resources, profiles, submissions, plans and commitments, whatever the day the
demo is seeded on (its rows are recorded before the report's cut-off)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from investments.reports.periods import Period
from members.models import User

pytestmark = pytest.mark.django_db

TODAYS = {
    "today": None,
    "leap-day": datetime.datetime(2028, 2, 29, 15, 30, tzinfo=datetime.UTC),
    "new-year": datetime.datetime(2027, 1, 1, 0, 30, tzinfo=datetime.UTC),
}


@pytest.fixture(params=list(TODAYS))
def seeded_on(request, time_machine):
    """The demo seeded on each of the days above (the clock keeps ticking from there)."""
    if TODAYS[request.param] is not None:
        time_machine.move_to(TODAYS[request.param], tick=True)
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Period.last_complete()


def count(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, path
    return response.json()["count"]


def published_report(client, period):
    (listed,) = client.get(
        "/api/v1/transparency-reports/", {"scope": "global", "period": str(period)}
    ).json()["results"]
    report = client.get(f"/api/v1/transparency-reports/{listed['id']}/").json()
    assert report["status"] == "published"
    return report["data"]


def test_the_demo_report_of_last_month_agrees_with_the_pages(seeded_on):
    client = Client()
    data = published_report(client, seeded_on)

    # The catalogue: the list page's heading, the API and the countries' resources.
    resources = count(client, "/api/v1/resources/")
    assert data["catalogue"]["total"] == resources > 0
    heading = re.search(
        r'<h2 id="results-title"[^>]*>([\d,]+) resources</h2>',
        client.get("/resources/").content.decode(),
    )
    assert int(heading[1].replace(",", "")) == resources
    assert 0 < data["catalogue"]["new"] < resources
    per_country = {row["iso3"]: row["resources"] for row in data["countries"]}
    for iso3 in ("KEN", "FRA", "ETH", "IND", "BRA", "ECU"):
        assert per_country[iso3] == count(client, "/api/v1/resources/", country=iso3) > 0, iso3
    kenya = client.get("/countries/KEN/").content.decode()
    assert "No resources recorded for this country yet" not in kenya

    # Profiles: the home page's strategies, the published profiles and this cycle's submissions.
    home = client.get("/").content.decode()
    adopted = re.search(r"(\d+) of (\d+) member states \(", home)
    assert data["strategy"]["adopted"] == int(adopted[1]) > 0
    assert data["strategy"]["member_states"] == int(adopted[2])
    with_profile = data["strategy"]["member_states"] - data["strategy"]["by_status"]["no_profile"]
    assert with_profile == count(client, "/api/v1/profiles/") > 0
    secretariat = Client()
    secretariat.force_login(User.objects.get(email="secretariat@example.org"))
    cycle = data["submissions"]["cycle"]
    assert data["submissions"]["total"] == count(secretariat, "/api/v1/profiles/", cycle=cycle) > 0

    # Investments: the public plans and commitments, one of them for the current year.
    assert data["investments"]["plans"] == count(client, "/api/v1/investment-plans/") > 0
    commitments = count(client, "/api/v1/commitments/")
    assert sum(row["count"] for row in data["investments"]["commitments"]) == commitments > 0
    latest = client.get("/api/v1/commitments/", {"ordering": "-year", "page_size": 1}).json()
    assert latest["results"][0]["year"] == timezone.now().year
