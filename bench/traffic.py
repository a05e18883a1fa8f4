"""The traffic `make bench` sends: for each class of request, URLs drawn at random (seeded) from
the database the way users arrive, each with the parameters its floor reads (bench/floor.py).

A class draws from the combinations of the values present in the database and of natural
variants (filters, pages, the links a page offers), with repetition, so it works on any database
size; on the large seed every class but the few whose whole space is small (`min_distinct`)
yields ≥ 400 distinct paths.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.floor import PUBLISHED

URLS_PER_CLASS = 800
DISTINCT_TARGET = 600
# Without keyset cursors, the deep-page classes read `?page=N` within the first pages only.
FALLBACK_PAGES = 20

COMMON_WORDS = ["health", "data", "digital", "immunization", "surveillance", "information",
                "mobile", "records", "system", "guideline", "community"]  # fmt: skip
ACCENTED_WORDS = ["vaccinación", "santé", "données", "saúde", "información", "numérique",
                  "épidémiologie", "gestión", "télémédecine", "atención"]  # fmt: skip
# Words with thousands of matches in the large seed: the searches that get a next page (2–5,
# or deep up to 60 without a kind filter), within the last page as the portal shows it.
PAGED_WORDS = {"health", "data", "digital", "immunization", "surveillance", "mobile", "guideline",
               "community"}  # fmt: skip
NON_MATCHING_WORDS = ["zqxwv", "qwertyuiop", "xylophonic", "kumquatorama", "blorft",
                      "wibblewobble", "plmokn", "zzyzx"]  # fmt: skip
REGIONS = ["AFR", "AMR", "SEAR", "EUR", "EMR", "WPR"]
GROUPINGS = ["region", "component", "member_state", "global"]


@dataclass(frozen=True)
class Request:
    path: str
    floor: str  # the floor query (bench/floor.py) that reads the rows this path shows
    params: tuple = ()  # the floor query's parameters: ((name, value), ...)
    user: str | None = None  # the signed-in user's email; None: anonymous

    def floor_path(self):
        return f"/{self.floor}?{urlencode(self.params)}" if self.params else f"/{self.floor}"


@dataclass(frozen=True)
class TrafficClass:
    name: str
    kind: str  # "api" or "page"
    draw: Callable  # (rng) -> list[Request], read from the database
    min_distinct: int = 400  # fewer only where the class's whole space is smaller
    signed_in: bool = False

    @property
    def target_ratio(self):
        """The acceptance: API classes within 3× of their floor's p95, pages within 5×."""
        return 3 if self.kind == "api" else 5


def rows(sql, params=None):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def column(sql, params=None):
    return [row[0] for row in rows(sql, params)]


def pick(rng, make, pool):
    """URLS_PER_CLASS requests made by `make(value)` of values drawn from `pool`: up to
    DISTINCT_TARGET distinct requests, then repeats of them."""
    requests, seen = [], set()
    for _ in range(20 * URLS_PER_CLASS):
        request = make(rng.choice(pool))
        if (request.path, request.user) not in seen:
            seen.add((request.path, request.user))
            requests.append(request)
            if len(requests) == DISTINCT_TARGET:
                break
    requests += [rng.choice(requests) for _ in range(URLS_PER_CLASS - len(requests))]
    rng.shuffle(requests)
    return requests


def vocabulary():
    """Search words: fixed common, accented and non-matching words, plus the most and the least
    frequent lexemes of a sample of the catalogue."""
    sample = (
        "SELECT search_vector FROM resources_resource WHERE status = ''approved'' AND id % 40 = 0"
    )
    frequent = column(
        f"SELECT word FROM ts_stat('{sample}') WHERE length(word) > 3 "
        "ORDER BY ndoc DESC, word LIMIT 30"
    )
    rare = column(
        f"SELECT word FROM ts_stat('{sample}') WHERE length(word) > 4 AND ndoc = 1 "
        "ORDER BY md5(word) LIMIT 30"
    )
    return sorted({*COMMON_WORDS, *ACCENTED_WORDS, *NON_MATCHING_WORDS, *frequent, *rare})


def _kinds():
    return column(
        "SELECT DISTINCT kind FROM resources_resource WHERE status = 'approved' ORDER BY kind"
    )


def catalogue_search(rng):
    words, kinds = vocabulary(), _kinds()

    def make(word):
        query = {"q": word}
        if kinds and rng.random() < 0.5:
            query["kind"] = rng.choice(kinds)
        if word in PAGED_WORDS and rng.random() < 0.6:
            deep = "kind" not in query and rng.random() < 0.2
            query["page"] = rng.randint(6, 60) if deep else rng.randint(2, 5)
        return Request(
            f"/resources/?{urlencode(query)}",
            "resource-list",
            (("word", word), ("kind", query.get("kind", "")), ("limit", 20),
             ("offset", 20 * (query.get("page", 1) - 1))),
        )  # fmt: skip

    return pick(rng, make, words)


def api_resources_search(rng):
    kinds = _kinds()

    def make(word):
        query = {"search": word, "facets": "true"}
        if rng.random() < 0.5:
            query["region"] = rng.choice(REGIONS)
        if kinds and rng.random() < 0.3:
            query["kind"] = rng.choice(kinds)
        return Request(
            f"/api/v1/resources/?{urlencode(query)}",
            "resource-list",
            (("word", word), ("region", query.get("region", "")),
             ("kind", query.get("kind", "")), ("limit", 50)),
        )  # fmt: skip

    return pick(rng, make, vocabulary())


def keyset_encoder():
    """`encode_cursor` of the API lists' keyset pagination (issue 18), None until it has landed
    (imported here: bench/run.py reads the classes without Django set up)."""
    try:
        from gidh_portal.pagination.keyset import encode_cursor
    except ImportError:
        return None
    return encode_cursor


def _fallback_pages(rng, path, floor, count):
    """Page numbers within the first FALLBACK_PAGES pages of a list of `count` rows, of sizes
    10–50 (a consumer's `page_size`)."""

    def make(size):
        number = rng.randint(1, max(1, min(FALLBACK_PAGES, -(-count // size))))
        return Request(
            f"{path}?page={number}&page_size={size}",
            floor,
            (("limit", size), ("offset", size * (number - 1))),
        )

    return pick(rng, make, list(range(10, 51)))


def api_resources_deep(rng):
    encode_cursor = keyset_encoder()
    if encode_cursor is None:
        (count,) = column("SELECT count(*) FROM resources_resource WHERE status = 'approved'")
        return _fallback_pages(rng, "/api/v1/resources/", "resource-list", count)
    keys = rows(
        "SELECT COALESCE(publication_year, 32767), id FROM resources_resource "
        "WHERE status = 'approved' ORDER BY id"
    )

    def make(key):
        year, pk = key  # the newest order's keyset (resources.ordering.publication_year_key)
        cursor = encode_cursor([year, pk])
        return Request(
            f"/api/v1/resources/?{urlencode({'cursor': cursor})}",
            "resources-after",
            (("year", year), ("id", pk)),
        )

    return pick(rng, make, keys)


PUBLIC_COMMITMENTS = (
    "FROM investments_commitment c JOIN investments_investmentplan p ON p.id = c.plan_id "
    "WHERE c.verified_at IS NOT NULL AND p.status = 'approved'"
)


def api_commitments_deep(rng):
    encode_cursor = keyset_encoder()
    if encode_cursor is None:
        (count,) = column(f"SELECT count(*) {PUBLIC_COMMITMENTS}")
        return _fallback_pages(rng, "/api/v1/commitments/", "commitment-list", count)
    keys = rows(f"SELECT c.pledged_on, c.id {PUBLIC_COMMITMENTS} ORDER BY c.id")

    def make(key):
        pledged_on, pk = key
        cursor = encode_cursor([pledged_on.isoformat(), pk])
        return Request(
            f"/api/v1/commitments/?{urlencode({'cursor': cursor})}",
            "commitments-after",
            (("pledged_on", pledged_on.isoformat()), ("id", pk)),
        )

    return pick(rng, make, keys)


def api_commitments_member_state(rng):
    """Every member state, alone or with a status or kind filter; page 2 where there is one."""
    counts = dict(
        rows(
            "SELECT m.iso3, count(c.id) FROM members_memberstate m "
            "LEFT JOIN investments_investmentplan p ON p.member_state_id = m.iso3 "
            "AND p.status = 'approved' LEFT JOIN investments_commitment c ON c.plan_id = p.id "
            "AND c.verified_at IS NOT NULL GROUP BY m.iso3 ORDER BY m.iso3"
        )
    )
    variants = [("status", s) for s in ("pledged", "committed", "disbursed")] + [
        ("kind", k) for k in ("cash", "in_kind")
    ]

    def make(iso3):
        query, floor = {"member_state": iso3}, {"member_state": iso3, "status": "", "kind": ""}
        if rng.random() < 0.4:
            name, value = rng.choice(variants)
            query[name] = floor[name] = value
        elif counts[iso3] > 50 and rng.random() < 0.5:
            query["page"] = 2
            floor["offset"] = 50
        return Request(
            f"/api/v1/commitments/?{urlencode(query)}",
            "commitment-list",
            (*floor.items(), ("limit", 50)),
        )

    states = sorted(counts)
    requests = [make(iso3) for iso3 in states] + pick(rng, make, states)[len(states) :]
    rng.shuffle(requests)
    return requests


def api_funding_gaps(rng):
    """Its whole space: four groupings, in JSON or CSV."""

    def make(combination):
        group_by, format_ = combination
        suffix = "&format=csv" if format_ == "csv" else ""
        return Request(
            f"/api/v1/funding-gaps/?group_by={group_by}{suffix}",
            "funding-gaps",
            (("group_by", group_by),),
        )

    return pick(rng, make, [(g, f) for g in GROUPINGS for f in ("json", "csv")])


def country_page(rng):
    """Every member state's page, and the two public readings of a country it leads to: the
    catalogue of the resources used there (the page's "All … resources" link) and the member
    state's record in the API (what a data consumer reads for the same country)."""
    states = column("SELECT iso3 FROM members_memberstate ORDER BY iso3")

    def make(iso3):
        variant = rng.random()
        if variant < 0.5:
            return Request(f"/countries/{iso3}/", "country-page", (("iso3", iso3),))
        if variant < 0.75:
            return Request(
                f"/resources/?country={iso3}",
                "resource-list",
                (("country", iso3), ("limit", 20)),
            )
        return Request(f"/api/v1/member-states/{iso3}/", "member-state", (("iso3", iso3),))

    return pick(rng, make, states)


def plan_page(rng):
    plans = column(
        "SELECT id FROM investments_investmentplan WHERE status = 'approved' ORDER BY id"
    )
    return pick(
        rng,
        lambda pk: Request(f"/investments/plans/{pk}/", "plan-page", (("plan", pk),)),
        plans,
    )


def resource_page(rng):
    slugs = column("SELECT slug FROM resources_resource WHERE status = 'approved' ORDER BY id")
    return pick(
        rng,
        lambda slug: Request(f"/resources/{slug}/", "resource-page", (("slug", slug),)),
        slugs,
    )


SIGNED_IN_USERS = 40


def focal_points():
    return column(
        "SELECT email FROM members_user WHERE is_active AND member_state_id IS NOT NULL "
        "AND NOT is_staff ORDER BY id LIMIT %s",
        [SIGNED_IN_USERS],
    )


def partners():
    return column(
        "SELECT email FROM members_user WHERE is_active AND organization_id IS NOT NULL "
        "AND member_state_id IS NULL AND NOT is_staff ORDER BY id LIMIT %s",
        [SIGNED_IN_USERS],
    )


def by_kind(rng, requests):
    """Draw a kind of page (the request's floor name) evenly, then one of its requests: a focal
    point has 500 commitment pages and one "My country", and visits both."""
    kinds = {}
    for request in requests:
        kinds.setdefault(request.floor, []).append(request)
    return pick(rng, lambda kind: rng.choice(kinds[kind]), sorted(kinds)) if kinds else []


def focal_points_own_pages(rng):
    """Focal points on their own pages, each kind as often: my country, their country's page,
    plans, profiles and the commitments to their plans."""
    pool = []
    for email, iso3 in rows(
        "SELECT email, member_state_id FROM members_user WHERE email = ANY(%s) ORDER BY id",
        [focal_points()],
    ):
        pool.append(Request("/my-country/", "my-country", (("iso3", iso3),), email))
        pool.append(Request(f"/countries/{iso3}/", "country-page", (("iso3", iso3),), email))
        for (pk,) in rows(
            "SELECT id FROM investments_investmentplan WHERE member_state_id = %s", [iso3]
        ):
            pool.append(Request(f"/investments/plans/{pk}/", "plan-page", (("plan", pk),), email))
        for (pk,) in rows(
            "SELECT id FROM members_profilesubmission WHERE member_state_id = %s", [iso3]
        ):
            pool.append(Request(f"/profiles/{pk}/", "profile", (("profile", pk),), email))
        for (pk,) in rows(
            "SELECT c.id FROM investments_commitment c "
            "JOIN investments_investmentplan p ON p.id = c.plan_id "
            "WHERE p.member_state_id = %s ORDER BY c.id LIMIT 500",
            [iso3],
        ):
            pool.append(
                Request(f"/investments/commitments/{pk}/", "commitment", (("id", pk),), email)
            )
    return by_kind(rng, pool)


def partners_own_pages(rng):
    """Partners on their own pages, each kind as often: the investments overview, their
    organization's commitments in the API (and its page 2) and each of those commitments'
    page."""
    pool = []
    for email, organization in rows(
        "SELECT email, organization_id FROM members_user WHERE email = ANY(%s) ORDER BY id",
        [partners()],
    ):
        pool.append(Request("/investments/", "funding-gaps", (("group_by", "region"),), email))
        commitments = column(
            "SELECT id FROM investments_commitment WHERE organization_id = %s "
            "ORDER BY id LIMIT 500",
            [organization],
        )
        for page in (1, 2) if len(commitments) > 50 else (1,):
            query = f"?organization={organization}" + ("&page=2" if page == 2 else "")
            floor = (("organization", organization), ("limit", 50), ("offset", 50 * (page - 1)))
            pool.append(Request(f"/api/v1/commitments/{query}", "commitment-list", floor, email))
        for pk in commitments:
            pool.append(
                Request(f"/investments/commitments/{pk}/", "commitment", (("id", pk),), email)
            )
    return by_kind(rng, pool)


def home(rng):
    return [Request("/", "home")] * URLS_PER_CLASS


def country_list(rng):
    return pick(
        rng,
        lambda region: Request(
            f"/countries/?region={region}" if region else "/countries/",
            "country-list",
            (("region", region),),
        ),
        ["", *REGIONS],
    )


def api_member_states(rng):
    """The list, filtered by region or income group, searched by a word of a name or an ISO
    code, and each member state's record."""
    states = rows("SELECT iso3, name_en FROM members_memberstate ORDER BY iso3")
    groups = column(
        "SELECT DISTINCT income_group FROM members_memberstate WHERE income_group <> '' ORDER BY 1"
    )

    def make(state):
        iso3, name = state
        variant = rng.random()
        if variant < 0.4:
            return Request(f"/api/v1/member-states/{iso3}/", "member-state", (("iso3", iso3),))
        if variant < 0.8:
            word = rng.choice([iso3, *name.split()])
            return Request(
                f"/api/v1/member-states/?{urlencode({'search': word})}",
                "member-states",
                (("search", word),),
            )
        if rng.random() < 0.5:
            region = rng.choice(REGIONS)
            return Request(
                f"/api/v1/member-states/?who_region={region}",
                "member-states",
                (("region", region),),
            )
        group = rng.choice(groups)
        return Request(
            f"/api/v1/member-states/?income_group={group}",
            "member-states",
            (("income_group", group),),
        )

    return pick(rng, make, states)


def api_plans(rng):
    """The list by member state, searched by a word of a member state's name, by year covered,
    and by region and year."""
    states = rows("SELECT iso3, name_en FROM members_memberstate ORDER BY iso3")
    years = list(range(2018, 2036))

    def make(state):
        iso3, name = state
        variant = rng.random()
        if variant < 0.4:
            query = {"member_state": iso3}
        elif variant < 0.6:
            query = {"search": rng.choice(name.split())}
        elif variant < 0.75:
            query = {"year": rng.choice(years)}
        else:
            query = {"who_region": rng.choice(REGIONS), "year": rng.choice(years)}
        floor = {
            "member_state": query.get("member_state", ""),
            "search": query.get("search", ""),
            "region": query.get("who_region", ""),
            "year": query.get("year", ""),
        }
        return Request(
            f"/api/v1/investment-plans/?{urlencode(query)}", "plan-list", tuple(floor.items())
        )

    return pick(rng, make, states)


OFFER_KINDS = ["cash", "personnel", "software", "training", "equipment", "technical_assistance"]
OFFER_WORDS = ["health", "data", "training", "interoperability", "surveillance", "community",
               "telemedicine", "connectivity", "zqxwv"]  # fmt: skip


def offers_list(rng):
    """The public list of open offers (/offers/): by member state or region, kind, GDHM
    component, year covered or a word, a few combined, sometimes a later page."""
    states = column("SELECT iso3 FROM members_memberstate ORDER BY iso3")
    years = list(range(2024, 2031))

    def make(iso3):
        query = {}
        variant = rng.random()
        if variant < 0.5:
            query["member_state"] = iso3
        elif variant < 0.7:
            query["region"] = rng.choice(REGIONS)
        if rng.random() < 0.4:
            query["kind"] = rng.choice(OFFER_KINDS)
        if rng.random() < 0.3:
            query["component"] = rng.randint(1, 7)
        if rng.random() < 0.3:
            query["year"] = rng.choice(years)
        if rng.random() < 0.3:
            query["q"] = rng.choice(OFFER_WORDS)
        if not query or rng.random() < 0.1:
            query["page"] = rng.randint(2, 4)
        floor = {
            "kind": query.get("kind", ""),
            "word": query.get("q", ""),
            "year": query.get("year", ""),
            "component": query.get("component", ""),
            "region": query.get("region", ""),
            "member_state": query.get("member_state", ""),
            "offset": 20 * (query.get("page", 1) - 1),
        }
        return Request(f"/offers/?{urlencode(query)}", "offer-list", tuple(floor.items()))

    return pick(rng, make, states)


def sample(rng, population, count):
    return rng.sample(population, min(count, len(population)))


def learning_indicators():
    """(iso3, indicator) of each published answer at phase 1–3: the peers of one indicator."""
    return rows(
        f"SELECT p.member_state_id, a.indicator_id FROM members_indicatoranswer a "
        f"JOIN ({PUBLISHED}) p ON p.id = a.submission_id "
        "WHERE a.phase IN (1, 2, 3) ORDER BY 1, 2"
    )


def country_progress(rng):
    """Every member state's year on year and peers to learn from in the API (what a data
    consumer reads for a country), and the peers of one indicator (`?indicator=`)."""
    states = column("SELECT iso3 FROM members_memberstate ORDER BY iso3")
    pool = [Request(f"/api/v1/member-states/{iso3}/progress/", "progress", (("iso3", iso3),))
            for iso3 in states] + [
        Request(f"/api/v1/member-states/{iso3}/peers/", "peers",
                (("iso3", iso3), ("indicator", "")))
        for iso3 in states
    ] + [
        Request(f"/api/v1/member-states/{iso3}/peers/?indicator={code}", "peers",
                (("iso3", iso3), ("indicator", code)))
        for iso3, code in sample(rng, learning_indicators(), 200)
    ]  # fmt: skip
    return pick(rng, lambda request: request, pool)


def scorecard(rng):
    """The scorecard of each member state with an approved profile, of its latest cycle and of
    each of its published cycles (`?cycle=`), and every member state's peers page."""
    pool = [
        Request(
            f"/countries/{iso3}/peers/",
            "peers",
            (("iso3", iso3), ("exchanges", "1"), ("indicator", "")),
        )
        for iso3 in column("SELECT iso3 FROM members_memberstate ORDER BY iso3")
    ] + [
        Request(
            f"/countries/{iso3}/peers/?indicator={code}",
            "peers",
            (("iso3", iso3), ("exchanges", "1"), ("indicator", code)),
        )
        for iso3, code in sample(rng, learning_indicators(), 100)
    ]
    cycles = rows(
        "SELECT s.member_state_id, array_agg(y.year ORDER BY y.year) "
        "FROM members_profilesubmission s JOIN members_reportingcycle y ON y.id = s.cycle_id "
        "WHERE s.status = 'approved' GROUP BY 1 ORDER BY 1"
    )
    for iso3, years in cycles:
        pool.append(Request(f"/countries/{iso3}/scorecard/", "scorecard", (("iso3", iso3),)))
        pool += [
            Request(
                f"/countries/{iso3}/scorecard/?cycle={year}",
                "scorecard",
                (("iso3", iso3), ("cycle", year)),
            )
            for year in years
        ]
    return pick(rng, lambda request: request, pool)


DATASETS = ["profile-answers", "scores", "plan-costs", "commitments", "dictionary"]


def dataset(rng):
    """The global dataset's page, its data dictionary and its files in the API: each edition
    present (latest and each frozen cycle, or none) by dataset and format, or neither."""
    editions = ["", "latest"] + [
        str(year)
        for year in column(
            "SELECT DISTINCT cycle_year FROM investments_datasetfile "
            "WHERE cycle_year IS NOT NULL ORDER BY 1"
        )
    ]
    pool = [
        Request("/data/", "dataset-files", (("limit", 1000),)),
        Request("/api/v1/datasets/dictionary/", "no-rows"),
    ]
    for edition in editions:
        for name in ["", *DATASETS]:
            for file_format in ("", "csv", "xlsx"):
                query = {"edition": edition, "dataset": name, "file_format": file_format}
                query = {key: value for key, value in query.items() if value}
                path = f"/api/v1/datasets/?{urlencode(query)}" if query else "/api/v1/datasets/"
                floor = (("edition", edition), ("dataset", name), ("file_format", file_format))
                pool.append(Request(path, "dataset-files", floor))
    return pick(rng, lambda request: request, pool)


CLASSES = [
    TrafficClass("catalogue-search", "page", catalogue_search),
    TrafficClass("api-resources-search", "api", api_resources_search),
    TrafficClass("api-resources-deep", "api", api_resources_deep),
    TrafficClass("api-commitments-deep", "api", api_commitments_deep),
    TrafficClass("api-commitments-member-state", "api", api_commitments_member_state),
    TrafficClass("api-funding-gaps", "api", api_funding_gaps, min_distinct=8),
    TrafficClass("country-page", "page", country_page),
    TrafficClass("plan-page", "page", plan_page),
    TrafficClass("resource-page", "page", resource_page),
    TrafficClass("focal-point-pages", "page", focal_points_own_pages, signed_in=True),
    TrafficClass("partner-pages", "page", partners_own_pages, signed_in=True),
    TrafficClass("home", "page", home, min_distinct=1),
    TrafficClass("country-list", "page", country_list, min_distinct=7),
    TrafficClass("api-member-states", "api", api_member_states),
    TrafficClass("api-investment-plans", "api", api_plans),
    TrafficClass("offers-list", "page", offers_list),
    # Two paths per member state: 388, its whole space.
    TrafficClass("country-progress", "api", country_progress, min_distinct=388),
    TrafficClass("scorecard", "page", scorecard),
    # The page, the dictionary and the files' list by edition, dataset and format: 38 paths
    # without generated files (two editions: all, latest), 128 with five frozen cycles.
    TrafficClass("dataset", "page", dataset, min_distinct=38),
]


def draw(traffic_class, seed):
    """The class's requests, drawn with its own generator seeded from `seed` (the same seed
    gives the same URLs on the same data)."""
    return traffic_class.draw(random.Random(f"{seed}:{traffic_class.name}"))
