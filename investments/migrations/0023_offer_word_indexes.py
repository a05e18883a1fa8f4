"""Trigram indexes of the offers' words. The list's `?q=` (`OfferQuerySet.matching`, i.e.
`icontains`) filters UPPER(title) and UPPER(description) with LIKE '%WORD%': these indexes find
the offers holding a word without reading every offer, and analysing the table gives the planner
the two expressions' statistics (without them it expected one matching offer and counted the
list through a row-by-row join with the organizations: 30–55 ms on the benchmark's seed).

Raw SQL, as resources' search indexes: django.contrib.postgres (which lets a model declare an
index of an expression with an operator class) is not an installed app. pg_trgm comes from
resources' search migration.
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX offer_title_words ON investments_offer USING gin (upper(title) gin_trgm_ops)",
    "CREATE INDEX offer_description_words ON investments_offer "
    "USING gin (upper(description) gin_trgm_ops)",
    "ANALYZE investments_offer",
]

BACKWARD = [
    "DROP INDEX offer_description_words",
    "DROP INDEX offer_title_words",
]


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0022_global_dataset_schedule"),
        ("resources", "0004_resource_search_postgresql"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
