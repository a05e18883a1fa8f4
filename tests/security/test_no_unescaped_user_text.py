"""No user text reaches a page unescaped: XSS payloads stored in every user-writable text field
are rendered, escaped, on every page that shows them (public, logged-in and admin pages)."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from investments.models import InvestmentPlan
from members.models import IndicatorAnswer, ProfileSubmission, ReviewEvent
from members.services import create_api_token, return_profile, submit_profile, update_profile
from members.workflow import ReviewStatus
from resources.models import Resource
from tests import factories

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + IMAGE
MARKDOWN = (
    f"{PAYLOAD}\n\n[click](javascript:alert(1))\n\n"
    '<a href="javascript:alert(1)">raw link</a>\n\n![x](javascript:alert(1))\n\n'
    "<iframe src=//evil.example></iframe>"
)
UNESCAPED = [
    re.compile(re.escape(SCRIPT), re.IGNORECASE),
    re.compile(r"<img[^>]*onerror", re.IGNORECASE),
    re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE),
    re.compile(r"<iframe[^>]*evil", re.IGNORECASE),
]
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def on(instance, comment, by):
    ReviewEvent.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        action="return",
        from_status="submitted",
        to_status="returned",
        by=by,
        comment=comment,
    )


@pytest.fixture
def hostile(kenya, focal_point_kenya, partner, secretariat):
    """Every user-writable text field holds the payload."""
    for user in (focal_point_kenya, partner, secretariat):
        user.full_name = PAYLOAD
        user.save()
    organization = partner.organization
    organization.name = PAYLOAD
    organization.acronym = "<b>x</b>"
    organization.save()
    texts = {
        "strategy_title": PAYLOAD,
        "strategy_responsible_body": PAYLOAD,
        "coordination_body_name": PAYLOAD,
        "coordination_ministries_other": PAYLOAD,
        "data_protection_law_name": PAYLOAD,
        "standards_other": PAYLOAD,
    }
    published = factories.approved_profile(member_state=kenya, year=2025, **texts)
    published.answers.update(evidence_note=PAYLOAD)
    draft = factories.ProfileSubmissionFactory(
        member_state=kenya,
        cycle=factories.ReportingCycleFactory(year=2026),
        complete=True,
        phase=2,
        status=ReviewStatus.RETURNED,
        **texts,
    )
    draft.answers.update(evidence_note=PAYLOAD)
    on(draft, PAYLOAD, secretariat)
    plan = factories.InvestmentPlanFactory(
        member_state=kenya, title=PAYLOAD, summary=PAYLOAD, status="approved"
    )
    priority = factories.PriorityFactory(
        plan=plan, rank=1, title=PAYLOAD, description=PAYLOAD, implementing_agency=PAYLOAD
    )
    factories.PriorityCostFactory(priority=priority, year=2024, amount="1000")
    on(plan, PAYLOAD, secretariat)
    commitment = factories.CommitmentFactory(
        plan=plan,
        priority=priority,
        organization=organization,
        recorded_by=partner,
        kind="in_kind",
        in_kind_type="technical_assistance",
        description=PAYLOAD,
        verified_at=timezone.now(),
        verified_by=secretariat,
    )
    resource = factories.ResourceFactory(
        slug="hostile", title=PAYLOAD, summary=PAYLOAD, body=MARKDOWN, publisher=organization
    )
    proposal = factories.ResourceFactory(
        slug="proposal",
        title=PAYLOAD,
        summary=PAYLOAD,
        body=MARKDOWN,
        publisher=organization,
        status="returned",
        proposed_by=partner,
    )
    on(proposal, PAYLOAD, secretariat)
    factories.ResourceFactory(
        slug="submitted", title=PAYLOAD, summary=PAYLOAD, status="submitted", proposed_by=partner
    )
    factories.CommitmentFactory(
        plan=plan, organization=organization, recorded_by=partner, description=PAYLOAD
    )
    # Each submission keeps a version: the version history shows the changed text side by side.
    draft.status = ReviewStatus.DRAFT
    draft.save()
    draft = submit_profile(submission=draft, by=focal_point_kenya)
    draft = return_profile(submission=draft, by=secretariat, comment=PAYLOAD)
    draft = update_profile(
        submission=draft,
        by=focal_point_kenya,
        version=draft.version,
        fields={"strategy_title": PAYLOAD + " (2)", "coordination_body_name": IMAGE},
    )
    draft = submit_profile(submission=draft, by=focal_point_kenya)
    draft = return_profile(submission=draft, by=secretariat, comment=PAYLOAD)
    create_api_token(user=partner, name=PAYLOAD)
    return {
        "published": published,
        "draft": draft,
        "plan": plan,
        "priority": priority,
        "commitment": commitment,
        "resource": resource,
        "proposal": proposal,
        "organization": organization,
        "answer": draft.answers.get(indicator_id="1"),
    }


def pages(h):
    """(who, url) for every page where the stored text appears."""
    draft, plan = h["draft"], h["plan"]
    return [
        (None, "/countries/KEN/"),
        (None, f"/profiles/{h['published'].pk}/"),
        (None, "/investments/"),
        (None, "/investments/needs/"),
        (None, "/investments/partners/"),
        (None, f"/investments/plans/{plan.pk}/"),
        (None, f"/investments/commitments/{h['commitment'].pk}/"),
        (None, "/resources/"),
        (None, "/resources/?q=alert"),
        (None, "/resources/hostile/"),
        (None, "/api/v1/resources/hostile/?format=api"),
        ("focal_point_kenya", "/my-country/"),
        ("focal_point_kenya", f"/profiles/{draft.pk}/"),
        ("focal_point_kenya", f"/profiles/{draft.pk}/edit/strategy/"),
        ("focal_point_kenya", f"/profiles/{draft.pk}/edit/governance/"),
        ("focal_point_kenya", f"/profiles/{draft.pk}/edit/maturity-1/"),
        ("focal_point_kenya", f"/profiles/{draft.pk}/versions/"),
        ("partner", "/account/"),
        ("partner", "/resources/proposal/"),
        ("partner", "/resources/proposal/edit/"),
        ("partner", f"/investments/commitments/{h['commitment'].pk}/"),
        ("secretariat", "/resources/curation/"),
        ("secretariat", "/investments/verification/"),
        ("secretariat", f"/profiles/{draft.pk}/"),
        ("secretariat", "/admin/members/organization/"),
        ("secretariat", f"/admin/members/organization/{h['organization'].pk}/change/"),
        ("secretariat", "/admin/members/user/"),
        ("secretariat", "/admin/members/reviewevent/"),
        ("secretariat", "/admin/members/apitoken/"),
        ("secretariat", "/admin/members/profilesubmission/"),
        ("secretariat", f"/admin/members/profilesubmission/{draft.pk}/change/"),
        ("secretariat", "/admin/investments/investmentplan/"),
        ("secretariat", f"/admin/investments/investmentplan/{plan.pk}/change/"),
        ("secretariat", f"/admin/investments/priority/{h['priority'].pk}/change/"),
        ("secretariat", "/admin/investments/commitment/"),
        ("secretariat", f"/admin/investments/commitment/{h['commitment'].pk}/change/"),
        ("secretariat", "/admin/resources/resource/"),
        ("secretariat", f"/admin/resources/resource/{h['resource'].pk}/change/"),
    ]


@pytest.mark.django_db
def test_stored_payloads_are_escaped_on_every_page(request, client_for, hostile):
    shown = []
    for who, url in pages(hostile):
        user = request.getfixturevalue(who) if who else None
        response = client_for(user).get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        html = response.content.decode()
        for pattern in UNESCAPED:
            match = pattern.search(html)
            assert match is None, (who, url, html[max(match.start() - 200, 0) : match.end() + 50])
        if ESCAPED in html or "&lt;script&gt;" in html:
            shown.append(url)
    missing = [url for _, url in pages(hostile) if url not in shown]
    assert missing == [], f"pages that showed no payload at all: {missing}"


@pytest.mark.django_db
def test_user_links_never_become_javascript_links(client_for, hostile):
    """URL fields only take http(s) through forms, API and admin; a value put into the database
    some other way is still never rendered as a javascript: link."""
    ProfileSubmission.objects.update(strategy_url="javascript:alert(1)")
    IndicatorAnswer.objects.update(source_url="javascript:alert(1)")
    InvestmentPlan.objects.update(strategy_url="javascript:alert(1)")
    Resource.objects.update(link="javascript:alert(1)")
    for url in (
        f"/profiles/{hostile['published'].pk}/",
        f"/investments/plans/{hostile['plan'].pk}/",
        "/resources/hostile/",
        "/resources/",
    ):
        html = client_for(None).get(url).content.decode()
        assert UNESCAPED[2].search(html) is None, url
