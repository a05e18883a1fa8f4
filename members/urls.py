from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:iso3>/", views.country_detail, name="country-detail"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.api_token_create, name="api-token-create"),
    path("account/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
