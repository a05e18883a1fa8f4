"""Transparency reports: the latest revision of each scope and period, and each revision."""

import django_filters
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.response import Response

from ...models import TransparencyReport
from ..serializers.reports import TransparencyReportListSerializer, TransparencyReportSerializer


class TransparencyReportFilter(django_filters.FilterSet):
    scope = django_filters.CharFilter(help_text=_("“global” or a WHO region code, e.g. AFR."))
    period = django_filters.CharFilter(help_text=_("The month, YYYY-MM."))

    class Meta:
        model = TransparencyReport
        fields = ("scope", "period")


class TransparencyReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Periodic transparency reports (global and per WHO region, one per month).

    The list shows the latest revision of each scope and period; earlier revisions stay reachable
    by id (`revisions` in the detail). Drafts are visible to the secretariat only. The `data`
    snapshot never changes once a report is published.
    """

    filterset_class = TransparencyReportFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        reports = TransparencyReport.objects.visible_to(self.request.user)
        if self.action == "list":
            return reports.latest_revisions().in_listing_order()
        return reports

    def get_serializer_class(self):
        if self.action == "list":
            return TransparencyReportListSerializer
        return TransparencyReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        visible = TransparencyReport.objects.visible_to(request.user)
        report.visible_revisions = visible.revision_numbers(report)
        return Response(self.get_serializer(report).data)
