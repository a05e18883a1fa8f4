"""Country experiences kept by the database (resources/models/country_experience.py): one row per
published resource, member state and component, recomputed by statement-level triggers for the
resources a statement touched (as the facet arrays of migration 0005), and honouring the same
`gidh.defer_facets` setting for bulk loaders (`search.facet_arrays_refreshed_once` refreshes
both once at the end)."""

import django.db.models.deletion
import gidh_portal.input_limits
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0019_cycle_score_averages"),
        ("resources", "0011_catalogue_window_and_facet_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountryExperience",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("publication_year", models.PositiveSmallIntegerField(null=True)),
                ("title", gidh_portal.input_limits.CharField(max_length=300)),
                ("slug", models.SlugField(db_index=False, max_length=120)),
                (
                    "component",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="members.gdhmcomponent",
                    ),
                ),
                (
                    "member_state",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="members.memberstate",
                    ),
                ),
                (
                    "resource",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="resources.resource",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("member_state"),
                        models.F("component"),
                        models.OrderBy(
                            models.F("publication_year"), descending=True, nulls_last=True
                        ),
                        models.F("title"),
                        models.F("resource"),
                        name="resources_experience_newest",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("resource", "member_state", "component"),
                        name="resources_countryexperience_unique",
                    )
                ],
            },
        ),
    ]


# The rows of the resources `ids` as they are now; ON CONFLICT makes two writers of the same
# resource converge on the later one's values.
REFRESH = """
CREATE FUNCTION resources_refresh_experiences(ids bigint[]) RETURNS void AS $$
  DELETE FROM resources_countryexperience WHERE resource_id = ANY(ids);
  INSERT INTO resources_countryexperience
      (resource_id, member_state_id, component_id, publication_year, title, slug)
  SELECT r.id, m.memberstate_id, c.gdhmcomponent_id, r.publication_year, r.title, r.slug
  FROM resources_resource r
  JOIN resources_resource_member_states m ON m.resource_id = r.id
  JOIN resources_resource_gdhm_components c ON c.resource_id = r.id
  WHERE r.id = ANY(ids) AND r.status = 'approved'
  ORDER BY 1, 2, 3
  ON CONFLICT (resource_id, member_state_id, component_id) DO UPDATE SET
      publication_year = EXCLUDED.publication_year, title = EXCLUDED.title, slug = EXCLUDED.slug
$$ LANGUAGE sql"""


def _trigger_function(name, changed):
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('gidh.defer_facets', true), '') <> 'on' THEN
    PERFORM resources_refresh_experiences(ARRAY({changed}));
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql"""


RELATIONS = ("resources_resource_member_states", "resources_resource_gdhm_components")

FORWARD = [
    REFRESH,
    _trigger_function("resources_experiences_links", "SELECT resource_id FROM changed"),
    # An UPDATE may move a link from one resource to another: both are refreshed.
    _trigger_function(
        "resources_experiences_links_moved",
        "SELECT resource_id FROM changed UNION SELECT resource_id FROM changed_after",
    ),
    # Publishing, withdrawing or retitling a resource; other updates change nothing here.
    _trigger_function(
        "resources_experiences_resource",
        "SELECT n.id FROM changed_after n JOIN changed o ON o.id = n.id "
        "WHERE (n.status, n.title, n.slug, n.publication_year) "
        "IS DISTINCT FROM (o.status, o.title, o.slug, o.publication_year)",
    ),
    *[
        f"CREATE TRIGGER {table}_experiences_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {'NEW' if event == 'INSERT' else 'OLD'} TABLE AS changed "
        "FOR EACH STATEMENT EXECUTE FUNCTION resources_experiences_links()"
        for table in RELATIONS
        for event in ("INSERT", "DELETE")
    ],
    *[
        f"CREATE TRIGGER {table}_experiences_update AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS changed NEW TABLE AS changed_after "
        "FOR EACH STATEMENT EXECUTE FUNCTION resources_experiences_links_moved()"
        for table in RELATIONS
    ],
    "CREATE TRIGGER resources_resource_experiences_update AFTER UPDATE ON resources_resource "
    "REFERENCING OLD TABLE AS changed NEW TABLE AS changed_after "
    "FOR EACH STATEMENT EXECUTE FUNCTION resources_experiences_resource()",
    "SELECT resources_refresh_experiences(ARRAY(SELECT id FROM resources_resource))",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS resources_resource_experiences_update ON resources_resource",
    *[
        f"DROP TRIGGER IF EXISTS {table}_experiences_{event} ON {table}"
        for table in RELATIONS
        for event in ("insert", "delete", "update")
    ],
    "DROP FUNCTION IF EXISTS resources_experiences_resource()",
    "DROP FUNCTION IF EXISTS resources_experiences_links_moved()",
    "DROP FUNCTION IF EXISTS resources_experiences_links()",
    "DROP FUNCTION IF EXISTS resources_refresh_experiences(bigint[])",
]

Migration.operations.append(migrations.RunSQL(FORWARD, BACKWARD, elidable=False))
