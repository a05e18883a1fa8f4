from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("feeds/resources/", feeds.resource_feed, name="resources"),
    path("feeds/plans/", feeds.plan_feed, name="plans"),
    path("feeds/offers/", feeds.offer_feed, name="offers"),
    path("feeds/reports/", feeds.report_feed, name="reports"),
]
