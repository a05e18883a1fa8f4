"""Matches of a priority and of an offer: the open offers that fit an open priority of a
published plan, best first, with their reasons."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import matching
from ...models import Offer, Priority
from ..serializers.matches import MatchListSerializer


def _answer(request, matches, total_of):
    body = {"count": total_of(matches[0]) if matches else 0, "results": matches}
    return Response(MatchListSerializer(body, context={"request": request}).data)


class PriorityMatchesApi(APIView):
    """The open offers that fit a priority of a published plan, best first (at most 10), each
    with its score and reasons; empty once the priority's gap is closed. A priority of a plan
    that is not published is not found, whoever asks."""

    permission_classes = [AllowAny]

    @extend_schema(tags=["investments"], responses={200: MatchListSerializer})
    def get(self, request, pk):
        priority = get_object_or_404(Priority.objects.published(), pk=pk)
        matches = matching.matches_of_priority(priority)
        return _answer(request, matches, lambda match: match.priority_total)


class OfferMatchesApi(APIView):
    """The open priorities of published plans that an open offer fits, best first (at most
    10), each with its score and reasons. An offer that is not open is not found, whoever
    asks."""

    permission_classes = [AllowAny]

    @extend_schema(tags=["investments"], responses={200: MatchListSerializer})
    def get(self, request, pk):
        offer = get_object_or_404(Offer.objects.open(), pk=pk)
        matches = matching.matches_of_offer(offer)
        return _answer(request, matches, lambda match: match.offer_total)
