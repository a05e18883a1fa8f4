from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "gidh_portal.admin.PortalAdminSite"
