from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("member-states", views.MemberStateViewSet, basename="member-state")
router.register("who-regions", views.WhoRegionViewSet, basename="who-region")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("profiles", views.ProfileViewSet, basename="profile")

urlpatterns = router.urls
