"""Browser sessions that know their user, so all of a user's sessions can be ended."""

from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_CACHE_PREFIX
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.core.cache import caches
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class SessionQuerySet(models.QuerySet):
    def end(self):
        """Delete these sessions from the database and from the cache, which keeps a copy of
        each (members/sessions.py): the browsers holding them are logged out."""
        keys = list(self.values_list("session_key", flat=True))
        if not keys:
            return 0
        cache_keys = [SESSION_CACHE_PREFIX + key for key in keys]
        cache = caches[settings.SESSION_CACHE_ALIAS]
        cache.delete_many(cache_keys)
        # Again once committed: a request may have re-cached one from the database meanwhile.
        transaction.on_commit(lambda: cache.delete_many(cache_keys))
        deleted, _by_model = Session.objects.filter(session_key__in=keys).delete()
        return deleted


class Session(AbstractBaseSession):
    """A browser session (SESSION_ENGINE = "members.sessions"), with the user it is logged in
    as, so that all of a user's sessions can be ended at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("user"),
    )

    objects = BaseSessionManager.from_queryset(SessionQuerySet)()

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from ..sessions import SessionStore  # the store imports this model, as Django's own does

        return SessionStore
