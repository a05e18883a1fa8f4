"""GIN indexes of the stored language and region arrays (migration 0005): the catalogue's
language and region filters read them (resources/filters.py), and PostgreSQL combines them with
the search index (a BitmapAnd) instead of reading every row of a common word."""

from django.db import migrations

INDEXES = {
    "resources_resource_facet_languages_gin": "facet_languages",
    "resources_resource_facet_regions_gin": "facet_regions",
}


class Migration(migrations.Migration):
    dependencies = [("resources", "0012_country_experiences")]

    operations = [
        migrations.RunSQL(
            [
                f"CREATE INDEX IF NOT EXISTS {name} ON resources_resource USING gin ({column})"
                for name, column in INDEXES.items()
            ],
            [f"DROP INDEX IF EXISTS {name}" for name in INDEXES],
            elidable=False,
        )
    ]
