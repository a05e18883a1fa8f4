"""A GIN index on the stored CDHI topic ids (`facet_topics`, migration 0005), so
a resource's related resources (`ResourceQuerySet.related_to`) are found by array containment and
overlap instead of joining the topic links of every resource."""

from django.db import migrations

INDEX = "resources_resource_facet_topics_gin"


def forwards(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON resources_resource USING gin (facet_topics)"
    )


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("resources", "0008_resource_event_body_limit")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
