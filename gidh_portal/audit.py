"""The audit trail's context: who changed data, and from where (docs/audit.md).

django-pghistory's database triggers record every insert, update and delete of the tracked
models (bulk and queryset writes included); this module attaches *who* and *where* to them:

- page and API requests: `AuditContextMiddleware` (user id and email, URL). API tokens
  authenticate inside DRF, after the middleware: `attribute_to(user)` is called by the token
  authentication class, and pghistory's request wrapper catches DRF setting `request.user`;
- Celery tasks: `AuditedTask`, the base class of every task (task name);
- management commands: `manage.py` enters `audit_context(command=…)`.

pghistory passes the context to PostgreSQL in session variables prepended to each write.
"""

import contextlib

import pghistory
import pgtrigger
from celery.contrib.django.task import DjangoTask
from pghistory.middleware import HistoryMiddleware


def audit_context(**metadata):
    """Group the writes of a block under one audit context carrying `metadata`."""
    return pghistory.context(**metadata)


def attribute_to(user):
    """Name `user` as the author of the writes of the current context (if one is open)."""
    if user is not None and user.is_authenticated:
        pghistory.context(user=user.pk, user_email=user.email)


class AuditContextMiddleware(HistoryMiddleware):
    """Writes made while answering a request carry the user (id and email) and the URL."""

    def get_context(self, request):
        user = getattr(request, "user", None)
        context = {"user": None, "user_email": None, "url": request.path}
        if user is not None and user.is_authenticated:
            context.update(user=user.pk, user_email=user.email)
        return context


class AuditedTask(DjangoTask):
    """Every Celery task runs in an audit context naming the task."""

    def __call__(self, *args, **kwargs):
        with audit_context(task=self.name):
            return super().__call__(*args, **kwargs)


def track_changes(**options):
    """Class decorator: record every insert, update and delete of the model in its event table."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **options
    )


def track_links(**options):
    """Class decorator for a many-to-many table's proxy: record links added and removed."""
    return pghistory.track(
        pghistory.InsertEvent("add"), pghistory.DeleteEvent("remove"), obj_field=None, **options
    )


def history_trigger_uris():
    """The URIs of the audit trail's triggers (and only those)."""
    return [
        trigger.get_uri(model)
        for model, trigger in pgtrigger.registered()
        if isinstance(trigger, pghistory.trigger.Event)
    ]


@contextlib.contextmanager
def without_history():
    """Write without recording history: for bulk seeding of demo and benchmark data only.

    Demo rows are not anybody's edits, and recording 100,000s of insert events would double
    the seeding time of `seed_demo --scale large`. Never use it for real data.
    """
    with pgtrigger.ignore(*history_trigger_uris()):
        yield
