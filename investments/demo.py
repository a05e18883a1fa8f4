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
PRIORITY_TITLES = {
    1: "Digital health governance and coordination unit",
    2: "Costed national digital health strategy and investment roadmap",
    3: "Health data protection and privacy regulations",
    4: "Digital health competencies of the health workforce",
    5: "National health data standards and interoperability layer",
    6: "Connectivity, hosting and devices for health facilities",
    7: "National digital health services and applications",
}
DONOR_CURRENCIES = ["USD", "USD", "USD", "EUR", "EUR", "GBP", "JPY", "CHF", "NOK", "KRW"]
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
def seed(*, log=print):
    """Create the demo plans and commitments once; running again changes nothing."""
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
    approved_at = timezone.now()

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
                title=f"National digital health investment plan {start}–{start + 4} {DEMO_MARKER}",
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
                title=PRIORITY_TITLES[component.number],
                component=component,
                implementing_agency="Ministry of Health",
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
        currency = plan.currency if organization is None else rng.choice(DONOR_CURRENCIES)
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
            verified_at=approved_at if verified else None,
        )
        if stage in ("committed", "disbursed"):
            commitment.committed_amount = pledged
            commitment.committed_on = pledged_on + datetime.timedelta(days=60)
        if stage == "disbursed":
            commitment.disbursed_amount = _amount(pledged * Decimal(rng.randint(30, 100)) / 100)
            commitment.disbursed_on = pledged_on + datetime.timedelta(days=150)
        commitments.append(commitment)
    Commitment.objects.bulk_create(commitments)
    log(
        f"  investments: {len(plans)} plans ({len(approved)} approved), {len(priorities)} "
        f"priorities, {len(commitments)} commitments (150 verified)"
    )


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
    return Commitment(
        plan_id=plan_id,
        priority_id=priority_id,
        organization_id=rng.choice(organizations),
        kind="cash",
        currency=rng.choice(currencies),
        year=rng.choice([2024, 2025]),
        status="committed",
        pledged_amount=amount,
        pledged_on=datetime.date(2024, 2, 1),
        committed_amount=amount,
        committed_on=datetime.date(2024, 4, 1),
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
