from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("investment-plans", views.InvestmentPlanViewSet, basename="investment-plan")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register(
    "transparency-reports", views.TransparencyReportViewSet, basename="transparency-report"
)

urlpatterns = [
    path(
        "investment-plans/<int:pk>/priorities/",
        views.PriorityCreateApi.as_view(),
        name="investment-plan-priority-create",
    ),
    path(
        "investment-plans/<int:pk>/priorities/<int:priority_pk>/",
        views.PriorityUpdateApi.as_view(),
        name="investment-plan-priority-update",
    ),
    path("funding-gaps/", views.FundingGapsApi.as_view(), name="funding-gaps"),
    *router.urls,
]
