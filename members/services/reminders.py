"""Deciding the reminders before a reporting cycle closes and the secretariat's weekly summary:
each decision is a row inserted under a unique constraint, the mail queued once it commits."""

from django.db import connection, transaction
from django.db.models import F, Value
from django.utils import timezone

from .. import tasks
from ..models import (
    CycleReminder,
    ReportingCycle,
    SecretariatSummary,
    User,
    due_threshold,
    focal_points_to_remind,
    week_of,
)


def _insert_new(model, columns, rows, conflict):
    """INSERT the `.values_list()` of annotations `rows` (in the order of `columns`) into
    `model`'s table, skipping the rows that `conflict`'s unique constraint already holds;
    returns the ids inserted. One statement: concurrent runs each insert a row at most once,
    and only the run that inserted it gets its id (Django's `bulk_create(ignore_conflicts=True)`
    does not say which rows it inserted)."""
    select, params = rows.query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) {select} "
        f"ON CONFLICT ON CONSTRAINT {connection.ops.quote_name(conflict)} DO NOTHING "
        "RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def record_cycle_reminders(*, day) -> list[int]:
    """Record a reminder for each focal point of a member state that has not submitted the
    profile of a cycle whose most urgent threshold is due on `day` and not yet recorded for
    them; queue each mail after commit. Returns the ids of the reminders recorded."""
    now = timezone.now()
    recorded = []
    for cycle in ReportingCycle.objects.open_on(day):
        threshold = due_threshold(cycle, day)
        if threshold is None:
            continue
        rows = (
            focal_points_to_remind(cycle)
            .order_by()
            .annotate(
                reminder_cycle=Value(cycle.pk),
                reminder_threshold=Value(int(threshold)),
                reminder_user=F("pk"),
                reminder_member_state=F("member_state"),
                reminder_created_at=Value(now),
            )
            .values_list(
                "reminder_cycle",
                "reminder_threshold",
                "reminder_user",
                "reminder_member_state",
                "reminder_created_at",
            )
        )
        recorded += _insert_new(
            CycleReminder,
            ["cycle", "threshold", "user", "member_state", "created_at"],
            rows,
            "one_reminder_per_threshold_and_user",
        )
    for reminder_id in recorded:
        tasks.send_cycle_reminder.delay_on_commit(reminder_id)
    return recorded


@transaction.atomic
def record_secretariat_summaries(*, day) -> list[int]:
    """Record the weekly summary of `day`'s week for each member of the secretariat not sent it
    yet, when a cycle is open on `day`; queue each mail after commit. Returns the ids recorded."""
    if not ReportingCycle.objects.open_on(day).exists():
        return []
    rows = (
        User.objects.secretariat()
        .order_by()
        .annotate(
            summary_week=Value(week_of(day)),
            summary_user=F("pk"),
            summary_created_at=Value(timezone.now()),
        )
        .values_list("summary_week", "summary_user", "summary_created_at")
    )
    recorded = _insert_new(
        SecretariatSummary,
        ["week", "user", "created_at"],
        rows,
        "one_summary_per_week_and_user",
    )
    for summary_id in recorded:
        tasks.send_secretariat_summary.delay_on_commit(summary_id)
    return recorded
