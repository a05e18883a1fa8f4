"""What a digest lists: the changes since a moment in what a user follows, **only what that
user may see**. Every section reads through the models' own visibility (`visible_to`,
`published`, `open`), so a draft plan shows only to its country's focal points and the
secretariat, exactly as on the pages.

Changes are found with `updated_at` where a model has it, and with the audit trail's events
(docs/audit.md) for priorities and their costs, which have no `updated_at`. Each section costs
one query and lists at most `SECTION_LIMIT` items, newest first: a digest is a bounded number
of queries whatever the data size.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from members.models import ProfileSubmission
from resources.models import Resource

from ..models import Commitment, InvestmentPlan, Offer, Priority, PriorityCost
from .targets import followed_ids

SECTION_LIMIT = 20


@dataclass
class DigestItem:
    title: str
    url: str
    note: str = ""


@dataclass
class DigestSection:
    title: str
    items: list = field(default_factory=list)
    more: bool = False


def _event_model(model):
    """The audit trail's event model of `model` (django-pghistory: `pgh_obj` → `events`)."""
    return model._meta.get_field("events").related_model


def _limited(queryset):
    rows = list(queryset[: SECTION_LIMIT + 1])
    return rows[:SECTION_LIMIT], len(rows) > SECTION_LIMIT


def _section(title, queryset, item):
    rows, more = _limited(queryset)
    return DigestSection(title=title, items=[item(row) for row in rows], more=more)


def _any_of(**ids):
    """`Q(a__in=…) | Q(b__in=…)` of the non-empty id sets (an empty Q matches nothing here)."""
    condition = Q(pk__in=[])
    for lookup, values in ids.items():
        if values:
            condition |= Q(**{f"{lookup}__in": values})
    return condition


def digest_sections(user, since):
    """The non-empty sections of `user`'s digest of changes after `since`."""
    ids = followed_ids(user)
    countries, plans, priorities = ids["member_state"], ids["plan"], ids["priority"]
    organizations = ids["organization"]
    sections = []

    if countries:
        profiles = (
            ProfileSubmission.objects.visible_to(user)
            .filter(member_state__in=countries, updated_at__gt=since)
            .select_related("member_state", "cycle")
            .order_by("-updated_at", "-pk")
        )
        sections.append(
            _section(
                _("National digital health profiles"),
                profiles,
                lambda p: DigestItem(str(p), p.get_absolute_url(), p.get_status_display()),
            )
        )

    changed_plans = (
        InvestmentPlan.objects.visible_to(user)
        .filter(_any_of(pk=plans, member_state=countries), updated_at__gt=since)
        .select_related("member_state")
        .order_by("-updated_at", "-pk")
    )
    sections.append(
        _section(
            _("Investment plans"),
            changed_plans,
            lambda p: DigestItem(
                f"{p.member_state.name}: {p}", p.get_absolute_url(), p.get_status_display()
            ),
        )
    )

    priority_events = _event_model(Priority).objects.filter(
        pgh_obj=OuterRef("pk"), pgh_created_at__gt=since
    )
    cost_events = _event_model(PriorityCost).objects.filter(
        priority=OuterRef("pk"), pgh_created_at__gt=since
    )
    changed_priorities = (
        Priority.objects.filter(plan__in=InvestmentPlan.objects.visible_to(user).values("pk"))
        .filter(_any_of(pk=priorities))
        .filter(Exists(priority_events) | Exists(cost_events))
        .select_related("plan__member_state")
        .order_by("plan", "rank")
    )
    sections.append(
        _section(
            _("Priorities"),
            changed_priorities,
            lambda p: DigestItem(
                f"{p.plan.member_state.name}: {p.title}", p.plan.get_absolute_url()
            ),
        )
    )

    commitments = (
        Commitment.objects.visible_to(user)
        .filter(
            _any_of(
                plan=plans,
                priority=priorities,
                plan__member_state=countries,
                organization=organizations,
            ),
            updated_at__gt=since,
        )
        .select_related("plan__member_state", "organization")
        .order_by("-updated_at", "-pk")
    )
    sections.append(
        _section(
            _("Commitments"),
            commitments,
            lambda c: DigestItem(
                f"{c.plan.member_state.name}: {c}", c.get_absolute_url(), c.get_status_display()
            ),
        )
    )

    resources = (
        Resource.objects.visible_to(user)
        .filter(
            _any_of(pk=ids["resource"], member_states=countries, publisher=organizations),
            updated_at__gt=since,
        )
        .distinct()
        .order_by("-updated_at", "-pk")
    )
    sections.append(
        _section(
            _("Resources"),
            resources,
            lambda r: DigestItem(r.title, r.get_absolute_url(), r.catalogue_status_label),
        )
    )

    offers = (
        Offer.objects.visible_to(user)
        .filter(
            _any_of(pk=ids["offer"], organization=organizations, member_states=countries),
            updated_at__gt=since,
        )
        .distinct()
        .select_related("organization")
        .order_by("-updated_at", "-pk")
    )
    sections.append(
        _section(
            _("Offers"),
            offers,
            lambda o: DigestItem(
                f"{o.organization}: {o.title}", o.get_absolute_url(), o.get_status_display()
            ),
        )
    )
    return [section for section in sections if section.items]
