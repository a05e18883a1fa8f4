"""Submitting a profile, the secretariat's review queue, its decisions and evidence checks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions, services
from ..forms import ReviewForm, ReviewQueueForm, VerificationForm
from ..models import GdhmComponent, GdhmIndicator, ProfileSubmission
from ..workflow import IllegalTransition, NotReady, ReviewStatus
from .profile_detail import detail_context
from .profile_sections import missing_answer_links, visible_submission


@login_required
@require_POST
def profile_submit(request, pk):
    submission = visible_submission(request, pk)
    if not permissions.can_submit_profile(request.user, submission):
        raise PermissionDenied
    try:
        services.submit_profile(submission=submission, by=request.user)
    except NotReady:
        # Rendered, not redirected: the error summary links each missing answer to its field.
        context = detail_context(request, submission)
        components = list(GdhmComponent.objects.all())
        context["missing_answers"] = missing_answer_links(
            submission, GdhmIndicator.objects.all(), components
        )
        return render(request, "members/profiles/profile_detail.html", context, status=400)
    except (IllegalTransition, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Submitted. The secretariat has been told and will review it."))
    return redirect(submission)


@login_required
@require_POST
@permissions.second_factor_required
def profile_review(request, pk):
    submission = visible_submission(request, pk)
    if not permissions.can_review_profile(request.user, submission):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to return the profile."))
        return redirect(submission)
    service = (
        services.approve_profile
        if form.cleaned_data["action"] == "approve"
        else services.return_profile
    )
    try:
        service(submission=submission, by=request.user, comment=form.cleaned_data["comment"])
    except (IllegalTransition, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Done. The focal points have been told."))
    return redirect(submission)


def _error_text(error):
    return " ".join(getattr(error, "messages", [str(error)]))


@login_required
@require_POST
@permissions.second_factor_required
def evidence_verify(request, pk, code):
    submission = visible_submission(request, pk)
    if not permissions.can_review_profile(request.user, submission):
        raise PermissionDenied
    answer = get_object_or_404(submission.answers.all(), indicator_id=code)
    form = VerificationForm(request.POST)
    if form.is_valid():
        services.verify_evidence(
            answer=answer, by=request.user, status=form.cleaned_data["verification_status"]
        )
        messages.success(request, _("Verification status saved."))
    return redirect(submission)


@login_required
@require_safe
@permissions.second_factor_required
def review_queue(request):
    if not permissions.is_secretariat(request.user):
        raise PermissionDenied
    form = ReviewQueueForm(request.GET or None)
    submissions = ProfileSubmission.objects.for_list().order_by("updated_at")
    status = ReviewStatus.SUBMITTED
    if form.is_valid():
        region = form.cleaned_data["region"]
        if region:
            submissions = submissions.filter(member_state__who_region=region)
        status = form.cleaned_data["status"] or ReviewStatus.SUBMITTED
    if status != "all":
        submissions = submissions.filter(status=status)
    context = {"form": form, "submissions": submissions[:500], "now": timezone.now()}
    return render(request, "members/profiles/review_queue.html", context)
