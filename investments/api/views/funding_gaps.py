"""Public funding gaps in USD, grouped (JSON and CSV)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from gidh_portal import listing
from gidh_portal.csv_export import stream_csv

from ...models import funding_gap_table
from ..renderers import LIST_RENDERERS
from ..requests import wants
from ..serializers.fields import rates_note
from ..serializers.funding_gaps import FundingGapRowSerializer, FundingGapsSerializer

GROUP_BY_CHOICES = ("region", "component", "member_state", "global")


class FundingGapsApi(APIView):
    """Public funding gaps in USD by WHO region, GDHM component or member state.

    Approved plans and verified commitments only. Each converted amount is rounded to the cent
    before summing, so the rows add up to the totals exactly whatever the grouping. Rows without
    an exchange rate are left out of the sums and counted in `*_rates_missing`; rows converted
    at an earlier year's rate (provisional) are in the sums and counted in `*_rates_provisional`.
    """

    permission_classes = [AllowAny]
    renderer_classes = LIST_RENDERERS

    @extend_schema(
        tags=["investments"],
        parameters=[
            OpenApiParameter("group_by", str, enum=list(GROUP_BY_CHOICES), default="region"),
            OpenApiParameter("format", str, enum=["json", "csv"], required=False),
        ],
        responses={200: FundingGapsSerializer},
    )
    def get(self, request):
        group_by = request.query_params.get("group_by", "region")
        if group_by not in GROUP_BY_CHOICES:
            raise exceptions.ValidationError(
                {
                    "group_by": [
                        _("Choose one of: %(choices)s.") % {"choices": ", ".join(GROUP_BY_CHOICES)}
                    ]
                }
            )
        rows, totals = funding_gap_table(group_by)
        if wants(request, "csv"):
            return stream_csv(
                listing.csv_header(FundingGapRowSerializer),
                listing.csv_rows(FundingGapRowSerializer, [*rows, totals]),
                filename=f"gidh-funding-gaps-by-{group_by}.csv",
            )
        body = {
            "group_by": group_by,
            "currency": "USD",
            "rows": rows,
            "totals": totals,
            "rates_note": rates_note(
                totals["cost_rates_missing"],
                totals["commitment_rates_missing"],
                totals["cost_rates_provisional"],
                totals["commitment_rates_provisional"],
            ),
        }
        return Response(FundingGapsSerializer(body).data)
