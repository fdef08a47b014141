"""A database of release 0.1 keeps its rows when intake + verification became `applications` and engine
became `registers`: their first migrations adopt the legacy tables instead of creating empty ones."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from lindung.platform.migrations import adopt_or_create
from lindung.registers.models import ReferenceDataset


def _migration(app: str):
    module = __import__(f"lindung.{app}.migrations.0001_initial", fromlist=["LEGACY_TABLES"])
    return module.LEGACY_TABLES, module.LEGACY_INDEXES


def _created_first(app: str) -> set[str]:
    """The models the app's first migration creates (later models were never legacy tables)."""
    module = __import__(f"lindung.{app}.migrations.0001_initial", fromlist=["Migration"])
    operations = []
    for op in module.Migration.operations:
        operations.extend(getattr(op, "state_operations", None) or [op])
    return {op.name_lower for op in operations if isinstance(op, migrations.CreateModel)}


@pytest.mark.django_db(transaction=True)
def test_legacy_tables_are_renamed_into_place_with_their_rows(balikpapan, tmp_path):
    tables, indexes = _migration("registers")
    dataset = ReferenceDataset.objects.create(
        tenant=balikpapan, kind="kemiskinan", snapshot_date="2026-01-01", file="rujukan/x.csv", original_name="x.csv",
        row_count=1, stored_count=1, report={})
    models = [m for m in apps.get_app_config("registers").get_models() if m._meta.model_name in tables]
    with connection.schema_editor() as editor:  # make the database look like release 0.1
        for model in reversed(models):
            editor.alter_db_table(model, model._meta.db_table, tables[model._meta.model_name])
    assert "registers_referencedataset" not in connection.introspection.table_names()
    # The app registry as the migration sees it (models added later are created by their own migrations).
    first = MigrationLoader(connection).project_state(("registers", "0001_initial")).apps
    with connection.schema_editor() as editor:
        adopt_or_create("registers", tables, indexes, ("engine",))(first, editor)
    names = connection.introspection.table_names()
    assert "registers_referencedataset" in names and "engine_referencedataset" not in names
    assert ReferenceDataset.objects.get().pk == dataset.pk


def test_every_model_of_the_merged_apps_has_its_legacy_table():
    for app in ("applications", "registers"):
        tables, _indexes = _migration(app)
        assert set(tables) == _created_first(app)
        assert set(tables) <= {m._meta.model_name for m in apps.get_app_config(app).get_models()}
