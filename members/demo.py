"""Deterministic demo data of the members app: partner organizations and the demo accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from .models import SECRETARIAT_GROUP, MemberState, Organization, User

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
def seed(*, password, log=print):
    """Create (or bring up to date) the demo organizations and accounts; safe to run again."""
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
