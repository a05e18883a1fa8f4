"""Follows and digests: the writes (follow, unfollow, the digest preference, unsubscribe) and
the sending of one user's digest, once a period."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from ..models import FOLLOW_KINDS, DigestPreference, DigestSent, Follow
from .digest import digest_sections
from .tokens import unsubscribe_token

Frequency = DigestPreference.Frequency
PERIOD_LENGTH = {
    Frequency.DAILY: datetime.timedelta(days=1),
    Frequency.WEEKLY: datetime.timedelta(days=7),
}


@transaction.atomic
def follow(*, user, kind, target, language=None) -> Follow:
    """Follow `target` (a `kind` of FOLLOW_KINDS); following twice keeps one follow. A first
    follow gives the user the default digest (weekly), and, if they have not chosen the language
    of their e-mails, `language` (the page's)."""
    if kind not in FOLLOW_KINDS:
        raise ValueError(kind)
    DigestPreference.objects.get_or_create(user=user)
    if not user.language and language in dict(settings.LANGUAGES):
        user.language = language
        user.save(update_fields=["language"])
    existing = Follow.objects.filter(user=user, **{kind: target}).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, **{kind: target})
    except IntegrityError:  # a concurrent request followed it first: the constraint kept one
        return Follow.objects.get(user=user, **{kind: target})


@transaction.atomic
def unfollow(*, user, kind, target_id) -> int:
    """Stop following; returns how many follows were removed (0 if there was none)."""
    if kind not in FOLLOW_KINDS:
        raise ValueError(kind)
    deleted, _by_model = Follow.objects.filter(user=user, **{f"{kind}_id": target_id}).delete()
    return deleted


@transaction.atomic
def set_digest_preference(*, user, frequency) -> DigestPreference:
    preference, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": frequency}
    )
    return preference


@transaction.atomic
def unsubscribe_from_digests(*, user) -> DigestPreference:
    """The one-click unsubscribe: no more digests (follows stay, and so do their buttons)."""
    preference, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": Frequency.NONE}
    )
    return preference


def period_of(frequency, now):
    """The period a digest sent at `now` belongs to: the UTC day, or the ISO week."""
    if frequency == Frequency.DAILY:
        return now.date().isoformat()
    year, week, _day = now.isocalendar()
    return f"{year}-W{week:02d}"


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path if path else ""


def send_digest(*, user, now=None):
    """Send `user` the digest of their period, unless this period's was sent already: returns
    the period's `DigestSent` row, or None when nothing was due.

    The (user, period) row is inserted first: a second worker or beat run blocks on the
    unique index until the first commits, then fails and sends nothing. The mail goes out
    inside that transaction on purpose: if sending fails, the claim rolls back and the next
    run sends the digest instead of losing it."""
    now = now or timezone.now()
    preference = DigestPreference.objects.filter(user=user).first()
    if preference is None or preference.frequency == Frequency.NONE or not user.is_active:
        return None
    period = period_of(preference.frequency, now)
    previous = user.digests_sent.order_by("-sent_at").values_list("sent_at", flat=True).first()
    since = previous or now - PERIOD_LENGTH[preference.frequency]
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(
                    user=user, period=period, since=since, sent_at=now
                )
        except IntegrityError:
            return None
        with translation.override(user.language or settings.LANGUAGE_CODE):
            sections = digest_sections(user, since)
            claim.item_count = sum(len(section.items) for section in sections)
            claim.save(update_fields=["item_count"])
            if claim.item_count:
                _digest_message(user, preference, sections, claim).send()
    return claim


def _digest_message(user, preference, sections, claim):
    unsubscribe = _absolute(
        reverse("follows:digest-unsubscribe", kwargs={"token": unsubscribe_token(user)})
    )
    for section in sections:
        for item in section.items:
            item.url = _absolute(item.url)
    context = {
        "user": user,
        "sections": sections,
        "since": claim.since,
        "daily": preference.frequency == Frequency.DAILY,
        "following_url": _absolute(reverse("follows:following")),
        "unsubscribe_url": unsubscribe,
    }
    subject = ngettext(
        "GIDH Portal digest: %(count)d change in what you follow",
        "GIDH Portal digest: %(count)d changes in what you follow",
        claim.item_count,
    ) % {"count": claim.item_count}
    message = EmailMultiAlternatives(
        subject,
        render_to_string("investments/follows/email/digest.txt", context),
        None,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("investments/follows/email/digest.html", context), "text/html"
    )
    return message


def due_digest_user_ids(now=None):
    """The active users who follow something and whose daily or weekly digest of this period
    is not sent yet (two queries)."""
    now = now or timezone.now()
    due = set()
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        due.update(
            DigestPreference.objects.filter(frequency=frequency, user__is_active=True)
            .filter(user__follows__isnull=False)
            .exclude(user__digests_sent__period=period_of(frequency, now))
            .values_list("user_id", flat=True)
            .distinct()
        )
    return sorted(due)
