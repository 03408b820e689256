"""The case list's search (case number, 案由, party name) indexed on PostgreSQL.

pg_trgm does not serve 1–2 character patterns (no trigram to look up: a scan; tech-notes §7.1), and
most Chinese personal names are two characters. So the index is of character n-grams: `zhifa_ngrams()`
gives a text's characters and its overlapping character pairs (lowercased), and GIN expression indexes
hold them for the case's number and 案由 and for the party's name. A query of one character looks up
that character, a longer one all its pairs; `cases.selectors.case_list` then checks the exact
substring on the few rows found. The function is declared expensive (COST 1000, about what it
takes) so that the planner never evaluates it row by row in a scan. Expression indexes: every writer (services, bulk loads, the admin)
keeps them without knowing about them. SQLite keeps the plain substring scan.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FUNCTION = """
CREATE OR REPLACE FUNCTION zhifa_ngrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}'::text[]) FROM (
    SELECT substr(lower(value), i, 1) AS g FROM generate_series(1, char_length(value)) AS i
    UNION ALL
    SELECT substr(lower(value), i, 2) FROM generate_series(1, char_length(value) - 1) AS i
  ) AS grams
$$
"""


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as c:
        c.execute(FUNCTION)
        c.execute(
            "CREATE INDEX case_search_ngrams ON cases_case "
            "USING GIN (zhifa_ngrams(case_number || ' ' || title))"
        )
        c.execute("CREATE INDEX party_name_ngrams ON cases_party USING GIN (zhifa_ngrams(name))")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as c:
        c.execute("DROP INDEX IF EXISTS case_search_ngrams")
        c.execute("DROP INDEX IF EXISTS party_name_ngrams")
        c.execute("DROP FUNCTION IF EXISTS zhifa_ngrams(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
