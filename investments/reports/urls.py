from django.urls import path, register_converter

from . import views

app_name = "reports"


class PeriodConverter:
    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodConverter, "period")

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/<slug:scope>/<period:period>/", views.report_detail, name="report-latest"),
    path(
        "reports/<slug:scope>/<period:period>/r<int:revision>/",
        views.report_detail,
        name="report-detail",
    ),
    path(
        "reports/<slug:scope>/<period:period>/r<int:revision>.csv",
        views.report_csv,
        name="report-csv",
    ),
    path(
        "reports/<slug:scope>/<period:period>/r<int:revision>.json",
        views.report_json,
        name="report-json",
    ),
]
