"""Follows and digests (investments/follows/): the follow buttons, the Following page, the
digest of what changed (only what its reader may see), sent once a period, and the one-click
unsubscribe that needs no login."""

import datetime
import html
import threading
import time

import pytest
import time_machine
from celery.schedules import crontab
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import ModelEntry

from gidh_portal.celery import app as celery_app
from investments.follows import services
from investments.follows.tokens import unsubscribe_token
from investments.models import DigestPreference, DigestSent, Follow, InvestmentPlan
from investments.tasks import send_due_digests

from .. import factories

DAY = datetime.timedelta(days=1)


def follow(user, **target):
    kind, obj = next(iter(target.items()))
    return services.follow(user=user, kind=kind, target=obj)


def digest_of(user, *, now=None):
    """Send `user`'s digest and return its mail (None when none went out)."""
    before = len(mail.outbox)
    services.send_digest(user=user, now=now)
    sent = mail.outbox[before:]
    assert len(sent) <= 1
    return sent[0] if sent else None


def html_of(message):
    return html.unescape(next(body for body, kind in message.alternatives if kind == "text/html"))


# --- the model ------------------------------------------------------------------------------


def test_a_follow_has_exactly_one_target_once_a_user(focal_point_kenya, kenya):
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=focal_point_kenya)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=focal_point_kenya, member_state=kenya, plan=plan)
    Follow.objects.create(user=focal_point_kenya, member_state=kenya)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=focal_point_kenya, member_state=kenya)


def test_following_twice_keeps_one_follow_and_sets_the_email_language(partner, kenya):
    # A user who has not chosen the language of their e-mails gets the page's of a first follow.
    partner.language = ""
    partner.save(update_fields=["language"])
    services.follow(user=partner, kind="member_state", target=kenya, language="fr")
    services.follow(user=partner, kind="member_state", target=kenya, language="es")
    assert Follow.objects.filter(user=partner).count() == 1
    assert DigestPreference.objects.get(user=partner).frequency == "weekly"
    partner.refresh_from_db()
    assert partner.language == "fr"


# --- the buttons and the Following page -----------------------------------------------------


def test_the_buttons_follow_what_the_user_may_see_and_no_more(
    client_for, kenya, focal_point_kenya, focal_point_france
):
    draft = factories.InvestmentPlanFactory(member_state=kenya, title="Kenya's draft")
    url = reverse("follows:follow-create", kwargs={"kind": "plan", "pk": draft.pk})
    assert client_for(focal_point_france).post(url).status_code == 404
    response = client_for(focal_point_kenya).post(url, {"next": draft.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert Follow.objects.filter(user=focal_point_kenya, plan=draft).exists()
    # An address of another site is not followed back.
    response = client_for(focal_point_kenya).post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("follows:following")
    bad_kind = reverse("follows:follow-create", kwargs={"kind": "user", "pk": draft.pk})
    assert client_for(focal_point_kenya).post(bad_kind).status_code == 404
    assert Client().post(url).status_code == 302  # to the login page
    assert Follow.objects.count() == 1

    unfollow = reverse("follows:follow-delete", kwargs={"kind": "plan", "pk": draft.pk})
    assert client_for(focal_point_kenya).post(unfollow).status_code == 302
    assert not Follow.objects.exists()


def test_pages_show_the_follow_button_to_signed_in_users(client_for, kenya, partner):
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    priority = factories.PriorityFactory(plan=plan, title="Immunization registry")
    resource = factories.ResourceFactory(title="FHIR guide")
    pages = {
        kenya.get_absolute_url(): ("member_state", kenya.pk),
        plan.get_absolute_url(): ("plan", plan.pk),
        resource.get_absolute_url(): ("resource", resource.pk),
    }
    for path, (kind, pk) in pages.items():
        action = reverse("follows:follow-create", kwargs={"kind": kind, "pk": pk})
        assert action in client_for(partner).get(path).content.decode(), path
        assert action not in Client().get(path).content.decode(), path
    priority_action = reverse(
        "follows:follow-create", kwargs={"kind": "priority", "pk": priority.pk}
    )
    assert priority_action in client_for(partner).get(plan.get_absolute_url()).content.decode()
    follow(partner, member_state=kenya)
    unfollow = reverse("follows:follow-delete", kwargs={"kind": "member_state", "pk": kenya.pk})
    assert unfollow in client_for(partner).get(kenya.get_absolute_url()).content.decode()


def test_the_partners_page_follows_the_selected_organization(client_for, partner, kenya):
    organization = partner.organization
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    factories.CommitmentFactory(plan=plan, organization=organization, verified_at=timezone.now())
    page = client_for(partner).get(f"/investments/partners/?organization={organization.pk}")
    action = reverse(
        "follows:follow-create", kwargs={"kind": "organization", "pk": organization.pk}
    )
    assert action in page.content.decode()


def test_the_following_page_lists_follows_in_bounded_queries(
    client_for, partner, kenya, france, django_assert_max_num_queries
):
    client = client_for(partner)
    follow(partner, member_state=kenya)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("follows:following")).status_code == 200
    for country in (
        france,
        *factories.MemberState.objects.exclude(pk__in=[kenya.pk, france.pk])[:10],
    ):
        follow(partner, member_state=country)
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    follow(partner, plan=plan)
    follow(partner, priority=factories.PriorityFactory(plan=plan))
    follow(partner, resource=factories.ResourceFactory(title="Followed resource"))
    follow(partner, organization=partner.organization)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("follows:following"))
    body = page.content.decode()
    assert "Followed resource" in body and kenya.name in body
    assert body.count(reverse("follows:follow-delete", kwargs={"kind": "plan", "pk": plan.pk})) == 1


def test_the_digest_preference_is_saved_from_the_following_page(client_for, partner):
    client = client_for(partner)
    url = reverse("follows:digest-preference")
    assert client.post(url, {"frequency": "sometimes"}).status_code == 400
    response = client.post(url, {"frequency": "daily"})
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=partner).frequency == "daily"
    assert "daily e-mail digest" in client.get(reverse("members:account")).content.decode()


# --- the digest: only what its reader may see ------------------------------------------------


@pytest.fixture
def kenya_followed(kenya, focal_point_kenya, focal_point_france, secretariat, partner):
    """Kenya followed by its own focal point, France's, the secretariat and a partner; then
    (after their follows, so in their digests) a draft plan and a published plan of Kenya."""
    readers = [focal_point_kenya, focal_point_france, secretariat, partner]
    for user in readers:
        follow(user, member_state=kenya)
    DigestSent.objects.bulk_create(
        DigestSent(user=u, period="before", since=timezone.now() - DAY, sent_at=timezone.now())
        for u in readers
    )
    draft = factories.InvestmentPlanFactory(member_state=kenya, title="Kenya's draft plan")
    published = factories.InvestmentPlanFactory(
        member_state=kenya, status="approved", title="Kenya's published plan"
    )
    return draft, published


def test_a_digest_lists_a_followed_draft_plan_only_to_who_may_see_it(
    kenya_followed, focal_point_kenya, focal_point_france, secretariat, partner
):
    for user in (focal_point_kenya, secretariat):
        message = digest_of(user)
        assert "Kenya's draft plan" in message.body and "Kenya's published plan" in message.body
        assert "Kenya's draft plan" in html_of(message)
    for user in (focal_point_france, partner):
        message = digest_of(user)
        assert "Kenya's published plan" in message.body
        assert "Kenya's draft plan" not in message.body + html_of(message)


def test_a_followed_draft_plan_is_invisible_in_the_digest_of_another_country(
    kenya, focal_point_kenya, focal_point_france
):
    """France's focal point follows Kenya; only Kenya's draft changes: no digest at all."""
    follow(focal_point_france, member_state=kenya)
    follow(focal_point_kenya, member_state=kenya)
    since = timezone.now() - DAY
    for user in (focal_point_france, focal_point_kenya):
        DigestSent.objects.create(user=user, period="before", since=since, sent_at=timezone.now())
    draft = factories.InvestmentPlanFactory(member_state=kenya, title="Only a draft")
    factories.PriorityFactory(plan=draft, title="Draft priority")
    assert digest_of(focal_point_france) is None
    assert DigestSent.objects.get(user=focal_point_france, period__contains="W").item_count == 0
    assert "Only a draft" in digest_of(focal_point_kenya).body


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_a_followed_priority_shows_its_changes_from_the_audit_trail(focal_point_kenya, kenya):
    """Priorities have no `updated_at`: their changes (and their costs') come from the audit
    trail's events, each committed on its own here as in production."""
    plan = factories.InvestmentPlanFactory(member_state=kenya, status="approved")
    priority = factories.PriorityFactory(plan=plan, title="Health worker registry")
    follow(focal_point_kenya, priority=priority)
    now = timezone.now()
    DigestSent.objects.create(user=focal_point_kenya, period="before", since=now, sent_at=now)
    InvestmentPlan.objects.filter(pk=plan.pk).update(updated_at=now - DAY)
    assert digest_of(focal_point_kenya) is None  # nothing changed since
    factories.PriorityCostFactory(priority=priority, year=2026, amount="5000.00")
    message = digest_of(focal_point_kenya, now=timezone.now() + 8 * DAY)
    assert "Health worker registry" in message.body


def test_the_digest_is_in_the_users_language_with_a_one_click_unsubscribe(
    kenya_followed, partner, settings
):
    services.set_digest_preference(user=partner, frequency="daily")
    partner.language = "fr"
    partner.save(update_fields=["language"])
    message = digest_of(partner)
    token = unsubscribe_token(partner)
    url = settings.SITE_URL + reverse("follows:digest-unsubscribe", kwargs={"token": token})
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url in html_of(message)
    assert 'lang="fr"' in html_of(message)
    assert message.to == [partner.email]


# --- once a period ----------------------------------------------------------------------------

NOW = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.mark.parametrize(
    ("now", "daily", "weekly"),
    [
        (NOW, "2026-12-07", "2026-W50"),
        (datetime.datetime(2028, 2, 29, 23, 59, tzinfo=datetime.UTC), "2028-02-29", "2028-W09"),
        (datetime.datetime(2027, 1, 1, 0, 0, tzinfo=datetime.UTC), "2027-01-01", "2026-W53"),
    ],
)
def test_periods_are_utc_days_and_iso_weeks(now, daily, weekly):
    assert services.period_of("daily", now) == daily
    assert services.period_of("weekly", now) == weekly


def test_a_digest_is_sent_once_a_period_however_many_runs(kenya, partner):
    with time_machine.travel(NOW, tick=False):
        follow(partner, member_state=kenya)
        services.set_digest_preference(user=partner, frequency="daily")
        factories.InvestmentPlanFactory(member_state=kenya, status="approved", title="First plan")
    for hour in range(5):
        with time_machine.travel(NOW + datetime.timedelta(hours=hour), tick=False):
            services.send_digest(user=partner)
            assert partner.pk not in services.due_digest_user_ids()
    assert len(mail.outbox) == 1 and "First plan" in mail.outbox[0].body
    with time_machine.travel(NOW + DAY, tick=False):
        assert partner.pk in services.due_digest_user_ids()
        factories.InvestmentPlanFactory(
            member_state=kenya, status="approved", title="Next day's plan"
        )
    with time_machine.travel(NOW + DAY + datetime.timedelta(hours=1), tick=False):
        message = digest_of(partner)
    # The next day's digest lists only what changed after the first.
    assert "Next day's plan" in message.body and "First plan" not in message.body


def test_no_digest_for_who_chose_none_or_follows_nothing(kenya_followed, partner, secretariat):
    services.set_digest_preference(user=partner, frequency="none")
    lonely = factories.PartnerMemberFactory(email="lonely@example.org")
    DigestPreference.objects.create(user=lonely, frequency="daily")
    due = services.due_digest_user_ids()
    assert partner.pk not in due and lonely.pk not in due and secretariat.pk in due
    assert digest_of(partner) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_concurrent_runs_send_one_digest(kenya_followed, partner):
    """Two workers (two real connections) send the same user's digest at once: one mail."""
    results, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(services.send_digest(user=partner, now=NOW))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r is None for r in results) == [False, True]
    assert DigestSent.objects.filter(user=partner, period="2026-W50").count() == 1
    assert len(mail.outbox) == 1


# --- unsubscribe without a session ------------------------------------------------------------


def test_unsubscribe_works_without_a_session(partner):
    DigestPreference.objects.create(user=partner, frequency="daily")
    url = reverse("follows:digest-unsubscribe", kwargs={"token": unsubscribe_token(partner)})
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.get(url).status_code == 200
    assert DigestPreference.objects.get(user=partner).frequency == "daily"  # a GET changes nothing
    response = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.content.decode()
    assert DigestPreference.objects.get(user=partner).frequency == "none"


def test_a_tampered_unsubscribe_token_is_refused_with_a_clear_page(partner, focal_point_kenya):
    DigestPreference.objects.create(user=focal_point_kenya, frequency="daily")
    token = unsubscribe_token(partner)
    value, signature = token.rsplit(":", 1)
    forged = unsubscribe_token(focal_point_kenya).rsplit(":", 1)[0] + ":" + signature
    for bad in (forged, value + ":" + "x" * len(signature), "nonsense"):
        url = reverse("follows:digest-unsubscribe", kwargs={"token": bad})
        response = Client().post(url)
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert DigestPreference.objects.get(user=focal_point_kenya).frequency == "daily"


# --- the beat schedule and a real worker ------------------------------------------------------


def test_the_digests_are_in_the_beat_schedule_hourly(db):
    periodic = PeriodicTask.objects.get(task="investments.send_due_digests")
    entry = ModelEntry(periodic, app=celery_app)
    assert entry.schedule == crontab(minute=23)


def test_a_real_worker_sends_the_due_digests(celery_worker, kenya, focal_point_kenya, partner):
    for user in (focal_point_kenya, partner):
        follow(user, member_state=kenya)
        DigestSent.objects.create(
            user=user, period="before", since=timezone.now() - DAY, sent_at=timezone.now()
        )
    factories.InvestmentPlanFactory(member_state=kenya, title="Draft seen by the worker")
    factories.InvestmentPlanFactory(member_state=kenya, status="approved", title="Public plan")
    assert send_due_digests.delay().get(timeout=20) == 2
    deadline = time.monotonic() + 20
    while DigestSent.objects.exclude(period="before").count() < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert send_due_digests.delay().get(timeout=20) == 0  # both claimed this period
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {focal_point_kenya.email, partner.email}
    assert "Draft seen by the worker" in bodies[focal_point_kenya.email]
    assert "Draft seen by the worker" not in bodies[partner.email]
    assert "Public plan" in bodies[partner.email]
