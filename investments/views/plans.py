"""A plan's page, its forms and its review transitions, and the forms of its priorities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from members.permissions import is_secretariat, second_factor_required
from members.workflow import ConflictError

from .. import permissions, services
from ..forms import PLAN_FORM_FIELDS, PlanForm, PriorityForm, ReturnPlanForm
from ..models import Commitment, InvestmentPlan
from ..selectors import commitment_table, commitment_table_rows, plan_page_priorities
from .chart import funding_chart
from .form_errors import apply_errors

# The plan page lists its newest commitments; the others are on the plan's commitments pages.
PLAN_PAGE_COMMITMENTS = 20
COMMITMENTS_PAGE_SIZE = 50


def visible_plan(request, pk):
    return get_object_or_404(InvestmentPlan.objects.visible_to(request.user), pk=pk)


@require_safe
def plan_detail(request, pk):
    user = request.user
    plans = InvestmentPlan.objects.visible_to(user).select_related("member_state__who_region")
    plan = get_object_or_404(plans.with_totals(), pk=pk)
    priorities = plan_page_priorities(plan)
    can_review = permissions.can_review_plan(user, plan)
    commitments = Commitment.objects.visible_to(user).filter(plan=plan)
    newest = commitment_table(commitment_table_rows(commitments)[: PLAN_PAGE_COMMITMENTS + 1], plan)
    context = {
        "plan": plan,
        "priorities": priorities,
        "chart": funding_chart(priorities),
        "commitments": newest[:PLAN_PAGE_COMMITMENTS],
        "more_commitments": len(newest) > PLAN_PAGE_COMMITMENTS,
        "can_edit": permissions.can_edit_plan(user, plan),
        "can_submit": permissions.can_submit_plan(user, plan),
        "can_review": can_review,
        "can_commit": permissions.can_record_commitment(user, plan),
        "return_form": ReturnPlanForm() if can_review else None,
        "events": plan.review_events.select_related("by")
        if plan.status != "approved" or is_secretariat(user)
        else [],
    }
    return render(request, "investments/plan_detail.html", context)


@require_safe
def plan_commitments(request, pk):
    """Every commitment to a plan that the visitor may see, newest first, 50 a page."""
    plan = get_object_or_404(
        InvestmentPlan.objects.visible_to(request.user).select_related("member_state"), pk=pk
    )
    commitments = Commitment.objects.visible_to(request.user).filter(plan=plan)
    page = Paginator(commitment_table_rows(commitments), COMMITMENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"plan": plan, "page": page, "commitments": commitment_table(page, plan)}
    return render(request, "investments/plan_commitments.html", context)


@login_required
def plan_create(request):
    member_state = request.user.member_state
    if member_state is None or not permissions.can_create_plan(request.user, member_state):
        raise Http404
    form = PlanForm(request.POST or None, initial={"currency": "USD"})
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PLAN_FORM_FIELDS}
        try:
            plan = services.create_plan(member_state=member_state, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The draft plan is saved. Now add its priorities."))
            return redirect(plan)
    return render(request, "investments/plan_form.html", {"form": form, "country": member_state})


@login_required
def plan_edit(request, pk):
    plan = visible_plan(request, pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    form = PlanForm.for_plan(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PLAN_FORM_FIELDS}
        try:
            plan = services.update_plan(
                plan=plan, by=request.user, version=form.cleaned_data["version"], **data
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    return render(request, "investments/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
@second_factor_required
def plan_transition(request, pk, action):
    plan = visible_plan(request, pk)
    if action == "submit" and permissions.can_submit_plan(request.user, plan):
        call, done = services.submit_plan, _("The plan is submitted to the secretariat.")
    elif action == "approve" and permissions.can_review_plan(request.user, plan):
        call, done = services.approve_plan, _("The plan is approved and published.")
    elif action == "return" and permissions.can_review_plan(request.user, plan):
        call, done = services.return_plan, _("The plan is returned to its focal points.")
    else:
        raise Http404
    try:
        call(plan=plan, by=request.user, comment=request.POST.get("comment", ""))
    except (ValidationError, ConflictError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(plan)


@login_required
def priority_form(request, pk, priority_pk=None):
    plan = visible_plan(request, pk)
    if not permissions.can_edit_plan(request.user, plan):
        raise Http404
    priority = get_object_or_404(plan.priorities.all(), pk=priority_pk) if priority_pk else None
    initial = {"version": plan.version, "rank": plan.priorities.count() + 1}
    if priority is not None:
        initial.update(
            rank=priority.rank,
            title=priority.title,
            component=priority.component_id,
            interventions=list(priority.interventions.all()),
            description=priority.description,
            implementing_agency=priority.implementing_agency,
            **{f"cost_{c.year}": c.amount for c in priority.costs.all()},
        )
    form = PriorityForm(request.POST or None, initial=initial, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_priority(
                plan=plan,
                priority=priority,
                by=request.user,
                version=data["version"],
                rank=data["rank"],
                title=data["title"],
                component=data["component"],
                interventions=data["interventions"],
                description=data["description"],
                implementing_agency=data["implementing_agency"],
                costs=form.costs(),
            )
        except (ValidationError, ConflictError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The priority is saved."))
            return redirect(plan)
    context = {"form": form, "plan": plan, "priority": priority}
    return render(request, "investments/priority_form.html", context)
