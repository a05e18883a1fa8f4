"""The admin site: logins go through the portal's login page (lockout, two-factor), and with
REQUIRE_ADMIN_2FA only a session verified with a one-time code may use the admin."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import user_has_device


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not settings.REQUIRE_ADMIN_2FA or request.user.is_verified()

    def login(self, request, extra_context=None):
        """The admin's login page sends each visitor to the step they are missing."""
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user = request.user
        if user.is_active and user.is_staff and settings.REQUIRE_ADMIN_2FA:
            if user_has_device(user):
                return redirect_to_login(next_url, reverse("login-code"))
            return redirect_to_login(next_url, reverse("members:two-factor"))
        return redirect_to_login(next_url, settings.LOGIN_URL)
