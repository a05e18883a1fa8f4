"""Each priority's figures keep its GDHM component: `investments_refresh_figures()` (as
migration 0014 wrote it, `_money_sql.REFRESH`) also writes the priority's component, so the
funding gaps by component sum the stored figures without joining 20,000 priorities (16 → 10 ms
on the benchmark's seed). A priority whose component changes is an update of the priority,
whose trigger refreshes its plan's figures."""

import django.db.models.deletion
from django.db import migrations, models

from . import _money_sql


def _with_component(refresh):
    """`refresh` (the function's SQL) writing each priority figures row's component too."""
    replacements = [
        (
            "INSERT INTO investments_priorityfigures (priority_id, plan_id, ",
            "INSERT INTO investments_priorityfigures (priority_id, plan_id, component_id, ",
        ),
        ("SELECT r.id, r.plan_id, ", "SELECT r.id, r.plan_id, r.component_id, "),
        ("GROUP BY r.id, r.plan_id\n", "GROUP BY r.id, r.plan_id, r.component_id\n"),
    ]
    for old, new in replacements:
        if refresh.count(old) != 1:
            raise ValueError(f"investments_refresh_figures() no longer holds {old!r} once.")
        refresh = refresh.replace(old, new)
    return refresh


REFRESH_WITH_COMPONENT = _with_component(_money_sql.REFRESH)

BACKFILL = """
UPDATE investments_priorityfigures f SET component_id = r.component_id
FROM investments_priority r WHERE r.id = f.priority_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0023_offer_word_indexes"),
        ("members", "0003_gdhmcomponent_gdhmindicator"),
    ]

    operations = [
        migrations.AddField(
            model_name="priorityfigures",
            name="component",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.gdhmcomponent",
            ),
        ),
        migrations.RunSQL([REFRESH_WITH_COMPONENT, BACKFILL], reverse_sql=[_money_sql.REFRESH]),
        migrations.AlterField(
            model_name="priorityfigures",
            name="component",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.gdhmcomponent",
            ),
        ),
    ]
