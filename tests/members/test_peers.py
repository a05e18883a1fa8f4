"""Peers to learn from (members/peers.py): the selector, the country page, "My country", the
full list and the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import GdhmIndicator, MemberState
from members.peers import peers_by_indicator
from members.workflow import ReviewStatus
from tests import factories

pytestmark = pytest.mark.django_db

FIRST = "1"  # the first GDHM indicator


def state(iso3):
    return MemberState.objects.get(iso3=iso3)


def published(iso3, *, phase=3, year=None, phases=None, **kwargs):
    """A published profile of `iso3` at `phase` everywhere, `phases` ({code: phase}) aside."""
    profile = factories.approved_profile(member_state=state(iso3), year=year, phase=phase, **kwargs)
    for code, value in (phases or {}).items():
        profile.answers.filter(indicator_id=code).update(phase=value)
    return profile


def peers_on(member_state, code=FIRST, **options):
    items = {item["indicator"]: item for item in peers_by_indicator(member_state, **options)}
    return items[code]["peers"] if code in items else None


@pytest.mark.any_day
def test_a_phase_1_country_sees_a_peer_whenever_a_published_profile_is_at_phase_4(kenya):
    published("KEN", phase=1)
    assert peers_on(kenya) == []
    published("BRA", phase=2, phases={FIRST: 4})
    [peer] = peers_on(kenya)
    assert (peer["iso3"], peer["phase"], peer["nearness"]) == ("BRA", 4, "world")
    # Brazil is at phase 2 elsewhere: a peer on the first indicator only.
    assert all(item["peers"] == [] for item in peers_by_indicator(kenya)[1:])


@pytest.mark.any_day
def test_peers_are_nearest_first_region_then_income_group_then_world(kenya):
    published("KEN", phase=1)
    published("FRA", phase=5)  # EUR, high income: the world, highest phase
    published("IND", phase=4)  # SEAR, lower-middle income like Kenya
    published("UGA", phase=4)  # AFR, low income: Kenya's region
    published("NGA", phase=5)  # AFR, lower-middle income: region, higher phase first
    peers = peers_on(kenya)
    assert [(p["iso3"], p["nearness"]) for p in peers] == [
        ("NGA", "region"),
        ("UGA", "region"),
        ("IND", "income_group"),
        ("FRA", "world"),
    ]
    assert [p["iso3"] for p in peers_on(kenya, per_indicator=2)] == ["NGA", "UGA"]
    assert peers_by_indicator(kenya, per_indicator=2)[0]["total"] == 4


@pytest.mark.any_day
def test_nothing_of_an_unpublished_profile_is_a_peer_or_gets_peers(kenya, today):
    published("KEN", phase=1)
    for iso3, status in (("FRA", ReviewStatus.DRAFT), ("IND", ReviewStatus.SUBMITTED)):
        factories.ProfileSubmissionFactory(
            member_state=state(iso3), complete=True, phase=5, status=status
        )
    factories.ProfileSubmissionFactory(
        member_state=state("UGA"), complete=True, phase=5, status=ReviewStatus.RETURNED
    )
    # Nigeria was at phase 5 two cycles ago; its published (latest approved) profile says 2.
    published("NGA", phase=5, year=today.year - 3)
    published("NGA", phase=2, year=today.year - 2)
    assert peers_on(kenya) == []
    # A country whose only profile is a draft at phase 1 has no peers to show.
    factories.ProfileSubmissionFactory(member_state=state("TZA"), complete=True, phase=1)
    published("BRA", phase=5)
    assert peers_by_indicator(state("TZA")) == []


@pytest.mark.any_day
def test_a_newer_draft_does_not_change_the_published_phase(kenya, today):
    published("KEN", phase=1, year=today.year - 1)
    factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=5)
    published("BRA", phase=5, year=today.year - 1)
    assert [p["iso3"] for p in peers_on(kenya)] == ["BRA"]


def test_peers_carry_the_published_evidence(kenya):
    published("KEN", phase=2)
    brazil = published("BRA", phase=5)
    brazil.answers.filter(indicator_id=FIRST).update(
        evidence_note="Brazil's national digital health committee, since 2019.",
        source_url="https://saude.example.org/committee",
    )
    [peer] = peers_on(kenya)
    assert peer["evidence_note"] == "Brazil's national digital health committee, since 2019."
    assert peer["source_url"] == "https://saude.example.org/committee"
    assert peer["evidence_document_url"] == ""
    assert peer["cycle_year"] == brazil.cycle.year


def test_the_selector_reads_in_two_queries_whatever_the_number_of_countries(
    kenya, django_assert_num_queries
):
    published("KEN", phase=1)
    published("BRA", phase=5)
    with django_assert_num_queries(2):
        one = peers_by_indicator(kenya)
    for iso3 in ("FRA", "IND", "UGA", "NGA", "TZA", "DEU", "ITA", "ESP"):
        published(iso3, phase=4)
    with django_assert_num_queries(2):
        many = peers_by_indicator(kenya)
    assert len(many[0]["peers"]) == 9 > len(one[0]["peers"])
    assert len(many) == GdhmIndicator.objects.count()


# --- pages and API -------------------------------------------------------------------------------


@pytest.fixture
def kenya_with_peers(kenya):
    published("KEN", phase=1)
    published("FRA", phase=5)
    published("IND", phase=4)
    published("UGA", phase=4)
    published("NGA", phase=5)
    draft = factories.ProfileSubmissionFactory(member_state=state("BRA"), complete=True, phase=5)
    draft.answers.update(evidence_note="Leak check: Brazil's unpublished evidence")
    return kenya


def test_the_country_page_shows_three_peers_per_indicator_and_a_link_to_all(
    client, kenya_with_peers
):
    response = client.get("/countries/KEN/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Peers to learn from" in html
    section = html[html.index('id="peers-1"') : html.index('id="peers-2"')]
    assert section.index("Nigeria") < section.index("Uganda") < section.index("India")
    assert "France" not in section
    assert 'href="/countries/KEN/peers/?indicator=1"' in section
    assert "Brazil" not in html and "Leak check" not in html
    assert "Ask for an exchange" not in html


def test_the_peers_page_lists_the_first_peers_of_each_indicator_and_all_of_one(
    client, kenya_with_peers, monkeypatch
):
    monkeypatch.setattr("investments.country_page.LIST_PEERS", 2)
    html = client.get("/countries/KEN/peers/").content.decode()
    section = html[html.index('id="peers-1"') : html.index('id="peers-2"')]
    assert section.index("Nigeria") < section.index("Uganda")
    assert "India" not in section and "France" not in section
    assert 'href="/countries/KEN/peers/?indicator=1"' in section
    assert "All 4 peers on indicator 1" in section

    response = client.get("/countries/KEN/peers/?indicator=1")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="peers-1"' in html and 'id="peers-2"' not in html
    assert html.index("Nigeria") < html.index("Uganda") < html.index("India") < html.index("France")
    assert "All 4 peers" not in html
    assert "Brazil" not in html and "Leak check" not in html


def test_the_peers_page_of_what_is_not_an_indicator_lists_none_and_redirects_to_the_code(
    client, kenya_with_peers
):
    assert client.get("/countries/KEN/peers/?indicator=1%00").status_code == 400
    for code in ("one", "9" * 5000):
        html = client.get(f"/countries/KEN/peers/?indicator={code}").content.decode()
        assert 'id="peers-1"' not in html and "Nigeria" not in html
    response = client.get("/countries/ken/peers/?indicator=1")
    assert response.status_code == 301
    assert response["Location"] == "/countries/KEN/peers/?indicator=1"
    assert client.get("/countries/XXX/peers/").status_code == 404


def test_a_peers_evidence_is_escaped_and_cut_at_forty_words(client, kenya):
    published("KEN", phase=2)
    brazil = published("BRA", phase=5)
    note = '<script>alert("x")</script> "quoted" & ' + " ".join(f"w{n}" for n in range(60))
    brazil.answers.filter(indicator_id=FIRST).update(
        evidence_note=note, source_url='https://saude.example.org/a?b=1&c="2"'
    )
    html = client.get("/countries/KEN/").content.decode()
    section = html[html.index('id="peers-1"') : html.index('id="peers-2"')]
    assert "<script>" not in section
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;quoted&quot; &amp; w0" in section
    )
    assert "w36 …</span>" in section and "w37" not in section  # 40 words, as truncatewords
    assert 'href="https://saude.example.org/a?b=1&amp;c=&quot;2&quot;" rel="noopener nofollow"' in (
        section
    )
    assert '<span class="visually-hidden"> (Brazil)</span>' in section


def test_peers_show_the_catalogue_resources_they_used_on_the_component(
    client, kenya_with_peers, partner
):
    nigeria = state("NGA")
    used = factories.ResourceFactory(publisher=partner.organization, title="Nigeria's playbook")
    used.member_states.add(nigeria)
    used.gdhm_components.add(GdhmIndicator.objects.get(code=FIRST).component_id)
    elsewhere = factories.ResourceFactory(publisher=partner.organization, title="Other component")
    elsewhere.member_states.add(nigeria)
    elsewhere.gdhm_components.add(7)
    proposal = factories.ResourceFactory(
        publisher=partner.organization, title="Proposed only", status="submitted"
    )
    proposal.member_states.add(nigeria)
    proposal.gdhm_components.add(GdhmIndicator.objects.get(code=FIRST).component_id)
    html = client.get("/countries/KEN/").content.decode()
    section = html[html.index('id="peers-1"') : html.index('id="peers-2"')]
    assert "Nigeria&#x27;s playbook" in section
    assert "Other component" not in section and "Proposed only" not in html


def test_my_country_shows_the_peers_and_the_request_links(client_for, focal_point_kenya):
    published("KEN", phase=2)
    published("NGA", phase=4)
    html = client_for(focal_point_kenya).get("/my-country/").content.decode()
    assert "Peers to learn from" in html
    assert "Nigeria" in html
    assert 'href="/peer-exchanges/new/NGA/1/"' in html


def test_the_api_lists_every_peer_nearest_first_with_its_evidence(client, kenya_with_peers):
    response = client.get("/api/v1/member-states/ken/peers/")
    assert response.status_code == 200
    first = response.json()[0]
    assert (first["indicator"], first["phase"], first["total"]) == (FIRST, 1, 4)
    assert [(p["iso3"], p["nearness"]) for p in first["peers"]] == [
        ("NGA", "region"),
        ("UGA", "region"),
        ("IND", "income_group"),
        ("FRA", "world"),
    ]
    assert first["peers"][0]["resources_url"].endswith(
        f"/api/v1/resources/?country=NGA&component={first['component']}"
    )
    assert "Brazil" not in response.content.decode()
    assert "Leak check" not in response.content.decode()
    assert client.get("/api/v1/member-states/XXX/peers/").status_code == 404


def test_the_api_lists_the_first_peers_of_each_indicator_and_all_of_one(
    client, kenya_with_peers, monkeypatch
):
    monkeypatch.setattr("members.api.views.reference.LIST_PEERS", 2)
    first = client.get("/api/v1/member-states/KEN/peers/").json()[0]
    assert first["total"] == 4 and [p["iso3"] for p in first["peers"]] == ["NGA", "UGA"]
    assert first["peers_url"] == "http://testserver/api/v1/member-states/KEN/peers/?indicator=1"

    only = client.get(first["peers_url"]).json()
    assert [item["indicator"] for item in only] == [FIRST]
    assert [p["iso3"] for p in only[0]["peers"]] == ["NGA", "UGA", "IND", "FRA"]
    assert client.get("/api/v1/member-states/KEN/peers/?indicator=99").json() == []
    every = client.get("/api/v1/member-states/KEN/peers/?indicator=").json()
    assert [item["indicator"] for item in every][:2] == [FIRST, "2"]
    for unknown in ("one", "9" * 5000):
        response = client.get(f"/api/v1/member-states/KEN/peers/?indicator={unknown}")
        assert response.status_code == 200 and response.json() == []
    assert client.get("/api/v1/member-states/KEN/peers/?indicator=1%00").status_code == 400


def test_the_api_is_empty_without_a_published_profile(client, kenya):
    factories.ProfileSubmissionFactory(member_state=kenya, complete=True, phase=1)
    published("NGA", phase=5)
    assert client.get("/api/v1/member-states/KEN/peers/").json() == []


@pytest.mark.parametrize("url", ["/countries/KEN/", "/countries/KEN/peers/"])
def test_the_pages_read_a_bounded_number_of_queries(client, kenya, url, django_assert_num_queries):
    published("KEN", phase=1)
    published("NGA", phase=5)
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for iso3 in ("FRA", "IND", "UGA", "TZA", "DEU", "ITA", "ESP", "BRA"):
        resource = factories.ResourceFactory()
        resource.member_states.add(state(iso3))
        resource.gdhm_components.add(1, 2, 3)
        published(iso3, phase=4)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)


def test_the_api_reads_a_bounded_number_of_queries(client, kenya, django_assert_max_num_queries):
    published("KEN", phase=1)
    for iso3 in ("NGA", "FRA", "IND", "UGA", "TZA", "DEU", "ITA", "ESP", "BRA"):
        published(iso3, phase=4)
    with django_assert_max_num_queries(4):
        assert client.get("/api/v1/member-states/KEN/peers/").status_code == 200
