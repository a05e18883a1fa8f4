from django.urls import path

from . import account_views
from .views import (
    account,
    countries,
    my_country,
    peer_exchanges,
    profile_detail,
    profile_edit,
    profile_review,
    profile_versions,
)

app_name = "members"

urlpatterns = [
    path("countries/", countries.country_list, name="country-list"),
    path("account/", account.account, name="account"),
    path("account/language/", account.email_language_update, name="account-language"),
    path("account/tokens/", account.api_token_create, name="api-token-create"),
    path("account/tokens/<int:pk>/revoke/", account.api_token_revoke, name="api-token-revoke"),
    path("account/two-factor/", account_views.two_factor, name="two-factor"),
    path("account/two-factor/remove/", account_views.two_factor_remove, name="two-factor-remove"),
]

urlpatterns += [
    path("my-country/", my_country.my_country, name="my-country"),
    path("my-country/start/", my_country.profile_start, name="profile-start"),
    path(
        "peer-exchanges/new/<str:iso3>/<str:code>/",
        peer_exchanges.peer_exchange_create,
        name="peer-exchange-create",
    ),
    path(
        "peer-exchanges/<int:pk>/", peer_exchanges.peer_exchange_detail, name="peer-exchange-detail"
    ),
    path(
        "peer-exchanges/<int:pk>/accept/",
        peer_exchanges.peer_exchange_accept,
        name="peer-exchange-accept",
    ),
    path(
        "peer-exchanges/<int:pk>/decline/",
        peer_exchanges.peer_exchange_decline,
        name="peer-exchange-decline",
    ),
    path("profiles/review/", profile_review.review_queue, name="review-queue"),
    path("profiles/<int:pk>/", profile_detail.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/edit/<slug:section>/", profile_edit.profile_edit, name="profile-edit"),
    path("profiles/<int:pk>/submit/", profile_review.profile_submit, name="profile-submit"),
    path("profiles/<int:pk>/review/", profile_review.profile_review, name="profile-review"),
    path("profiles/<int:pk>/versions/", profile_versions.profile_versions, name="profile-versions"),
    path(
        "profiles/<int:pk>/strategy.pdf",
        profile_detail.profile_strategy_document,
        name="profile-strategy-document",
    ),
    path(
        "profiles/<int:pk>/evidence/<str:code>.pdf",
        profile_detail.profile_evidence_document,
        name="profile-evidence-document",
    ),
    path(
        "profiles/<int:pk>/evidence/<str:code>/verify/",
        profile_review.evidence_verify,
        name="profile-evidence-verify",
    ),
]
