"""A profile submission's page and its PDF documents."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import permissions
from ..documents import pdf_attachment
from ..forms import ReviewForm
from ..maturity import maturity_context
from ..models import (
    GdhmComponent,
    GdhmIndicator,
    IndicatorAnswer,
    ProfileSubmission,
    ProfileVersion,
)
from ..workflow import ReviewStatus
from .profile_sections import progress, visible_submission


@require_safe
def profile_detail(request, pk):
    submission = visible_submission(request, pk)
    return render(
        request, "members/profiles/profile_detail.html", detail_context(request, submission)
    )


def detail_context(request, submission):
    """What the profile page shows to this user (also rendered by a refused submit)."""
    user = request.user
    can_see_history = permissions.can_view_profile_drafts(user, submission.member_state)
    can_review = permissions.can_review_profile(user, submission)
    context = {
        "submission": submission,
        "can_see_history": can_see_history,
        "can_edit": permissions.can_edit_profile(user, submission),
        "can_submit": permissions.can_submit_profile(user, submission)
        and submission.status == ReviewStatus.DRAFT,
        "can_review": can_review and submission.status == ReviewStatus.SUBMITTED,
        "is_secretariat": permissions.is_secretariat(user),
        "review_form": ReviewForm(),
        "can_verify": can_review,
        "verification_choices": IndicatorAnswer.Verification.choices,
        **maturity_context(submission),
    }
    if can_see_history:
        context["events"] = submission.review_events.select_related("by")
        context["versions"] = ProfileVersion.objects.filter(
            submission__member_state=submission.member_state
        ).select_related("submission__cycle", "created_by")
        context["progress"] = progress(
            submission, GdhmIndicator.objects.all(), GdhmComponent.objects.all()
        )
    return context


@require_safe
def profile_strategy_document(request, pk):
    submission = get_object_or_404(ProfileSubmission.objects.visible_to(request.user), pk=pk)
    filename = f"strategy-{submission.member_state_id}-{submission.cycle_id}.pdf"
    return pdf_attachment(submission.strategy_document, filename=filename)


@require_safe
def profile_evidence_document(request, pk, code):
    submission = get_object_or_404(ProfileSubmission.objects.visible_to(request.user), pk=pk)
    answer = get_object_or_404(submission.answers.all(), indicator_id=code)
    filename = f"evidence-{submission.member_state_id}-{code}.pdf"
    return pdf_attachment(answer.evidence_document, filename=filename)
