"""Loading exchange rates from a CSV file: the command and the admin page, one validation (the
admin's form), all or nothing, and provisional conversions replaced by the published rate."""

import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from investments.models import Commitment, ExchangeRate, InvestmentPlan
from investments.rate_services import RatesFileError, load_exchange_rates

from .. import factories
from ..conftest import latest_shipped_rate_year

HEADER = "currency,year,units_per_usd,source\n"


def _file(text, encoding="utf-8"):
    return io.BytesIO(text.encode(encoding))


@pytest.fixture
def next_year_commitment(db):
    """A verified KES commitment for the year after the last shipped rate: provisional."""
    year = latest_shipped_rate_year() + 1
    plan = factories.InvestmentPlanFactory(
        currency="KES", start_year=year - 1, end_year=year + 1, status="approved"
    )
    factories.PriorityCostFactory(priority__plan=plan, year=year, amount=D("2600000.00"))
    return factories.CommitmentFactory(
        plan=plan, currency="KES", year=year, pledged_amount=D("1300000.00"), verified_at=None
    )


def _conversion(commitment):
    return Commitment.objects.with_conversions().get(pk=commitment.pk)


def test_command_loads_a_new_year_and_replaces_the_provisional_conversions(
    next_year_commitment, tmp_path
):
    year = next_year_commitment.year
    before = _conversion(next_year_commitment)
    assert (before.rate_year, before.rate_provisional) == (year - 1, True)
    path = tmp_path / "rates.csv"
    path.write_text(
        HEADER
        + f"KES,{year},130,WDI/{year + 1}-07-01/KEN\nEUR,{year},0.9,WDI/{year + 1}-07-01/EMU\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("load_exchange_rates", str(path), stdout=out)
    output = out.getvalue()
    assert "Read 2 rates." in output
    assert "Stored 2 new and 0 changed rates (0 unchanged)." in output
    assert "Provisional conversions: 2 before, 0 now." in output
    assert f"2 added, 0 changed, 0 unchanged (years {year})" in output
    after = _conversion(next_year_commitment)
    assert (after.rate_year, after.rate_provisional, after.pledged_usd) == (
        year,
        False,
        D("10000.00"),
    )
    plan = InvestmentPlan.objects.with_totals().get(pk=next_year_commitment.plan_id)
    assert (plan.cost_usd, plan.cost_rates_provisional) == (D("20000.00"), 0)


def test_a_stored_rate_is_replaced_and_an_identical_one_left(db):
    ExchangeRate.objects.create(currency="XTS", year=2020, units_per_usd=D("3"), source="old")
    ExchangeRate.objects.create(currency="XTS", year=2021, units_per_usd=D("4"), source="same")
    loaded = load_exchange_rates(file=_file(HEADER + "XTS,2020,3.5,new\nXTS,2021,4,same\n"))
    assert (loaded.added, loaded.changed, loaded.unchanged) == (0, 1, 1)
    rates = dict(ExchangeRate.objects.filter(currency="XTS").values_list("year", "units_per_usd"))
    assert rates == {2020: D("3.5"), 2021: D("4")}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "KES,2026,abc,x\n",
            "Line 2, units_per_usd “abc”: Enter a number. Expected: Units of the currency one "
            "US dollar buys, a positive decimal, e.g. 129.53.",
        ),
        ("KES,2026,-3,x\n", "Line 2, units_per_usd “-3”: Ensure this value is greater than"),
        ("ZZZ,2026,3,x\n", "Line 2, currency “ZZZ”: “ZZZ” is not an ISO 4217 currency code"),
        ("kes,2026,3,x\n", "Line 2, currency “kes”: Enter an ISO 4217 currency code"),
        ("KES,1999,3,x\n", "Line 2, year “1999”: Ensure this value is greater than or equal"),
        ("KES,twenty,3,x\n", "Line 2, year “twenty”: Enter a whole number. Expected: The year"),
        ("KES,,3,x\n", "Line 2, year “”: This field is required."),
        ("USD,2026,1.1,x\n", "Line 2: The US dollar is the unit: its rate is 1 in every year."),
        (
            "KES,2026,3,x\nKES,2026,4,y\n",
            "Line 3: KES 2026 is also on line 2: keep one rate per currency and year.",
        ),
        ("KES,2026,3,x,extra\n", "Line 2 has more cells than the header's 4 columns"),
        ("KES,2026,3," + "x" * 101 + "\n", "Line 2, source “xxx"),
    ],
)
def test_an_invalid_line_is_named_with_what_is_wrong_and_nothing_is_stored(db, content, expected):
    before = ExchangeRate.objects.count()
    valid = "XTS,2026,2,fine\n"
    with pytest.raises(RatesFileError) as error:
        load_exchange_rates(file=_file(HEADER + content + valid))
    assert any(message.startswith(expected) for message in error.value.messages), (
        error.value.messages
    )
    assert ExchangeRate.objects.count() == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "The file is empty: its first line must be the header"),
        (HEADER.encode(), "The file has a header but no rates."),
        (b"currency,year,rate\nKES,2026,3\n", "Line 1: the header is “currency,year,rate”"),
        ((HEADER + "KES,2026,3,Nairobi \xe9\n").encode("latin-1"), "The file is not UTF-8 text"),
        (
            (HEADER + "KES,2026,3,a\x00b\n").encode(),
            "Line 2, source “a\\x00b”: Remove the control character U+0000",
        ),
    ],
)
def test_a_file_that_is_no_rates_csv_is_refused_with_how_to_fix_it(db, data, expected):
    with pytest.raises(RatesFileError) as error:
        load_exchange_rates(file=io.BytesIO(data))
    assert error.value.messages[0].startswith(expected), error.value.messages


def test_a_header_with_a_byte_order_mark_and_no_source_column_loads(db):
    loaded = load_exchange_rates(file=_file("\ufeffcurrency,year,units_per_usd\nXTS,2026,2\n"))
    assert loaded.added == 1
    assert ExchangeRate.objects.get(currency="XTS", year=2026).source == ""


def test_command_reports_every_bad_line_and_fails(db, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(HEADER + "KES,2026,abc,x\nXTS,2026,2,ok\nZZZ,2026,3,x\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was loaded; correct the file"):
        call_command("load_exchange_rates", str(path), stderr=err)
    assert "Line 2, units_per_usd" in err.getvalue()
    assert "Line 4, currency" in err.getvalue()
    assert not ExchangeRate.objects.filter(currency="XTS").exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_exchange_rates", str(tmp_path / "missing.csv"))


def test_admin_loads_a_file_and_shows_the_lines_of_a_bad_one(
    next_year_commitment, client_for, secretariat
):
    client = client_for(secretariat)
    url = "/admin/investments/exchangerate/load/"
    assert (
        'href="/admin/investments/exchangerate/load/"'
        in client.get("/admin/investments/exchangerate/").content.decode()
    )
    year = next_year_commitment.year
    bad = SimpleUploadedFile("rates.csv", (HEADER + f"KES,{year},-1,x\n").encode())
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert "Nothing was loaded" in response.content.decode()
    assert "Line 2, units_per_usd “-1”" in response.content.decode()
    assert not ExchangeRate.objects.filter(currency="KES", year=year).exists()
    good = SimpleUploadedFile("rates.csv", (HEADER + f"KES,{year},130,x\n").encode())
    response = client.post(url, {"file": good}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/investments/exchangerate/"
    assert "Rates loaded: 1 added, 0 changed, 0 unchanged" in response.content.decode()
    assert _conversion(next_year_commitment).rate_provisional is False


@pytest.mark.parametrize("who", ["focal_point_kenya", "partner"])
def test_only_the_secretariat_loads_rates(db, client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    response = client.post(
        "/admin/investments/exchangerate/load/",
        {"file": SimpleUploadedFile("rates.csv", (HEADER + "XTS,2026,2,x\n").encode())},
    )
    assert response.status_code in (302, 403)
    assert not ExchangeRate.objects.filter(currency="XTS").exists()


def test_admin_form_of_one_rate_is_the_loaders(client_for, secretariat):
    response = client_for(secretariat).post(
        "/admin/investments/exchangerate/add/",
        {"currency": "USD", "year": 2040, "units_per_usd": "2", "source": ""},
    )
    assert response.status_code == 200
    assert "The US dollar is the unit: its rate is 1 in every year." in response.content.decode()
    assert not ExchangeRate.objects.filter(currency="USD", year=2040).exists()
