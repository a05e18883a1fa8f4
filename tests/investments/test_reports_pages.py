"""Transparency report pages, downloads and API: visibility of drafts, filters, revisions,
CSV safety, schema, query bounds."""

import csv
import io
import json

import pytest
from django.urls import reverse

from investments.models import ReportRun, TransparencyReport
from investments.reports import services as report_services
from investments.reports.periods import Period
from members.models import MemberState

from .. import factories

PERIOD = Period.last_complete()


def _generate(*, period=PERIOD, publish=True):
    run = ReportRun.objects.create(period=str(period), publish=publish, trigger="command")
    return report_services.generate_period(run=run)


@pytest.fixture
def published(db):
    _generate()
    return TransparencyReport.objects.get(scope="global", period=str(PERIOD))


@pytest.fixture
def draft(db):
    _generate(period=PERIOD.previous(), publish=False)
    return TransparencyReport.objects.get(scope="AFR", period=str(PERIOD.previous()))


def test_public_sees_published_reports_only(published, draft, client_for, anonymous):
    client = client_for(anonymous)
    page = client.get(reverse("reports:report-list")).content.decode()
    assert published.get_absolute_url() in page
    assert draft.get_absolute_url() not in page
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("reports:report-csv", args=["AFR", draft.period, 1])).status_code == 404
    )
    api = client.get("/api/v1/transparency-reports/").json()
    assert {row["status"] for row in api["results"]} == {"published"}
    assert api["count"] == 7
    assert client.get(f"/api/v1/transparency-reports/{draft.pk}/").status_code == 404


def test_secretariat_sees_drafts_and_publishes_them(published, draft, client_for, secretariat):
    client = client_for(secretariat)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get("/api/v1/transparency-reports/").json()["count"] == 14
    response = client.post(
        reverse("admin:investments_transparencyreport_changelist"),
        {"action": "publish_reports", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at


def test_focal_point_cannot_see_drafts_or_admin(draft, client_for, focal_point_kenya):
    client = client_for(focal_point_kenya)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("admin:investments_reportrun_add")).status_code == 302


def test_archive_filters_and_shows_latest_revision(published, client_for, anonymous):
    factories.approved_profile(member_state=MemberState.objects.get(iso3="KEN"), year=PERIOD.year)
    _generate()
    client = client_for(anonymous)
    response = client.get(reverse("reports:report-list"), {"scope": "AFR", "period": str(PERIOD)})
    page = response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert reverse("reports:report-detail", args=["AFR", str(PERIOD), 2]) in page
    assert reverse("reports:report-detail", args=["AFR", str(PERIOD), 1]) not in page
    detail = client.get(reverse("reports:report-latest", args=["AFR", str(PERIOD)]))
    assert detail.context["report"].revision == 2
    assert reverse("reports:report-detail", args=["AFR", str(PERIOD), 1]) in detail.content.decode()
    earlier = client.get(reverse("reports:report-detail", args=["AFR", str(PERIOD), 1]))
    assert earlier.status_code == 200
    api = client.get("/api/v1/transparency-reports/", {"scope": "AFR"}).json()
    assert [(row["period"], row["revision"]) for row in api["results"]] == [(str(PERIOD), 2)]
    detail_api = client.get(api["results"][0]["url"]).json()
    assert detail_api["revisions"] == [2, 1]
    assert detail_api["data"]["strategy"]["adopted"] == 1
    empty = client.get(reverse("reports:report-list"), {"period": "not-a-period"})
    assert empty.context["page"].paginator.count == 0


def test_report_page_has_charts_tables_and_print_styles(published, client_for, anonymous):
    page = client_for(anonymous).get(published.get_absolute_url()).content.decode()
    assert page.count('<svg role="img"') == 4
    assert 'id="chart-maturity-desc"' in page
    assert "<caption>" in page
    assert 'class="no-print"' in page


def test_csv_download_neutralizes_formulas(db, client_for, anonymous):
    plan = factories.InvestmentPlanFactory(currency="USD", status="approved")
    evil = factories.OrganizationFactory(name='=HYPERLINK("http://evil.example","x")')
    factories.CommitmentFactory(
        plan=plan,
        organization=evil,
        status="committed",
        committed_amount="1000.00",
        committed_on="2024-03-01",
        verified_at="2024-03-02T00:00Z",
    )
    _generate()
    response = client_for(anonymous).get(
        reverse("reports:report-csv", args=["global", str(PERIOD), 1])
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "item", "measure", "value"]
    partner_items = {row[1] for row in rows if row[0] == "top_partners"}
    assert partner_items == {"'" + evil.name}
    gaps = [row[3] for row in rows if row[0] == "by_component" and row[2] == "gap_usd"]
    assert "-1000.00" in gaps  # a negative number stays a number


def test_json_download_is_the_snapshot(published, client_for, anonymous):
    response = client_for(anonymous).get(
        reverse("reports:report-json", args=["global", str(PERIOD), 1])
    )
    body = json.loads(response.content)
    assert body["data"] == published.data
    assert (body["scope"], body["period"], body["revision"]) == ("global", str(PERIOD), 1)
    assert "attachment" in response["Content-Disposition"]


def test_schema_documents_the_report_endpoints(db, client_for, anonymous):
    schema = client_for(anonymous).get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/transparency-reports/" in schema["paths"]
    list_params = {
        p["name"] for p in schema["paths"]["/api/v1/transparency-reports/"]["get"]["parameters"]
    }
    assert {"scope", "period"} <= list_params
    data = schema["components"]["schemas"]["TransparencyReportData"]["properties"]
    assert {"strategy", "investments", "countries", "maturity", "catalogue"} <= set(data)


@pytest.mark.parametrize("extra_periods", [0, 6])
def test_pages_and_api_run_bounded_queries(
    published, extra_periods, client_for, anonymous, django_assert_max_num_queries
):
    period = PERIOD
    for _ in range(extra_periods):
        period = period.previous()
        _generate(period=period)
    client = client_for(anonymous)
    for url in (
        reverse("reports:report-list"),
        published.get_absolute_url(),
        reverse("reports:report-csv", args=["global", str(PERIOD), 1]),
        reverse("reports:report-json", args=["global", str(PERIOD), 1]),
        "/api/v1/transparency-reports/",
        f"/api/v1/transparency-reports/{published.pk}/",
    ):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
