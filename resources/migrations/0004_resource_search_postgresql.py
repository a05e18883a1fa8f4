"""PostgreSQL's search objects of the catalogue, in one operation.

- extensions `unaccent` and `pg_trgm`;
- text search configurations `gidh_<language>`: PostgreSQL's own, with `unaccent` before the
  stemmer, so searches ignore accents;
- a trigger keeping `search_vector` up to date: title (weight A) > summary (B) > description (C),
  in the configuration of the resource's description language;
- a GIN index on `search_vector` and a trigram GIN index on `title` (typo-tolerant matching);
- a covering index of the facet columns, so facet counts read the index, not the wide rows.
"""

from django.db import migrations

STEMMED = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "de": "german",
    "it": "italian",
    "nl": "dutch",
    "ru": "russian",
    "ar": "arabic",
    "tr": "turkish",
    "id": "indonesian",
}

WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def _configurations():
    statements = [
        "CREATE TEXT SEARCH CONFIGURATION gidh_simple (COPY = simple)",
        f"ALTER TEXT SEARCH CONFIGURATION gidh_simple ALTER MAPPING FOR {WORD_TOKENS} "
        "WITH unaccent, simple",
    ]
    for language in STEMMED.values():
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION gidh_{language} (COPY = {language})",
            f"ALTER TEXT SEARCH CONFIGURATION gidh_{language} ALTER MAPPING FOR {WORD_TOKENS} "
            f"WITH unaccent, {language}_stem",
        ]
    return statements


def _trigger_function():
    cases = "\n".join(
        f"    WHEN '{code}' THEN 'gidh_{language}'::regconfig" for code, language in STEMMED.items()
    )
    return f"""
CREATE FUNCTION resources_resource_search_vector() RETURNS trigger AS $$
DECLARE
  configuration regconfig := CASE NEW.description_language
{cases}
    ELSE 'gidh_simple'::regconfig
  END;
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector(configuration, coalesce(NEW.title, '')), 'A')
    || setweight(to_tsvector(configuration, coalesce(NEW.summary, '')), 'B')
    || setweight(to_tsvector(configuration, coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql"""


FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *_configurations(),
    _trigger_function(),
    "CREATE TRIGGER resources_resource_search_vector BEFORE INSERT OR UPDATE OF title, summary, "
    "body, description_language ON resources_resource FOR EACH ROW "
    "EXECUTE FUNCTION resources_resource_search_vector()",
    "UPDATE resources_resource SET title = title",
    "CREATE INDEX resources_resource_search_gin ON resources_resource USING gin (search_vector)",
    "CREATE INDEX resources_resource_title_trgm ON resources_resource "
    "USING gin (title gin_trgm_ops)",
    "CREATE INDEX resources_resource_facets ON resources_resource (status) "
    "INCLUDE (id, kind, publisher_id, publication_year, licence, quality_assured)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS resources_resource_facets",
    "DROP INDEX IF EXISTS resources_resource_title_trgm",
    "DROP INDEX IF EXISTS resources_resource_search_gin",
    "DROP TRIGGER IF EXISTS resources_resource_search_vector ON resources_resource",
    "DROP FUNCTION IF EXISTS resources_resource_search_vector()",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS gidh_simple",
    *[f"DROP TEXT SEARCH CONFIGURATION IF EXISTS gidh_{language}" for language in STEMMED.values()],
]


class PostgreSQLSearch(migrations.operations.base.Operation):
    """Runs the statements above."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)

    def describe(self):
        return "PostgreSQL full-text and trigram search of resources"


class Migration(migrations.Migration):
    dependencies = [("resources", "0003_resource")]

    operations = [PostgreSQLSearch()]
