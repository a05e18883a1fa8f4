"""Deterministic demo data of the members app: partner organizations and the demo accounts."""

import datetime
import random

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import (
    SECRETARIAT_GROUP,
    GdhmIndicator,
    IndicatorAnswer,
    MemberState,
    Organization,
    PeerExchangeRequest,
    ProfileSubmission,
    ReportingCycle,
    User,
)
from .peers import peers_by_indicator
from .workflow import ReviewEvent

ORGANIZATIONS = [
    # name, acronym, type, headquarters, website
    ("World Bank", "WB", "multilateral", "USA", "https://www.worldbank.org"),
    ("United Nations Children's Fund", "UNICEF", "multilateral", "USA", "https://www.unicef.org"),
    ("International Telecommunication Union", "ITU", "multilateral", "CHE", "https://www.itu.int"),
    ("Gavi, the Vaccine Alliance", "Gavi", "multilateral", "CHE", "https://www.gavi.org"),
    (
        "The Global Fund to Fight AIDS, Tuberculosis and Malaria",
        "Global Fund",
        "multilateral",
        "CHE",
        "https://www.theglobalfund.org",
    ),
    ("Asian Development Bank", "ADB", "multilateral", "PHL", "https://www.adb.org"),
    ("African Development Bank", "AfDB", "multilateral", "CIV", "https://www.afdb.org"),
    (
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        "GIZ",
        "bilateral_donor",
        "DEU",
        "https://www.giz.de",
    ),
    (
        "Norwegian Agency for Development Cooperation",
        "Norad",
        "bilateral_donor",
        "NOR",
        "https://www.norad.no",
    ),
    (
        "Japan International Cooperation Agency",
        "JICA",
        "bilateral_donor",
        "JPN",
        "https://www.jica.go.jp",
    ),
    ("Agence française de développement", "AFD", "bilateral_donor", "FRA", "https://www.afd.fr"),
    (
        "Korea International Cooperation Agency",
        "KOICA",
        "bilateral_donor",
        "KOR",
        "https://www.koica.go.kr",
    ),
    (
        "Bill & Melinda Gates Foundation",
        "BMGF",
        "foundation",
        "USA",
        "https://www.gatesfoundation.org",
    ),
    (
        "The Rockefeller Foundation",
        "",
        "foundation",
        "USA",
        "https://www.rockefellerfoundation.org",
    ),
    ("Wellcome Trust", "Wellcome", "foundation", "GBR", "https://wellcome.org"),
    ("Digital Square at PATH", "PATH", "ngo", "USA", "https://digitalsquare.org"),
    ("Jembi Health Systems", "Jembi", "ngo", "ZAF", "https://www.jembi.org"),
    ("Digital Impact Alliance", "DIAL", "ngo", "USA", "https://dial.global"),
    ("Médecins Sans Frontières", "MSF", "ngo", "CHE", "https://www.msf.org"),
    (
        "HISP Centre, University of Oslo",
        "HISP UiO",
        "academic",
        "NOR",
        "https://www.mn.uio.no/hisp",
    ),
    (
        "London School of Hygiene & Tropical Medicine",
        "LSHTM",
        "academic",
        "GBR",
        "https://www.lshtm.ac.uk",
    ),
    ("Africa CDC", "Africa CDC", "multilateral", "ETH", "https://africacdc.org"),
    ("Kenya Health Information Systems Interoperability Partners", "KHISP", "other", "KEN", ""),
    ("Smart Health Systems Ltd", "", "private_sector", "IND", ""),
    (
        "National eHealth Agency of Estonia",
        "TEHIK",
        "government_agency",
        "EST",
        "https://www.tehik.ee",
    ),
]

PARTNER_ORGANIZATION = "Digital Square at PATH"

ACCOUNTS = [
    # email, full name, role, target
    ("secretariat@example.org", "Amina Diallo", "secretariat", None),
    ("focal.ken@example.org", "Wanjiru Kamau", "focal_point", "KEN"),
    ("focal.fra@example.org", "Claire Martin", "focal_point", "FRA"),
    ("partner@example.org", "Rahul Mehta", "partner", PARTNER_ORGANIZATION),
]


@transaction.atomic
def seed(*, password, log=print, recorded_before=None):
    """Create (or bring up to date) the demo organizations and accounts; safe to run again.
    Profiles are recorded before `recorded_before` (default: now)."""
    states = MemberState.objects.in_bulk()
    for name, acronym, type_, hq, website in ORGANIZATIONS:
        Organization.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "type": type_,
                "headquarters": states[hq],
                "website": website,
            },
        )
    log(f"  organizations: {len(ORGANIZATIONS)}")

    secretariat_group = Group.objects.get(name=SECRETARIAT_GROUP)
    for email, full_name, role, target in ACCOUNTS:
        user, _created = User.objects.get_or_create(email=email)
        user.full_name = full_name
        user.member_state = states[target] if role == "focal_point" else None
        user.organization = Organization.objects.get(name=target) if role == "partner" else None
        user.is_staff = role == "secretariat"
        user.set_password(password)
        user.save()
        if role == "secretariat":
            user.groups.add(secretariat_group)
        log(f"  account: {email} ({role.replace('_', ' ')})")
    seed_profiles(log=log, recorded_before=recorded_before)
    seed_peer_exchanges(log=log, recorded_before=recorded_before)


CYCLES = [
    # year, opens on, closes on
    (2023, datetime.date(2023, 1, 15), datetime.date(2023, 6, 30)),
    (2024, datetime.date(2024, 1, 15), datetime.date(2024, 6, 30)),
    (2025, datetime.date(2025, 1, 15), datetime.date(2025, 6, 30)),
    (2026, datetime.date(2026, 1, 15), datetime.date(2026, 12, 15)),
]
ADOPTED_STRATEGIES = 120
# Mean GDHM phase by income group, so the benchmarks look like the real monitor's.
MATURITY_BY_INCOME = {"H": 3.8, "UM": 3.1, "LM": 2.6, "L": 2.1, "": 2.5}
# Member states whose approved profiles of 2023, 2024 and 2025 (and 2026 for some) tell a story
# year on year: each indicator moves from one cycle to the next, the sub-indicators and a few
# indicators are first answered in 2024 (see `_trajectories`).
STORY_MEMBER_STATES = 72
STORY_SEED = 20261206
STANDARDS_BY_MATURITY = ["icd_10", "dhis2", "icd_11", "hl7_fhir", "loinc", "snomed_ct", "openhie"]


def _profile_values(rng, state, status, maturity):
    start = rng.choice(range(2019, 2025))
    has_strategy = status in ("adopted", "expired")
    end = start + rng.choice((5, 6, 7)) if has_strategy else None
    if status == "expired":
        start, end = start - 8, start - 3
    body = rng.choice(
        (
            "Ministry of Health",
            "Ministry of Health — Digital Health Directorate",
            "National eHealth Agency",
        )
    )
    standards = STANDARDS_BY_MATURITY[: max(1, round(maturity + rng.uniform(-1, 1.5)))]
    return {
        "strategy_status": status,
        "strategy_title": (
            f"National Digital Health Strategy {start}–{end}"
            if has_strategy
            else ("National Digital Health Strategy (draft)" if status == "in_development" else "")
        ),
        "strategy_start_year": start if has_strategy else None,
        "strategy_end_year": end,
        "strategy_adopted_on": datetime.date(start, rng.randint(1, 12), rng.randint(1, 28))
        if has_strategy
        else None,
        "strategy_responsible_body": body if status != "none" else "",
        "strategy_url": f"https://health.example.org/{state.iso3.lower()}/digital-health-strategy"
        if has_strategy
        else "",
        "strategy_is_costed": rng.random() < 0.55 if has_strategy else None,
        "strategy_aligned_with_global_strategy": (rng.random() < 0.8) if has_strategy else None,
        "coordination_body_exists": rng.random() < 0.4 + maturity / 10,
        "coordination_body_name": "National Digital Health Steering Committee",
        "coordination_ministries": ["health", "ict", *(["finance"] if rng.random() < 0.5 else [])],
        "digital_health_unit_exists": rng.random() < 0.3 + maturity / 8,
        "data_protection_law_in_force": rng.random() < 0.3 + maturity / 8,
        "data_protection_law_name": "Data Protection Act",
        "data_protection_law_year": rng.randint(2012, 2024),
        "interoperability_framework_exists": rng.random() < maturity / 5,
        "standards_adopted": standards,
    }


def _answers(rng, submission, indicators, maturity):
    answers = []
    for indicator in indicators:
        phase = min(5, max(1, round(rng.gauss(maturity, 0.9))))
        if rng.random() < 0.03:
            phase = IndicatorAnswer.NOT_AVAILABLE
        answers.append(
            IndicatorAnswer(
                submission=submission,
                indicator=indicator,
                phase=phase,
                evidence_note=(
                    f"Reported by the ministry of health of {submission.member_state.name_en}."
                ),
                verification_status=rng.choices(
                    ("self_reported", "verified", "disputed"), weights=(6, 3, 1)
                )[0],
            )
        )
    return answers


def _trajectories(states, indicators, maturity, years):
    """`{iso3: {year: {indicator code: phase}}}`: each member state's phases cycle after cycle.
    Its trend (improving, steady or slipping) sets how often an indicator goes up or down a
    phase; the sub-indicators and two indicators ("not available" then) start in the second
    cycle, so some answers are new."""
    rng = random.Random(STORY_SEED)
    trends = {"improving": (0.35, 0.05), "steady": (0.15, 0.12), "slipping": (0.06, 0.3)}
    result = {}
    for state in states:
        up, down = trends[rng.choices(list(trends), (5, 3, 2))[0]]
        late = set(rng.sample([i.code for i in indicators if i.parent_id is None], 2))
        phases = {
            i.code: min(5, max(1, round(rng.gauss(maturity[state.iso3] - 0.4, 0.8))))
            for i in indicators
        }
        per_year = {}
        for index, year in enumerate(years):
            if index:
                for code, phase in phases.items():
                    draw = rng.random()
                    step = 1 if draw < up else (-1 if draw < up + down else 0)
                    phases[code] = min(5, max(1, phase + step))
            per_year[year] = {
                i.code: (
                    phases[i.code]
                    if index
                    else (IndicatorAnswer.NOT_AVAILABLE if i.code in late else phases[i.code])
                )
                for i in indicators
                if index or i.parent_id is None
            }
        result[state.iso3] = per_year
    return result


def _story_answers(rng, submission, indicators, phases):
    return [
        IndicatorAnswer(
            submission=submission,
            indicator=indicator,
            phase=phases[indicator.code],
            evidence_note=(
                f"Reported by the ministry of health of {submission.member_state.name_en}."
            ),
            verification_status=rng.choices(
                ("self_reported", "verified", "disputed"), weights=(6, 3, 1)
            )[0],
        )
        for indicator in indicators
        if indicator.code in phases
    ]


@transaction.atomic
def seed_profiles(*, log=print, recorded_before=None):
    """Reporting cycles and profiles: about 120 member states with an adopted strategy, some
    drafts, submitted and returned profiles, and Kenya's draft for the current cycle. Each
    profile and review step is dated in its cycle and before `recorded_before` (default: now),
    so a report whose cut-off is `recorded_before` counts every one."""
    latest = (recorded_before or timezone.now()) - datetime.timedelta(hours=1)
    cycles = {}
    for year, opens_on, closes_on in CYCLES:
        cycles[year], _created = ReportingCycle.objects.update_or_create(
            year=year, defaults={"opens_on": opens_on, "closes_on": closes_on}
        )
    if ProfileSubmission.objects.exists():
        log("  profiles: already seeded")
        return
    rng = random.Random(20260128)
    states = list(MemberState.objects.order_by("iso3"))
    indicators = list(GdhmIndicator.objects.all())
    secretariat = User.objects.filter(email="secretariat@example.org").first()
    focal_points = dict(
        User.objects.filter(member_state__isnull=False).values_list("member_state_id", "pk")
    )

    reporting = [
        s for s in states if s.iso3 not in ("PRK", "TKM", "ERI", "NRU", "TUV", "NIU", "COK")
    ]
    rng.shuffle(reporting)
    adopted = set(s.iso3 for s in reporting[:ADOPTED_STRATEGIES])
    adopted.add("KEN")
    statuses = {}
    for state in reporting:
        if state.iso3 in adopted:
            statuses[state.iso3] = "adopted"
        else:
            statuses[state.iso3] = rng.choices(("in_development", "none", "expired"), (5, 3, 2))[0]
    maturity = {
        s.iso3: MATURITY_BY_INCOME[s.income_group] + rng.uniform(-0.6, 0.6) for s in reporting
    }

    def build(state, cycle, status, version):
        values = _profile_values(rng, state, statuses[state.iso3], maturity[state.iso3])
        return ProfileSubmission(
            member_state=state,
            cycle=cycle,
            status=status,
            version=version,
            created_by_id=focal_points.get(state.iso3),
            **values,
        )

    story_rng = random.Random(STORY_SEED)
    story = [kenya_state := next(s for s in reporting if s.iso3 == "KEN")]
    story += story_rng.sample(
        [s for s in reporting if s is not kenya_state], STORY_MEMBER_STATES - 1
    )
    trajectories = _trajectories(story, indicators, maturity, [c[0] for c in CYCLES])
    submissions = []
    for state in reporting:
        if state.iso3 in trajectories:
            submissions.append(build(state, cycles[2023], "approved", 3))
        if rng.random() < 0.35 or state.iso3 in trajectories:
            submissions.append(build(state, cycles[2024], "approved", 3))
        submissions.append(build(state, cycles[2025], "approved", 3))
    current = rng.sample([s for s in reporting if s.iso3 != "KEN"], 40)
    current_statuses = ["approved"] * 18 + ["submitted"] * 8 + ["returned"] * 5 + ["draft"] * 9
    for state, status in zip(current, current_statuses, strict=True):
        version = {"approved": 3, "submitted": 2, "returned": 3, "draft": 1}[status]
        submissions.append(build(state, cycles[2026], status, version))
    kenya = next(s for s in states if s.iso3 == "KEN")
    kenya_draft = build(kenya, cycles[2026], "draft", 1)
    submissions.append(kenya_draft)
    ProfileSubmission.objects.bulk_create(submissions)

    answers = []
    for submission in submissions:
        if submission is kenya_draft:
            # Kenya's draft is half done: strategy filled, maturity answered up to component 3.
            kenya_draft_answers = [
                a
                for a in _answers(rng, submission, indicators, maturity["KEN"])
                if a.indicator.component_id <= 3
            ]
            answers.extend(kenya_draft_answers)
            continue
        if submission.status == "draft" and rng.random() < 0.5:
            continue
        if submission.member_state_id in trajectories:
            phases = trajectories[submission.member_state_id][submission.cycle.year]
            answers.extend(_story_answers(rng, submission, indicators, phases))
            continue
        answers.extend(_answers(rng, submission, indicators, maturity[submission.member_state_id]))
    IndicatorAnswer.objects.bulk_create(answers, batch_size=5000)

    content_type = ContentType.objects.get_for_model(ProfileSubmission)
    events = []
    for submission in submissions:
        submitted_at = timezone.make_aware(
            datetime.datetime(submission.cycle.year, 3, 1)
            + datetime.timedelta(days=rng.randint(0, 90))
        )
        submission.created_at = min(submitted_at - datetime.timedelta(days=20), latest)
        submission.updated_at = submission.created_at
        steps = {
            "approved": [
                ("submit", "draft", "submitted", ""),
                ("approve", "submitted", "approved", ""),
            ],
            "submitted": [("submit", "draft", "submitted", "")],
            "returned": [
                ("submit", "draft", "submitted", ""),
                (
                    "return",
                    "submitted",
                    "returned",
                    "Please attach the strategy document and evidence for indicators 1 and 2.",
                ),
            ],
            "draft": [],
        }[submission.status]
        for index, (action, source, target, comment) in enumerate(steps):
            events.append(
                ReviewEvent(
                    content_type=content_type,
                    object_id=submission.pk,
                    action=action,
                    from_status=source,
                    to_status=target,
                    by_id=secretariat.pk
                    if secretariat and action != "submit"
                    else submission.created_by_id,
                    at=min(submitted_at + datetime.timedelta(days=12 * index), latest),
                    comment=comment,
                )
            )
            submission.updated_at = events[-1].at
    ReviewEvent.objects.bulk_create(events, batch_size=2000)
    ProfileSubmission.objects.bulk_update(submissions, ["created_at", "updated_at"], batch_size=500)
    log(
        f"  profiles: {len(submissions)} submissions, {len(answers)} indicator answers, "
        f"{len(adopted)} member states with an adopted strategy"
    )


PEER_EXCHANGES = [
    # Kenya's n-th indicator at phase 1–3 with a peer, the status, the topic and the message.
    (
        0,
        PeerExchangeRequest.Status.PENDING,
        "How you built your national coordination",
        "Kenya is reviewing its coordination arrangements. Could your team share how it set up "
        "and runs its own, and what made the difference?",
    ),
    (
        1,
        PeerExchangeRequest.Status.ACCEPTED,
        "Learning from your roll-out",
        "We would welcome a call with your team on how you reached your current phase.",
    ),
]


@transaction.atomic
def seed_peer_exchanges(*, log=print, recorded_before=None):
    """Kenya's peer exchange requests to its nearest peer on two indicators where it is at
    phase 1–3: one pending, one accepted (an ongoing exchange on both countries' pages)."""
    if PeerExchangeRequest.objects.exists():
        log("  peer exchanges: already seeded")
        return
    kenya = MemberState.objects.get(iso3="KEN")
    focal_point = User.objects.filter(member_state=kenya).order_by("pk").first()
    with_peers = [item for item in peers_by_indicator(kenya, per_indicator=1) if item["peers"]]
    sent_at = (recorded_before or timezone.now()) - datetime.timedelta(days=3)
    created = 0
    for index, status, topic, message in PEER_EXCHANGES:
        if index >= len(with_peers):
            continue
        item = with_peers[index]
        peer = MemberState.objects.get(iso3=item["peers"][0]["iso3"])
        accepted = status == PeerExchangeRequest.Status.ACCEPTED
        exchange = PeerExchangeRequest.objects.create(
            from_member_state=kenya,
            to_member_state=peer,
            indicator_id=item["indicator"],
            topic=topic,
            message=message,
            requested_by=focal_point,
            status=status,
            responded_at=sent_at + datetime.timedelta(days=1) if accepted else None,
        )
        PeerExchangeRequest.objects.filter(pk=exchange.pk).update(
            created_at=sent_at - datetime.timedelta(days=10 * index)
        )
        created += 1
    log(f"  peer exchanges: {created} requests from Kenya")


LARGE_CYCLES = [
    # The two cycles before the demo's three: five reporting cycles at large scale.
    (2022, datetime.date(2022, 1, 15), datetime.date(2022, 6, 30)),
    (2023, datetime.date(2023, 1, 15), datetime.date(2023, 6, 30)),
]
LARGE_ORGANIZATIONS = 2_000
LARGE_USERS = 5_000
ORGANIZATION_TYPES = [t for t, _label in Organization.Type.choices]


def seed_large(*, password, log=print):
    """Benchmark scale (idempotent, bulk inserts): 2,000 organizations, 5,000 users and an
    approved profile of every member state in each of five reporting cycles."""
    from django.contrib.auth.hashers import make_password

    rng = random.Random(20260901)
    states = list(MemberState.objects.order_by("iso3"))
    with transaction.atomic():
        missing = LARGE_ORGANIZATIONS - Organization.objects.count()
        start = Organization.objects.filter(name__startswith="Benchmark partner").count()
        Organization.objects.bulk_create(
            (
                Organization(
                    name=f"Benchmark partner {n:04d}",
                    type=ORGANIZATION_TYPES[n % len(ORGANIZATION_TYPES)],
                    headquarters=states[n % len(states)],
                    website=f"https://partner-{n:04d}.example.org",
                )
                for n in range(start + 1, start + 1 + max(0, missing))
            ),
            batch_size=2000,
        )
        log(f"  organizations (large): {Organization.objects.count()}")

        missing = LARGE_USERS - User.objects.count()
        if missing > 0:
            # One hash for every benchmark account: hashing 5,000 passwords would take minutes.
            hashed = make_password(password)
            orgs = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
            start = User.objects.filter(email__startswith="bench-user-").count()
            users = []
            for n in range(start + 1, start + 1 + missing):
                focal_point = n % 10 == 0
                users.append(
                    User(
                        email=f"bench-user-{n:05d}@example.org",
                        full_name=f"Benchmark user {n}",
                        password=hashed,
                        member_state=states[n % len(states)] if focal_point else None,
                        organization_id=None if focal_point else orgs[n % len(orgs)],
                    )
                )
            User.objects.bulk_create(users, batch_size=2000)
        log(f"  users (large): {User.objects.count()}")

        cycles = {c.year: c for c in ReportingCycle.objects.all()}
        for year, opens_on, closes_on in LARGE_CYCLES:
            if year not in cycles:
                cycles[year] = ReportingCycle.objects.create(
                    year=year, opens_on=opens_on, closes_on=closes_on
                )
        existing = set(ProfileSubmission.objects.values_list("member_state_id", "cycle_id"))
        indicators = list(GdhmIndicator.objects.all())
        submissions = []
        for state in states:
            maturity = MATURITY_BY_INCOME[state.income_group] + rng.uniform(-0.6, 0.6)
            status = rng.choices(("adopted", "in_development", "none", "expired"), (6, 2, 1, 1))[0]
            for cycle in sorted(cycles.values(), key=lambda c: c.year):
                if (state.iso3, cycle.pk) in existing:
                    continue
                submission = ProfileSubmission(
                    member_state=state,
                    cycle=cycle,
                    status="approved",
                    version=3,
                    **_profile_values(rng, state, status, maturity),
                )
                submission.maturity = maturity
                submissions.append(submission)
        ProfileSubmission.objects.bulk_create(submissions, batch_size=1000)
        answers = []
        for submission in submissions:
            answers.extend(_answers(rng, submission, indicators, submission.maturity))
        IndicatorAnswer.objects.bulk_create(answers, batch_size=5000)
    log(
        f"  profiles (large): {len(submissions)} more approved submissions in "
        f"{len(cycles)} cycles, {len(answers)} indicator answers"
    )
