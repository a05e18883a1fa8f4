"""Pages of the transparency reports: the archive, a report, its CSV and JSON downloads."""

import json
from decimal import Decimal

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gidh_portal.csv_export import csv_lines
from investments.api.serializers.reports import TransparencyReportSerializer
from investments.models import GLOBAL_SCOPE, Commitment, TransparencyReport
from members.models import StrategyStatus, WhoRegion
from members.workflow import ReviewStatus
from resources.models import Kind

from .csv_rows import report_rows
from .periods import Period

PAGE_SIZE = 50
CHART_WIDTH = 320


def _scope_names():
    names = {GLOBAL_SCOPE: _("Global")}
    names.update({region.code: region.name for region in WhoRegion.objects.all()})
    return names


@require_safe
def report_list(request):
    names = _scope_names()
    reports = (
        TransparencyReport.objects.visible_to(request.user)
        .latest_revisions()
        .defer("data")
        .in_listing_order()
    )
    scope = request.GET.get("scope", "")
    period = request.GET.get("period", "")
    if scope in names:
        reports = reports.filter(scope=scope)
    if period:
        try:
            reports = reports.filter(period=str(Period.parse(period)))
        except ValueError:
            reports = reports.none()
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    for report in page:
        report.scope_name = names.get(report.scope, report.scope)
    context = {
        "page": page,
        "scopes": list(names.items()),
        "scope": scope,
        "period": period,
        "filtered": bool(scope or period),
    }
    return render(request, "investments/reports/report_list.html", context)


def _visible_report(request, scope, period, revision=None):
    reports = TransparencyReport.objects.visible_to(request.user).filter(scope=scope, period=period)
    if revision is None:
        report = reports.order_by("-revision").first()
        if report is None:
            raise Http404
        return report
    return get_object_or_404(reports, revision=revision)


@require_safe
def report_detail(request, scope, period, revision=None):
    report = _visible_report(request, scope, period, revision)
    data = report.data
    revisions = (
        TransparencyReport.objects.visible_to(request.user)
        .filter(scope=scope, period=period)
        .order_by("-revision")
        .values("revision", "status", "generated_at")
    )
    context = {
        "report": report,
        "scope_name": _scope_names().get(scope, scope),
        "data": data,
        "revisions": list(revisions),
        "strategy_rows": _bars(
            [
                (label, data["strategy"]["by_status"].get(value, 0))
                for value, label in [*StrategyStatus.choices, ("no_profile", _("No profile"))]
            ]
        ),
        "submission_rows": [
            (label, data["submissions"]["by_status"].get(value, 0))
            for value, label in ReviewStatus.choices
        ],
        "maturity_rows": _bars(
            [(row["name"], row["average_phase"]) for row in data["maturity"]], maximum=5
        ),
        "maturity": data["maturity"],
        "catalogue_rows": _bars(
            [
                (dict(Kind.choices).get(row["kind"], row["kind"]), row["total"], row["new"])
                for row in data["catalogue"]["by_kind"]
            ]
        ),
        "component_rows": _bars(
            [
                (row["name"] or _("Plan as a whole"), Decimal(row["cost_usd"]), row)
                for row in data["investments"]["by_component"]
            ]
        ),
        "kind_labels": dict(Commitment.Kind.choices),
        "strategy_labels": dict(StrategyStatus.choices),
    }
    return render(request, "investments/reports/report_detail.html", context)


def _bars(rows, maximum=None):
    """Rows of (label, value, *extra) with the bar width of each value on a common scale."""
    values = [row[1] for row in rows if row[1] is not None]
    top = maximum or max([*values, 0]) or 1
    return [
        {
            "label": row[0],
            "value": row[1],
            "extra": row[2] if len(row) > 2 else None,
            "width": 0 if row[1] is None or row[1] <= 0 else round(CHART_WIDTH * row[1] / top, 1),
            "y": index * 28,
        }
        for index, row in enumerate(rows)
    ]


def _filename(report, extension):
    return f"gidh-transparency-report-{report.scope}-{report.period}-r{report.revision}.{extension}"


@require_safe
def report_csv(request, scope, period, revision):
    report = _visible_report(request, scope, period, revision)
    lines = csv_lines(["section", "item", "measure", "value"], report_rows(report))
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


@require_safe
def report_json(request, scope, period, revision):
    report = _visible_report(request, scope, period, revision)
    visible = TransparencyReport.objects.visible_to(request.user)
    report.visible_revisions = visible.revision_numbers(report)
    body = TransparencyReportSerializer(report, context={"request": request}).data
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "json")}"'
    return response
