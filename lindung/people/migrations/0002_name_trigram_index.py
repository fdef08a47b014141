"""On PostgreSQL, a trigram index makes `name_search LIKE '%WORDS%'` an index scan on a million rows.
SQLite has no such index; its name search falls back to a scan, which is fine at a city's scale."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS people_person_name_trgm ON people_person USING gin (name_search gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS people_person_name_trgm"]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
