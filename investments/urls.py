from django.urls import path

from .views import commitments, matches, needs, offers, overview, partners, plan_list, plans

app_name = "investments"

urlpatterns = [
    path("offers/", offers.offer_list, name="offer-list"),
    path("offers/new/", offers.offer_create, name="offer-create"),
    path("offers/mine/", offers.offer_mine, name="offer-mine"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer-detail"),
    path("offers/<int:pk>/edit/", offers.offer_edit, name="offer-edit"),
    *(
        path(
            f"offers/<int:pk>/{action}/",
            offers.offer_transition,
            {"action": action},
            name=f"offer-{action}",
        )
        for action in ("open", "close")
    ),
    path("investments/", overview.overview, name="overview"),
    path("investments/needs/", needs.needs, name="needs"),
    path("investments/partners/", partners.partners, name="partner-list"),
    path("investments/verification/", commitments.verification, name="verification"),
    path("investments/plans/", plan_list.plan_list, name="plan-list"),
    path("investments/plans/new/", plans.plan_create, name="plan-create"),
    path("investments/plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("investments/plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path(
        "investments/plans/<int:pk>/commitments/",
        plans.plan_commitments,
        name="plan-commitments",
    ),
    *(
        path(
            f"investments/plans/<int:pk>/{action}/",
            plans.plan_transition,
            {"action": action},
            name=f"plan-{action}",
        )
        for action in ("submit", "approve", "return")
    ),
    path(
        "investments/plans/<int:pk>/priorities/new/",
        plans.priority_form,
        name="priority-create",
    ),
    path(
        "investments/plans/<int:pk>/priorities/<int:priority_pk>/edit/",
        plans.priority_form,
        name="priority-edit",
    ),
    path(
        "investments/plans/<int:pk>/commit/",
        commitments.commitment_create,
        name="commitment-create",
    ),
    path(
        "investments/priorities/<int:pk>/matches/",
        matches.priority_matches,
        name="priority-matches",
    ),
    path(
        "investments/priorities/<int:pk>/invite/",
        matches.priority_invite,
        name="priority-invite",
    ),
    path("investments/invitations/", matches.invitation_list, name="invitation-list"),
    path(
        "investments/invitations/<int:pk>/accept/",
        matches.invitation_accept,
        name="invitation-accept",
    ),
    path(
        "investments/invitations/<int:pk>/decline/",
        matches.invitation_decline,
        name="invitation-decline",
    ),
    path(
        "investments/commitments/<int:pk>/",
        commitments.commitment_detail,
        name="commitment-detail",
    ),
    path(
        "investments/commitments/<int:pk>/advance/",
        commitments.commitment_advance,
        name="commitment-advance",
    ),
    path(
        "investments/commitments/<int:pk>/verify/",
        commitments.commitment_verify,
        name="commitment-verify",
    ),
]
