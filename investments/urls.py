from django.urls import path

from . import views

app_name = "investments"

urlpatterns = [
    path("investments/", views.overview, name="overview"),
    path("investments/needs/", views.needs, name="needs"),
    path("investments/partners/", views.partners, name="partner-list"),
    path("investments/verification/", views.verification, name="verification"),
    path("investments/plans/new/", views.plan_create, name="plan-create"),
    path("investments/plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("investments/plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    *(
        path(
            f"investments/plans/<int:pk>/{action}/",
            views.plan_transition,
            {"action": action},
            name=f"plan-{action}",
        )
        for action in ("submit", "approve", "return")
    ),
    path(
        "investments/plans/<int:pk>/priorities/new/",
        views.priority_form,
        name="priority-create",
    ),
    path(
        "investments/plans/<int:pk>/priorities/<int:priority_pk>/edit/",
        views.priority_form,
        name="priority-edit",
    ),
    path("investments/plans/<int:pk>/commit/", views.commitment_create, name="commitment-create"),
    path("investments/commitments/<int:pk>/", views.commitment_detail, name="commitment-detail"),
    path(
        "investments/commitments/<int:pk>/advance/",
        views.commitment_advance,
        name="commitment-advance",
    ),
    path(
        "investments/commitments/<int:pk>/verify/",
        views.commitment_verify,
        name="commitment-verify",
    ),
]
