"""How amounts are shown (docs/money.md): the one money helper, and the pages that must show
every amount through it: the plan page, the funding overview and a transparency report."""

import re
from decimal import Decimal as D

import pytest
from babel import Locale
from babel.numbers import list_currencies
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import to_locale
from lxml import html as lxml_html

from investments.models import ReportRun, TransparencyReport
from investments.reports import services as report_services
from investments.reports.periods import Period
from investments.templatetags.investments_tags import format_money
from investments.views.chart import funding_bars
from members.models import MemberState

from .. import factories

LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh-hans"]
RLM = "\u200f"

# Three large amounts in each language: (2,687,267,848.96 USD, 6.5 bn KES, 42.9 m USD).
COMPACT = {
    "en": ("USD\xa02.69B", "KES\xa06.5B", "USD\xa042.9M"),
    "fr": ("2,69\xa0Md\xa0USD", "6,5\xa0Md\xa0KES", "42,9\xa0M\xa0USD"),
    "es": ("2687\xa0M\xa0USD", "6500\xa0M\xa0KES", "42,9\xa0M\xa0USD"),
    "ar": (
        f"{RLM}2.69\xa0مليار\xa0USD",
        f"{RLM}6.5\xa0مليار\xa0KES",
        f"{RLM}42.9\xa0مليون\xa0USD",
    ),
    "ru": ("2,69\xa0млрд\xa0USD", "6,5\xa0млрд\xa0KES", "42,9\xa0млн\xa0USD"),
    "zh-hans": ("USD\xa026.9亿", "KES\xa065亿", "USD\xa04290万"),
}
EXACT = {
    "en": "USD\xa02,687,267,848.96",
    "fr": "2\u202f687\u202f267\u202f848,96\xa0USD",
    "es": "2.687.267.848,96\xa0USD",
    "ar": f"{RLM}2,687,267,848.96\xa0USD",
    "ru": "2\xa0687\xa0267\xa0848,96\xa0USD",
    "zh-hans": "USD\xa02,687,267,848.96",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_large_amounts_are_compact_in_their_currency_with_the_exact_figure(language):
    amounts = [(D("2687267848.96"), "USD"), (D("6500000000"), "KES"), (D("42900000"), "USD")]
    shown = [format_money(amount, currency, language) for amount, currency in amounts]
    assert tuple(money.text for money in shown) == COMPACT[language]
    assert shown[0].exact == EXACT[language]
    assert all(money.rounded for money in shown)


def test_thresholds_cents_below_a_thousand_whole_units_below_a_million():
    def text(amount, currency="USD"):
        return format_money(D(amount), currency, "en").text

    assert text("999.99") == "USD\xa0999.99"
    assert text("1000") == "USD\xa01,000"
    assert text("12345.67") == "USD\xa012,346"  # half up
    assert text("999999.49") == "USD\xa0999,999"
    assert text("999999.5") == "USD\xa01M"  # rounds into the compact range
    assert text("1000000") == "USD\xa01M"
    assert text("1250000") == "USD\xa01.25M"
    assert text("999600000") == "USD\xa01B"  # 999.6 M rounds up to the next unit
    assert text("1500", "JPY") == "JPY\xa01,500"
    # Whole units hide nothing when there are no cents: not marked rounded (no tab stop).
    assert not format_money(D("800000.00"), "USD", "en").rounded
    assert format_money(D("800000.01"), "USD", "en").rounded
    assert format_money(D("1000000"), "USD", "en").rounded  # compact: "1M" is never read out
    assert format_money(D("12.5"), "JPY", "en").exact == "JPY\xa013"  # the yen has no cents


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_cents_from_a_thousand_on(language):
    decimal_sign = Locale.parse(to_locale(language)).number_symbols["latn"]["decimal"]
    for amount in ["1000.01", "1234.56", "98765.43", "999999.49", "-5432.10"]:
        money = format_money(D(amount), "USD", language)
        assert money.rounded and decimal_sign in money.exact, amount
        assert decimal_sign not in money.text, (amount, money.text)
    assert decimal_sign in format_money(D("999.99"), "USD", language).text


@pytest.mark.parametrize("language", LANGUAGES)
def test_negative_gaps_keep_their_sign(language):
    over_funded = format_money(D("-42900000"), "USD", language)
    small = format_money(D("-12.5"), "USD", language)
    assert "-" in over_funded.text and "-" in over_funded.exact and "-" in small.text
    assert over_funded.text.replace("-", "") == COMPACT[language][2]
    if language == "ar":  # the minus after the right-to-left mark, as babel writes exact ones
        assert over_funded.text.startswith(RLM + "-") and small.text.startswith(RLM + "-")


@pytest.mark.parametrize("language", LANGUAGES)
def test_zero_none_and_what_is_not_a_number(language):
    zero = format_money(D("0"), "USD", language)
    assert zero.text == zero.exact and "0" in zero.text and not zero.rounded
    assert format_money(D("-0.004"), "USD", language).text == zero.text  # never "-USD 0.00"
    with translation.override(language):
        missing = format_money(None, "USD")
        assert missing.text == translation.gettext("rate missing") == missing.exact
    assert format_money("not a number", "USD", language).text == ""


def render(source, **context):
    return Template("{% load investments_tags %}" + source).render(Context(context))


def test_the_filter_marks_a_rounded_amount_focusable_with_its_exact_figure():
    with translation.override("en"):
        page = lxml_html.fragment_fromstring(render("{{ a|money:'USD' }}", a=D("2687267848.96")))
    assert page.get("class") == "money" and page.get("tabindex") == "0"
    assert (page.get("data-amount"), page.get("data-currency")) == ("2687267848.96", "USD")
    assert page.get("title") == "USD\xa02,687,267,848.96"
    (short,) = page.find_class("money-short")
    (exact,) = page.find_class("money-exact")
    assert short.get("aria-hidden") == "true" and short.text == "USD\xa02.69B"
    assert exact.text == page.get("title") and exact.get("aria-hidden") is None


def test_the_filter_leaves_an_exact_amount_plain_and_says_when_a_rate_is_missing():
    with translation.override("fr"):
        small = lxml_html.fragment_fromstring(render("{{ a|money:'EUR' }}", a="12.5"))
        missing = lxml_html.fragment_fromstring(render("{{ a|money:'USD' }}", a=None))
        rate_missing = translation.gettext("rate missing")
        attributes = render(
            "<title {{ a|money_attrs:'USD' }}>{{ a|money_text:'USD' }}</title>", a=1
        )
    assert small.text_content() == "12,50\xa0EUR" and small.get("tabindex") is None
    assert small.get("title") is None and not small.find_class("money-exact")
    assert missing.text_content() == rate_missing == "taux manquant"
    assert missing.get("class") == "money money-missing" and missing.get("data-amount") is None
    assert (
        attributes == '<title class="money" data-amount="1" data-currency="USD">1,00\xa0USD</title>'
    )


# What looks like an amount: a number beside a currency code or sign, a number grouped by
# thousands, a number with two decimals (not a version after a name: "IATI 2.03") or of five
# digits or more.
CODES = "|".join(sorted(list_currencies()))
SPACE = "[\\s\xa0\u202f\u200f]*"
AMOUNT_LIKE = re.compile(
    rf"\b(?:{CODES})\b{SPACE}-?\d|\d{SPACE}(?:{CODES})\b|[$€£¥]{SPACE}\d|\d{SPACE}[$€£¥]"
    r"|(?<!\d)\d{1,3}(?:[,.\xa0\u202f]\d{3})+(?!\d)"
    r"|(?<![A-Za-z] )(?<![\d.])\d+[.,]\d{2}(?!\d)"
    r"|(?<![\d.,])\d{5,}(?!\d)"
)
MONEY = '//*[contains(concat(" ", normalize-space(@class), " "), " money ")]'


def check_every_amount_is_the_helpers(page, language):
    """Each `.money` element shows `format_money()` of its data attributes (the same text for
    the same amount and currency); no amount-like text is left outside them. Returns how many
    amounts the page shows."""
    tree = lxml_html.fromstring(page)
    shown = {}
    elements = tree.xpath(MONEY)
    for element in elements:
        amount, currency = element.get("data-amount"), element.get("data-currency")
        money = format_money(amount, currency, language)
        short, exact = element.find_class("money-short"), element.find_class("money-exact")
        if element.tag != "span":  # an SVG title: a label holding the short text
            assert money.text in element.text_content(), element.text_content()
            text = money.text
        elif money.rounded:
            assert element.get("tabindex") == "0" and element.get("title") == money.exact
            assert [short[0].text_content(), exact[0].text_content()] == [money.text, money.exact]
            text = short[0].text_content()
        else:
            assert element.text_content() == money.text and not short and not exact
            text = element.text_content()
        key = (None if amount is None else D(amount), currency)
        shown.setdefault(key, set()).add(text)
    assert all(len(texts) == 1 for texts in shown.values()), shown
    for element in elements:
        element.drop_tree()
    texts = [tree.text_content()]
    for element in tree.iter():
        texts += [element.get(name) or "" for name in ("title", "aria-label", "alt")]
    leftovers = [match.group() for text in texts for match in AMOUNT_LIKE.finditer(text)]
    assert leftovers == [], leftovers
    return len(elements)


@pytest.fixture
def report(money):
    period = Period.last_complete()
    run = ReportRun.objects.create(period=str(period), publish=True, trigger="command")
    report_services.generate_period(run=run)
    return TransparencyReport.objects.get(scope="global", period=str(period))


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_amount_of_the_plan_page_overview_and_report_is_the_helpers(
    money, report, client, language
):
    client.cookies["django_language"] = language
    pages = {
        "plan": f"/investments/plans/{money['a'].pk}/",
        "overview": "/investments/",
        "report": report.get_absolute_url(),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        count = check_every_amount_is_the_helpers(response.content.decode(), language)
        assert count >= 10, (name, count)


def test_funding_bars_stack_disbursed_committed_and_gap_to_the_cost():
    rows = [
        {"cost_usd": D("1000"), "committed_usd": D("400"), "disbursed_usd": D("100")},
        {"cost_usd": D("500"), "committed_usd": D("750"), "disbursed_usd": D("0")},  # over
        {"cost_usd": D("0"), "committed_usd": D("0"), "disbursed_usd": D("0")},
    ]
    first, over, empty = funding_bars(rows)
    assert (first["disbursed_width"], first["committed_width"]) == (D("100.0"), D("300.0"))
    assert (first["gap_x"], first["gap_width"], first["cost_x"]) == (D("400.0"), D("600.0"), 1000)
    assert over["committed_width"] == D("750.0") and over["gap_width"] == 0
    assert over["cost_x"] == D("500.0")  # the cost mark inside an over-funded bar
    assert empty["committed_width"] == empty["gap_width"] == empty["cost_x"] == 0
    assert funding_bars([]) == []


def test_overview_charts_funding_by_region_and_component_beside_their_tables(money, client):
    tree = lxml_html.fromstring(client.get("/investments/").content.decode())
    charts = tree.find_class("funding-chart")
    assert len(charts) == 2
    for chart, caption in zip(charts, ["by WHO region", "by GDHM component"], strict=True):
        assert chart.get("role") == "img" and caption in chart.get("aria-label")
        assert all(svg.get("aria-hidden") == "true" for svg in chart.iter("svg"))
        # After the legend: the table of the figures (in its scrolling region).
        following = chart.getnext().getnext()
        table = following if following.tag == "table" else following.find(".//table")
        assert table is not None and caption in table.find("caption").text_content()
        figures = [
            [D(cell.get("data-amount")) for cell in row.xpath("td/span[@data-amount]")]
            for row in table.xpath("tbody/tr")
        ]
        largest = max(max(cost, committed) for cost, committed, _d, _g in figures)
        rows = chart.find_class("funding-chart-row")
        assert [row.find_class("funding-chart-label")[0].text_content() for row in rows] == [
            row.text_content() for row in table.xpath("tbody/tr/th")
        ]
        for row, (cost, committed, disbursed, _gap) in zip(rows, figures, strict=True):
            widths = {rect.get("class"): D(rect.get("width")) for rect in row.iter("rect")}
            in_units = {
                "bar-disbursed": disbursed,
                "bar-committed": committed - disbursed,
                "bar-gap": max(cost - committed, D(0)),
            }
            for name, amount in in_units.items():
                assert abs(widths[name] - amount * 1000 / largest) <= D("0.1"), (name, row)
    assert len(charts[0].find_class("funding-chart-row")) == 2  # Africa and Europe


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_overview_reads_the_stored_figures_in_a_bounded_number_of_queries(
    money, client_for, who, request, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(who))
    client.get("/investments/")
    with django_assert_max_num_queries(OVERVIEW_QUERIES[who]):
        assert client.get("/investments/").status_code == 200
    for iso3 in ["BRA", "IND", "PHL", "EGY"]:  # four more regions, plans and priorities
        plan = factories.InvestmentPlanFactory(
            member_state=MemberState.objects.get(iso3=iso3), currency="USD", status="approved"
        )
        priority = factories.PriorityFactory(plan=plan, rank=1)
        factories.PriorityCostFactory(priority=priority, year=2024, amount=D("2500000"))
    with django_assert_max_num_queries(OVERVIEW_QUERIES[who]):
        html = client.get("/investments/").content.decode()
    assert len(lxml_html.fromstring(html).find_class("funding-chart-row")) >= 6 + 2


# Anonymous: the figures by region, by component (priorities' and plans' stored figures), the
# region and component labels, the 20 plans, their count. The secretariat: its user, its group
# (is_secretariat) and the two counts of what awaits review, besides.
OVERVIEW_QUERIES = {"anonymous": 7, "secretariat": 11}
