"""The admin site: logins go through the portal's login page (lockout, two-factor), and with
REQUIRE_SECRETARIAT_2FA only a session verified with a one-time code may use the admin
(members.permissions.needs_second_factor)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from members.permissions import needs_second_factor, redirect_to_second_factor


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and not needs_second_factor(request.user)

    def login(self, request, extra_context=None):
        """The admin's login page sends each visitor to the step they are missing."""
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user = request.user
        if user.is_active and needs_second_factor(user):
            return redirect_to_second_factor(request, next_url)
        return redirect_to_login(next_url, settings.LOGIN_URL)
