from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gidh_portal.pagination import CountedWithPagePaginator
from members.documents import pdf_attachment
from members.permissions import second_factor_required
from members.workflow import ConflictError

from . import services
from .catalogue import (
    catalogue_query,
    facet_panels,
    is_narrowed,
    page_query,
    result_items,
    result_rows,
    selected_filters,
    whole_catalogue,
)
from .detail import related_items, shown_relations
from .forms import ResourceProposalForm, ReviewForm
from .models import Resource
from .ordering import indexed
from .permissions import can_propose_resource, can_review_resource, can_revise_resource
from .rendering import resource_json_ld

PAGE_SIZE = 20


@require_safe
def resource_list(request):
    text, queryset, ordering, filterset = catalogue_query(
        Resource.objects.published(), request.GET, text_param="q", ordering_param="sort"
    )
    window = settings.CATALOGUE_WINDOW
    narrowed = is_narrowed(request.GET)
    if narrowed:
        # A search or filters: the newest `CATALOGUE_WINDOW` matches, ranked, counted with the
        # page's ids in one query and counted by facet, whatever the number of matches. A
        # search's matches are its window already (`matching`).
        if not text:
            queryset = queryset.window()
        page = CountedWithPagePaginator(queryset, PAGE_SIZE, rows=result_rows).get_page(
            request.GET.get("page")
        )
        matched = page.paginator.count
        window_full = matched >= window
        facets = queryset.facets()
    else:
        # The whole catalogue: its counts as the database keeps them; pages up to the window.
        facets, matched = whole_catalogue()
        paginator = Paginator(indexed(queryset, ordering), PAGE_SIZE)
        paginator.count = min(matched, window)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = result_rows(page.object_list)
        window_full = matched > window
    context = {
        "page": page,
        "matched": matched,
        "narrowed": narrowed,
        "window": window,
        "window_full": window_full,
        "result_items": result_items(page.object_list),
        "text": text,
        "ordering": ordering,
        "requested_ordering": request.GET.get("sort", ""),
        "filterset": filterset,
        "selected_filters": selected_filters(facets, request.GET),
        "facets": facet_panels(facets, request.GET),
        "query_string": request.GET.urlencode(),
        "page_query": page_query(request.GET),
    }
    # The catalogue script asks for the results region only, to swap it in place.
    partial = request.headers.get("X-Catalogue-Partial") == "1"
    template = "resources/_results.html" if partial else "resources/resource_list.html"
    response = render(request, template, context)
    response["Vary"] = "X-Catalogue-Partial"
    return response


@require_safe
def resource_detail(request, slug):
    resource = get_object_or_404(
        Resource.objects.visible_to(request.user).with_shown_relations(), slug=slug
    )
    show_history = request.user.is_authenticated and (
        request.user.is_secretariat or resource.proposed_by_id == request.user.pk
    )
    context = {
        "resource": resource,
        "shown": shown_relations(resource),
        "related": related_items(
            Resource.objects.related_to(resource, [topic["id"] for topic in resource.topic_list])
        ),
        "json_ld": resource_json_ld(resource, request),
        "can_revise": can_revise_resource(request.user, resource),
        "events": resource.review_events.select_related("by") if show_history else None,
        "review_form": ReviewForm() if can_review_resource(request.user, resource) else None,
    }
    return render(request, "resources/resource_detail.html", context)


@require_safe
def resource_download(request, slug):
    resource = get_object_or_404(Resource.objects.visible_to(request.user), slug=slug)
    return pdf_attachment(resource.file, filename=f"{resource.slug}.pdf")


@login_required
def resource_propose(request):
    if not can_propose_resource(request.user):
        raise PermissionDenied
    form = ResourceProposalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.fields}
        try:
            resource = services.propose_resource(
                by=request.user,
                data=data,
                languages=form.cleaned_data["languages"],
                publish=form.cleaned_data.get("publish", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if resource.is_published:
                messages.success(request, _("The resource is published."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your proposal is with the secretariat, who will publish it "
                        "or return it to you with comments."
                    ),
                )
            return redirect(resource)
    status = 400 if form.is_bound else 200
    return render(request, "resources/resource_propose.html", {"form": form}, status=status)


@login_required
def resource_revise(request, slug):
    resource = get_object_or_404(Resource.objects.visible_to(request.user), slug=slug)
    if not can_revise_resource(request.user, resource):
        raise PermissionDenied
    initial = {"languages": resource.language_codes}
    form = ResourceProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=resource,
        initial=initial,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.fields}
        try:
            resource = services.revise_resource(
                resource=resource,
                by=request.user,
                data=data,
                languages=form.cleaned_data["languages"],
                expected_version=request.POST.get("version"),
            )
        except (ValidationError, ConflictError) as error:
            form.add_error(None, getattr(error, "messages", None) or str(error))
        else:
            messages.success(request, _("Your changes are sent back to the secretariat."))
            return redirect(resource)
    status = 400 if form.is_bound else 200
    context = {"form": form, "resource": resource}
    return render(request, "resources/resource_propose.html", context, status=status)


@login_required
@require_safe
@second_factor_required
def curation_queue(request):
    if not can_review_resource(request.user):
        raise PermissionDenied
    proposals = (
        Resource.objects.proposed()
        .select_related("publisher", "proposed_by")
        .prefetch_related("language_entries")
        .order_by("updated_at")
    )
    return render(request, "resources/curation_queue.html", {"proposals": proposals})


@login_required
@require_POST
@second_factor_required
def resource_review(request, slug):
    resource = get_object_or_404(Resource.objects.visible_to(request.user), slug=slug)
    if not can_review_resource(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["action"] == "publish":
                services.publish_resource(
                    resource=resource, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("“%(title)s” is published.") % {"title": resource})
            else:
                services.return_resource(
                    resource=resource, by=request.user, comment=form.cleaned_data["comment"]
                )
                messages.success(
                    request, _("“%(title)s” is returned to its proposer.") % {"title": resource}
                )
        except (ValidationError, ConflictError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.error(request, _("Choose whether to publish or return the proposal."))
    return redirect("resources:curation-queue")
