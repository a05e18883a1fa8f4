from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_otp import user_has_device

from gidh_portal.compiled import compiled_instance_or_404, compiled_rows, compiled_value
from gidh_portal.fragments import frozen, render_once, shown_values

from . import permissions, services
from .documents import pdf_attachment
from .forms import (
    ApiTokenCreateForm,
    CountrySearchForm,
    GovernanceForm,
    MaturityForm,
    ReviewForm,
    ReviewQueueForm,
    StrategyForm,
    VerificationForm,
)
from .models import (
    GdhmComponent,
    GdhmIndicator,
    IndicatorAnswer,
    MemberState,
    Organization,
    ProfileSubmission,
    ProfileVersion,
    ReportingCycle,
    StrategyStatus,
    WhoRegion,
    cached_component_benchmarks,
    score_as_phase,
)
from .names import name_sort_key
from .workflow import ConflictError, IllegalTransition, ReviewEvent, ReviewStatus, StaleVersion
from .world_map import build_world_map


@require_safe
def home(request):
    member_states = MemberState.objects.listing_rows()
    statuses = ProfileSubmission.objects.strategy_status_by_member_state()
    # Counted from the rows the map needs anyway (194 member states, six regions).
    in_region = Counter(state.who_region_id for state in member_states)
    adopted_in_region = Counter(
        state.who_region_id
        for state in member_states
        if statuses.get(state.iso3) == StrategyStatus.ADOPTED
    )
    regions = list(WhoRegion.objects.all())
    for region in regions:
        region.member_state_count = in_region[region.code]
        region.adopted_strategy_count = adopted_in_region[region.code]
        region.adopted_strategy_share = _share(
            region.adopted_strategy_count, region.member_state_count
        )
    member_state_count = sum(region.member_state_count for region in regions)
    adopted_count = sum(region.adopted_strategy_count for region in regions)
    context = {
        "member_state_count": member_state_count,
        "organization_count": compiled_value(
            ("organization-count",), lambda: Organization.objects.count()
        ),
        "regions": regions,
        "adopted_strategy_count": adopted_count,
        "adopted_strategy_share": _share(adopted_count, member_state_count),
    }
    # Rendered once per content: the key holds every value the page's body shows or derives
    # its figures and map from (the language is added by render_once).
    shown = (
        tuple((state.iso3, state.m49, state.name, state.who_region_id) for state in member_states),
        tuple(sorted(statuses.items())),
        tuple((region.code, region.name) for region in regions),
        context["organization_count"],
    )
    context["home_content"] = render_once(
        "members/includes/home_content.html",
        shown,
        lambda: {**context, "world_map": _strategy_map(member_states, statuses)},
    )
    return render(request, "home.html", context)


def _strategy_map(member_states, statuses):
    """The member states coloured by the national strategy status of their published profile."""
    world_map = build_world_map(
        member_states=member_states,
        categories=statuses,
        legend=list(StrategyStatus.choices),
        title=_("World map of national digital health strategies"),
        category_heading=_("National digital health strategy"),
    )
    # In the order of their names in the active language.
    world_map.countries.sort(key=lambda country: name_sort_key(country.name))
    return world_map


def _share(part, whole):
    return round(100 * part / whole) if whole else 0


@require_safe
def country_list(request):
    form = CountrySearchForm(request.GET or None)
    countries = MemberState.objects.all()
    if form.is_valid():
        countries = countries.matching(form.cleaned_data["q"])
        region = form.cleaned_data["region"]
        countries = countries.in_region(region.code if region else None)
    # Sorted in Python by the name in the active language (at most 194 rows).
    countries = sorted(countries.listing_rows(), key=lambda country: name_sort_key(country.name))
    # Everything the rows show (the income group's label is its code's, in the language).
    shown = tuple((c.iso3, c.name, c.region_name, c.income_group) for c in countries)
    rows = render_once("members/includes/country_rows.html", shown, {"countries": countries})
    context = {
        "form": form,
        "filter_fields": _filter_fields(form),
        "countries": countries,
        "country_rows": rows,
    }
    return render(request, "members/country_list.html", context)


def _filter_fields(form):
    """The filter form's fields, rendered once per content: the key holds what the widgets
    show (the values asked for, their errors, the regions to choose from)."""
    shown = (
        form.is_bound,
        form["q"].value(),
        form["region"].value(),
        tuple(map(str, form.errors.get("q", ()))),
        tuple(map(str, form.errors.get("region", ()))),
        tuple((region.code, region.name) for region in WhoRegion.objects.all()),
    )
    return render_once("members/includes/country_filter_fields.html", shown, {"form": form})


@require_safe
def country_detail(request, iso3):
    country = compiled_instance_or_404(
        ("country-page",),
        lambda iso3: MemberState.objects.select_related("who_region").filter(iso3=iso3),
        {"iso3": iso3.upper()},
    )
    if iso3 != country.iso3:
        return redirect(country, permanent=True)
    profile = None
    if connection.vendor == "postgresql":
        # One cheap query for the key; the profile and its answers are read only to render.
        rows = compiled_rows(
            ("published-profile-digest",),
            lambda iso3: (
                ProfileSubmission.objects.published()
                .filter(member_state=iso3)
                .with_content_digest()
                .order_by("-cycle__year")
                .values("content_digest")[:1]
            ),
            arguments={"iso3": country.iso3},
        )
        content_key = rows[0]["content_digest"] if rows else None
    else:
        profile = _published_profile(country)
        content_key = _shown(profile) if profile is not None else None
    # The breadcrumb and facts, rendered once per content (the language is in render_once's key).
    head = render_once(
        "members/includes/country_head.html",
        shown_values(country, country.who_region),
        {"country": country},
    )
    context = {"country": country, "country_head": head}
    if content_key is not None:
        benchmarks = cached_component_benchmarks(member_state=country)
        context["overall_benchmarks"] = benchmarks.get("overall", {})
        context["profile_section"] = _profile_section(country, content_key, benchmarks, profile)
    return render(request, "members/country_detail.html", context)


def _published_profile(country):
    """The member state's published profile, its cycle, answers and their indicators."""
    # The member state is known: only the cycle is joined (the default order's second key, the
    # member state's name, is the same for all its profiles).
    profile = (
        ProfileSubmission.objects.published()
        .with_answers()
        .select_related(None)
        .select_related("cycle")
        .filter(member_state=country)
        .order_by("-cycle__year")
        .first()
    )
    if profile is not None:
        profile.member_state = country
    return profile


def _profile_section(country, content_key, benchmarks, profile=None):
    """The country page's published profile section (strategy, governance, maturity chart and
    table, evidence), rendered once per content: `content_key` stands for every row it shows
    (the profile's, its cycle's, its answers' and their indicators', the components'), the key
    adds the member state's name and the benchmarks."""
    key = (country.iso3, country.name, content_key, frozen(benchmarks))

    def context():
        shown = profile or _published_profile(country)
        maturity = _maturity_rows(shown, benchmarks)
        overall_score = shown.overall_score()
        return {
            "country": country,
            "profile": shown,
            "maturity": maturity,
            "chart_height": len(maturity) * 32 + 30,
            "overall_score": overall_score,
            "overall_phase": score_as_phase(overall_score),
            "overall_benchmarks": benchmarks.get("overall", {}),
        }

    return render_once("members/includes/country_profile.html", key, context)


def _shown(profile):
    """Every value of a profile's section (SQLite: no content digest), hashable."""
    components = shown_values(*GdhmComponent.objects.all())
    answers = tuple(shown_values(a, a.indicator) for a in profile.answers.all())
    return (shown_values(profile, profile.cycle), answers, components)


@login_required
@require_safe
def account(request):
    return _account_page(request, form=ApiTokenCreateForm())


@login_required
@require_POST
@permissions.second_factor_required
def api_token_create(request):
    form = ApiTokenCreateForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form=form, status=400)
    token, raw = services.create_api_token(
        user=request.user, name=form.cleaned_data["name"], verified_with=request.user.otp_device
    )
    # Rendered in this response only: the raw token is never stored, not even in the session.
    return _account_page(request, form=ApiTokenCreateForm(), new_token=(token, raw), status=201)


def _account_page(request, *, form, new_token=None, status=200):
    context = {
        "tokens": request.user.api_tokens.all(),
        "form": form,
        "new_token": new_token,
        "has_two_factor": user_has_device(request.user),
        "tokens_need_second_factor": permissions.is_held_to_second_factor(request.user),
    }
    return render(request, "members/account.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens.all(), pk=pk)
    services.revoke_api_token(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("members:account")


# ---------------------------------------------------------------------------------------------
# National digital health profiles
# ---------------------------------------------------------------------------------------------


def _sections(components):
    return [
        ("strategy", _("National strategy")),
        ("governance", _("Governance")),
        *((f"maturity-{c.number}", c.name) for c in components),
    ]


def _progress(submission, indicators, components):
    missing = submission.missing_by_section(indicators)
    sections = [
        {"slug": slug, "label": label, "missing": missing.get(slug, [])}
        for slug, label in _sections(components)
    ]
    complete = sum(1 for section in sections if not section["missing"])
    return {"sections": sections, "complete": complete, "total": len(sections)}


def _visible_submission(request, pk):
    return get_object_or_404(
        ProfileSubmission.objects.visible_to(request.user).with_answers(), pk=pk
    )


@login_required
@require_safe
def my_country(request):
    country = request.user.member_state
    if country is None:
        return render(request, "members/profiles/not_focal_point.html", status=403)
    cycle = ReportingCycle.objects.current()
    submissions = list(
        ProfileSubmission.objects.filter(member_state=country)
        .with_answers()
        .order_by("-cycle__year")
    )
    current = next((s for s in submissions if cycle and s.cycle_id == cycle.pk), None)
    indicators = list(GdhmIndicator.objects.all())
    components = list(GdhmComponent.objects.all())
    context = {
        "country": country,
        "cycle": cycle,
        "current": current,
        "progress": _progress(current, indicators, components) if current else None,
        "submissions": submissions,
        "events": ReviewEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(ProfileSubmission),
            object_id__in=[s.pk for s in submissions],
        )
        .select_related("by")
        .order_by("-at", "-pk")[:50],
    }
    return render(request, "members/profiles/my_country.html", context)


@login_required
@require_POST
def profile_start(request):
    country = request.user.member_state
    cycle = ReportingCycle.objects.current()
    if not permissions.can_create_profile(request.user, country) or cycle is None:
        raise PermissionDenied
    try:
        submission = services.start_profile(member_state=country, cycle=cycle, by=request.user)
    except ConflictError as error:
        messages.error(request, str(error))
        return redirect("members:my-country")
    return redirect("members:profile-edit", pk=submission.pk, section="strategy")


@require_safe
def profile_detail(request, pk):
    submission = _visible_submission(request, pk)
    can_see_history = permissions.can_view_profile_drafts(request.user, submission.member_state)
    context = {
        "submission": submission,
        "can_see_history": can_see_history,
        "can_edit": permissions.can_edit_profile(request.user, submission),
        "can_submit": permissions.can_submit_profile(request.user, submission)
        and submission.status == ReviewStatus.DRAFT,
        "can_review": permissions.can_review_profile(request.user, submission)
        and submission.status == ReviewStatus.SUBMITTED,
        "is_secretariat": permissions.is_secretariat(request.user),
        "review_form": ReviewForm(),
        "maturity": _maturity_rows(submission),
        "overall_score": submission.overall_score(),
        "overall_phase": score_as_phase(submission.overall_score()),
        "can_verify": permissions.can_review_profile(request.user, submission),
        "verification_choices": IndicatorAnswer.Verification.choices,
    }
    context["chart_height"] = len(context["maturity"]) * 32 + 30
    if can_see_history:
        context["events"] = submission.review_events.select_related("by")
        context["versions"] = ProfileVersion.objects.filter(
            submission__member_state=submission.member_state
        ).select_related("submission__cycle", "created_by")
        context["progress"] = _progress(
            submission, GdhmIndicator.objects.all(), GdhmComponent.objects.all()
        )
    return render(request, "members/profiles/profile_detail.html", context)


def _maturity_rows(submission, benchmarks=None):
    """Components with their score, phase, benchmarks and answers, for charts and tables."""
    scores = submission.component_scores()
    # In the indicators' order (their sort order), each answer's indicator being prefetched.
    answers = sorted(
        submission.answers.all(), key=lambda a: (a.indicator.sort_order, a.indicator_id)
    )
    rows = {c.number: {"component": c, "answers": []} for c in GdhmComponent.objects.all()}
    for answer in answers:
        rows[answer.indicator.component_id]["answers"].append(answer)
    for index, (number, row) in enumerate(rows.items()):
        score = scores.get(number)
        row["score"] = score
        row["phase"] = score_as_phase(score)
        # Chart geometry (see _maturity.html): 60 px per phase, one 32 px band per component.
        row["y"] = index * 32
        row["bar"] = round((score or 0) * CHART_UNIT, 1)
        row["benchmarks"] = (benchmarks or {}).get(number, {})
        row["marks"] = [
            {"kind": kind, "x": round(CHART_LEFT + value * CHART_UNIT, 1)}
            for kind, value in row["benchmarks"].items()
            if value is not None
        ]
    return list(rows.values())


CHART_LEFT = 270
CHART_UNIT = 60


@login_required
def profile_edit(request, pk, section):
    submission = _visible_submission(request, pk)
    if not permissions.is_focal_point_of(request.user, submission.member_state_id):
        raise PermissionDenied
    if not submission.is_editable:
        messages.error(
            request,
            _("This profile is %(status)s and can no longer be edited.")
            % {"status": submission.get_status_display().lower()},
        )
        return redirect(submission)
    components = list(GdhmComponent.objects.all())
    if section not in dict(_sections(components)):
        raise Http404
    form = _section_form(request, submission, section)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _save_section(request, submission, section, form)
        except (StaleVersion, IllegalTransition) as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ValidationError as error:
            _add_errors(form, error)
            status = 400
        else:
            messages.success(
                request, _("Saved. Nothing is published until the secretariat approves it.")
            )
            return redirect(_next_section(submission, section, components, request))
    elif request.method == "POST":
        status = 400
    context = {
        "submission": submission,
        "section": section,
        "section_label": dict(_sections(components))[section],
        "form": form,
        "progress": _progress(submission, GdhmIndicator.objects.all(), components),
    }
    return render(request, "members/profiles/profile_form.html", context, status=status)


def _section_form(request, submission, section):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    initial = {"version": submission.version}
    if section == "strategy":
        return StrategyForm(data, files, instance=submission, initial=initial)
    if section == "governance":
        return GovernanceForm(data, instance=submission, initial=initial)
    number = int(section.split("-")[1])
    indicators = GdhmIndicator.objects.filter(component_id=number)
    return MaturityForm(
        data,
        files,
        indicators=indicators,
        answers=submission.answers_by_code(),
        initial=initial,
    )


def _save_section(request, submission, section, form):
    data = dict(form.cleaned_data)
    version = data.pop("version")
    if section == "strategy":
        document = data.pop("strategy_document", None)
        services.update_profile(
            submission=submission,
            by=request.user,
            version=version,
            fields=data,
            strategy_document=document,
        )
    elif section == "governance":
        services.update_profile(
            submission=submission, by=request.user, version=version, fields=data
        )
    else:
        services.update_profile(
            submission=submission, by=request.user, version=version, answers=form.answers()
        )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _next_section(submission, section, components, request):
    slugs = [slug for slug, _label in _sections(components)]
    if "save_next" in request.POST and slugs.index(section) + 1 < len(slugs):
        return reverse(
            "members:profile-edit",
            kwargs={"pk": submission.pk, "section": slugs[slugs.index(section) + 1]},
        )
    if "save_next" in request.POST:
        return submission.get_absolute_url()
    return reverse("members:profile-edit", kwargs={"pk": submission.pk, "section": section})


@login_required
@require_POST
def profile_submit(request, pk):
    submission = _visible_submission(request, pk)
    if not permissions.can_submit_profile(request.user, submission):
        raise PermissionDenied
    try:
        services.submit_profile(submission=submission, by=request.user)
    except (IllegalTransition, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Submitted. The secretariat has been told and will review it."))
    return redirect(submission)


@login_required
@require_POST
@permissions.second_factor_required
def profile_review(request, pk):
    submission = _visible_submission(request, pk)
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
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Done. The focal points have been told."))
    return redirect(submission)


@login_required
@require_POST
@permissions.second_factor_required
def evidence_verify(request, pk, code):
    submission = _visible_submission(request, pk)
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


@login_required
@require_safe
def profile_versions(request, pk):
    submission = _visible_submission(request, pk)
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
    changes = []
    fields = ProfileSubmission.STRATEGY_FIELDS + ProfileSubmission.GOVERNANCE_FIELDS
    for name in (*fields, "strategy_document"):
        before, after = older.data.get(name), newer.data.get(name)
        if before != after:
            changes.append({"label": labels.get(name, name), "before": before, "after": after})
    before_answers, after_answers = older.data.get("answers", {}), newer.data.get("answers", {})
    for code in sorted(
        set(before_answers) | set(after_answers),
        key=lambda c: (int("".join(ch for ch in c if ch.isdigit())), c),
    ):
        before, after = before_answers.get(code, {}), after_answers.get(code, {})
        for key, label in (
            ("phase", _("phase")),
            ("evidence_note", _("evidence")),
            ("source_url", _("source link")),
        ):
            if before.get(key) != after.get(key):
                changes.append(
                    {
                        "label": f"{_('Indicator')} {code}: {label}",
                        "before": before.get(key),
                        "after": after.get(key),
                    }
                )
    return changes


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
    return render(
        request,
        "members/profiles/review_queue.html",
        {"form": form, "submissions": submissions[:500], "now": timezone.now()},
    )
