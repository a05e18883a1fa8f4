from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import commitments, datasets, funding_gaps, matches, offers, plans, priorities, reports

router = SimpleRouter()
router.register("investment-plans", plans.InvestmentPlanViewSet, basename="investment-plan")
router.register("commitments", commitments.CommitmentViewSet, basename="commitment")
router.register("offers", offers.OfferViewSet, basename="offer")
router.register(
    "transparency-reports", reports.TransparencyReportViewSet, basename="transparency-report"
)

urlpatterns = [
    path(
        "investment-plans/<int:pk>/priorities/",
        priorities.PriorityCreateApi.as_view(),
        name="investment-plan-priority-create",
    ),
    path(
        "investment-plans/<int:pk>/priorities/<int:priority_pk>/",
        priorities.PriorityUpdateApi.as_view(),
        name="investment-plan-priority-update",
    ),
    path(
        "priorities/<int:pk>/matches/",
        matches.PriorityMatchesApi.as_view(),
        name="priority-matches",
    ),
    # Beside the offers' viewset (/api/v1/offers/), which does not route this path.
    path("offers/<int:pk>/matches/", matches.OfferMatchesApi.as_view(), name="offer-matches"),
    path("funding-gaps/", funding_gaps.FundingGapsApi.as_view(), name="funding-gaps"),
    path("datasets/", datasets.DatasetFileListApi.as_view(), name="dataset-list"),
    path(
        "datasets/dictionary/", datasets.DatasetDictionaryApi.as_view(), name="dataset-dictionary"
    ),
    *router.urls,
]
