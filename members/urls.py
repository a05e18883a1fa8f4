from django.urls import path

from . import account_views, views

app_name = "members"

urlpatterns = [
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:iso3>/", views.country_detail, name="country-detail"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.api_token_create, name="api-token-create"),
    path("account/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("account/two-factor/", account_views.two_factor, name="two-factor"),
    path("account/two-factor/remove/", account_views.two_factor_remove, name="two-factor-remove"),
]

urlpatterns += [
    path("my-country/", views.my_country, name="my-country"),
    path("my-country/start/", views.profile_start, name="profile-start"),
    path("profiles/review/", views.review_queue, name="review-queue"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/edit/<slug:section>/", views.profile_edit, name="profile-edit"),
    path("profiles/<int:pk>/submit/", views.profile_submit, name="profile-submit"),
    path("profiles/<int:pk>/review/", views.profile_review, name="profile-review"),
    path("profiles/<int:pk>/versions/", views.profile_versions, name="profile-versions"),
    path(
        "profiles/<int:pk>/strategy.pdf",
        views.profile_strategy_document,
        name="profile-strategy-document",
    ),
    path(
        "profiles/<int:pk>/evidence/<str:code>.pdf",
        views.profile_evidence_document,
        name="profile-evidence-document",
    ),
    path(
        "profiles/<int:pk>/evidence/<str:code>/verify/",
        views.evidence_verify,
        name="profile-evidence-verify",
    ),
]
