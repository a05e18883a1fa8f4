"""Transparency reports: the figures against hand-computed totals, the task on a real worker,
idempotency, failures, the schedule, visibility and query bounds.

The fixture: the investments money fixture (conftest.py: Kenya in AFR, France in EUR, hand
computed in US dollars) plus
- published profiles: Kenya (adopted strategy, phase 3 everywhere), France (strategy in
  development, phase 2 everywhere), both of the period's reporting cycle, created in the period;
- resources: a guideline applied in Kenya created in the period, a standard for the European
  Region created the month before, and a toolkit created after the cut-off (not counted).

Expected, by hand:
  Kenya (AFR): cost 25,000.00; committed 1,000.00 + 416.66 + 2,000.00 + 800.00 = 4,216.66;
               disbursed 1,000.00; gap 20,783.34. Cash: 3 commitments, 3,800.00 pledged;
               in kind: 1, 416.66. Partners: 2,000.00 > 1,000.00 > 416.66 (domestic left out).
  France (EUR): cost 110,000.01; committed 10,000.00; disbursed 0; gap 100,000.01.
  Global: cost 135,000.01; committed 14,216.66; disbursed 1,000.00; gap 120,783.35; 2 plans.
"""

import datetime
import time

import pytest
from celery.schedules import crontab
from django.core.management import CommandError, call_command
from django.db import IntegrityError, OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from gidh_portal.celery import app as celery_app
from investments.models import ExchangeRate, ReportRun, TransparencyReport
from investments.reports import builder
from investments.reports import services as report_services
from investments.reports.periods import Period
from investments.tasks import TASK_NAME, generate_transparency_reports
from members.models import MemberState, ProfileSubmission, StrategyStatus
from resources.models import Resource

from .. import factories

# Reports are about the month before today's: every test runs at each of the suite's todays.
pytestmark = pytest.mark.any_day


@pytest.fixture
def period(today):
    """The month the monthly run reports on, today (the clock is frozen at `today`)."""
    return Period.last_complete()


def _in_period(period, day=15):
    return datetime.datetime(period.year, period.month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def network(money, kenya, france, period):
    """The money fixture plus profiles and resources dated in (and around) the period."""
    factories.approved_profile(member_state=kenya, year=period.year, phase=3)
    factories.approved_profile(
        member_state=france,
        year=period.year,
        phase=2,
        strategy_status=StrategyStatus.IN_DEVELOPMENT,
    )
    ProfileSubmission.objects.update(created_at=_in_period(period))
    guideline = factories.ResourceFactory(kind="guideline")
    guideline.member_states.add(kenya)
    standard = factories.ResourceFactory(kind="standard")
    standard.who_regions.add("EUR")
    later = factories.ResourceFactory(kind="toolkit")
    later.member_states.add(kenya)
    Resource.objects.filter(pk=guideline.pk).update(created_at=_in_period(period))
    Resource.objects.filter(pk=standard.pk).update(
        created_at=period.start - datetime.timedelta(days=3)
    )
    return money


def _generate(period, publish=True):
    run = ReportRun.objects.create(
        period=str(period), publish=publish, trigger=ReportRun.Trigger.COMMAND
    )
    return report_services.generate_period(run=run)


def _report(period, scope):
    return TransparencyReport.objects.get(scope=scope, period=str(period)).data


def _check_figures(period):
    """The stored snapshots against the hand-computed totals of the module docstring."""
    assert TransparencyReport.objects.filter(period=str(period)).count() == 7
    world, africa, europe = (_report(period, scope) for scope in ("global", "AFR", "EUR"))

    afr_states = MemberState.objects.filter(who_region="AFR").count()
    assert africa["strategy"]["member_states"] == afr_states
    assert africa["strategy"]["adopted"] == 1
    assert africa["strategy"]["by_status"]["no_profile"] == afr_states - 1
    assert europe["strategy"]["adopted"] == 0
    assert europe["strategy"]["by_status"]["in_development"] == 1
    assert world["strategy"]["adopted"] == 1
    assert world["strategy"]["member_states"] == MemberState.objects.count()
    assert world["strategy"]["change"] is None  # no report for the previous period

    assert world["submissions"]["cycle"] == period.year
    assert world["submissions"]["by_status"]["approved"] == 2
    assert africa["submissions"]["total"] == 1

    assert {row["average_phase"] for row in africa["maturity"]} == {3.0}
    assert {row["average_phase"] for row in europe["maturity"]} == {2.0}
    assert {row["average_phase"] for row in world["maturity"]} == {2.5}
    assert {row["profiles"] for row in world["maturity"]} == {2}

    kinds = {row["kind"]: row for row in world["catalogue"]["by_kind"]}
    assert (world["catalogue"]["total"], world["catalogue"]["new"]) == (2, 1)
    assert kinds["guideline"] == {"kind": "guideline", "total": 1, "new": 1}
    assert kinds["standard"] == {"kind": "standard", "total": 1, "new": 0}
    assert kinds["toolkit"]["total"] == 0
    assert (africa["catalogue"]["total"], europe["catalogue"]["total"]) == (1, 1)

    money = world["investments"]
    assert money["plans"] == 2
    assert money["cost_usd"] == "135000.01"
    assert money["committed_usd"] == "14216.66"
    assert money["disbursed_usd"] == "1000.00"
    assert money["gap_usd"] == "120783.35"
    cash = {row["kind"]: row for row in money["commitments"]}["cash"]
    assert (cash["count"], cash["pledged_usd"]) == (4, "13800.00")

    money = africa["investments"]
    assert (money["plans"], money["cost_usd"], money["committed_usd"]) == (1, "25000.00", "4216.66")
    assert money["gap_usd"] == "20783.34"
    kinds = {row["kind"]: row for row in money["commitments"]}
    assert kinds["cash"]["count"] == 3
    assert kinds["cash"]["pledged_usd"] == "3800.00"
    assert kinds["cash"]["disbursed_usd"] == "1000.00"
    assert kinds["cash"]["by_stage"] == {"pledged": 0, "committed": 2, "disbursed": 1}
    assert (kinds["in_kind"]["count"], kinds["in_kind"]["committed_usd"]) == (1, "416.66")
    assert [p["committed_usd"] for p in money["top_partners"]] == ["2000.00", "1000.00", "416.66"]
    components = {row["component"]: row for row in money["by_component"]}
    assert components[1]["cost_usd"] == "18000.00"
    assert components[1]["committed_usd"] == "1416.66"
    assert components[5]["gap_usd"] == "5000.00"
    assert components[None]["gap_usd"] == "-800.00"  # support to the plan as a whole

    assert europe["investments"]["gap_usd"] == "100000.01"
    countries = {row["iso3"]: row for row in world["countries"]}
    assert len(countries) == MemberState.objects.count()
    assert countries["KEN"]["committed_usd"] == "4216.66"
    assert countries["KEN"]["strategy_status"] == "adopted"
    assert countries["KEN"]["resources"] == 1
    assert countries["FRA"]["gap_usd"] == "100000.01"
    assert [row["iso3"] for row in africa["countries"]].count("FRA") == 0


def test_scheduled_task_on_real_worker_stores_hand_computed_figures(celery_worker, network, period):
    result = generate_transparency_reports.delay()
    outcome = result.get(timeout=60)

    assert outcome["done"] == 7
    assert outcome["failures"] == {}
    run = ReportRun.objects.get(pk=outcome["run"])
    assert run.trigger == ReportRun.Trigger.SCHEDULE
    assert run.task_id == result.id
    assert run.status == ReportRun.Status.SUCCEEDED
    assert (run.reports_done, run.reports_total) == (7, 7)
    assert not TransparencyReport.objects.exclude(status="published").exists()
    _check_figures(period)


def test_admin_run_starts_the_task_and_shows_its_progress(
    celery_worker, network, secretariat, client_for, period
):
    client = client_for(secretariat)
    response = client.post(
        reverse("admin:investments_reportrun_add"), {"period": str(period), "publish": ""}
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert (run.trigger, run.requested_by, run.publish) == ("admin", secretariat, False)
    for _attempt in range(300):
        run.refresh_from_db()
        if run.finished_at:
            break
        time.sleep(0.1)
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.task_id
    assert TransparencyReport.objects.filter(status="draft").count() == 7
    page = client.get(reverse("admin:investments_reportrun_change", args=[run.pk]))
    assert "7 of 7 reports" in page.content.decode()
    assert report_services.run_progress(run=run) == (7, 7)


def test_running_a_period_twice_keeps_the_same_reports(network, period):
    _generate(period)
    first = dict(TransparencyReport.objects.values_list("scope", "generated_at"))
    _generate(period)

    assert TransparencyReport.objects.count() == 7
    assert set(TransparencyReport.objects.values_list("revision", flat=True)) == {1}
    assert dict(TransparencyReport.objects.values_list("scope", "generated_at")) == first


def test_rerun_after_a_data_change_adds_a_revision_and_keeps_the_published_one(
    network, france, period
):
    _generate(period)
    original = TransparencyReport.objects.get(scope="EUR").data
    factories.approved_profile(member_state=MemberState.objects.get(iso3="DEU"), year=period.year)
    _generate(period)

    eur = TransparencyReport.objects.filter(scope="EUR").order_by("revision")
    assert [r.revision for r in eur] == [1, 2]
    assert eur[0].data == original
    assert eur[1].data["strategy"]["adopted"] == 1
    assert TransparencyReport.objects.filter(scope="AFR").count() == 1
    assert TransparencyReport.objects.latest_revisions().count() == 7


def test_rerun_replaces_a_draft(network, period):
    _generate(period, publish=False)
    draft = TransparencyReport.objects.get(scope="AFR")
    factories.approved_profile(member_state=MemberState.objects.get(iso3="NGA"), year=period.year)
    _generate(period, publish=False)

    replaced = TransparencyReport.objects.get(scope="AFR")
    assert (replaced.pk, replaced.revision, replaced.status) == (draft.pk, 1, "draft")
    assert replaced.data["strategy"]["adopted"] == 2


def test_database_allows_one_draft_per_scope_and_period(network, period):
    _generate(period, publish=False)
    report = TransparencyReport.objects.get(scope="AFR")
    with pytest.raises(IntegrityError), transaction.atomic():
        TransparencyReport.objects.create(
            scope="AFR",
            period=report.period,
            revision=2,
            data={},
            generated_at=report.generated_at,
            data_cutoff=report.data_cutoff,
            generator_version="1.0",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        TransparencyReport.objects.create(
            scope="AFR",
            period=report.period,
            revision=1,
            status="published",
            published_at=report.generated_at,
            data={},
            generated_at=report.generated_at,
            data_cutoff=report.data_cutoff,
            generator_version="1.0",
        )


def test_a_failing_region_leaves_the_others_and_is_recorded(network, monkeypatch, period):
    section = builder.maturity_section

    def failing_in_africa(dataset, scope):
        if scope == "AFR":
            raise RuntimeError("forced failure")
        return section(dataset, scope)

    monkeypatch.setattr(builder, "maturity_section", failing_in_africa)
    run = _generate(period)

    assert run.status == ReportRun.Status.PARTIAL
    assert (run.reports_done, run.reports_total) == (6, 7)
    assert run.failures == {"AFR": "RuntimeError: forced failure"}
    scopes = set(TransparencyReport.objects.values_list("scope", flat=True))
    assert scopes == {"global", "AMR", "SEAR", "EUR", "EMR", "WPR"}

    monkeypatch.setattr(builder, "maturity_section", section)
    assert _generate(period).status == ReportRun.Status.SUCCEEDED
    assert TransparencyReport.objects.count() == 7


def test_command_failure_exits_with_an_error(network, monkeypatch, period):
    monkeypatch.setattr(builder, "catalogue_section", lambda dataset, scope: 1 / 0)
    with pytest.raises(CommandError, match="7 report"):
        call_command("generate_transparency_reports", period=str(period))
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("generate_transparency_reports", period="2026-13")


def test_monthly_schedule_is_registered(db):
    assert TASK_NAME in celery_app.tasks
    task = generate_transparency_reports
    assert task.acks_late is True
    assert task.max_retries and task.retry_backoff_max < 3600
    assert task.time_limit < 3600
    periodic = PeriodicTask.objects.get(task=TASK_NAME)
    assert periodic.enabled
    assert str(periodic.crontab.timezone) == "UTC"
    assert periodic.crontab.schedule == crontab(minute=0, hour=2, day_of_month=1)
    # What `celery beat --scheduler django_celery_beat.schedulers:DatabaseScheduler` runs:
    entry = ModelEntry(periodic, app=celery_app)
    assert entry.task == TASK_NAME
    assert entry.schedule == crontab(minute=0, hour=2, day_of_month=1)
    assert (entry.args, entry.kwargs) == ([], {})


def test_period_boundaries():
    period = Period.parse("2026-01")
    assert str(period.previous()) == "2025-12"
    assert period.cutoff == datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    assert (
        str(Period.last_complete(datetime.datetime(2026, 3, 1, 2, tzinfo=datetime.UTC)))
        == "2026-02"
    )
    with pytest.raises(ValueError):
        Period.parse("2026-00")


def test_change_since_previous_period_comes_from_its_published_report(network, period):
    previous = period.previous()
    run = ReportRun.objects.create(period=str(previous), publish=True, trigger="command")
    report_services.generate_period(run=run)
    TransparencyReport.objects.filter(period=str(previous), scope="global").update(
        data={"strategy": {"adopted": 0}}
    )
    _generate(period)
    strategy = TransparencyReport.objects.get(period=str(period), scope="global").data["strategy"]
    assert (strategy["previous"], strategy["change"]) == (0, 1)


def _bigger_network(count, period):
    countries = list(MemberState.objects.order_by("iso3")[:count])
    for state in countries:
        factories.approved_profile(member_state=state, year=period.year, phase=2)
        plan = factories.InvestmentPlanFactory(
            member_state=state, currency="USD", status="approved"
        )
        priority = factories.PriorityFactory(plan=plan, rank=1, component_id=2)
        factories.PriorityCostFactory(priority=priority, year=2024)
        factories.CommitmentFactory(plan=plan, priority=priority, verified_at=_in_period(period))
        resource = factories.ResourceFactory(kind="toolkit")
        resource.member_states.add(state)


@pytest.mark.parametrize("countries", [1, 12])
def test_a_period_runs_a_bounded_number_of_queries(
    db, countries, django_assert_max_num_queries, period
):
    ExchangeRate.objects.update_or_create(currency="USD", year=2024, defaults={"units_per_usd": 1})
    _bigger_network(countries, period)
    run = ReportRun.objects.create(period=str(period), trigger="command")
    with CaptureQueriesContext(connection) as queries:
        report_services.generate_period(run=run)
    assert ReportRun.objects.get(pk=run.pk).reports_done == 7
    # 18 to collect the figures, then a few per report: the same for 1 and 12 countries.
    assert len(queries) <= 60
    with django_assert_max_num_queries(60):
        report_services.generate_period(run=run)


def test_task_retries_on_database_errors_and_continues_its_run(network, monkeypatch, period):
    collect = report_services.collect
    calls = []

    def flaky(period):
        calls.append(period)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return collect(period)

    monkeypatch.setattr(report_services, "collect", flaky)
    result = generate_transparency_reports.apply(kwargs={"period": str(period)}, throw=False)

    assert result.successful(), result.traceback
    assert len(calls) == 2
    run = ReportRun.objects.get()
    assert (run.status, run.reports_done, run.task_id) == ("succeeded", 7, result.id)
    assert TransparencyReport.objects.published().count() == 7


def test_amounts_past_the_rates_are_counted_provisional(network, period, client):
    """A commitment pledged in the period for a year without a published rate is in the totals
    at the latest rate, counted in `rates_provisional`, shown on the page and in the CSV."""
    latest = ExchangeRate.objects.filter(currency="EUR").order_by("-year")[0].year
    factories.CommitmentFactory(
        plan=network["a"],
        currency="EUR",
        year=latest + 1,
        pledged_amount="800.00",
        pledged_on=_in_period(period).date(),
        verified_at=_in_period(period),
    )
    _generate(period)
    world = _report(period, "global")["investments"]
    assert (world["rates_provisional"], world["rates_missing"]) == (1, 0)
    cash = {row["kind"]: row for row in world["commitments"]}["cash"]
    assert (cash["rates_provisional"], cash["count"]) == (1, 5)
    kenya = {row["iso3"]: row for row in _report(period, "AFR")["countries"]}["KEN"]
    assert kenya["rates_provisional"] == 1
    page = client.get(f"/reports/global/{period}/").content.decode()
    assert "Provisional: 1 amount is converted at the latest published rate" in page
    download = client.get(f"/reports/global/{period}/r1.csv").content.decode()
    assert '"commitments","cash","rates_provisional",1' in download
