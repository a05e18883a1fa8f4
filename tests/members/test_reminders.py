"""Reminders before a reporting cycle closes, and the secretariat's weekly summary
(members/services/reminders.py, members/tasks.py): each mail at most once, to the right people,
whatever the number of beat runs or workers."""

import datetime
import threading
import time

import pytest
import time_machine
from celery.schedules import crontab
from django.core import mail
from django.db import connection
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from gidh_portal.celery import app as celery_app
from members import services
from members.models import (
    CycleReminder,
    MemberState,
    ProfileSubmission,
    ReminderThreshold,
    ReportingCycle,
    SecretariatSummary,
    due_threshold,
)
from members.tasks import send_cycle_reminders, send_secretariat_summaries
from members.workflow import ReviewStatus

from .. import factories

MORNING = datetime.time(6, 5)
EVENING = datetime.time(18, 5)
DAY = datetime.timedelta(days=1)
SITE = "https://gidh.example.org"


def at(day, moment=MORNING):
    """The clock at `moment` of `day` (UTC), ticking (a worker thread waits on real time)."""
    return time_machine.travel(datetime.datetime.combine(day, moment, tzinfo=datetime.UTC))


def wait_for_mail(count, timeout=15):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return mail.outbox


@pytest.fixture
def eager(monkeypatch, settings):
    """Tasks queued after commit run at once, in the test's thread and transaction."""
    settings.SITE_URL = SITE
    monkeypatch.setattr(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def run(eager, django_capture_on_commit_callbacks):
    """Run a beat task as the scheduler would at `moment` of `day`, with its mails."""

    def run_task(task, day, moment=MORNING):
        with at(day, moment), django_capture_on_commit_callbacks(execute=True):
            return task()

    return run_task


def cycle_closing_on(closes_on, opens_on=None):
    return ReportingCycle.objects.create(
        year=closes_on.year if closes_on.month > 6 else closes_on.year - 1,
        opens_on=opens_on or closes_on - datetime.timedelta(days=120),
        closes_on=closes_on,
    )


def focal_point(iso3, email, **kwargs):
    return factories.FocalPointFactory(
        member_state=MemberState.objects.get(iso3=iso3), email=email, **kwargs
    )


def cast(cycle):
    """Who should and should not be reminded for `cycle`:
    - Kenya: a draft complete but for one governance answer; two active focal points (one
      reads French), a deactivated one;
    - Brazil: returned for changes; India: not started;
    - France: submitted; Germany: approved (never reminded);
    - a partner member and the secretariat (never reminded)."""
    kenya = MemberState.objects.get(iso3="KEN")
    factories.ProfileSubmissionFactory(
        member_state=kenya, cycle=cycle, complete=True, phase=3, coordination_body_exists=None
    )
    for iso3, status in (
        ("BRA", ReviewStatus.RETURNED),
        ("FRA", ReviewStatus.SUBMITTED),
        ("DEU", ReviewStatus.APPROVED),
    ):
        factories.ProfileSubmissionFactory(
            member_state=MemberState.objects.get(iso3=iso3),
            cycle=cycle,
            complete=True,
            phase=2,
            status=status,
        )
    focal_point("KEN", "gone.ken@example.org", is_active=False)
    focal_point("FRA", "focal.fra@example.org")
    focal_point("DEU", "focal.deu@example.org")
    factories.PartnerMemberFactory(email="partner@example.org")
    factories.SecretariatFactory(email="secretariat@who.example.org")
    return {
        focal_point("KEN", "focal.ken@example.org", language="fr").email,
        focal_point("KEN", "second.ken@example.org").email,
        focal_point("BRA", "focal.bra@example.org").email,
        focal_point("IND", "focal.ind@example.org").email,
    }


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


# --- which threshold is due ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closes_on", "day", "expected"),
    [
        # A cycle closing on a leap day: 30 days before is 30 January.
        ("2028-02-29", "2028-01-29", None),
        ("2028-02-29", "2028-01-30", 30),
        ("2028-02-29", "2028-02-21", 30),
        ("2028-02-29", "2028-02-22", 7),
        ("2028-02-29", "2028-02-28", 1),
        ("2028-02-29", "2028-02-29", 1),  # the closing day: the 1-day one if it was missed
        ("2028-02-29", "2028-03-01", None),  # closed
        # A cycle closing next year, seen in December.
        ("2027-01-05", "2026-12-05", None),
        ("2027-01-05", "2026-12-06", 30),
        ("2027-01-05", "2026-12-29", 7),
        ("2027-01-05", "2027-01-04", 1),
    ],
)
def test_due_threshold_is_the_most_urgent_one_reached(closes_on, day, expected):
    closes_on = datetime.date.fromisoformat(closes_on)
    cycle = ReportingCycle(
        year=2027, opens_on=closes_on - datetime.timedelta(days=365), closes_on=closes_on
    )
    assert due_threshold(cycle, datetime.date.fromisoformat(day)) == expected


def test_due_threshold_is_none_before_the_cycle_opens():
    cycle = ReportingCycle(
        year=2027, opens_on=datetime.date(2027, 1, 1), closes_on=datetime.date(2027, 1, 20)
    )
    assert due_threshold(cycle, datetime.date(2026, 12, 31)) is None
    # Opened with less than 30 days to go: the 30-day reminder goes on the first day.
    assert due_threshold(cycle, datetime.date(2027, 1, 1)) == ReminderThreshold.THIRTY_DAYS


# --- a month of beat runs -----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.any_day
def test_twice_a_day_for_a_month_sends_each_reminder_once_to_the_right_people(today, run):
    cycle = cycle_closing_on(today + 31 * DAY)
    expected = cast(cycle)
    sent_on = {}
    for offset in range(34):
        day = today + offset * DAY
        before = len(mail.outbox)
        for moment in (MORNING, EVENING, MORNING):  # and a third, late run of the morning
            run(send_cycle_reminders, day, moment)
        if len(mail.outbox) > before:
            sent_on[offset] = recipients(mail.outbox[before:])
    # 30, 7 and 1 day(s) before closing, each focal point once.
    assert sent_on == {1: sorted(expected), 24: sorted(expected), 30: sorted(expected)}
    rows = CycleReminder.objects.filter(cycle=cycle)
    assert rows.count() == 3 * len(expected)
    assert not rows.filter(sent_at__isnull=True).exists()
    assert sorted(rows.order_by().values_list("threshold", flat=True).distinct()) == [1, 7, 30]


@pytest.mark.django_db
@pytest.mark.any_day
def test_after_days_without_a_run_only_the_most_urgent_reminder_goes(today, run):
    cycle = cycle_closing_on(today + 31 * DAY)
    expected = cast(cycle)
    run(send_cycle_reminders, today)  # 31 days before: nothing due yet
    assert mail.outbox == []
    run(send_cycle_reminders, today + 26 * DAY)  # beat down since: the 7-day one, not the 30
    assert recipients(mail.outbox) == sorted(expected)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "5 days left" in subjects["second.ken@example.org"]
    assert "5 jours restants" in subjects["focal.ken@example.org"]  # in French, her language
    run(send_cycle_reminders, today + 27 * DAY)
    assert len(mail.outbox) == len(expected)
    run(send_cycle_reminders, today + 31 * DAY)  # the closing day: the missed 1-day one
    assert len(mail.outbox) == 2 * len(expected)
    subjects = {message.to[0]: message.subject for message in mail.outbox[-len(expected) :]}
    assert subjects["second.ken@example.org"].startswith("Last day to submit")
    run(send_cycle_reminders, today + 32 * DAY)  # closed
    assert len(mail.outbox) == 2 * len(expected)
    thresholds = CycleReminder.objects.values_list("threshold", flat=True)
    assert sorted(set(thresholds)) == [ReminderThreshold.ONE_DAY, ReminderThreshold.SEVEN_DAYS]


@pytest.mark.django_db
def test_a_cycle_closing_on_a_leap_day_reminds_on_30_january_22_and_28_february(run):
    cycle = cycle_closing_on(datetime.date(2028, 2, 29), opens_on=datetime.date(2027, 9, 1))
    expected = cast(cycle)
    days = []
    day = datetime.date(2028, 1, 1)
    while day <= datetime.date(2028, 3, 2):
        before = len(mail.outbox)
        run(send_cycle_reminders, day)
        if len(mail.outbox) > before:
            assert recipients(mail.outbox[before:]) == sorted(expected)
            days.append(day.isoformat())
        day += DAY
    assert days == ["2028-01-30", "2028-02-22", "2028-02-28"]


@pytest.mark.django_db
def test_a_cycle_closing_next_year_reminds_in_december_and_january(run):
    cycle = cycle_closing_on(datetime.date(2027, 1, 5), opens_on=datetime.date(2026, 6, 1))
    cast(cycle)
    days = []
    day = datetime.date(2026, 11, 30)
    while day <= datetime.date(2027, 1, 10):
        before = len(mail.outbox)
        run(send_cycle_reminders, day)
        if len(mail.outbox) > before:
            days.append(day.isoformat())
        day += DAY
    assert days == ["2026-12-06", "2026-12-29", "2027-01-04"]


@pytest.mark.django_db
@pytest.mark.any_day
def test_a_profile_submitted_stops_the_reminders_and_a_new_focal_point_catches_up(today, run):
    cycle = cycle_closing_on(today + 31 * DAY)
    cast(cycle)
    run(send_cycle_reminders, today + DAY)
    assert "focal.ken@example.org" in recipients(mail.outbox)
    ProfileSubmission.objects.filter(member_state="KEN", cycle=cycle).update(
        status=ReviewStatus.SUBMITTED
    )
    newcomer = focal_point("BRA", "new.bra@example.org")
    before = len(mail.outbox)
    run(send_cycle_reminders, today + 2 * DAY)  # the newcomer gets the 30-day one, alone
    assert recipients(mail.outbox[before:]) == [newcomer.email]
    before = len(mail.outbox)
    run(send_cycle_reminders, today + 24 * DAY)
    assert "focal.ken@example.org" not in recipients(mail.outbox[before:])
    assert "second.ken@example.org" not in recipients(mail.outbox[before:])
    assert recipients(mail.outbox[before:]) == sorted(
        ["focal.bra@example.org", "focal.ind@example.org", newcomer.email]
    )


@pytest.mark.django_db
def test_a_reminder_recorded_for_a_profile_submitted_since_is_not_mailed(
    today, eager, django_capture_on_commit_callbacks
):
    cycle = cycle_closing_on(today + 7 * DAY)
    cast(cycle)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.record_cycle_reminders(day=today)
    ProfileSubmission.objects.filter(member_state="KEN", cycle=cycle).update(
        status=ReviewStatus.SUBMITTED
    )
    for callback in callbacks:
        callback()
    assert "focal.ken@example.org" not in recipients(mail.outbox)
    assert len(mail.outbox) == 2  # Brazil and India
    assert CycleReminder.objects.filter(sent_at__isnull=True).count() == 2  # Kenya's


# --- what a reminder says -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reminder_lists_what_is_missing_in_the_focal_points_language(today, run):
    cycle = cycle_closing_on(today + 7 * DAY)
    cast(cycle)
    run(send_cycle_reminders, today)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    kenya = ProfileSubmission.objects.get(member_state="KEN", cycle=cycle)

    english = by_recipient["second.ken@example.org"]
    assert english.subject == f"7 days left to submit the {cycle.year} profile of Kenya"
    assert "Still to answer:" in english.body
    assert f"Governance — {SITE}/profiles/{kenya.pk}/edit/governance/" in english.body
    assert "  - a national digital health coordination body exists" in english.body
    assert "National strategy" not in english.body  # complete sections are not listed
    assert f"Open the profile: {SITE}/profiles/{kenya.pk}/" in english.body

    french = by_recipient["focal.ken@example.org"]
    assert f"Gouvernance — {SITE}/profiles/{kenya.pk}/edit/governance/" in french.body
    assert f"Ouvrir le profil : {SITE}/profiles/{kenya.pk}/" in french.body
    assert "Kenya" in french.subject

    india = by_recipient["focal.ind@example.org"]
    assert "The profile is not started yet." in india.body
    assert f"{SITE}/my-country/" in india.body
    assert "India" in india.subject

    brazil = by_recipient["focal.bra@example.org"]
    assert "returned the profile for changes" in brazil.body
    assert "Every question is answered" in brazil.body


# --- concurrency --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_concurrent_runs_record_and_send_each_reminder_once(today, eager):
    cycle = cycle_closing_on(today + 7 * DAY)
    expected = cast(cycle)
    start = threading.Barrier(4)
    recorded = []

    def beat_run():
        try:
            start.wait()
            recorded.append(services.record_cycle_reminders(day=today))
        finally:
            connection.close()

    threads = [threading.Thread(target=beat_run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [pk for batch in recorded for pk in batch]
    assert len(recorded) == 4
    assert len(ids) == len(set(ids)) == len(expected)
    assert recipients(mail.outbox) == sorted(expected)


def test_recording_reminders_takes_the_same_queries_for_few_and_many_focal_points(
    db, today, django_assert_num_queries, django_capture_on_commit_callbacks
):
    cycle = cycle_closing_on(today + 7 * DAY)
    cast(cycle)
    # SAVEPOINT/RELEASE, the open cycles, one INSERT … SELECT per open cycle.
    with django_assert_num_queries(4), django_capture_on_commit_callbacks() as few:
        services.record_cycle_reminders(day=today)
    CycleReminder.objects.all().delete()
    for number in range(30):
        focal_point("KEN", f"more.ken.{number}@example.org")
    with django_assert_num_queries(4), django_capture_on_commit_callbacks() as many:
        services.record_cycle_reminders(day=today)
    assert (len(few), len(many)) == (4, 34)


# --- the secretariat's weekly summary -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.any_day
def test_the_weekly_summary_goes_once_a_week_with_the_countries_by_region(today, run):
    cycle = cycle_closing_on(today + 31 * DAY)
    cast(cycle)
    factories.SecretariatFactory(email="second.secretariat@who.example.org", language="ar")
    factories.UserFactory(email="staff.not.secretariat@who.example.org", is_staff=True)
    weeks = set()
    for offset in range(40):
        day = today + offset * DAY
        for moment in (MORNING, EVENING):  # even when run every day, twice
            run(send_secretariat_summaries, day, moment)
        if day <= cycle.closes_on:
            weeks.add(day - datetime.timedelta(days=day.weekday()))
    assert len(mail.outbox) == 2 * len(weeks)
    assert recipients(mail.outbox) == sorted(
        ["second.secretariat@who.example.org", "secretariat@who.example.org"] * len(weeks)
    )
    assert SecretariatSummary.objects.count() == 2 * len(weeks)

    body = next(m.body for m in mail.outbox if m.to == ["secretariat@who.example.org"])
    total = MemberState.objects.count()
    assert f"Member states that have not submitted: {total - 2} of {total}." in body
    africa = MemberState.objects.filter(who_region="AFR").count()
    assert f"AFR — African Region ({africa}/{africa})" in body
    assert "  - Kenya: Draft" in body
    assert "  - Brazil: Returned" in body
    assert "  - India: not started" in body
    assert "France" not in body and "Germany" not in body
    arabic = next(m.body for m in mail.outbox if m.to == ["second.secretariat@who.example.org"])
    assert "مسودة" in arabic  # "Draft"


@pytest.mark.django_db
def test_no_weekly_summary_without_an_open_cycle(today, run):
    cycle_closing_on(today - DAY)
    factories.SecretariatFactory(email="secretariat@who.example.org")
    run(send_secretariat_summaries, today)
    assert mail.outbox == []


# --- the real worker ----------------------------------------------------------------------------


def test_a_month_of_beat_runs_through_a_real_worker_sends_each_mail_once(
    celery_worker, settings, today
):
    """Twice a day for a month, the beat tasks go through Redis to a Celery worker, which
    records the reminders and mails them after commit; the summary on Mondays."""
    settings.SITE_URL = SITE
    cycle = cycle_closing_on(today + 31 * DAY)
    expected = cast(cycle)
    reminders = summaries = 0
    for offset in range(33):
        day = today + offset * DAY
        for moment in (MORNING, EVENING):
            with at(day, moment):
                reminders += send_cycle_reminders.delay().get(timeout=10)
                if day.weekday() == 0:
                    summaries += send_secretariat_summaries.delay().get(timeout=10)
                wait_for_mail(reminders + summaries)
    assert reminders == 3 * len(expected)
    assert summaries == len([o for o in range(32) if (today + o * DAY).weekday() == 0])
    time.sleep(0.5)  # nothing more arrives
    # Some focal points read their mail in French or Arabic: tell reminders by recipient.
    summary_recipients = {"secretariat@who.example.org"}
    reminder_mails = [m for m in mail.outbox if m.to[0] not in summary_recipients]
    assert len(mail.outbox) == reminders + summaries == len(reminder_mails) + summaries
    assert sorted(recipients(reminder_mails)) == sorted(sorted(expected) * 3)
    assert not CycleReminder.objects.filter(sent_at__isnull=True).exists()


# --- the beat schedule --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("task", "schedule"),
    [
        ("members.send_cycle_reminders", crontab(minute=5, hour=6)),
        ("members.send_secretariat_summaries", crontab(minute=20, hour=6, day_of_week=1)),
    ],
)
def test_the_reminders_are_in_the_beat_schedule(task, schedule):
    periodic = PeriodicTask.objects.get(task=task)
    assert periodic.enabled and str(periodic.crontab.timezone) == "UTC"
    entry = ModelEntry(periodic, app=celery_app)
    assert entry.task in celery_app.tasks
    assert entry.schedule == schedule


# --- the admin ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_lists_the_reminders_sent_read_only(
    today, run, client_for, django_assert_max_num_queries
):
    cycle = cycle_closing_on(today + 7 * DAY)
    cast(cycle)
    run(send_cycle_reminders, today)
    secretariat = client_for(factories.SecretariatFactory(email="reader@who.example.org"))
    with django_assert_max_num_queries(20):
        page = secretariat.get("/admin/members/cyclereminder/")
    assert page.status_code == 200
    assert "India" in page.content.decode()
    assert secretariat.get("/admin/members/cyclereminder/add/").status_code == 403
    reminder = CycleReminder.objects.first()
    assert (
        secretariat.post(f"/admin/members/cyclereminder/{reminder.pk}/delete/").status_code == 403
    )


# --- the language of a user's e-mails -----------------------------------------------------------


@pytest.mark.django_db
def test_a_focal_point_chooses_the_language_of_their_reminders_on_the_account_page(
    today, run, client_for
):
    cycle = cycle_closing_on(today + 7 * DAY)
    cast(cycle)
    user = MemberState.objects.get(iso3="IND").focal_points.get()
    india = client_for(user)
    page = india.get("/account/")
    assert 'name="language"' in page.content.decode()
    assert india.post("/account/language/", {"language": "xx"}).status_code == 400
    assert india.post("/account/language/", {"language": "es"}).status_code == 302
    user.refresh_from_db()
    assert user.language == "es"
    run(send_cycle_reminders, today)
    message = next(m for m in mail.outbox if m.to == [user.email])
    assert "Abrir el perfil:" in message.body
    assert india.post("/account/language/", {"language": ""}).status_code == 302
    user.refresh_from_db()
    assert user.language == ""
