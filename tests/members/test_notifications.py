import time

import pytest
from django.core import mail

from members import services
from members.models import MemberState
from members.tasks import notify_profile_reviewed, notify_profile_submitted
from members.workflow import ReviewStatus
from tests import factories


def wait_for_mail(count, timeout=15):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.outbox


@pytest.mark.django_db
@pytest.mark.any_day
def test_submitted_mail_goes_to_the_secretariat(settings, kenya, today):
    settings.SECRETARIAT_EMAIL = "review@who.example.org"
    settings.SITE_URL = "https://gidh.example.org"
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, status=ReviewStatus.SUBMITTED
    )
    assert notify_profile_submitted(submission.pk) == 1
    message = mail.outbox[0]
    assert message.to == ["review@who.example.org"]
    assert message.subject == f"Profile submitted for review: Kenya, {today.year}"
    assert f"https://gidh.example.org/profiles/{submission.pk}/" in message.body


@pytest.mark.django_db
def test_reviewed_mail_goes_to_the_country_focal_points_with_the_comment(
    kenya, focal_point_kenya, focal_point_france, secretariat
):
    second = factories.FocalPointFactory(member_state=kenya, email="second.ken@example.org")
    factories.FocalPointFactory(member_state=kenya, email="gone@example.org", is_active=False)
    submission = factories.ProfileSubmissionFactory(
        member_state=kenya, status=ReviewStatus.SUBMITTED
    )
    services.return_profile(submission=submission, by=secretariat, comment="Add the PDF, please.")
    assert notify_profile_reviewed(submission.pk) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([focal_point_kenya.email, second.email])
    assert "returned for changes" in message.subject
    assert "Add the PDF, please." in message.body


@pytest.mark.django_db
def test_tasks_of_a_vanished_submission_send_nothing():
    assert notify_profile_submitted(999999) == 0
    assert notify_profile_reviewed(999999) == 0
    assert mail.outbox == []


def test_review_cycle_sends_every_notification_through_the_real_worker(
    celery_worker, client_for, settings
):
    """Kenya's focal point submits, the secretariat returns, the focal point fixes and
    resubmits, the secretariat approves: four mails, sent by a Celery worker via Redis."""
    settings.SECRETARIAT_EMAIL = "review@who.example.org"
    kenya = MemberState.objects.get(iso3="KEN")
    focal_point = factories.FocalPointFactory(email="focal.ken@example.org", member_state=kenya)
    reviewer = factories.SecretariatFactory(email="secretariat@who.example.org")
    submission = factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=3)
    focal = client_for(focal_point)
    secretariat = client_for(reviewer)
    url = f"/api/v1/profiles/{submission.pk}/"

    assert focal.post(url + "submit/").status_code == 200
    assert wait_for_mail(1)[0].to == ["review@who.example.org"]

    returned = secretariat.post(
        url + "return/", {"comment": "Evidence for indicator 4 is missing."}, "application/json"
    )
    assert returned.status_code == 200
    outbox = wait_for_mail(2)
    assert outbox[1].to == [focal_point.email]
    assert "Evidence for indicator 4 is missing." in outbox[1].body

    version = returned.json()["version"]
    fixed = focal.patch(
        url,
        {"version": version, "answers": [{"indicator": "4", "evidence_note": "See report"}]},
        "application/json",
    )
    assert fixed.status_code == 200
    assert focal.post(url + "submit/").status_code == 200
    assert (
        secretariat.post(url + "approve/", {"comment": "Thanks"}, "application/json").json()[
            "status"
        ]
        == "approved"
    )
    outbox = wait_for_mail(4)
    assert len(outbox) == 4
    assert outbox[2].to == ["review@who.example.org"]
    assert "approved" in outbox[3].subject and outbox[3].to == [focal_point.email]
