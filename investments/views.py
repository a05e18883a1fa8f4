"""Pages of the investments app: overview, plans, country needs tracker, partners, forms."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gidh_portal.compiled import compiled_instance_or_404
from gidh_portal.fragments import render_once, shown_values
from members.models import Organization
from members.permissions import is_secretariat, second_factor_required
from members.workflow import ConflictError, ReviewStatus

from . import permissions, services
from .api.views import funding_gap_rows
from .forms import (
    PLAN_FORM_FIELDS,
    CommitmentAdvanceForm,
    CommitmentForm,
    NeedsFilterForm,
    PlanForm,
    PriorityForm,
    ReturnPlanForm,
)
from .models import (
    ZERO,
    Commitment,
    InvestmentPlan,
    Priority,
    plan_page_commitments,
    plan_page_priorities,
    plan_totals,
)
from .templatetags.investments_tags import money_formatter

PAGE_SIZE = 50


def _visible_plan(request, pk):
    return get_object_or_404(InvestmentPlan.objects.visible_to(request.user), pk=pk)


def _apply_errors(form, error):
    """Map a service's ValidationError (or a conflict) back onto the form."""
    if isinstance(error, ConflictError):
        form.add_error(None, str(error))
    elif hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@require_safe
def overview(request):
    region_rows, totals = funding_gap_rows("region")
    component_rows, _totals = funding_gap_rows("component")
    plans = (
        InvestmentPlan.objects.published()
        .select_related("member_state")
        .with_totals()
        .order_by("-gap_usd")[:20]
    )
    context = {
        "region_rows": region_rows,
        "component_rows": component_rows,
        "totals": totals,
        "plans": plans,
        "plan_count": InvestmentPlan.objects.published().count(),
    }
    user = request.user
    if user.is_authenticated and user.member_state_id:
        context["own_plans"] = InvestmentPlan.objects.filter(
            member_state=user.member_state_id
        ).order_by("-start_year")
        context["can_create_plan"] = True
    if is_secretariat(user):
        context["submitted_count"] = InvestmentPlan.objects.filter(
            status=ReviewStatus.SUBMITTED
        ).count()
        context["unverified_count"] = Commitment.objects.filter(verified_at__isnull=True).count()
    return render(request, "investments/overview.html", context)


@require_safe
def plan_detail(request, pk):
    user = request.user

    def build(pk):
        return (
            InvestmentPlan.objects.visible_to(user)
            .select_related("member_state__who_region")
            .with_stored_figures()
            .filter(pk=pk)
        )

    if user.is_authenticated:
        plan = get_object_or_404(build(pk))
    else:  # the same SQL for every anonymous request (approved plans): compiled once
        plan = compiled_instance_or_404(("public-plan-page",), build, {"pk": pk})
    money = money_formatter()
    figures = plan_page_priorities(plan)
    priorities = _priority_rows(figures, money)
    chart = _chart(figures, priorities)
    commitments = _commitment_rows(plan, plan_page_commitments(plan, user), money)
    can_edit = permissions.can_edit_plan(user, plan)
    can_commit = permissions.can_record_commitment(user, plan)
    # The chart and the two tables are most of the page's template time: rendered once per
    # content, keyed by every value they show (the language is added by render_once).
    shown = (
        plan.pk,
        plan.currency,
        can_edit,
        can_commit,
        chart["height"],
        tuple((row["funded_width"], row["gap_x"], row["gap_width"]) for row in chart["rows"]),
        tuple(tuple(row.values()) for row in priorities),
        tuple(tuple(row.values()) for row in commitments),
    )
    tables = render_once(
        "investments/_plan_tables.html",
        shown,
        {
            "plan": plan,
            "chart": chart,
            "priorities": priorities,
            "commitments": commitments,
            "can_edit": can_edit,
            "can_commit": can_commit,
        },
    )
    can_review = permissions.can_review_plan(user, plan)
    totals = plan_totals(plan)
    funding = render_once(
        "investments/_figures.html",
        (tuple(totals.items()), plan.currency),
        {"item": totals, "show_plan_currency": True, "currency": plan.currency},
    )
    # The breadcrumb, facts and summary: the plan's, its member state's and region's rows.
    head = render_once(
        "investments/_plan_head.html",
        shown_values(plan, plan.member_state, plan.member_state.who_region),
        {"plan": plan},
    )
    context = {
        "plan": plan,
        "head": head,
        "funding": funding,
        "tables": tables,
        "can_edit": can_edit,
        "can_submit": permissions.can_submit_plan(user, plan),
        "can_review": can_review,
        "can_commit": can_commit,
        "return_form": ReturnPlanForm() if can_review else None,
        "events": plan.review_events.select_related("by")
        if plan.status != "approved" or is_secretariat(user)
        else [],
    }
    return render(request, "investments/plan_detail.html", context)


def _priority_rows(rows, money):
    """What the page shows of each priority (text, numbers and amounts formatted once)."""
    return [
        {
            "pk": row["pk"],
            "rank": row["rank"],
            "title": row["title"],
            "implementing_agency": row["implementing_agency"],
            "description": row["description"],
            "component_name": row["component"].name,
            "interventions": tuple(row["interventions"]),
            "costs": tuple(
                (year, money(amount), missing, rate_year)
                for year, amount, missing, rate_year in row["costs"]
            ),
            "cost": money(row["cost"]),
            "committed": money(row["committed"]),
            "disbursed": money(row["disbursed"]),
            "gap": money(row["cost"] - row["committed"]),
            "committed_usd": money(row["committed_usd"]),
            "gap_usd": money(row["cost_usd"] - row["committed_usd"]),
            "rate_missing": bool(row["cost_rates_missing"] or row["commitment_rates_missing"]),
            "rate_provisional": bool(
                row["cost_rates_provisional"] or row["commitment_rates_provisional"]
            ),
        }
        for row in rows
    ]


def _commitment_rows(plan, rows, money):
    """What the page shows of each commitment."""
    domestic = _("Government of %(country)s (domestic funding)") % {
        "country": plan.member_state.name
    }
    kinds = _labels(Commitment.Kind)
    in_kind_types = _labels(Commitment.InKindType)
    statuses = _labels(Commitment.Status)
    # One reverse() for all the links: only the primary key differs.
    url = reverse("investments:commitment-detail", kwargs={"pk": 0})[:-2] + "{}/"
    shown = []
    for row in rows:
        organization = row["organization"]
        kind = kinds.get(row["kind"], row["kind"])
        if row["in_kind_type"]:
            kind += f" ({in_kind_types.get(row['in_kind_type'], row['in_kind_type'])})"
        shown.append(
            {
                "url": url.format(row["pk"]),
                "source_name": domestic if organization is None else str(organization),
                "priority_title": row["priority_title"],
                "kind_display": kind,
                "status_display": statuses.get(row["status"], row["status"]),
                "amount": money(row["current_amount"]),
                "currency": row["currency"],
                "year": row["year"],
                "committed_usd": None if row["rate"] is None else money(row["committed_usd"]),
                "rate_year": row["rate_year"],
                "rate_provisional": row["rate_provisional"],
                "is_verified": row["is_verified"],
            }
        )
    return shown


def _labels(choices):
    """{value: label} of a TextChoices in the active language (as `get_FOO_display()`)."""
    return {value: str(label) for value, label in choices.choices}


TENTH = Decimal("0.1")
CHART_LABEL_WIDTH = 40
CHART_BAR_WIDTH = 360
CHART_ROW_HEIGHT = 32


def _chart(figures, priorities):
    """Bar geometry of the funded-vs-gap chart, in SVG units, scaled to the largest USD cost
    (`figures`: the priorities' amounts, `priorities`: what the page shows of them)."""
    largest = max((p["cost_usd"] for p in figures), default=ZERO)
    scale = Decimal(CHART_BAR_WIDTH) / largest if largest > 0 else ZERO
    rows = []
    for index, (p, priority) in enumerate(zip(figures, priorities, strict=True)):
        funded = min(max(p["committed_usd"], ZERO), p["cost_usd"])
        gap = max(p["cost_usd"] - funded, ZERO)
        funded_width = (funded * scale).quantize(TENTH)
        rows.append(
            {
                "priority": priority,
                "funded_width": str(funded_width),
                "gap_x": str(CHART_LABEL_WIDTH + funded_width),
                "gap_width": str((gap * scale).quantize(TENTH)),
                "y": index * CHART_ROW_HEIGHT,
            }
        )
    height = max(len(rows), 1) * CHART_ROW_HEIGHT
    return {"rows": rows, "height": height, "bar_x": CHART_LABEL_WIDTH}


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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The draft plan is saved. Now add its priorities."))
            return redirect(plan)
    return render(request, "investments/plan_form.html", {"form": form, "country": member_state})


@login_required
def plan_edit(request, pk):
    plan = _visible_plan(request, pk)
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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    return render(request, "investments/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
@second_factor_required
def plan_transition(request, pk, action):
    plan = _visible_plan(request, pk)
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
    plan = _visible_plan(request, pk)
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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The priority is saved."))
            return redirect(plan)
    context = {"form": form, "plan": plan, "priority": priority}
    return render(request, "investments/priority_form.html", context)


@login_required
def commitment_create(request, pk):
    plan = _visible_plan(request, pk)
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
            _apply_errors(form, error)
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
    commitment = get_object_or_404(Commitment.objects.visible_to(request.user).for_listing(), pk=pk)
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
            _apply_errors(form, error)
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


@require_safe
def needs(request):
    form = NeedsFilterForm(request.GET or None)
    minimum = None
    priorities = Priority.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            priorities = priorities.filter(plan__member_state__who_region=data["region"])
        if data["component"]:
            priorities = priorities.filter(component=data["component"])
        if data["intervention"]:
            priorities = priorities.filter(interventions=data["intervention"])
        minimum = data["minimum_gap"]
    priorities = (
        priorities.needing_funds(minimum_gap_usd=minimum)
        .select_related("plan__member_state__who_region", "component")
        .prefetch_related("interventions")
        .order_by("-gap_usd", "pk")
    )
    page = Paginator(priorities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_commit": permissions.can_record_commitment_somewhere(request.user),
    }
    return render(request, "investments/needs.html", context)


@require_safe
def partners(request):
    """Transparency: what each organization has committed where (verified support only)."""
    rows = (
        Commitment.objects.counted()
        .order_by()
        .values(
            "organization",
            "organization__name",
            "plan__member_state",
            "plan__member_state__name_en",
        )
        .annotate(
            commitment_count=Count("pk"),
            committed_usd_total=Coalesce(Sum("committed_usd"), ZERO),
            disbursed_usd_total=Coalesce(Sum("disbursed_usd"), ZERO),
            in_kind_count=Count("pk", filter=Q(kind=Commitment.Kind.IN_KIND)),
            rates_missing=Count("pk", filter=Q(rate__isnull=True)),
            rates_provisional=Count("pk", filter=Q(rate_provisional=True)),
        )
        .order_by("organization__name", "plan__member_state__name_en")
    )
    organization = request.GET.get("organization")
    if organization and organization.isdigit():
        rows = rows.filter(organization=int(organization))
    own = None
    if request.user.is_authenticated and request.user.organization_id:
        own = (
            Commitment.objects.filter(organization=request.user.organization_id)
            .for_listing()
            .order_by("-pledged_on")[:200]
        )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "organizations": Organization.objects.filter(commitments__verified_at__isnull=False)
        .distinct()
        .only("pk", "name"),
        "selected": organization,
        "own_commitments": own,
    }
    return render(request, "investments/partners.html", context)
