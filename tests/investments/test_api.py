import csv
import io
import json
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from lxml import etree

from investments.api.serializers.fields import rates_note
from investments.api.serializers.funding_gaps import FundingGapsSerializer
from investments.api.serializers.plans import InvestmentPlanSerializer
from investments.models import Commitment, ExchangeRate, InvestmentPlan, funding_gap_table
from members.models import MemberState

from .. import factories

PLANS = "/api/v1/investment-plans/"
COMMITMENTS = "/api/v1/commitments/"
GAPS = "/api/v1/funding-gaps/"


def iati_schema():
    repository = Path(settings.BASE_DIR)
    for folder in (
        repository.parent / "shared" / "data" / "iati-2.03",
        Path("/work/shared/data/iati-2.03"),
    ):
        if (folder / "iati-activities-schema.xsd").exists():
            return etree.XMLSchema(etree.parse(str(folder / "iati-activities-schema.xsd")))
    pytest.skip("IATI 2.03 schema not found next to the repository")


def test_plan_list_shows_figures_in_plan_currency_and_usd(money, client):
    response = client.get(PLANS, {"member_state": "ken"})
    assert response.status_code == 200
    [plan] = response.json()["results"]
    assert plan["currency"] == "KES"
    assert (plan["cost"], plan["committed"], plan["gap"]) == (
        "3200000.00",
        "532082.81",
        "2667917.19",
    )
    assert (plan["cost_usd"], plan["committed_usd"], plan["gap_usd"]) == (
        "25000.00",
        "4216.66",
        "20783.34",
    )
    assert plan["rates_note"] is None


def test_plan_list_filters(money, client):
    def ids(**params):
        return {row["member_state"] for row in client.get(PLANS, params).json()["results"]}

    assert ids() == {"KEN", "FRA"}  # Japan's plan is a draft
    assert ids(who_region="EUR") == {"FRA"}
    assert ids(year=2025) == {"KEN", "FRA"}
    assert ids(year=2030) == set()
    assert ids(status="draft") == set()


def test_plan_detail_has_priorities_with_costs_and_gaps(money, client):
    response = client.get(f"{PLANS}{money['a'].pk}/")
    assert response.status_code == 200
    body = response.json()
    first, second = body["priorities"]
    assert first["rank"] == 1 and first["gap"] == "2117917.19" and first["gap_usd"] == "16583.34"
    assert second["disbursed_usd"] == "1000.00"
    exact = {"rate_missing": False, "rate_provisional": False}
    assert first["costs"] == [
        {
            "year": 2024,
            "amount": "1300000.00",
            "amount_usd": "10000.00",
            **exact,
            "rate_year": 2024,
        },
        {"year": 2025, "amount": "1000000.00", "amount_usd": "8000.00", **exact, "rate_year": 2025},
    ]


def test_draft_plan_is_404_for_the_public(money, client):
    assert client.get(f"{PLANS}{money['c'].pk}/").status_code == 404


def test_missing_rate_is_reported_in_the_api(money, client):
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()  # a gap: 2025's is published
    plan = client.get(f"{PLANS}{money['a'].pk}/").json()
    assert plan["commitment_rates_missing"] == 1
    assert plan["committed_usd"] == "3216.66"
    assert "Rate missing" in plan["rates_note"]
    commitments = client.get(COMMITMENTS, {"member_state": "KEN"}).json()["results"]
    missing = [c for c in commitments if c["rate_missing"]]
    assert len(missing) == 1 and missing[0]["committed_usd"] is None
    gaps = client.get(GAPS, {"group_by": "region"}).json()
    assert gaps["totals"]["commitment_rates_missing"] == 1
    assert gaps["totals"]["cost_rates_missing"] == 1
    assert "Rate missing" in gaps["rates_note"]


@pytest.mark.parametrize("group_by", ["region", "component", "member_state", "global"])
def test_funding_gap_totals_agree_whatever_the_grouping(money, client, group_by):
    body = client.get(GAPS, {"group_by": group_by}).json()
    assert body["totals"]["cost_usd"] == "135000.01"
    assert body["totals"]["gap_usd"] == "120783.35"
    for field in ("cost_usd", "committed_usd", "disbursed_usd", "gap_usd"):
        assert sum(D(row[field]) for row in body["rows"]) == D(body["totals"][field])
    assert set(body["rows"][0]) >= {
        "group",
        "label",
        "cost_usd",
        "committed_usd",
        "disbursed_usd",
        "gap_usd",
    }


def test_funding_gaps_by_region_rows(money, client):
    rows = {r["group"]: r for r in client.get(GAPS, {"group_by": "region"}).json()["rows"]}
    assert rows["AFR"]["gap_usd"] == "20783.34"
    assert rows["EUR"]["gap_usd"] == "100000.01"


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("group_by", ["region", "component", "member_state", "global"])
def test_funding_gaps_json_is_the_serializers(money, client, group_by, language):
    """The answer is `FundingGapsSerializer`'s JSON of the labelled rows (values, types, key
    order, labels in the language)."""
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()  # a rates note
    with translation.override(language):
        rows, totals = funding_gap_table(group_by)
        body = {
            "group_by": group_by,
            "currency": "USD",
            "rows": rows,
            "totals": totals,
            "rates_note": rates_note(
                totals["cost_rates_missing"],
                totals["commitment_rates_missing"],
                totals["cost_rates_provisional"],
                totals["commitment_rates_provisional"],
            ),
        }
        expected = json.loads(json.dumps(FundingGapsSerializer(body).data))
        assert body["rates_note"]
        answer = client.get(GAPS, {"group_by": group_by}, HTTP_ACCEPT_LANGUAGE=language).json()
    assert list(answer.items()) == list(expected.items())
    for row, expected_row in zip(answer["rows"], expected["rows"], strict=True):
        assert list(row.items()) == list(expected_row.items())


def test_funding_gaps_refuses_an_unknown_grouping(client, db):
    response = client.get(GAPS, {"group_by": "planet"})
    assert response.status_code == 400
    assert "group_by" in response.json()["errors"]


def test_commitment_filters(money, client):
    def count(**params):
        return client.get(COMMITMENTS, params).json()["count"]

    assert count() == 5  # the unverified one is not public
    assert count(kind="in_kind") == 1
    assert count(status="disbursed") == 1
    assert count(member_state="FRA") == 1
    org = Commitment.objects.filter(kind="in_kind").get().organization_id
    assert count(organization=org) == 1


def test_commitment_search_finds_organization_description_priority_and_member_state(
    money, client, own_cache
):
    french = Commitment.objects.get(plan=money["b"]).organization
    french.name, french.acronym = "Fondation pour la santé numérique", "FSNX"
    french.save()
    money["a1"].title = "Interoperability layer"
    money["a1"].save()

    def found(text, **params):
        body = client.get(COMMITMENTS, {"search": text, **params}).json()
        assert body["count"] == len(body["results"])  # the count is the search's, not the list's
        return body["count"]

    assert found("santé numérique") == found("fsnx") == 1  # name, acronym (case-insensitive)
    assert found("architects") == 1  # the in-kind description
    assert found("interoperability") == 2  # the priority's title (A1's verified commitments)
    assert found("kenya") == found("KEN") == 4  # the member state's name, its ISO3 code
    assert found("France") == 1
    assert found("nothing like this") == 0
    assert found("kenya", kind="in_kind") == 1  # with the filters
    rows = _csv(client.get(COMMITMENTS, {"search": "France", "format": "csv"}))
    assert len(rows) == 2  # the header and France's commitment


def test_only_the_lists_that_search_document_search(client, db):
    paths = yaml.safe_load(client.get("/api/v1/schema/").content)["paths"]

    def search_parameter(path):
        parameters = paths[path]["get"]["parameters"]
        return next((p for p in parameters if p["name"] == "search"), None)

    assert "priority's title" in search_parameter(COMMITMENTS)["description"]
    assert search_parameter(PLANS) is not None
    assert search_parameter("/api/v1/profiles/") is None
    assert search_parameter("/api/v1/transparency-reports/") is None


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_lists_are_streamed_and_neutralise_formulas(money, client):
    money["a"].title = '=HYPERLINK("http://evil")'
    money["a"].save()
    response = client.get(PLANS, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:4] == ["id", "member_state", "member_state_name", "who_region"]
    titles = [row[rows[0].index("title")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    commitments = _csv(client.get(COMMITMENTS, {"format": "csv"}))
    assert len(commitments) == 1 + 5
    gaps = _csv(client.get(GAPS, {"group_by": "component", "format": "csv"}))
    assert gaps[-1][1] == "Total" and gaps[-1][5] == "120783.35"


def test_iati_export_validates_against_the_iati_203_schema(money, client):
    schema = iati_schema()
    response = client.get(COMMITMENTS, {"format": "iati"})
    assert response.status_code == 200
    document = etree.fromstring(b"".join(response.streaming_content))
    schema.assertValid(document)
    activities = document.findall("iati-activity")
    assert len(activities) == 5
    types = sorted(t.get("code") for t in document.iter("transaction-type"))
    # five pledges (12), five commitments (2), one disbursement (3)
    assert types == ["12"] * 5 + ["2"] * 5 + ["3"]
    assert {a.get("code") for a in document.iter("default-finance-type")} == {"110"}
    in_kind = [a for a in activities if a.find("default-aid-type").get("code") == "D01"]
    assert len(in_kind) == 1
    assert "architects" in in_kind[0].find("description/narrative").text


def test_iati_export_puts_cdhi_codes_under_vocabulary_99(money, client):
    from resources.models import DigitalHealthIntervention

    intervention = DigitalHealthIntervention.objects.filter(version="v2", level="intervention")[0]
    money["a1"].interventions.add(intervention)
    document = etree.fromstring(
        b"".join(client.get(COMMITMENTS, {"format": "iati"}).streaming_content)
    )
    iati_schema().assertValid(document)
    codes = {s.get("code") for s in document.iter("sector") if s.get("vocabulary") == "99"}
    assert codes == {intervention.code}


def test_iati_export_leaves_out_unverified_commitments_even_for_the_secretariat(
    money, client_for, secretariat
):
    document = etree.fromstring(
        b"".join(client_for(secretariat).get(COMMITMENTS, {"format": "iati"}).streaming_content)
    )
    assert len(document.findall("iati-activity")) == 5


def test_schema_documents_the_investments_api(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    paths = response.json()["paths"]
    assert "/api/v1/investment-plans/" in paths
    assert "/api/v1/funding-gaps/" in paths
    assert "/api/v1/commitments/{id}/verify/" in paths


def test_plan_list_query_count_is_bounded(money, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(PLANS)
    for _ in range(30):
        plan = factories.InvestmentPlanFactory(status="approved")
        factories.PriorityCostFactory(priority__plan=plan)
        factories.CommitmentFactory(plan=plan, verified_at="2024-05-01T00:00Z")
    with django_assert_max_num_queries(3):
        assert client.get(PLANS).json()["count"] == 32
    with django_assert_max_num_queries(3):
        client.get(PLANS, {"format": "csv"}).getvalue()


def test_plan_detail_query_count_is_bounded(money, client, django_assert_max_num_queries):
    plan = InvestmentPlan.objects.get(pk=money["a"].pk)
    for rank in range(3, 30):
        factories.PriorityCostFactory(priority__plan=plan, priority__rank=rank)
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{PLANS}{plan.pk}/").json()["priorities"]) == 29


def test_commitment_list_query_count_is_bounded(money, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(COMMITMENTS)
    for _ in range(30):
        factories.CommitmentFactory(plan=money["a"], verified_at="2024-05-01T00:00Z")
    with django_assert_max_num_queries(3):
        assert client.get(COMMITMENTS).json()["count"] == 35
    with django_assert_max_num_queries(4):
        client.get(COMMITMENTS, {"format": "iati"}).getvalue()
    with django_assert_max_num_queries(3):
        client.get(COMMITMENTS, {"format": "csv"}).getvalue()


@pytest.mark.parametrize("ordering", ["year", "-year", "-committed_usd"])
def test_paging_through_a_sorted_list_gives_every_row_once(money, client, ordering):
    """Rows that tie on the field asked for (the same year, the same amount) keep one order
    from page to page: the primary key ends every order a request asks for."""
    for _ in range(12):
        factories.CommitmentFactory(plan=money["a"], year=2024, verified_at="2024-05-01T00:00Z")
    expected = client.get(COMMITMENTS, {"page_size": 100}).json()["count"]
    seen = []
    for page in (1, 2, 3, 4, 5, 6):
        response = client.get(COMMITMENTS, {"ordering": ordering, "page_size": 4, "page": page})
        if response.status_code == 404:
            break
        seen += [item["id"] for item in response.json()["results"]]
    assert len(seen) == len(set(seen)) == expected > 12


def test_funding_gaps_query_count_is_bounded(money, client, django_assert_max_num_queries):
    for group_by in ("region", "component", "member_state"):
        with django_assert_max_num_queries(5):
            client.get(GAPS, {"group_by": group_by})


@pytest.mark.parametrize("who", ["anonymous", "partner", "focal_point_kenya", "secretariat"])
@pytest.mark.parametrize("params", [{}, {"cursor": ""}, {"ordering": "committed_usd"}])
def test_commitment_list_rows_are_the_serializer_output(money, client_for, request, who, params):
    """The list builds its rows from plain values, not model instances: the same JSON (values,
    types, key order) as `CommitmentSerializer` gives each commitment in its detail."""
    user = request.getfixturevalue(who)
    if who == "partner":  # the partner's own unverified pledge, in kind, without a rate
        factories.CommitmentFactory(
            plan=money["b"],
            organization=user.organization,
            kind="in_kind",
            in_kind_type="software",
            description="A district health information system instance",
            currency="CHF",
            year=2025,
            pledged_amount=D("1234.5"),
            verified_at=None,
        )
    factories.CommitmentFactory(plan=money["c"], verified_at="2025-06-30T23:59:59.123456Z")
    # Its own rate (KES 2024) known, its plan's (EUR 2024) missing.
    plan_rate_missing = factories.CommitmentFactory(
        plan=money["b"], currency="KES", year=2024, verified_at="2025-07-01T00:00Z"
    )
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()
    client = client_for(user)
    results = client.get(COMMITMENTS, params).json()["results"]
    assert {row["id"]: row["rate_missing"] for row in results}[plan_rate_missing.pk]
    expected = Commitment.objects.visible_to(user)
    assert sorted(row["id"] for row in results) == sorted(expected.values_list("pk", flat=True))
    assert any(row["is_domestic"] for row in results)
    assert any(row["rate_missing"] for row in results)
    if who != "anonymous":
        assert any(not row["is_verified"] for row in results)
    for row in results:
        detail = client.get(f"{COMMITMENTS}{row['id']}/").json()
        assert list(row.items()) == list(detail.items())


def test_list_times_are_in_the_current_time_zone_as_the_serializers(money, client, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    factories.CommitmentFactory(plan=money["a"], verified_at="2025-06-30T23:59:59.123456Z")
    for path in (COMMITMENTS, PLANS):
        for row in client.get(path).json()["results"]:
            detail = client.get(f"{path}{row['id']}/").json()
            time = row["verified_at" if path == COMMITMENTS else "updated_at"]
            assert time.endswith("+05:30")
            assert list(row.items()) == list(detail.items())[: len(row)]


@pytest.mark.parametrize("who", ["anonymous", "partner", "focal_point_kenya", "secretariat"])
@pytest.mark.parametrize("params", [{}, {"ordering": "-gap_usd"}, {"search": "a"}])
def test_plan_list_rows_are_the_serializer_output(money, client_for, request, who, params):
    """The list builds its rows from plain values, not model instances: the same JSON (values,
    types, key order) as `InvestmentPlanSerializer` gives, the start of each plan's detail."""
    user = request.getfixturevalue(who)
    factories.InvestmentPlanFactory(
        member_state=MemberState.objects.get(iso3="KEN"), status="draft", currency="KES"
    )
    ExchangeRate.objects.filter(currency="EUR", year=2024).delete()  # a rates note
    client = client_for(user)
    results = client.get(PLANS, params).json()["results"]
    expected = InvestmentPlan.objects.visible_to(user)
    if not params:
        assert sorted(r["id"] for r in results) == sorted(expected.values_list("pk", flat=True))
    assert results and any(row["rates_note"] for row in results)
    for row in results:
        detail = client.get(f"{PLANS}{row['id']}/").json()
        assert list(row.items()) == list(detail.items())[: len(row)]
        assert list(row) == list(InvestmentPlanSerializer().fields)


@pytest.mark.parametrize("path", [PLANS, COMMITMENTS, "/api/v1/member-states/"])
def test_list_links_keep_the_format_parameter_as_the_serializers_do(money, client, path):
    """The lists built from plain rows link each item as DRF's hyperlinked field does, which
    keeps a `?format=` of the request."""
    for params in [{}, {"format": "json"}]:
        row = client.get(path, params).json()["results"][0]
        key = row.get("id", row.get("iso3"))
        assert row["url"] == client.get(f"{path}{key}/", params).json()["url"]
        assert row["url"].endswith("/?format=json" if params else f"/{key}/")


@pytest.mark.parametrize(
    ("path", "listed"),
    [(PLANS, lambda: InvestmentPlan.objects.published()), (COMMITMENTS, Commitment.objects.public)],
)
def test_the_public_lists_page_and_count_are_two_queries(
    money, client, django_assert_num_queries, path, listed
):
    """A page and its list's count, which follows every write; past the end is a 404."""
    for _ in range(3):
        plan = factories.InvestmentPlanFactory(status="approved")
        factories.CommitmentFactory(plan=plan, verified_at="2024-05-01T00:00Z")
    for _ in range(2):
        plan = factories.InvestmentPlanFactory(status="approved")
        factories.CommitmentFactory(plan=plan, verified_at="2024-05-01T00:00Z")
        with django_assert_num_queries(2):
            body = client.get(path, {"page_size": 2, "page": 2}).json()
        assert body["count"] == listed().count() > 2
        assert len(body["results"]) == 2
    assert client.get(path, {"page_size": 2, "page": 99}).status_code == 404
    assert client.get(path, {"ordering": "-updated_at"}).json()["count"] == listed().count()


@pytest.mark.any_day
@pytest.mark.parametrize("which", ["this year", "after the last rate"])
def test_a_commitment_for_this_year_or_past_the_rates_is_recorded_provisionally(
    today, client_for, partner, which
):
    latest = ExchangeRate.objects.filter(currency="EUR").order_by("-year")[0].year
    year = {"this year": today.year, "after the last rate": latest + 1}[which]
    plan = factories.InvestmentPlanFactory(
        currency="KES",
        start_year=min(today.year, latest + 1) - 1,
        end_year=max(today.year, latest + 1) + 1,
        status="approved",
    )
    response = client_for(partner).post(
        COMMITMENTS,
        {"plan": plan.pk, "kind": "cash", "currency": "EUR", "year": year, "amount": "900.00"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    rate = ExchangeRate.objects.get(currency="EUR", year=min(year, latest)).units_per_usd
    assert body["pledged_usd"] == str((D("900.00") / rate).quantize(D("0.01")))
    assert body["pledged_on"] == today.isoformat()
    assert (body["rate_year"], body["rate_provisional"], body["rate_missing"]) == (
        min(year, latest),
        year > latest,
        False,
    )
    assert body["plan_rate_provisional"] == (year > latest)
    listed = client_for(partner).get(COMMITMENTS, {"format": "csv"})
    header, row = list(csv.reader(io.StringIO(b"".join(listed.streaming_content).decode())))
    assert dict(zip(header, row, strict=True))["rate_provisional"] == str(year > latest)


def test_provisional_rates_are_reported_in_the_api(money, client):
    ExchangeRate.objects.filter(currency="EUR", year=2025).delete()  # EUR's latest: 2024
    plan = client.get(f"{PLANS}{money['a'].pk}/").json()
    assert (plan["commitment_rates_provisional"], plan["commitment_rates_missing"]) == (1, 0)
    assert plan["committed_usd"] == "4170.37"
    assert "Provisional: 1 amount(s)" in plan["rates_note"]
    b1 = client.get(f"{PLANS}{money['b'].pk}/").json()["priorities"][0]
    assert b1["costs"][1] == {
        "year": 2025,
        "amount": "8000.01",
        "amount_usd": "8888.90",
        "rate_missing": False,
        "rate_year": 2024,
        "rate_provisional": True,
    }
    commitments = client.get(COMMITMENTS, {"member_state": "KEN"}).json()["results"]
    provisional = [c for c in commitments if c["rate_provisional"]]
    assert [(c["currency"], c["year"], c["rate_year"]) for c in provisional] == [
        ("EUR", 2025, 2024)
    ]
    gaps = client.get(GAPS, {"group_by": "region"}).json()
    assert gaps["totals"]["commitment_rates_provisional"] == 1
    assert gaps["totals"]["cost_rates_provisional"] == 1
    assert "Provisional: 2 amount(s)" in gaps["rates_note"]
