"""Each resource's languages, CDHI topics and WHO regions copied into arrays on
its own row, so facet counts unnest a few short arrays of the matching rows instead of joining
~500,000 relation rows (resources/search.py `facet_counts`).

Statement-level triggers on the three relation tables keep the arrays exact after any write:
the services' `.set()`, bulk inserts (seeding), queryset deletes and raw SQL alike. Each trigger
recomputes the arrays of the resources its statement touched, once per statement. A bulk loader
that inserts several relations of the same rows may `SET LOCAL gidh.defer_facets = 'on'` and
refresh the arrays once with `SELECT resources_resource_refresh_facets(ids)` (resources/demo.py).
"""

from django.db import migrations

RELATIONS = {
    # relation table: (array column, value column, SQL type)
    "resources_resourcelanguage": ("facet_languages", "code", "text"),
    "resources_resource_interventions": ("facet_topics", "digitalhealthintervention_id", "bigint"),
    "resources_resource_who_regions": ("facet_regions", "whoregion_id", "text"),
}


def _arrays(alias):
    return ",\n    ".join(
        f"{column} = ARRAY(SELECT {value}::{kind} FROM {table} WHERE resource_id = {alias}.id "
        f"ORDER BY {value})"
        for table, (column, value, kind) in RELATIONS.items()
    )


REFRESH = f"""
CREATE FUNCTION resources_resource_refresh_facets(ids bigint[]) RETURNS void AS $$
  UPDATE resources_resource r SET
    {_arrays("r")}
  WHERE r.id = ANY(ids)
$$ LANGUAGE sql"""


def _trigger_function(name, changed):
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('gidh.defer_facets', true), '') <> 'on' THEN
    PERFORM resources_resource_refresh_facets(ARRAY({changed}));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql"""


FORWARD = [
    *[
        f"ALTER TABLE resources_resource ADD COLUMN {column} {kind}[] NOT NULL DEFAULT '{{}}'"
        for column, _value, kind in RELATIONS.values()
    ],
    REFRESH,
    _trigger_function("resources_resource_facets_changed", "SELECT resource_id FROM changed"),
    # An UPDATE may move a row from one resource to another: both are refreshed.
    _trigger_function(
        "resources_resource_facets_moved",
        "SELECT resource_id FROM changed UNION SELECT resource_id FROM changed_after",
    ),
    *[
        f"CREATE TRIGGER {table}_facets_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {'NEW' if event == 'INSERT' else 'OLD'} TABLE AS changed "
        "FOR EACH STATEMENT EXECUTE FUNCTION resources_resource_facets_changed()"
        for table in RELATIONS
        for event in ("INSERT", "DELETE")
    ],
    *[
        f"CREATE TRIGGER {table}_facets_update AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS changed NEW TABLE AS changed_after "
        "FOR EACH STATEMENT EXECUTE FUNCTION resources_resource_facets_moved()"
        for table in RELATIONS
    ],
    f"UPDATE resources_resource r SET {_arrays('r')}",
]

BACKWARD = [
    *[
        f"DROP TRIGGER IF EXISTS {table}_facets_{event} ON {table}"
        for table in RELATIONS
        for event in ("insert", "delete", "update")
    ],
    "DROP FUNCTION IF EXISTS resources_resource_facets_changed()",
    "DROP FUNCTION IF EXISTS resources_resource_facets_moved()",
    "DROP FUNCTION IF EXISTS resources_resource_refresh_facets(bigint[])",
    *[
        f"ALTER TABLE resources_resource DROP COLUMN IF EXISTS {column}"
        for column, _value, _kind in RELATIONS.values()
    ],
]


def forwards(apps, schema_editor):
    for statement in FORWARD:
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    for statement in BACKWARD:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_resource_search_postgresql")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
