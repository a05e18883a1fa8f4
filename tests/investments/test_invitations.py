"""From a match to a commitment: invitations sent by focal points, accepted (one pledge) or
declined (a reason) by the offer's organization, audited and told by e-mail."""

import threading
import time
from decimal import Decimal as D

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from investments import services
from investments.models import Commitment, Invitation, PriorityFigures
from investments.permissions import can_answer_invitation, can_invite_to_priority
from investments.services.invitations import pledge_year, suggested_amount
from investments.tasks import notify_invitation_answered, notify_invitation_sent
from members.workflow import IllegalTransition

from .. import factories
from .matching_fixtures import make_ask, make_offer


def wait_for_mail(count, timeout=15):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.outbox


@pytest.fixture
def ask(kenya):
    return make_ask(kenya)


@pytest.fixture
def offer(partner):
    return make_offer(
        partner.organization,
        title="Health data help desk",
        kind="cash",
        interventions=["2.2.4"],
        regions=["AFR"],
        capacity="500000.00",
    )


@pytest.mark.django_db
def test_permissions_as_a_table(
    ask, offer, partner, focal_point_kenya, focal_point_france, secretariat, anonymous
):
    invitation = Invitation.objects.create(priority=ask, offer=offer, invited_by=focal_point_kenya)
    other_partner = factories.PartnerMemberFactory()
    table = {
        "anonymous": (anonymous, False, False),
        "partner": (partner, False, True),
        "other partner": (other_partner, False, False),
        "focal point of Kenya": (focal_point_kenya, True, False),
        "focal point of France": (focal_point_france, False, False),
        "secretariat": (secretariat, False, False),
    }
    for role, (user, invites, answers) in table.items():
        assert can_invite_to_priority(user, ask) is invites, role
        assert can_answer_invitation(user, invitation) is answers, role
    draft = make_ask(focal_point_kenya.member_state, status="draft")
    assert not can_invite_to_priority(focal_point_kenya, draft)


@pytest.mark.django_db
def test_focal_point_invites_from_the_matches_page(ask, offer, focal_point_kenya, client_for):
    client = client_for(focal_point_kenya)
    page = client.get(f"/investments/priorities/{ask.pk}/matches/").content.decode()
    assert "Invite" in page
    response = client.post(f"/investments/priorities/{ask.pk}/invite/", {"offer": offer.pk})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.priority, invitation.offer, invitation.invited_by) == (
        ask,
        offer,
        focal_point_kenya,
    )
    assert invitation.status == "invited" and invitation.language == "en"
    page = client.get(f"/investments/priorities/{ask.pk}/matches/").content.decode()
    assert "Invited" in page
    again = client.post(f"/investments/priorities/{ask.pk}/invite/", {"offer": offer.pk})
    assert again.status_code == 302 and Invitation.objects.count() == 1
    sent = client.get("/investments/invitations/").content.decode()
    assert "Health data help desk" in sent and "Invitations your country sent" in sent


@pytest.mark.django_db
def test_an_offer_that_does_not_fit_cannot_be_invited(ask, partner, focal_point_kenya):
    elsewhere = make_offer(partner.organization, components=[1], regions=["EUR"])
    closed = make_offer(partner.organization, components=[1], status="closed")
    for offer in (elsewhere, closed):
        with pytest.raises(IllegalTransition):
            services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_invitation_language_is_the_inviters(ask, offer, focal_point_kenya, client_for):
    client = client_for(focal_point_kenya)
    client.post(
        f"/investments/priorities/{ask.pk}/invite/", {"offer": offer.pk}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert Invitation.objects.get().language == "fr"


@pytest.mark.django_db
def test_accept_records_one_pledge_of_the_capacity_or_the_gap(
    ask, offer, partner, focal_point_kenya, client_for
):
    invitation = services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    client = client_for(partner)
    page = client.get("/investments/invitations/").content.decode()
    assert "Accept and pledge" in page and "Decline" in page
    assert client.post(f"/investments/invitations/{invitation.pk}/accept/").status_code == 302
    commitment = Commitment.objects.get()
    assert commitment.status == "pledged" and commitment.organization == partner.organization
    assert (commitment.priority, commitment.kind, commitment.currency) == (ask, "cash", "USD")
    assert commitment.pledged_amount == D("500000.00")  # the capacity, below the 1.2M gap
    assert commitment.year == pledge_year(ask.plan, offer)
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.commitment == commitment
    again = client.post(f"/investments/invitations/{invitation.pk}/accept/")
    assert again.status_code == 403  # answered: nothing left to accept
    with pytest.raises(IllegalTransition):
        services.accept_invitation(invitation=invitation, by=partner)
    assert Commitment.objects.count() == 1


@pytest.mark.django_db
def test_suggested_amount_is_the_gap_in_the_offer_currency_when_smaller(partner):
    offer = make_offer(
        partner.organization, capacity="2000000.00", currency="EUR", capacity_usd="2500000.00"
    )
    assert suggested_amount(offer, D("1200000.00")) == D("960000.00")
    assert suggested_amount(offer, D("5000000.00")) == D("2000000.00")
    assert suggested_amount(make_offer(partner.organization), D("10.00")) is None


@pytest.mark.django_db
@pytest.mark.any_day
def test_pledge_year_is_this_year_within_the_plan_and_the_offer(kenya, partner, today):
    ask = make_ask(kenya, start_year=2024, end_year=2028)
    offer = make_offer(partner.organization, components=[1], first_year=2025, last_year=2030)
    assert pledge_year(ask.plan, offer) == min(max(today.year, 2025), 2028)
    assert pledge_year(ask.plan, offer, today=timezone.localdate().replace(year=2024)) == 2025


@pytest.mark.django_db
def test_accepting_an_in_kind_offer_without_capacity_needs_an_amount(
    ask, partner, focal_point_kenya, client_for
):
    offer = make_offer(partner.organization, kind="training", interventions=["2.2.4"])
    invitation = services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    client = client_for(partner)
    refused = client.post(f"/investments/invitations/{invitation.pk}/accept/")
    assert refused.status_code == 400 and "give the amount you pledge" in refused.content.decode()
    accepted = client.post(f"/investments/invitations/{invitation.pk}/accept/", {"amount": "75000"})
    assert accepted.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.kind, commitment.in_kind_type) == ("in_kind", "technical_assistance")
    assert commitment.pledged_amount == D("75000.00") and commitment.currency == "USD"


@pytest.mark.django_db
def test_decline_needs_a_reason_and_records_it(ask, offer, partner, focal_point_kenya, client_for):
    invitation = services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    client = client_for(partner)
    url = f"/investments/invitations/{invitation.pk}/decline/"
    assert client.post(url, {"reason": "  "}).status_code == 400
    assert client.post(url, {"reason": "x\x00y"}).status_code == 400
    assert client.post(url, {"reason": "Our budget for 2025 is spent."}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "declined" and invitation.answered_by == partner
    assert invitation.decline_reason == "Our budget for 2025 is spent."
    assert not Commitment.objects.exists()
    page = client_for(focal_point_kenya).get("/investments/invitations/").content.decode()
    assert "Our budget for 2025 is spent." in page and "Declined" in page
    # Declined: the country may invite the organization again.
    services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    assert Invitation.objects.filter(status="invited").count() == 1


@pytest.mark.django_db
def test_invitations_are_audited(ask, offer, partner, focal_point_kenya):
    invitation = services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    services.decline_invitation(invitation=invitation, by=partner, reason="Not this year.")
    events = Invitation.pgh_event_model.objects.filter(pgh_obj=invitation).order_by("pgh_id")
    assert [event.status for event in events] == ["invited", "declined"]


@pytest.mark.django_db
def test_mails_name_the_priority_and_the_answer(ask, offer, partner, focal_point_kenya, settings):
    settings.SITE_URL = "https://gidh.example.org"
    invitation = services.invite_organization(
        priority=ask, offer=offer, by=focal_point_kenya, language="fr"
    )
    partner.language = "fr"
    partner.save(update_fields=["language"])
    # One mail to each member, in their language, and one to the offer's contact.
    assert notify_invitation_sent(invitation.pk) == 2
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == sorted([partner.email, "offers@partner.example.org"])
    assert all(len(message.to) == 1 for message in mail.outbox)
    contact = sent["offers@partner.example.org"]
    assert "Kenya invites" in contact.subject and "Routine health data" in contact.body
    assert "https://gidh.example.org/investments/invitations/" in contact.body
    assert " invite " in sent[partner.email].subject  # « … invite … à une priorité de son plan »
    services.decline_invitation(invitation=invitation, by=partner, reason="Pas cette année.")
    assert notify_invitation_answered(invitation.pk) == 1
    answered = mail.outbox[2]
    assert answered.to == [focal_point_kenya.email]
    assert "Pas cette année." in answered.body
    assert notify_invitation_sent(invitation.pk) == 0  # answered: no invitation mail any more


def _race(*calls):
    """Each call in its own thread (its own database connection), released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=5)
            call()
            outcomes.append("accepted")
        except IllegalTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_concurrent_accepts_record_one_pledge_and_each_side_gets_one_mail(
    celery_worker, kenya, partner, focal_point_kenya, secretariat
):
    """Two members of the organization accept at once (two connections), then once more: one
    pledged commitment; the invitation mail reaches each member and the contact once, the
    acceptance the focal point once (a real worker on Redis); committed and verified, the
    pledge lowers the priority's stored gap by its amount."""
    ask = make_ask(kenya)
    offer = make_offer(
        partner.organization,
        kind="cash",
        interventions=["2.2.4"],
        regions=["AFR"],
        capacity="500000.00",
    )
    colleague = factories.PartnerMemberFactory(organization=partner.organization)
    invitation = services.invite_organization(priority=ask, offer=offer, by=focal_point_kenya)
    invited = wait_for_mail(3)
    assert sorted(message.to[0] for message in invited) == sorted(
        [colleague.email, partner.email, "offers@partner.example.org"]
    )
    gap_before = PriorityFigures.objects.get(priority=ask)
    gap_before = gap_before.cost_usd - gap_before.committed_usd

    outcomes = _race(
        lambda: services.accept_invitation(invitation=invitation, by=partner),
        lambda: services.accept_invitation(invitation=invitation, by=colleague),
    )
    assert outcomes == ["accepted", "refused"]
    with pytest.raises(IllegalTransition):
        services.accept_invitation(invitation=invitation, by=partner)
    commitment = Commitment.objects.get()
    assert commitment.status == "pledged" and commitment.pledged_amount == D("500000.00")

    outbox = wait_for_mail(4)
    time.sleep(1)  # a second acceptance mail would have come by now
    assert len(outbox) == 4
    assert outbox[3].to == [focal_point_kenya.email] and "accepted" in outbox[3].subject

    # The pledge counts in the stored gap once committed and verified, by its amount.
    committed = services.advance_commitment(
        commitment=commitment,
        by=partner,
        version=1,
        amount="500000.00",
        on=timezone.localdate(),
    )
    services.verify_commitment(commitment=committed, by=secretariat, version=committed.version)
    figures = PriorityFigures.objects.get(priority=ask)
    assert gap_before - (figures.cost_usd - figures.committed_usd) == D("500000.00")
