"""Peers to learn from: for each GDHM indicator where a member state's published profile is at
phase 1–3, the member states whose published profile is at phase 4 or 5 on it, nearest first
(docs/profiles.md#peers-to-learn-from).

Two queries whatever the number of member states and indicators: the member state's own
answers, then every peer of every such indicator, ranked by the database. Only published
profiles are read (`ProfileSubmission.objects.published()`), for the member state and its
peers alike."""

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from gidh_portal.row_urls import row_url

from . import names
from .models import (
    IndicatorAnswer,
    PeerExchangeRequest,
    ProfileSubmission,
    member_state_row_name,
)
from .models.geography import IncomeGroup
from .permissions import can_request_peer_exchange
from .templatetags.formatting import web_url

# How many peers the country page and "My country" show per indicator; the peers page and the
# API list up to LIST_PEERS per indicator, and every peer of one indicator when asked for it.
PAGE_PEERS = 3
LIST_PEERS = 10
LEARNING_PHASES = (1, 2, 3)
PEER_MIN_PHASE = 4
# Nearness, in the order peers are listed.
SAME_REGION, SAME_INCOME_GROUP, WORLD = 0, 1, 2
NEARNESS_KEYS = {SAME_REGION: "region", SAME_INCOME_GROUP: "income_group", WORLD: "world"}


def _nearness(member_state):
    """0 for the same WHO region, 1 for the same income group (when it has one), 2 otherwise."""
    state = "submission__member_state__"
    cases = [When(Q(**{f"{state}who_region_id": member_state.who_region_id}), then=SAME_REGION)]
    if member_state.income_group:
        cases.append(
            When(Q(**{f"{state}income_group": member_state.income_group}), then=SAME_INCOME_GROUP)
        )
    return Case(*cases, default=Value(WORLD), output_field=IntegerField())


def learning_answers(member_state):
    """The member state's published answers at phase 1–3, in the indicators' order (one
    query): `[{"indicator", "indicator_name", "component", "phase"}]`."""
    return list(
        IndicatorAnswer.objects.filter(
            submission__in=ProfileSubmission.objects.published()
            .filter(member_state=member_state)
            .values("pk"),
            phase__in=LEARNING_PHASES,
        )
        .order_by("indicator__sort_order", "indicator_id")
        .values(
            "phase",
            indicator_code=F("indicator_id"),
            indicator_name=F("indicator__name"),
            component=F("indicator__component_id"),
        )
    )


def peer_rows(member_state, codes, *, per_indicator=None):
    """Every published answer at phase 4–5 of another member state on the indicators `codes`,
    ranked per indicator (nearest, then highest phase, then name) and cut at `per_indicator`
    when given; each row carries `rank` and `total` (peers on its indicator). One query."""
    nearness = _nearness(member_state)
    partition = [F("indicator_id")]
    rows = (
        IndicatorAnswer.objects.filter(
            submission__in=ProfileSubmission.objects.published()
            .exclude(member_state=member_state)
            .values("pk"),
            indicator_id__in=codes,
            phase__gte=PEER_MIN_PHASE,
        )
        .annotate(
            nearness=nearness,
            rank=Window(
                RowNumber(),
                partition_by=partition,
                order_by=[
                    nearness.asc(),
                    F("phase").desc(),
                    F("submission__member_state__name_en").asc(),
                ],
            ),
            total=Window(Count("*"), partition_by=partition),
        )
        .order_by("indicator_id", "rank")
        .values(
            "indicator_id",
            "phase",
            "evidence_note",
            "source_url",
            "evidence_document",
            "verification_status",
            "submission_id",
            "nearness",
            "rank",
            "total",
            iso3=F("submission__member_state_id"),
            name_en=F("submission__member_state__name_en"),
            name_fr=F("submission__member_state__name_fr"),
            who_region=F("submission__member_state__who_region_id"),
            income_group=F("submission__member_state__income_group"),
            cycle_year=F("submission__cycle__year"),
        )
    )
    if per_indicator is not None:
        rows = rows.filter(rank__lte=per_indicator)
    return list(rows)


def peers_by_indicator(member_state, *, per_indicator=None, indicator=None):
    """For each indicator where `member_state`'s published profile is at phase 1–3 (in the
    indicators' order), or only `indicator` when given: its phase, how many peers it has and
    the peers (all, or the first `per_indicator`), each with its published evidence. Empty
    without a published profile. Two queries."""
    learning = learning_answers(member_state)
    if indicator is not None:
        learning = [answer for answer in learning if answer["indicator_code"] == indicator]
    if not learning:
        return []
    rows = peer_rows(
        member_state, [a["indicator_code"] for a in learning], per_indicator=per_indicator
    )
    language = names.language_key(get_language())
    incomes = dict(IncomeGroup.choices)
    country_url = row_url("country-detail", "iso3")
    # Translated once per list, as {% blocktranslate %} would write them (numbers only).
    phase_text, profile_text = gettext("Phase %(phase)s"), gettext("profile %(year)s")
    by_indicator = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(
            {
                "iso3": row["iso3"],
                "url": country_url(row["iso3"]),
                "name": member_state_row_name(row, language),
                "who_region": row["who_region"],
                "income_group": row["income_group"],
                "income_group_label": incomes.get(row["income_group"], ""),
                "nearness": NEARNESS_KEYS[row["nearness"]],
                "phase": row["phase"],
                "phase_label": mark_safe(phase_text % {"phase": row["phase"]}),
                "cycle_year": row["cycle_year"],
                "profile_label": mark_safe(profile_text % {"year": row["cycle_year"]}),
                "evidence_note": row["evidence_note"],
                "source_url": row["source_url"],
                "source_link": web_url(row["source_url"]),
                "evidence_document_url": reverse(
                    "members:profile-evidence-document",
                    kwargs={"pk": row["submission_id"], "code": row["indicator_id"]},
                )
                if row["evidence_document"]
                else "",
                "verification_status": row["verification_status"],
                "total": row["total"],
            }
        )
    result = []
    for answer in learning:
        peers = by_indicator.get(answer["indicator_code"], [])
        result.append(
            {
                "indicator": answer["indicator_code"],
                "indicator_name": answer["indicator_name"],
                "component": answer["component"],
                "phase": answer["phase"],
                "total": peers[0]["total"] if peers else 0,
                "peers": peers,
            }
        )
    return result


def is_peer(member_state, indicator):
    """True when `member_state`'s published profile is at phase 4–5 on `indicator`."""
    return IndicatorAnswer.objects.filter(
        submission__in=ProfileSubmission.objects.published()
        .filter(member_state=member_state)
        .values("pk"),
        indicator=indicator,
        phase__gte=PEER_MIN_PHASE,
    ).exists()


# Bounds the ongoing exchanges a country page lists (the newest first).
EXCHANGES_LIMIT = 50


def peer_exchanges_of(member_state, user, *, include_declined=False):
    """The peer exchange requests sent by or to `member_state` that `user` may see (accepted
    ones for everyone, the others for the two countries' focal points and the secretariat),
    newest first; declined ones only when asked. One query."""
    exchanges = PeerExchangeRequest.objects.visible_to(user).involving(member_state).for_list()
    if not include_declined:
        exchanges = exchanges.exclude(status=PeerExchangeRequest.Status.DECLINED)
    return list(exchanges[:EXCHANGES_LIMIT])


def country_peers_section(
    member_state, user, *, per_indicator=PAGE_PEERS, indicator=None, include_declined=False
):
    """The peers section of the country page, "My country" and the peers page (members/includes/
    country_peers.html): the peers of each indicator at phase 1–3, or of `indicator` only (the
    first `per_indicator`, or all), and the exchanges `user` may see. Three queries."""
    peer_indicators = peers_by_indicator(
        member_state, per_indicator=per_indicator, indicator=indicator
    )
    can_request_exchange = can_request_peer_exchange(user, member_state)
    if can_request_exchange:
        for item in peer_indicators:
            for peer in item["peers"]:
                peer["exchange_url"] = reverse(
                    "members:peer-exchange-create", args=[peer["iso3"], item["indicator"]]
                )
    return {
        "peer_indicators": peer_indicators,
        "peer_exchanges": peer_exchanges_of(member_state, user, include_declined=include_declined),
        "can_request_exchange": can_request_exchange,
        "peers_per_indicator": per_indicator,
    }
