"""Deterministic demo catalogue: a few hundred real-looking resources, and a large one on request.

`seed()` is idempotent (resources are keyed by slug). `seed_bulk(count=…)` adds synthetic
published resources with `bulk_create` in batches, for benchmarks (100,000 in well under 2 min).
"""

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from members.models import GdhmComponent, MemberState, Organization, User, WhoRegion
from members.workflow import ReviewStatus

from . import search
from .models import DigitalHealthIntervention, HealthSystemChallenge, Resource, ResourceLanguage

# title, kind, publisher acronym, year, languages, licence, description language, summary
CURATED = [
    (
        "WHO Guideline: recommendations on digital interventions for health system strengthening",
        "guideline",
        "WB",
        2019,
        "en fr es ar zh ru",
        "CC-BY-NC-SA-3.0-IGO",
        "en",
        "Evidence-based recommendations on ten digital health interventions, including birth and "
        "death notification, stock notification, client-to-provider telemedicine and targeted "
        "client communication.",
    ),
    (
        "Digital adaptation kit for immunization: FHIR implementation guide",
        "standard",
        "UNICEF",
        2023,
        "en fr",
        "CC-BY-4.0",
        "en",
        "Computable guidelines for immunization: data dictionary, decision support logic "
        "and an HL7 "
        "FHIR implementation guide for electronic immunization registries.",
    ),
    (
        "Electronic immunization registry: practical considerations for planning and "
        "implementation",
        "best_practice",
        "Gavi",
        2021,
        "en es",
        "CC-BY-NC-SA-3.0-IGO",
        "en",
        "Lessons from countries that introduced an electronic immunization registry: governance, "
        "costing, data quality and the move away from paper registers.",
    ),
    (
        "Principles for Digital Development",
        "best_practice",
        "DIAL",
        2024,
        "en fr es pt",
        "CC-BY-SA-4.0",
        "en",
        "Nine living guidelines to help integrate best practices into "
        "technology-enabled programmes: "
        "design with people, understand the existing ecosystem, reuse and improve.",
    ),
    (
        "Planning and implementing digital health architecture: a toolkit",
        "toolkit",
        "ITU",
        2020,
        "en fr",
        "CC-BY-NC-SA-3.0-IGO",
        "en",
        "The Digital Health Platform Handbook: how to design an enterprise architecture with "
        "shared registries, a health information exchange and interoperable services.",
    ),
    (
        "DHIS2: open-source health management information system",
        "global_good",
        "HISP UiO",
        2024,
        "en fr es pt ar",
        "BSD-3-Clause",
        "en",
        "The world's largest health management information system platform, used by ministries of "
        "health for aggregate and tracker data, dashboards and analytics.",
    ),
    (
        "OpenHIE architecture specification",
        "standard",
        "Jembi",
        2023,
        "en",
        "CC-BY-4.0",
        "en",
        "A reusable architecture for health information exchange: client registry, facility "
        "registry, health worker registry, shared health record and interoperability layer.",
    ),
    (
        "Stratégie nationale de santé numérique : guide d'élaboration",
        "policy_template",
        "AFD",
        2022,
        "fr",
        "CC-BY-NC-SA-3.0-IGO",
        "fr",
        "Un guide pour élaborer une stratégie nationale de santé numérique : gouvernance, "
        "interopérabilité, financement et évaluation des interventions numériques en santé.",
    ),
    (
        "Télémédecine et téléconsultation en Afrique de l'Ouest : étude de cas",
        "case_study",
        "AFD",
        2023,
        "fr",
        "CC-BY-4.0",
        "fr",
        "Retour d'expérience sur la téléconsultation dans les districts sanitaires : équipement, "
        "formation des agents de santé, protection des données et coûts.",
    ),
    (
        "Protección de datos personales en salud digital: modelo de legislación",
        "policy_template",
        "WB",
        2022,
        "es",
        "CC-BY-4.0",
        "es",
        "Plantilla de ley para la protección de datos de salud, el consentimiento y el intercambio "
        "seguro de información clínica entre establecimientos.",
    ),
    (
        "数字健康互操作性标准指南",
        "standard",
        "ADB",
        2023,
        "zh en",
        "CC-BY-4.0",
        "zh",
        "本指南介绍数字健康信息系统的互操作性标准，包括术语、数据交换和患者主索引。",
    ),
    (
        "Global Digital Health Monitor: state of digital health report",
        "report",
        "WB",
        2023,
        "en",
        "CC-BY-4.0",
        "en",
        "Country maturity across the seven GDHM components, with trends since the Global Digital "
        "Health Index and benchmarks per WHO region.",
    ),
    (
        "Digital health workforce competency framework",
        "training_course",
        "LSHTM",
        2022,
        "en",
        "CC-BY-NC-4.0",
        "en",
        "A course and competency framework for health workers, informaticians and managers who "
        "plan, run and evaluate digital health systems.",
    ),
    (
        "Master facility list resource package",
        "toolkit",
        "Global Fund",
        2018,
        "en fr",
        "CC-BY-NC-SA-3.0-IGO",
        "en",
        "Guidance and tools to build and maintain a master facility list: signature domain, "
        "governance and the facility registry.",
    ),
    (
        "Community health information system data set",
        "dataset",
        "MSF",
        2021,
        "en",
        "ODbL-1.0",
        "en",
        "Anonymised monthly community health worker reports from several districts, for analysis "
        "and training in data use.",
    ),
    (
        "Digital health investment review tool",
        "toolkit",
        "BMGF",
        2020,
        "en",
        "CC-BY-4.0",
        "en",
        "A costing and investment review tool that helps ministries align donor funding with the "
        "national digital health strategy.",
    ),
    (
        "SMART guidelines: HIV digital adaptation kit",
        "standard",
        "Global Fund",
        2022,
        "en fr es",
        "CC-BY-NC-SA-3.0-IGO",
        "en",
        "Business processes, decision-support tables and indicators for HIV prevention, "
        "testing and "
        "treatment, ready for implementation in digital systems.",
    ),
    (
        "Mobile health for tuberculosis treatment adherence: case study from Kenya",
        "case_study",
        "KHISP",
        2021,
        "en sw",
        "CC-BY-4.0",
        "en",
        "How video-observed therapy and SMS reminders improved tuberculosis treatment "
        "completion in "
        "county hospitals.",
    ),
    (
        "National health data governance framework template",
        "policy_template",
        "GIZ",
        2023,
        "en de",
        "CC-BY-4.0",
        "en",
        "A template framework for data stewardship, data sharing agreements and secondary use of "
        "health data, with a model decree.",
    ),
    (
        "OpenMRS electronic medical record platform",
        "global_good",
        "PATH",
        2024,
        "en fr es pt",
        "MPL-2.0",
        "en",
        "An open-source electronic medical record platform for low-resource settings, with a "
        "modular architecture and a global community.",
    ),
]

# Country experiences of the demo's showcase countries (Kenya's and France's focal points, the
# countries whose plans the demo highlights): curated rows as above, then the member states
# (ISO alpha-3) where the resource was applied. Their country pages list them.
COUNTRY_EXPERIENCES = [
    (
        "Kenya Health Information Exchange: lessons from the first counties",
        "case_study",
        "KHISP",
        2024,
        "en sw",
        "CC-BY-4.0",
        "en",
        "How the first counties connected their facilities to the national health information "
        "exchange and the shared health record: governance, client registry and costs.",
        ["KEN"],
    ),
    (
        "Electronic community health information system (eCHIS) in Kenya: scale-up review",
        "case_study",
        "PATH",
        2023,
        "en",
        "CC-BY-4.0",
        "en",
        "Community health promoters' electronic tools from pilot to national scale: training, "
        "devices, data use by county health management teams.",
        ["KEN"],
    ),
    (
        "Mon espace santé : le dossier médical partagé des assurés en France",
        "case_study",
        "AFD",
        2023,
        "fr en",
        "CC-BY-4.0",
        "fr",
        "Retour d'expérience sur l'espace numérique de santé ouvert à chaque assuré : "
        "identifiant national de santé, messagerie sécurisée et consentement.",
        ["FRA"],
    ),
    (
        "Doctrine du numérique en santé : interopérabilité et sécurité des services",
        "policy_template",
        "AFD",
        2024,
        "fr",
        "CC-BY-4.0",
        "fr",
        "Le cadre commun des services numériques de santé en France : référentiels "
        "d'interopérabilité, identité numérique et sécurité, et leur opposabilité.",
        ["FRA"],
    ),
    (
        "Ethiopia's electronic community health information system: from pilot to roll-out",
        "case_study",
        "Africa CDC",
        2022,
        "en",
        "CC-BY-4.0",
        "en",
        "Health extension workers' tablets, household registration and the link to DHIS2: what "
        "it took to reach every region.",
        ["ETH"],
    ),
    (
        "Health IDs and registries at national scale: India's digital health mission",
        "case_study",
        "WB",
        2024,
        "en",
        "CC-BY-4.0",
        "en",
        "A federated architecture of health identifiers, facility and professional registries "
        "and consent-based data exchange, and its uptake by public and private providers.",
        ["IND"],
    ),
    (
        "Brazil's national health data network: the exchange behind the COVID-19 response",
        "case_study",
        "WB",
        2022,
        "pt en",
        "CC-BY-4.0",
        "en",
        "How the national health data network carried test results and vaccination records "
        "between municipalities, states and the ministry of health.",
        ["BRA"],
    ),
    (
        "Historia clínica electrónica en la atención primaria del Ecuador",
        "case_study",
        "UNICEF",
        2023,
        "es",
        "CC-BY-4.0",
        "es",
        "Implementación de la historia clínica electrónica en los centros de salud del primer "
        "nivel: capacitación, conectividad y uso de los datos para la gestión.",
        ["ECU"],
    ),
    (
        "Cross-border health data exchange in the East African Community",
        "best_practice",
        "AfDB",
        2023,
        "en fr",
        "CC-BY-4.0",
        "en",
        "Shared standards and agreements that let laboratory results and immunization records "
        "follow travellers and truck drivers across borders.",
        ["KEN", "RWA", "TZA", "UGA"],
    ),
]
# Curated resources that name the country where they were applied.
CURATED_COUNTRIES = {
    "Mobile health for tuberculosis treatment adherence: case study from Kenya": ["KEN"],
}

TOPICS = [
    "immunization", "maternal health", "tuberculosis", "malaria", "HIV", "primary health care",
    "health workforce", "supply chain", "civil registration", "telemedicine", "data governance",
    "interoperability", "mobile health", "health financing", "laboratory", "surveillance",
    "noncommunicable diseases", "mental health", "nutrition", "emergencies",
]  # fmt: skip
KIND_WORDS = {
    "standard": "Interoperability standard for",
    "guideline": "Guideline on digital interventions for",
    "best_practice": "Best practices in digital",
    "toolkit": "Implementation toolkit for",
    "case_study": "Country experience: digital",
    "policy_template": "Policy template for digital",
    "global_good": "Open-source platform for",
    "training_course": "Training course on digital",
    "dataset": "Open dataset on",
    "report": "Landscape report on digital",
}
PLACES = ["in East Africa", "in South-East Asia", "in the Pacific islands", "in Latin America",
          "in West Africa", "in the Eastern Mediterranean", "in Europe", "for districts",
          "for national programmes", "at community level"]  # fmt: skip
LANGUAGE_SETS = [["en"], ["en", "fr"], ["fr"], ["en", "es"], ["es"], ["en", "pt"], ["ar", "en"],
                 ["zh", "en"], ["ru", "en"], ["en", "fr", "es", "ar", "zh", "ru"]]  # fmt: skip
LICENCES = ["CC-BY-NC-SA-3.0-IGO", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "MIT", "Apache-2.0",
            "all-rights-reserved"]  # fmt: skip
DEMO_PREFIX = "demo-"
BULK_PREFIX = "bulk-"


class _Reference:
    """The reference rows the generator picks from, loaded once."""

    def __init__(self):
        self.organizations = list(Organization.objects.order_by("pk"))
        self.by_acronym = {o.acronym or o.name: o for o in self.organizations}
        self.topics = list(
            DigitalHealthIntervention.objects.filter(version="v2", level="intervention")
            .order_by("sort_key")
            .values_list("pk", flat=True)
        )
        self.components = list(GdhmComponent.objects.values_list("pk", flat=True))
        self.challenges = list(HealthSystemChallenge.objects.values_list("pk", flat=True))
        self.states = list(MemberState.objects.order_by("iso3").values_list("pk", "who_region_id"))
        self.region_of = dict(self.states)
        self.regions = list(WhoRegion.objects.values_list("pk", flat=True))


def _generated(number, rng, reference):
    kind = list(KIND_WORDS)[number % len(KIND_WORDS)]
    topic = TOPICS[rng.randrange(len(TOPICS))]
    place = PLACES[rng.randrange(len(PLACES))]
    title = f"{KIND_WORDS[kind]} {topic} {place} ({number})"
    summary = (
        f"Practical guidance on {topic} {place}: governance, interoperability with national "
        f"registries, costing and lessons from implementation. Volume {number}."
    )
    return {
        "kind": kind,
        "title": title,
        "summary": summary,
        "body": f"## Scope\n\nThis resource covers **{topic}**.\n\n- Planning\n- Implementation\n"
        f"- Evaluation\n",
        "publisher": reference.organizations[rng.randrange(len(reference.organizations))],
        "year": 2010 + rng.randrange(16),
        "languages": LANGUAGE_SETS[rng.randrange(len(LANGUAGE_SETS))],
        "licence": LICENCES[rng.randrange(len(LICENCES))],
        "quality_assured": rng.random() < 0.2,
    }


def _relations(resource_id, rng, reference):
    topics = rng.sample(reference.topics, 2)
    component = reference.components[rng.randrange(len(reference.components))]
    challenge = reference.challenges[rng.randrange(len(reference.challenges))]
    state, region = reference.states[rng.randrange(len(reference.states))]
    return topics, component, challenge, state, region


def _bulk_insert(rows, reference, rng, *, description_language="en"):
    """Insert resources (dicts) and their relations with bulk_create; returns the count."""
    resources = Resource.objects.bulk_create(
        [
            Resource(
                slug=row["slug"],
                kind=row["kind"],
                title=row["title"],
                summary=row["summary"],
                body=row["body"],
                description_language=row.get("description_language", description_language),
                publisher=row["publisher"],
                publication_year=row["year"],
                link=f"https://resources.example.org/{row['slug']}",
                licence=row["licence"],
                quality_assured=row["quality_assured"],
                quality_assured_on=date(row["year"], 6, 1) if row["quality_assured"] else None,
                status=ReviewStatus.APPROVED,
            )
            for row in rows
        ]
    )
    M = Resource
    links = {
        ResourceLanguage: [],
        M.interventions.through: [],
        M.gdhm_components.through: [],
        M.challenges.through: [],
        M.member_states.through: [],
        M.who_regions.through: [],
    }
    for resource, row in zip(resources, rows, strict=True):
        topic_ids, component, challenge, state, region = _relations(resource.pk, rng, reference)
        links[ResourceLanguage] += [(resource.pk, code) for code in row["languages"]]
        links[M.interventions.through] += [(resource.pk, t) for t in row.get("topics", topic_ids)]
        links[M.gdhm_components.through].append((resource.pk, component))
        links[M.challenges.through].append((resource.pk, challenge))
        if row.get("member_states"):
            states = row["member_states"]
            regions = sorted({reference.region_of[iso3] for iso3 in states})
        else:
            states, regions = [state], [region]
        links[M.member_states.through] += [(resource.pk, iso3) for iso3 in states]
        links[M.who_regions.through] += [(resource.pk, code) for code in regions]
    with search.facet_arrays_refreshed_once([resource.pk for resource in resources]):
        for model, pairs in links.items():
            _insert_links(model, pairs)
    return len(resources)


def _insert_links(model, pairs):
    """Insert (resource id, other value) rows of a two-column link table: one `INSERT … SELECT
    unnest(…)` (the large seed inserts ~600,000 of them; model instances would cost most of its
    Python time)."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
            f"SELECT * FROM unnest({arrays})",
            [list(column) for column in zip(*pairs, strict=True)],
        )


def _curated():
    """CURATED and COUNTRY_EXPERIENCES as rows of (curated fields…, member states)."""
    yield from ((*row, CURATED_COUNTRIES.get(row[0], [])) for row in CURATED)
    yield from COUNTRY_EXPERIENCES


@transaction.atomic
def seed(*, log=print, count=300, recorded_before=None):
    """The demo catalogue: the curated resources above plus generated ones, recorded over the
    600 days before `recorded_before` (default: now); safe to run again."""
    if Resource.objects.filter(slug__startswith=DEMO_PREFIX).exists():
        log(f"  resources: already seeded ({Resource.objects.count()})")
        return
    rng = random.Random(2026)
    reference = _Reference()
    rows = []
    for number, curated in enumerate(_curated(), start=1):
        title, kind, acronym, year, languages, licence, language, summary, states = curated
        rows.append(
            {
                "slug": f"{DEMO_PREFIX}{number}",
                "kind": kind,
                "title": title,
                "summary": summary,
                "body": f"## Summary\n\n{summary}\n\n[Read more](https://www.who.int/health-topics/digital-health)\n",
                "publisher": reference.by_acronym.get(acronym, reference.organizations[0]),
                "year": year,
                "languages": languages.split(),
                "licence": licence,
                "quality_assured": number % 3 == 0,
                "description_language": language,
                "member_states": states,
            }
        )
    for number in range(len(rows) + 1, count + 1):
        rows.append({"slug": f"{DEMO_PREFIX}{number}", **_generated(number, rng, reference)})
    rows = rows[:count]
    _bulk_insert(rows, reference, rng)
    _date_demo_rows(rows, recorded_before or timezone.now())
    # A proposal waiting in the curation queue, from the demo partner member.
    partner = User.objects.filter(organization__isnull=False).order_by("pk").first()
    Resource.objects.filter(slug=f"{DEMO_PREFIX}{count}").update(
        status=ReviewStatus.SUBMITTED, proposed_by=partner
    )
    log(f"  resources: {count} (one proposal waiting for the secretariat)")


def _date_demo_rows(rows, before):
    """Record the demo rows two days apart, the last one a day before `before`: the catalogue
    grew over time, and a report whose cut-off is `before` counts every one of them."""
    resources = list(Resource.objects.filter(slug__in=[row["slug"] for row in rows]).only("slug"))
    number_of = {row["slug"]: number for number, row in enumerate(rows)}
    for resource in resources:
        days = 1 + 2 * (len(rows) - 1 - number_of[resource.slug])
        resource.created_at = resource.updated_at = before - timedelta(days=days, hours=3)
    Resource.objects.bulk_update(resources, ["created_at", "updated_at"])


def seed_bulk(*, count, log=print, batch=10_000):
    """Add published synthetic resources until `count` bulk ones exist (for benchmarks)."""
    existing = Resource.objects.filter(slug__startswith=BULK_PREFIX).count()
    rng = random.Random(existing)
    reference = _Reference()
    for start in range(existing + 1, count + 1, batch):
        stop = min(start + batch, count + 1)
        with transaction.atomic():
            rows = [
                {"slug": f"{BULK_PREFIX}{n}", **_generated(n, rng, reference)}
                for n in range(start, stop)
            ]
            _bulk_insert(rows, reference, rng)
        log(f"  bulk resources: {stop - 1}/{count}")
