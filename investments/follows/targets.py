"""What a user may follow and see: one QuerySet of each kind of target, scoped to the user
with the models' own visibility (`visible_to`, `published`, `open`)."""

from django.db.models import Q

from members.models import MemberState, Organization
from resources.models import Resource

from ..models import FOLLOW_KINDS, Follow, InvestmentPlan, Offer, Priority


def visible_targets(kind, user):
    """The targets of `kind` that `user` may see (and so follow)."""
    if kind == "member_state":
        return MemberState.objects.all()
    if kind == "plan":
        return InvestmentPlan.objects.visible_to(user)
    if kind == "priority":
        return Priority.objects.filter(plan__in=InvestmentPlan.objects.visible_to(user))
    if kind == "resource":
        return Resource.objects.visible_to(user)
    if kind == "offer":
        return Offer.objects.visible_to(user)
    if kind == "organization":
        return Organization.objects.all()
    raise ValueError(kind)


def visible_follows(user):
    """The user's follows whose target they may still see (a plan returned to draft, a
    resource withdrawn: hidden, not deleted), in one query."""
    still_visible = Q()
    for kind in FOLLOW_KINDS:
        if kind in ("member_state", "organization"):
            still_visible |= Q(**{f"{kind}__isnull": False})
        else:
            still_visible |= Q(**{f"{kind}__in": visible_targets(kind, user).values("pk")})
    return Follow.objects.of_user(user).filter(still_visible)


def followed_ids(user, *, visible_only=True):
    """`{kind: set of ids}` of the user's visible follows, or of all their follows where
    `visible_only` is False (a page's follow buttons: their targets are on the page, so the
    user sees them, and the visibility check is only time): one query."""
    ids = {kind: set() for kind in FOLLOW_KINDS}
    follows = visible_follows(user) if visible_only else Follow.objects.of_user(user)
    rows = follows.values_list(*(f"{kind}_id" for kind in FOLLOW_KINDS))
    for row in rows:
        for kind, pk in zip(FOLLOW_KINDS, row, strict=True):
            if pk is not None:
                ids[kind].add(pk)
    return ids
