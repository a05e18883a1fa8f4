"""The rights every investments admin page shares: the secretariat role decides."""

from django.contrib import admin

from members.permissions import is_secretariat


class SecretariatAdmin(admin.ModelAdmin):
    """The secretariat curates investments data in the admin (the group carries no model
    permissions: the role decides). Plans and commitments are never deleted here."""

    deletable = False

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request, obj=None):
        return is_secretariat(request.user) and self.deletable

    def has_delete_permission(self, request, obj=None):
        return is_secretariat(request.user) and self.deletable
