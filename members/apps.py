from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from .models import User
        from .services import end_access_of_deactivated_user, grant_secretariat_permissions

        # Permissions exist only after every app has migrated, so the group gets them then.
        post_migrate.connect(grant_secretariat_permissions, dispatch_uid="secretariat-permissions")
        post_save.connect(
            end_access_of_deactivated_user, sender=User, dispatch_uid="deactivated-user-access"
        )
