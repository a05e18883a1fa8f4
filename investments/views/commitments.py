"""Recording, advancing and verifying commitments, and the secretariat's verification queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members.permissions import is_secretariat, second_factor_required
from members.workflow import ConflictError, ReviewStatus

from .. import permissions, services
from ..forms import CommitmentAdvanceForm, CommitmentForm
from ..models import Commitment, InvestmentPlan
from .form_errors import apply_errors
from .plans import visible_plan


@login_required
def commitment_create(request, pk):
    plan = visible_plan(request, pk)
    if not permissions.can_record_commitment(request.user, plan):
        raise Http404
    this_year = timezone.localdate().year
    initial = {
        "year": min(max(this_year, plan.start_year), plan.end_year),
        "priority": request.GET.get("priority"),
    }
    form = CommitmentForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commitment = services.record_commitment(
                plan=plan,
                by=request.user,
                organization=request.user.organization,
                priority=data["priority"],
                kind=data["kind"],
                in_kind_type=data["in_kind_type"],
                description=data["description"],
                currency=data["currency"],
                year=data["year"],
                amount=data["amount"],
                pledged_on=data["pledged_on"],
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your pledge is recorded. It counts publicly once the secretariat "
                    "has verified it."
                ),
            )
            return redirect(commitment)
    return render(request, "investments/commitment_form.html", {"form": form, "plan": plan})


@require_safe
def commitment_detail(request, pk):
    commitment = get_object_or_404(Commitment.objects.visible_to(request.user).for_detail(), pk=pk)
    user = request.user
    context = {
        "commitment": commitment,
        "can_advance": permissions.can_advance_commitment(user, commitment),
        "can_verify": permissions.can_verify_commitment(user, commitment),
        "advance_form": CommitmentAdvanceForm(initial={"version": commitment.version}),
    }
    return render(request, "investments/commitment_detail.html", context)


@login_required
def commitment_advance(request, pk):
    commitment = get_object_or_404(Commitment.objects.visible_to(request.user), pk=pk)
    if not permissions.can_advance_commitment(request.user, commitment):
        raise Http404
    form = CommitmentAdvanceForm(request.POST or None, initial={"version": commitment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.advance_commitment(
                commitment=commitment,
                by=request.user,
                version=form.cleaned_data["version"],
                amount=form.cleaned_data["amount"],
                on=form.cleaned_data["on"],
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The commitment is updated; the secretariat will verify the new stage.")
            )
            return redirect(commitment)
    return render(
        request, "investments/commitment_advance.html", {"form": form, "commitment": commitment}
    )


@login_required
@require_POST
@second_factor_required
def commitment_verify(request, pk):
    commitment = get_object_or_404(Commitment.objects.visible_to(request.user), pk=pk)
    if not permissions.can_verify_commitment(request.user, commitment):
        raise Http404
    try:
        services.verify_commitment(
            commitment=commitment, by=request.user, version=request.POST.get("version")
        )
    except ConflictError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The commitment is verified: it now counts publicly."))
    return redirect(_same_site_next(request) or commitment.get_absolute_url())


def _same_site_next(request):
    """The form's `next` when it is an address on this site (never another host or scheme: an
    open redirect would lend the portal's name to a phishing page), else None."""
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
@require_safe
@second_factor_required
def verification(request):
    if not is_secretariat(request.user):
        raise Http404
    context = {
        "plans": InvestmentPlan.objects.filter(status=ReviewStatus.SUBMITTED)
        .select_related("member_state")
        .with_totals(),
        "commitments": Commitment.objects.filter(verified_at__isnull=True).for_listing()[:200],
    }
    return render(request, "investments/verification.html", context)
