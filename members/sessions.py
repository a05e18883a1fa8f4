"""The session engine (SESSION_ENGINE = "members.sessions"): Django's cached_db sessions, read
from the cache and written through to the database, whose rows also record the user.

Knowing each session's user is what lets the portal end all the sessions of a user at once
(`User.objects.filter(...).end_access()`, on deactivation): both copies, cache and database.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from .models import Session


class SessionStore(CachedDBStore):
    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            session.user_id = None
        return session
