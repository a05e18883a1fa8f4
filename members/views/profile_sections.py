"""What the profile pages share: the sections of a profile, a draft's progress through them and
the submission a user may see."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ..models import ProfileSubmission


def sections(components):
    """The profile's sections as (slug, label): strategy, governance, one per GDHM component."""
    return [
        ("strategy", _("National strategy")),
        ("governance", _("Governance")),
        *((f"maturity-{c.number}", c.name) for c in components),
    ]


def progress(submission, indicators, components):
    """Each section with the answers it still misses, and how many sections are complete."""
    missing = submission.missing_by_section(indicators)
    rows = [
        {"slug": slug, "label": label, "missing": missing.get(slug, [])}
        for slug, label in sections(components)
    ]
    complete = sum(1 for row in rows if not row["missing"])
    return {"sections": rows, "complete": complete, "total": len(rows)}


def visible_submission(request, pk):
    """The submission with its answers, if the user may see it (else 404)."""
    return get_object_or_404(
        ProfileSubmission.objects.visible_to(request.user).with_answers(), pk=pk
    )
