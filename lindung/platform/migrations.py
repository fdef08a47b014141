"""Moving models between apps without losing data.

When two apps merged (intake + verification became `applications`) and one was renamed (engine became
`registers`), their models got new tables. A fresh database gets them created; a database of an earlier
release already holds the rows under the old names. `adopt_or_create` is the migration step that serves
both: it renames each legacy table (and its many-to-many tables and named indexes) when it is there, and
creates the table otherwise. Use it after a `SeparateDatabaseAndState` that declares the models.
"""

from __future__ import annotations

from collections.abc import Callable


def adopt_or_create(app_label: str, legacy_tables: dict[str, str], legacy_indexes: dict[str, str] | None = None,
                    legacy_apps: tuple[str, ...] = ()) -> Callable:
    """A RunPython function: for each model of `app_label` (model name -> legacy table), rename the legacy
    table into place or create the table; rename indexes {legacy name: new name}; move the content types
    of `legacy_apps` to `app_label` so that permissions granted on them keep working."""
    legacy_indexes = legacy_indexes or {}

    def forwards(apps, schema_editor) -> None:
        existing = set(schema_editor.connection.introspection.table_names())
        for model in apps.get_app_config(app_label).get_models():
            old = legacy_tables.get(model._meta.model_name)
            if not old or old not in existing:
                schema_editor.create_model(model)
                continue
            schema_editor.alter_db_table(model, old, model._meta.db_table)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                old_through = f"{old}_{field.name}"
                if through._meta.auto_created and old_through in existing:
                    schema_editor.alter_db_table(through, old_through, through._meta.db_table)
            for index in model._meta.indexes:
                for old_name, new_name in legacy_indexes.items():
                    if new_name == index.name:
                        _rename_index(schema_editor, model, index, old_name)
        if legacy_apps:
            content_types = apps.get_model("contenttypes", "ContentType")
            taken = set(content_types.objects.filter(app_label=app_label).values_list("model", flat=True))
            content_types.objects.filter(app_label__in=legacy_apps).exclude(model__in=taken).update(app_label=app_label)

    return forwards


def _rename_index(schema_editor, model, index, old_name: str) -> None:
    quote = schema_editor.quote_name
    if schema_editor.connection.vendor == "sqlite":
        # SQLite cannot rename an index; dropping and recreating it is what Django itself does there.
        schema_editor.execute(f"DROP INDEX IF EXISTS {quote(old_name)}")
        schema_editor.execute(index.create_sql(model, schema_editor))
    else:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {quote(old_name)} RENAME TO {quote(index.name)}")


def recode(app_label: str, model_name: str, field: str, codes: dict[str, str]) -> tuple[Callable, Callable]:
    """RunPython (forwards, backwards) that rewrites stored enum codes, e.g. when a code is renamed to the
    project's convention (docs/ARCHITECTURE.md "Codes")."""

    def rewrite(mapping: dict[str, str]) -> Callable:
        def run(apps, schema_editor) -> None:
            model = apps.get_model(app_label, model_name)
            for old, new in mapping.items():
                model.objects.filter(**{field: old}).update(**{field: new})

        return run

    return rewrite(codes), rewrite({new: old for old, new in codes.items()})
