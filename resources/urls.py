from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/propose/", views.resource_propose, name="resource-propose"),
    path("resources/curation/", views.curation_queue, name="curation-queue"),
    path("resources/<slug:slug>/", views.resource_detail, name="resource-detail"),
    path("resources/<slug:slug>/download/", views.resource_download, name="resource-download"),
    path("resources/<slug:slug>/edit/", views.resource_revise, name="resource-revise"),
    path("resources/<slug:slug>/review/", views.resource_review, name="resource-review"),
]
