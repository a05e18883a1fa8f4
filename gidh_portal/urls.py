from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from investments import country_page, scorecard
from members import account_views
from members.views.home import home

from . import health

# Django's account pages, with the portal's login (one-time code step) and password reset
# confirmation (it lifts a lockout) in place of Django's own.
REPLACED_AUTH_VIEWS = {"login", "password_reset_confirm"}
accounts = [
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("login/code/", account_views.login_code, name="login-code"),
    *(pattern for pattern in auth_urls.urlpatterns if pattern.name not in REPLACED_AUTH_VIEWS),
    path(
        "reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]

api_v1 = [
    path("", include("members.api.urls")),
    path("", include("resources.api.urls")),
    path("", include("investments.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

# The API first: every request walks the patterns before its own (and records each it tried), so
# the API's requests, the busiest, no longer walk all the pages' patterns (no page is under
# `api/`, so the order changes no match).
urlpatterns = [
    path("api/v1/", include((api_v1, "api"))),
    path("", home, name="home"),
    # The country page shows the sections of all three apps (investments/country_page.py).
    path("countries/<str:iso3>/", country_page.country_detail, name="country-detail"),
    path("countries/<str:iso3>/peers/", country_page.country_peers, name="country-peers"),
    path("countries/<str:iso3>/scorecard/", scorecard.scorecard, name="country-scorecard"),
    path("", include("members.urls")),
    path("", include("resources.urls")),
    path("", include("investments.urls")),
    path("", include("investments.reports.urls")),
    path("", include("investments.follows.urls")),
    path("", include("investments.follows.feed_urls")),
    path("", include("investments.global_dataset.urls")),
    path("accounts/", include(accounts)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/workers", health.workers, name="healthz-workers"),
]

handler400 = "gidh_portal.api_errors.bad_request"
handler403 = "gidh_portal.api_errors.permission_denied"
handler404 = "gidh_portal.api_errors.page_not_found"
handler500 = "gidh_portal.api_errors.server_error"
