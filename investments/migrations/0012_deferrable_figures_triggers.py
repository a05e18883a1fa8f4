from django.db import migrations

from ._figures_sql import TRIGGER_FUNCTIONS


class DeferrableFiguresTriggers(migrations.operations.base.Operation):
    """The figures triggers skip their refresh while `gidh.defer_figures` is on (bulk loaders)."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in TRIGGER_FUNCTIONS:
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # The check is harmless when nothing sets the flag: nothing to undo.
        pass

    def describe(self):
        return "Figures triggers that a bulk loader can defer to one refresh"


class Migration(migrations.Migration):
    dependencies = [("investments", "0011_event_input_limits")]

    operations = [DeferrableFiguresTriggers()]
