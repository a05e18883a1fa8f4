"""The Atom feeds of the public lists (investments/follows/feeds.py): valid Atom, public items
only, a bounded number of queries, and announced on their list pages."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from investments.models import Offer, TransparencyReport

from .. import factories

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, name):
    response = client.get(reverse(f"feeds:{name}"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # well-formed XML, or this raises
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text and feed.find(f"{ATOM}updated") is not None
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def offer(organization, status, title):
    return Offer.objects.create(
        organization=organization,
        title=title,
        kind="training",
        first_year=2026,
        last_year=2027,
        contact_name="Contact",
        contact_email="contact@example.org",
        status=status,
    )


def report(period, status):
    now = timezone.now()
    return TransparencyReport.objects.create(
        scope="global",
        period=period,
        status=status,
        data={},
        generated_at=now,
        data_cutoff=now,
        generator_version="1",
        published_at=now if status == "published" else None,
    )


@pytest.fixture
def lists(kenya, partner):
    factories.ResourceFactory(title="Published guide")
    factories.ResourceFactory(title="Proposed guide", status="submitted", proposed_by=partner)
    factories.InvestmentPlanFactory(member_state=kenya, status="approved", title="Public plan")
    factories.InvestmentPlanFactory(member_state=kenya, title="Draft plan")
    factories.InvestmentPlanFactory(member_state=kenya, status="submitted", title="Sent plan")
    for status in ("open", "draft", "closed"):
        offer(partner.organization, status, f"{status.title()} offer")
    report("2026-10", "published")
    report("2026-11", "draft")


def test_feeds_are_atom_with_public_items_only(client, lists, secretariat, client_for):
    # As the secretariat too: a feed is the same public list for everyone.
    for reader in (client, client_for(secretariat)):
        resources = entries(reader, "resources")
        assert "Published guide" in resources and "Proposed guide" not in resources
        plans = entries(reader, "plans")
        assert any("Public plan" in title for title in plans)
        assert not any("Draft plan" in t or "Sent plan" in t for t in plans)
        offers = entries(reader, "offers")
        assert [title.split(": ")[1] for title in offers] == ["Open offer"]
        assert entries(reader, "reports") == ["Global 2026-10 (r1)"]


def test_feeds_are_bounded_in_queries(client, lists, kenya, partner, django_assert_max_num_queries):
    for n in range(30):
        factories.ResourceFactory(title=f"Guide {n}")
        factories.InvestmentPlanFactory(member_state=kenya, status="approved")
        offer(partner.organization, "open", f"Offer {n}")
    for name in ("resources", "plans", "offers", "reports"):
        with django_assert_max_num_queries(2):
            entries(client, name)


def test_feeds_refuse_writes(client):
    assert client.post(reverse("feeds:plans")).status_code == 405


@pytest.mark.parametrize(
    ("page", "feed"),
    [("/resources/", "resources"), ("/investments/plans/", "plans"), ("/reports/", "reports")],
)
def test_list_pages_announce_their_feed(client, db, page, feed):
    body = client.get(page).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in body
    assert f'href="{reverse(f"feeds:{feed}")}"' in body
