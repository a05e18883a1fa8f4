"""The scorecard prints to exactly one A4 page in Debian's Chromium, in English and Arabic, for
three member states whose names and answers are as long as real ones get (the longest names
of the WHO list, every field near its limit, seven costed priorities, rates missing for the
later years), with zero axe violations on the HTML. The PDF is the browser's print of the page
(docs/scorecard.md); its pages are counted in the PDF itself."""

import datetime
import re
from decimal import Decimal as D

import pytest

from members.models import MemberState
from members.models.profile_choices import Ministry, Standard

from .conftest import axe_violations

# Long, realistic texts (each within its field's limit).
COUNTRIES = {
    "GBR": {
        "currency": "GBP",
        "phases": (2, 4),
        "strategy_title": (
            "Data saves lives: reshaping health and social care with data, and the national "
            "digital health and care transformation strategy for the four nations of the United "
            "Kingdom of Great Britain and Northern Ireland, 2024–2030, with its costed "
            "implementation plan and its annual progress framework"
        ),
        "body": "Department of Health and Social Care, NHS England Transformation Directorate",
    },
    "COD": {
        "currency": "USD",
        "phases": (3, 2),
        "strategy_title": (
            "Plan national de développement de la santé numérique de la République "
            "démocratique du Congo 2023–2027 : gouvernance, interopérabilité, système "
            "d'information sanitaire (DHIS2), dossier patient informatisé et télésanté dans "
            "les vingt-six provinces, avec son plan de suivi"
        ),
        "body": "Ministère de la Santé publique, Hygiène et Prévoyance sociale, Programme "
        "national des technologies de l'information et de la communication en santé",
    },
    "LAO": {
        "currency": "LAK",
        "phases": (1, 3),
        "strategy_title": (
            "National Digital Health Strategy of the Lao People's Democratic Republic "
            "2021–2025 and its extension to 2030: one national health information system, "
            "a unique health identifier, electronic medical records in every provincial and "
            "district hospital and a national health data exchange"
        ),
        "body": "Ministry of Health, Department of Planning and Cooperation, Division of "
        "Health Information Systems, with the Ministry of Technology and Communications",
    },
}
PRIORITIES = [
    "Nationwide electronic immunization registry interoperable with the national health "
    "information exchange, birth registration and the vaccine logistics management system",
    "A unique health identifier for every resident, linked to the civil registration and "
    "vital statistics system and to the national identity programme, with consent management",
    "Electronic medical records in every provincial and district hospital, with training of "
    "health workers, maintenance contracts and reliable electricity and connectivity",
    "National health data exchange based on HL7 FHIR and OpenHIE, terminology services "
    "(ICD-11, SNOMED CT, LOINC) and a national interoperability conformance programme",
    "Community health worker mobile tools for maternal, newborn and child health, integrated "
    "with the national DHIS2 instance and supervised by the district health management teams",
    "Telemedicine network connecting remote health centres to referral hospitals, with a "
    "regulatory framework for remote consultations, electronic prescriptions and liability",
    "Cybersecurity operations centre for the health sector, data-protection impact "
    "assessments and an incident response plan for all national health information systems",
]


@pytest.fixture
def scorecards(portal, secretariat):
    """Two published cycles (last year and the year before) of three member states with long
    names, every answer given at length, and a published plan with seven costed priorities,
    some of them partly committed (verified)."""
    from django.utils import timezone

    from tests.factories import (
        CommitmentFactory,
        InvestmentPlanFactory,
        OrganizationFactory,
        PriorityCostFactory,
        PriorityFactory,
        ReportingCycleFactory,
        approved_profile,
    )

    year = timezone.localdate().year - 1
    cycles = {y: ReportingCycleFactory(year=y) for y in (year - 1, year)}
    donor = OrganizationFactory(
        name="International Bank for Reconstruction and Development and International "
        "Development Association (World Bank Group)"
    )
    for iso3, data in COUNTRIES.items():
        state = MemberState.objects.get(iso3=iso3)
        for cycle_year, phase in zip(cycles, data["phases"], strict=True):
            approved_profile(
                member_state=state,
                year=cycle_year,
                phase=phase,
                strategy_title=data["strategy_title"],
                strategy_responsible_body=data["body"],
                strategy_url="https://health.example.org/strategy/national-digital-health",
                coordination_body_name="National Digital Health Steering Committee, chaired by "
                "the Minister of Health with the Ministers of ICT, Finance and Planning",
                coordination_ministries=[value for value, _label in Ministry.choices],
                coordination_ministries_other="Ministry of Local Government and Rural "
                "Development; National Statistics Office",
                data_protection_law_name="Personal Data Protection and Privacy Act, with its "
                "health-data regulations and the national data-sharing code of practice",
                standards_adopted=[value for value, _label in Standard.choices],
                standards_other="National Health Facility Registry standard, national "
                "terminology subsets, the national master patient index specification",
            )
        plan = InvestmentPlanFactory(
            member_state=state,
            currency=data["currency"],
            start_year=year - 1,
            end_year=year + 3,
            status="approved",
            title=f"Costed national digital health investment plan {year - 1}–{year + 3}: "
            "priorities, yearly costs and the partners' commitments, as approved by the "
            "national digital health steering committee",
        )
        for rank, title in enumerate(PRIORITIES, 1):
            priority = PriorityFactory(
                plan=plan, rank=rank, title=title, component_id=(rank - 1) % 7 + 1
            )
            for cost_year in plan.years:
                PriorityCostFactory(
                    priority=priority, year=cost_year, amount=D(1_234_567_890 + rank * 98_765)
                )
            if rank % 2:
                CommitmentFactory(
                    plan=plan,
                    priority=priority,
                    organization=donor,
                    currency=data["currency"],
                    year=year,
                    status="committed",
                    pledged_amount=D(345_678_901),
                    committed_amount=D(345_678_901),
                    committed_on=datetime.date(year, 2, 1),
                    verified_at=timezone.now(),
                    verified_by=secretariat,
                )
    return list(COUNTRIES)


def pdf_pages(pdf):
    """The number of page objects of a PDF (`/Type /Page`, not the `/Pages` tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_pdf_pages_counts_page_objects_only():
    one = b"1 0 obj <</Type /Pages /Kids [2 0 R]>> 2 0 obj <</Type /Page /Parent 1 0 R>>"
    assert pdf_pages(one) == 1
    assert pdf_pages(one + b" 3 0 obj <</Type/Page>>") == 2


@pytest.mark.parametrize("language", ["en", "ar"])
def test_scorecard_prints_on_one_a4_page(open_as, scorecards, language):
    failures = {}
    for iso3 in scorecards:
        # A fresh page each: Chromium lays out a page printed once before differently.
        page = open_as(f"/countries/{iso3}/scorecard/", language=language, bypass_csp=True)
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        violations = axe_violations(page)
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        pages = pdf_pages(pdf)
        if violations or pages != 1:
            failures[iso3] = {"axe": violations, "pages": pages}
    assert failures == {}, failures


def test_scorecard_print_button_opens_the_print_dialog(open_as, scorecards):
    page = open_as(f"/countries/{scorecards[0]}/scorecard/")
    button = page.get_by_role("button", name="Print or save as PDF")
    assert button.is_visible()  # shown by scorecard.js (hidden without JavaScript)
    page.evaluate("window.print = () => { window.printed = true; }")
    button.click()
    assert page.evaluate("window.printed === true")
    page.emulate_media(media="print")
    assert not button.is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
