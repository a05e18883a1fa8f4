from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from members import views as members_views

api_v1 = [
    path("", include("members.api.urls")),
    path("", include("resources.api.urls")),
    path("", include("investments.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("", members_views.home, name="home"),
    path("", include("members.urls")),
    path("", include("resources.urls")),
    path("", include("investments.urls")),
    path("", include("investments.report_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_v1, "api"))),
    path("admin/", admin.site.urls),
]

handler400 = "gidh_portal.api_errors.bad_request"
handler403 = "gidh_portal.api_errors.permission_denied"
handler404 = "gidh_portal.api_errors.page_not_found"
handler500 = "gidh_portal.api_errors.server_error"
