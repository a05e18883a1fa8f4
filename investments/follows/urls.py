from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("account/following/", views.following, name="following"),
    path("account/digest/", views.digest_preference, name="digest-preference"),
    path("follows/<str:kind>/<slug:pk>/", views.follow_create, name="follow-create"),
    path("follows/<str:kind>/<slug:pk>/unfollow/", views.follow_delete, name="follow-delete"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest-unsubscribe"),
]
