"""Deterministic demo data of the investments app: plans for about 60 member states, ranked and
costed priorities, about 150 verified commitments (cash and in kind, several currencies), plus
drafts and unverified ones. `seed_large` adds bulk data for benchmarks."""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from members.models import GdhmComponent, MemberState, Organization, User
from members.workflow import ReviewStatus
from resources.models import DigitalHealthIntervention

from .models import (
    Commitment,
    ExchangeRate,
    InvestmentPlan,
    Priority,
    PriorityCost,
    ReportRun,
    TransparencyReport,
    figures_refreshed_once,
)
from .reports import services as report_services
from .reports.periods import Period

SEED = 20260205
DEMO_MARKER = "(demo)"
PLAN_COUNTRIES = [
    # (ISO3, plan currency): low- and middle-income member states whose currency has rates.
    ("KEN", "KES"),
    ("AGO", "AOA"),
    ("ALB", "ALL"),
    ("ARM", "AMD"),
    ("BDI", "BIF"),
    ("BGD", "BDT"),
    ("BOL", "BOB"),
    ("BRA", "BRL"),
    ("BTN", "BTN"),
    ("BWA", "BWP"),
    ("CMR", "XAF"),
    ("COL", "COP"),
    ("CPV", "CVE"),
    ("DOM", "DOP"),
    ("EGY", "EGP"),
    ("FJI", "FJD"),
    ("GEO", "GEL"),
    ("GHA", "GHS"),
    ("GMB", "GMD"),
    ("GTM", "GTQ"),
    ("HND", "HNL"),
    ("IDN", "IDR"),
    ("IND", "INR"),
    ("JAM", "JMD"),
    ("JOR", "JOD"),
    ("KAZ", "KZT"),
    ("KGZ", "KGS"),
    ("KHM", "KHR"),
    ("LAO", "LAK"),
    ("LSO", "LSL"),
    ("MAR", "MAD"),
    ("MDA", "MDL"),
    ("MDG", "MGA"),
    ("MDV", "MVR"),
    ("MNG", "MNT"),
    ("MOZ", "MZN"),
    ("NAM", "NAD"),
    ("NGA", "NGN"),
    ("NPL", "NPR"),
    ("PAK", "PKR"),
    ("PER", "PEN"),
    ("PHL", "PHP"),
    ("PNG", "PGK"),
    ("RWA", "RWF"),
    ("SEN", "XOF"),
    ("SLB", "SBD"),
    ("THA", "THB"),
    ("TJK", "TJS"),
    ("TON", "TOP"),
    ("TUN", "TND"),
    ("TZA", "TZS"),
    ("UGA", "UGX"),
    ("UKR", "UAH"),
    ("UZB", "UZS"),
    ("VNM", "VND"),
    ("VUT", "VUV"),
    ("WSM", "WST"),
    ("ZAF", "ZAR"),
    ("ZMB", "ZMW"),
    ("TLS", "USD"),
]
DRAFT_COUNTRIES = [("FRA", "EUR"), ("ETH", "ETB"), ("ECU", "USD")]
KENYA_PRIORITIES = [
    # title, GDHM component, CDHI v2 codes, implementing agency, cost per year (millions KES)
    (
        "Kenya Health Information Exchange and shared health record",
        5,
        ["4.1.1", "4.2.1"],
        "Digital Health Agency",
        [420, 510, 480, 350, 300],
    ),
    (
        "Community health promoters' electronic tools (eCHIS)",
        7,
        ["2.1.1", "2.3.1"],
        "Ministry of Health, Division of Community Health",
        [260, 300, 280, 240, 200],
    ),
    (
        "Digital health workforce: training and certification",
        4,
        [],
        "Kenya Medical Training College",
        [90, 110, 110, 100, 90],
    ),
    (
        "Connectivity and power for level 2–4 facilities",
        6,
        [],
        "ICT Authority",
        [600, 650, 500, 400, 300],
    ),
    (
        "Data protection and health information governance",
        3,
        [],
        "Office of the Data Protection Commissioner",
        [40, 45, 45, 40, 35],
    ),
]
# A plan's title: the name its country would give it (a few families of names), with its period.
PLAN_TITLES = [
    "{country} digital health investment plan",
    "{country} costed eHealth strategy: investment plan",
    "{country} health information systems investment roadmap",
    "{country} digital health blueprint: costed implementation plan",
    "{country} national eHealth programme investment plan",
    "{country} digital transformation of health: investment framework",
]
# Alternatives per GDHM component: each country ranks its own wording of its needs.
PRIORITY_VARIANTS = {
    1: [
        "Digital health governance and coordination unit",
        "National digital health steering committee and secretariat",
        "Digital health directorate in the ministry of health",
    ],
    2: [
        "Costed national digital health strategy and investment roadmap",
        "Donor alignment and digital health investment tracking",
        "Medium-term digital health budget and financing plan",
    ],
    3: [
        "Health data protection and privacy regulations",
        "Telemedicine and electronic health record legislation",
        "Health data sharing agreements and secondary use policy",
    ],
    4: [
        "Digital health competencies of the health workforce",
        "Health informatics degree and in-service training",
        "Digital literacy of community health workers",
    ],
    5: [
        "National health data standards and interoperability layer",
        "Client, facility and health worker registries",
        "Terminology services and HL7 FHIR profiles",
    ],
    6: [
        "Connectivity, hosting and devices for health facilities",
        "Government health data centre and cloud hosting",
        "Solar power and broadband for rural health facilities",
    ],
    7: [
        "National digital health services and applications",
        "Electronic medical records in district hospitals",
        "Electronic immunization registry and reminders",
        "Laboratory information system and results delivery",
    ],
}
PRIORITY_TITLES = {
    1: "Digital health governance and coordination unit",
    2: "Costed national digital health strategy and investment roadmap",
    3: "Health data protection and privacy regulations",
    4: "Digital health competencies of the health workforce",
    5: "National health data standards and interoperability layer",
    6: "Connectivity, hosting and devices for health facilities",
    7: "National digital health services and applications",
}
# The currency each demo partner pledges in: its own (a UK funder in GBP, European agencies in
# EUR, Japan's in JPY…), US dollars for the multilaterals and US foundations. A partner missing
# here, or whose currency has no rate, pledges in USD.
DONOR_CURRENCIES = {
    "World Bank": "USD",
    "United Nations Children's Fund": "USD",
    "International Telecommunication Union": "CHF",
    "Gavi, the Vaccine Alliance": "USD",
    "The Global Fund to Fight AIDS, Tuberculosis and Malaria": "USD",
    "Asian Development Bank": "USD",
    "African Development Bank": "USD",
    "Deutsche Gesellschaft für Internationale Zusammenarbeit": "EUR",
    "Norwegian Agency for Development Cooperation": "NOK",
    "Japan International Cooperation Agency": "JPY",
    "Agence française de développement": "EUR",
    "Korea International Cooperation Agency": "KRW",
    "Bill & Melinda Gates Foundation": "USD",
    "The Rockefeller Foundation": "USD",
    "Wellcome Trust": "GBP",
    "Digital Square at PATH": "USD",
    "Jembi Health Systems": "ZAR",
    "Digital Impact Alliance": "USD",
    "Médecins Sans Frontières": "CHF",
    "HISP Centre, University of Oslo": "NOK",
    "London School of Hygiene & Tropical Medicine": "GBP",
    "Africa CDC": "USD",
    "Kenya Health Information Systems Interoperability Partners": "KES",
    "Smart Health Systems Ltd": "INR",
    "National eHealth Agency of Estonia": "EUR",
}
AGENCIES = [
    "Ministry of Health",
    "Ministry of Health, Digital Health Directorate",
    "National eHealth Agency",
    "Ministry of Information and Communication Technology",
    "National Public Health Institute",
]
IN_KIND = [
    ("personnel", "Two health information system architects seconded for 12 months"),
    ("technical_assistance", "Technical assistance for the interoperability layer design"),
    ("technical_assistance", "Training of trainers for community health workers"),
    ("equipment", "Tablets for community health workers"),
    ("software", "Hosting and licences of the terminology server"),
]


def _amount(value):
    return Decimal(value).quantize(Decimal("1000"), rounding=ROUND_HALF_UP)


def _rates():
    latest = ExchangeRate.objects.order_by("-year").values_list("year", flat=True).first()
    return dict(ExchangeRate.objects.filter(year=latest).values_list("currency", "units_per_usd"))


@transaction.atomic
def seed(*, log=print, recorded_before=None):
    """Create the demo plans and commitments once; running again changes nothing. Every
    commitment is pledged and verified before `recorded_before` (default: now), a few of them
    for the current year, so a report whose cut-off is `recorded_before` counts every one."""
    if InvestmentPlan.objects.filter(title__endswith=DEMO_MARKER).exists():
        log("  investments: already seeded")
        return
    rng = random.Random(SEED)
    rates = _rates()
    rates["USD"] = Decimal(1)
    states = MemberState.objects.in_bulk()
    components = list(GdhmComponent.objects.order_by("number"))
    interventions = {
        i.code: i
        for i in DigitalHealthIntervention.objects.filter(
            version=DigitalHealthIntervention.Version.V2,
            level=DigitalHealthIntervention.Level.INTERVENTION,
        )
    }
    codes = sorted(interventions)
    focal_point = User.objects.filter(member_state="KEN").first()
    now = timezone.now()
    latest = min(recorded_before or now, now) - datetime.timedelta(hours=1)

    plans = []
    for index, (iso3, currency) in enumerate(PLAN_COUNTRIES + DRAFT_COUNTRIES):
        if iso3 not in states:
            continue
        if currency not in rates:
            currency = "USD"  # no published rate for the latest year: cost the demo plan in USD
        start = 2024 + index % 3
        status = (
            ReviewStatus.APPROVED
            if index < len(PLAN_COUNTRIES)
            else (
                [ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.DRAFT][
                    index - len(PLAN_COUNTRIES)
                ]
            )
        )
        plans.append(
            InvestmentPlan(
                member_state=states[iso3],
                title=(
                    f"{PLAN_TITLES[index % len(PLAN_TITLES)].format(country=states[iso3].name_en)}"
                    f" {start}–{start + 4} {DEMO_MARKER}"
                ),
                start_year=start,
                end_year=start + 4,
                currency=currency,
                strategy_url=f"https://www.who.int/countries/{iso3.lower()}",
                summary="Costed priorities of the national digital health strategy.",
                status=status,
                version=3 if status == ReviewStatus.APPROVED else 1,
                created_by=focal_point if iso3 == "KEN" else None,
            )
        )
    InvestmentPlan.objects.bulk_create(plans)
    plans = list(InvestmentPlan.objects.filter(title__endswith=DEMO_MARKER).order_by("pk"))

    priorities, cost_rows, links = [], [], []
    for plan in plans:
        rate = rates[plan.currency]
        if plan.member_state_id == "KEN":
            for rank, (title, component, cdhi, agency, millions) in enumerate(KENYA_PRIORITIES, 1):
                priority = Priority(
                    plan=plan,
                    rank=rank,
                    title=title,
                    component_id=component,
                    implementing_agency=agency,
                    description="Ranked by the Ministry of Health with county health departments.",
                )
                priorities.append((priority, [Decimal(m) * 1_000_000 for m in millions], cdhi))
            continue
        chosen = rng.sample(components, rng.randint(3, 6))
        for rank, component in enumerate(chosen, 1):
            yearly_usd = rng.randint(200, 4000) * 1000
            costs = [_amount(yearly_usd * rng.uniform(0.6, 1.3) * float(rate)) for _ in plan.years]
            priority = Priority(
                plan=plan,
                rank=rank,
                title=rng.choice(PRIORITY_VARIANTS[component.number]),
                component=component,
                implementing_agency=rng.choice(AGENCIES),
            )
            priorities.append((priority, costs, rng.sample(codes, rng.randint(0, 3))))
    Priority.objects.bulk_create([p for p, _costs, _cdhi in priorities])
    for priority, costs, cdhi in priorities:
        for year, amount in zip(priority.plan.years, costs, strict=True):
            cost_rows.append(PriorityCost(priority=priority, year=year, amount=amount))
        links += [
            Priority.interventions.through(
                priority_id=priority.pk, digitalhealthintervention_id=interventions[code].pk
            )
            for code in cdhi
            if code in interventions
        ]
    PriorityCost.objects.bulk_create(cost_rows)
    Priority.interventions.through.objects.bulk_create(links)

    approved = [p for p in plans if p.status == ReviewStatus.APPROVED]
    by_plan = {}
    for priority, _costs, _cdhi in priorities:
        by_plan.setdefault(priority.plan_id, []).append(priority)
    organizations = list(Organization.objects.order_by("name"))
    commitments = []
    for index in range(180):
        verified = index < 150
        plan = approved[0] if index < 4 else rng.choice(approved)
        priority = rng.choice(by_plan[plan.pk]) if rng.random() < 0.85 else None
        organization = None if index % 12 == 5 else rng.choice(organizations)
        # The government funds its own plan in its currency; a partner pledges in its own.
        currency = (
            plan.currency
            if organization is None
            else DONOR_CURRENCIES.get(organization.name, "USD")
        )
        if currency not in rates:
            currency = "USD"
        year = rng.choice([2024, 2025])
        kind, (in_kind_type, description) = (
            ("cash", ("", "")) if rng.random() < 0.7 else ("in_kind", rng.choice(IN_KIND))
        )
        usd = Decimal(rng.randint(50, 1500) * 1000)
        pledged = _amount(usd * rates[currency])
        stage = rng.choice(["pledged", "committed", "committed", "disbursed"])
        pledged_on = datetime.date(year, rng.randint(1, 6), rng.randint(1, 28))
        commitment = Commitment(
            plan=plan,
            priority=priority,
            organization=organization,
            kind=kind,
            in_kind_type=in_kind_type,
            description=description,
            currency=currency,
            year=year,
            status=stage,
            pledged_amount=pledged,
            pledged_on=pledged_on,
            verified_at=_verified_at(pledged_on, latest) if verified else None,
        )
        if stage in ("committed", "disbursed"):
            commitment.committed_amount = pledged
            commitment.committed_on = pledged_on + datetime.timedelta(days=60)
        if stage == "disbursed":
            commitment.disbursed_amount = _amount(pledged * Decimal(rng.randint(30, 100)) / 100)
            commitment.disbursed_on = pledged_on + datetime.timedelta(days=150)
        commitments.append(commitment)
    commitments += _current_year_commitments(approved, by_plan, organizations, rates, latest)
    Commitment.objects.bulk_create(commitments)
    log(
        f"  investments: {len(plans)} plans ({len(approved)} approved), {len(priorities)} "
        f"priorities, {len(commitments)} commitments "
        f"({sum(c.verified_at is not None for c in commitments)} verified)"
    )


def _verified_at(pledged_on, latest):
    """The secretariat verified a pledge a month after it was made, and never after `latest`."""
    pledged = datetime.datetime.combine(pledged_on, datetime.time(10), tzinfo=datetime.UTC)
    return min(pledged + datetime.timedelta(days=30), latest)


def _current_year_commitments(plans, by_plan, organizations, rates, latest):
    """Verified pledges for the current year to the first plans covering it, by partners in
    their own currency, pledged ten days before `latest` (in January: pledged in December)."""
    year = timezone.now().year
    pledged_on = (latest - datetime.timedelta(days=10)).date()
    covering = [plan for plan in plans if plan.start_year <= year <= plan.end_year][:3]
    partners = [o for o in organizations if DONOR_CURRENCIES.get(o.name, "USD") in rates]
    commitments = []
    for index, plan in enumerate(covering):
        organization = partners[(7 * index + 3) % len(partners)]
        currency = DONOR_CURRENCIES.get(organization.name, "USD")
        commitments.append(
            Commitment(
                plan=plan,
                priority=by_plan[plan.pk][0],
                organization=organization,
                kind="cash",
                currency=currency,
                year=year,
                status="pledged",
                pledged_amount=_amount(Decimal(250_000 * (index + 2)) * rates[currency]),
                pledged_on=pledged_on,
                verified_at=latest,
            )
        )
    return commitments


def seed_large(*, priorities=20_000, commitments=50_000, log=print):
    """Add bulk priorities and commitments for benchmarks (idempotent: once per database)."""
    marker = f"Benchmark plan {DEMO_MARKER}"
    if InvestmentPlan.objects.filter(title__startswith="Benchmark plan").exists():
        log("  investments (large): already seeded")
        return
    rng = random.Random(SEED + 1)
    states = list(MemberState.objects.order_by("iso3").values_list("iso3", flat=True))
    rates = _rates()
    currencies = sorted(rates)
    organizations = list(Organization.objects.values_list("pk", flat=True))
    per_plan = 20
    # Each batch of costs or commitments touches most plans: refresh their figures once.
    with transaction.atomic(), figures_refreshed_once():
        plans = InvestmentPlan.objects.bulk_create(
            InvestmentPlan(
                member_state_id=states[i % len(states)],
                title=f"{marker} {i}",
                start_year=2024,
                end_year=2028,
                currency=currencies[i % len(currencies)],
                status=ReviewStatus.APPROVED,
            )
            for i in range(priorities // per_plan)
        )
        plans = list(
            InvestmentPlan.objects.filter(title__startswith="Benchmark plan").order_by("pk")
        )
        rows = Priority.objects.bulk_create(
            (
                Priority(
                    plan=plan,
                    rank=rank,
                    title=PRIORITY_TITLES[rank % 7 + 1],
                    component_id=rank % 7 + 1,
                )
                for plan in plans
                for rank in range(1, per_plan + 1)
            ),
            batch_size=2000,
        )
        rows = list(Priority.objects.filter(plan__in=plans).values_list("pk", "plan_id"))
        log(f"  investments (large): {len(plans)} plans, {len(rows)} priorities…")
        PriorityCost.objects.bulk_create(
            (
                PriorityCost(priority_id=pk, year=year, amount=Decimal(rng.randint(1, 9000)) * 1000)
                for pk, _plan in rows
                for year in (2024, 2025, 2026)
            ),
            batch_size=5000,
        )
        log(f"  investments (large): {len(rows) * 3} priority costs…")
        now = timezone.now()
        Commitment.objects.bulk_create(
            (
                _large_commitment(rng, rows, organizations, currencies, now)
                for _ in range(commitments)
            ),
            batch_size=5000,
        )
        log(f"  investments (large): {commitments} commitments; refreshing the plan figures…")
    log(f"  investments (large): {len(rows)} priorities, {commitments} commitments")


def _large_commitment(rng, rows, organizations, currencies, now):
    priority_id, plan_id = rng.choice(rows)
    amount = Decimal(rng.randint(1, 5000)) * 1000
    # Pledged on days spread over three years, as partners record them (on one day, deep pages
    # of commitments measured the planner's estimate of 50,000 ties, not the portal).
    pledged_on = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(1000))
    return Commitment(
        plan_id=plan_id,
        priority_id=priority_id,
        organization_id=rng.choice(organizations),
        kind="cash",
        currency=rng.choice(currencies),
        year=rng.choice([2024, 2025]),
        status="committed",
        pledged_amount=amount,
        pledged_on=pledged_on,
        committed_amount=amount,
        committed_on=pledged_on + datetime.timedelta(days=60),
        verified_at=now if rng.random() < 0.8 else None,
    )


def seed_transparency_reports(*, log=print):
    """Publish the reports of the last complete month, so the archive is not empty (idempotent:
    unchanged figures leave the published reports as they are)."""
    period = Period.last_complete()
    if TransparencyReport.objects.published().filter(period=str(period)).exists():
        log(f"  transparency reports: {period} already published")
        return
    run = ReportRun.objects.create(
        period=str(period), publish=True, trigger=ReportRun.Trigger.COMMAND
    )
    run = report_services.generate_period(run=run)
    log(f"  transparency reports: {run.reports_done} of {run.reports_total} for {period}")


# Offers of the demo partners: (organization, title, kind, CDHI v2 codes, GDHM components, WHO
# regions, member states, first and last year, capacity, currency, status). Several fit open
# priorities of Kenya's published plan (2024–2028: the shared health record, component 5, 4.1.1
# and 4.2.1; eCHIS, component 7, 2.1.1 and 2.3.1; the workforce, 4; connectivity, 6); some fit
# nothing (years no plan covers, or a country without a published plan).
DEMO_OFFERS = [
    ("Digital Square at PATH", "Interoperability and shared health record support",
     "technical_assistance", ["4.1.1", "4.2.1"], [5], ["AFR"], [],
     2025, 2027, "400000", "USD", "open"),
    ("Jembi Health Systems", "Health information exchange for Eastern and Southern Africa",
     "software", ["4.1.1"], [5], [], ["KEN", "TZA", "UGA", "ZAF"],
     2024, 2026, "2500000", "ZAR", "open"),
    ("United Nations Children's Fund", "Community health information systems (eCHIS) rollout",
     "cash", ["2.1.1", "2.3.1"], [7], ["AFR"], [], 2025, 2028, "1200000", "USD", "open"),
    ("HISP Centre, University of Oslo", "DHIS2 academies: training for health data managers",
     "training", ["3.1.4"], [4], [], [], 2025, 2027, "3000000", "NOK", "open"),
    ("International Telecommunication Union", "Connectivity and power for primary care facilities",
     "equipment", [], [6], ["AFR", "SEAR"], [], 2026, 2028, "900000", "CHF", "open"),
    ("Africa CDC", "Public health surveillance data systems",
     "technical_assistance", ["2.5.4"], [5, 7], ["AFR"], [], 2025, 2028, "300000", "USD", "open"),
    ("Smart Health Systems Ltd", "Hospital information system licences and support",
     "software", ["2.4.4"], [7], ["SEAR"], [], 2025, 2027, "50000000", "INR", "open"),
    ("National eHealth Agency of Estonia", "Health data governance advisory (Europe)",
     "personnel", [], [3], ["EUR"], [], 2025, 2026, None, "", "open"),
    ("Wellcome Trust", "Genomic surveillance data platforms, 2032–2034",
     "cash", ["4.4.1"], [2], [], ["GBR"], 2032, 2034, "750000", "GBP", "open"),
    ("Médecins Sans Frontières", "Telemedicine for humanitarian settings, 2033–2035",
     "technical_assistance", ["2.4.1"], [7], ["EMR"], [], 2033, 2035, None, "", "open"),
    ("Digital Square at PATH", "Digital health workforce fellowships",
     "personnel", ["3.1.4"], [4], [], ["KEN", "RWA"], 2025, 2026, "250000", "USD", "draft"),
    ("Digital Square at PATH", "Global goods maturity assessments, 2023",
     "technical_assistance", [], [2], [], [], 2023, 2024, "80000", "USD", "closed"),
]  # fmt: skip


@transaction.atomic
def seed_offers(*, log=print, recorded_before=None):
    """Create the demo partners' offers once (recorded before `recorded_before`, default now);
    running again changes nothing. Their USD capacity is computed as the services do."""
    from .models import Offer
    from .services.offers import capacity_in_usd

    if Offer.objects.filter(contact_email__endswith="@offers.example.org").exists():
        log("  offers: already seeded")
        return
    names = {row[0] for row in DEMO_OFFERS}
    organizations = {o.name: o for o in Organization.objects.filter(name__in=names)}
    interventions = {
        i.code: i
        for i in DigitalHealthIntervention.objects.filter(
            version=DigitalHealthIntervention.Version.V2,
            level=DigitalHealthIntervention.Level.INTERVENTION,
        )
    }
    now = timezone.now()
    latest = min(recorded_before or now, now) - datetime.timedelta(days=2)
    count = 0
    for index, row in enumerate(DEMO_OFFERS):
        name, title, kind, codes, components, regions, states, first, last = row[:9]
        amount, currency, status = row[9:]
        organization = organizations.get(name)
        if organization is None:
            continue
        capacity = Decimal(amount) if amount else None
        offer = Offer.objects.create(
            organization=organization,
            title=title,
            description=(
                f"{organization.name} offers {Offer.Kind(kind).label.lower()} to member states "
                "whose plans rank this need. Write to the contact to discuss timing and scope."
            ),
            kind=kind,
            first_year=first,
            last_year=last,
            capacity_amount=capacity,
            currency=currency,
            capacity_usd=capacity_in_usd(capacity, currency, first),
            contact_name=f"{organization.acronym or organization.name} partnerships team",
            contact_email=f"partnerships-{index + 1}@offers.example.org",
            status=status,
        )
        offer.interventions.set([interventions[c] for c in codes if c in interventions])
        offer.components.set(components)
        offer.who_regions.set(regions)
        offer.member_states.set(MemberState.objects.filter(pk__in=states))
        moment = latest - datetime.timedelta(days=3 * (len(DEMO_OFFERS) - index))
        Offer.objects.filter(pk=offer.pk).update(created_at=moment, updated_at=moment)
        count += 1
    log(f"  offers: {count}")


LARGE_OFFER_TITLES = [
    "Digital health training for {place}",
    "Interoperability support in {place}",
    "Surveillance data systems for {place}",
    "Community health information tools in {place}",
    "Telemedicine services for {place}",
    "Connectivity for health facilities in {place}",
]


def seed_large_offers(*, count=5_000, log=print):
    """Add bulk offers for benchmarks (idempotent: once per database): most open, in US dollars,
    each with a few interventions, components and places (a tenth anywhere)."""
    from .models import Offer

    if Offer.objects.filter(title__endswith="(benchmark)").exists():
        log("  offers (large): already seeded")
        return
    rng = random.Random(SEED + 2)
    states = list(MemberState.objects.order_by("iso3").values_list("iso3", "who_region_id"))
    organizations = list(Organization.objects.values_list("pk", flat=True))
    codes = list(
        DigitalHealthIntervention.objects.filter(
            version=DigitalHealthIntervention.Version.V2,
            level=DigitalHealthIntervention.Level.INTERVENTION,
        ).values_list("pk", flat=True)
    )
    kinds = [kind for kind, _label in Offer.Kind.choices]
    with transaction.atomic():
        offers, places = [], []
        for n in range(count):
            iso3, region = rng.choice(states)
            where = rng.random()
            place = "every country" if where < 0.1 else (region if where < 0.4 else iso3)
            first = rng.randint(2024, 2029)
            amount = Decimal(rng.randint(10, 5000)) * 1000
            offers.append(
                Offer(
                    organization_id=rng.choice(organizations),
                    title=f"{rng.choice(LARGE_OFFER_TITLES).format(place=place)} (benchmark)",
                    description="Support offered to national digital health programmes.",
                    kind=rng.choice(kinds),
                    first_year=first,
                    last_year=first + rng.randint(0, 4),
                    capacity_amount=amount,
                    currency="USD",
                    capacity_usd=amount,
                    contact_name="Partnerships team",
                    contact_email=f"benchmark-{n}@offers.example.org",
                    status="open" if rng.random() < 0.9 else rng.choice(["draft", "closed"]),
                )
            )
            places.append((where, iso3, region))
        offers = Offer.objects.bulk_create(offers, batch_size=2000)
        links = {
            name: [] for name in ("interventions", "components", "who_regions", "member_states")
        }
        for offer, (where, iso3, region) in zip(offers, places, strict=True):
            for pk in rng.sample(codes, rng.randint(0, 3)):
                links["interventions"].append(
                    Offer.interventions.through(offer_id=offer.pk, digitalhealthintervention_id=pk)
                )
            for number in rng.sample(range(1, 8), rng.randint(1, 2)):
                links["components"].append(
                    Offer.components.through(offer_id=offer.pk, gdhmcomponent_id=number)
                )
            if 0.1 <= where < 0.4:
                links["who_regions"].append(
                    Offer.who_regions.through(offer_id=offer.pk, whoregion_id=region)
                )
            elif where >= 0.4:
                links["member_states"].append(
                    Offer.member_states.through(offer_id=offer.pk, memberstate_id=iso3)
                )
        for name, rows in links.items():
            getattr(Offer, name).through.objects.bulk_create(rows, batch_size=5000)
    log(f"  offers (large): {count}")
