"""Two frozen versions of a member state's profile side by side, field by field."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import permissions
from ..models import ProfileSubmission, ProfileVersion
from .profile_sections import visible_submission


@login_required
@require_safe
def profile_versions(request, pk):
    submission = visible_submission(request, pk)
    if not permissions.can_view_profile_drafts(request.user, submission.member_state):
        raise Http404
    versions = list(
        ProfileVersion.objects.filter(
            submission__member_state=submission.member_state
        ).select_related("submission__cycle", "created_by")
    )
    by_id = {str(v.pk): v for v in versions}
    older = by_id.get(request.GET.get("a")) or (versions[1] if len(versions) > 1 else None)
    newer = by_id.get(request.GET.get("b")) or (versions[0] if versions else None)
    context = {
        "submission": submission,
        "versions": versions,
        "older": older,
        "newer": newer,
        "changes": _diff(older, newer) if older and newer else [],
    }
    return render(request, "members/profiles/profile_versions.html", context)


def _diff(older, newer):
    """Field-by-field differences between two frozen versions, with human labels."""
    labels = {
        f.name: f.verbose_name
        for f in ProfileSubmission._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    answer_parts = (
        ("phase", _("phase")),
        ("evidence_note", _("evidence")),
        ("source_url", _("source link")),
    )
    changes = []
    fields = ProfileSubmission.STRATEGY_FIELDS + ProfileSubmission.GOVERNANCE_FIELDS
    for name in (*fields, "strategy_document"):
        before, after = older.data.get(name), newer.data.get(name)
        if before != after:
            changes.append({"label": labels.get(name, name), "before": before, "after": after})
    before_answers, after_answers = older.data.get("answers", {}), newer.data.get("answers", {})
    for code in sorted(set(before_answers) | set(after_answers), key=_indicator_order):
        before, after = before_answers.get(code, {}), after_answers.get(code, {})
        for key, label in answer_parts:
            if before.get(key) != after.get(key):
                changes.append(
                    {
                        "label": f"{_('Indicator')} {code}: {label}",
                        "before": before.get(key),
                        "after": after.get(key),
                    }
                )
    return changes


def _indicator_order(code):
    """Indicator codes by number, then letter: 2, 2a, 10, 21b."""
    return (int("".join(ch for ch in code if ch.isdigit())), code)
