"""The occupation vocabulary and the default tenants with their agencies and Lampiran I mapping.
Later edits happen in the admin; re-running only adds what is missing."""

from django.db import migrations


def load(apps, schema_editor):
    from lindung.tenants.services import load_occupations, load_tenants

    load_occupations(apps.get_model("tenants", "Occupation"))
    load_tenants(models={name: apps.get_model(app, name) for app, name in [
        ("regions", "Region"), ("tenants", "Tenant"), ("tenants", "Agency"), ("tenants", "OccupationAssignment"),
    ]})


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial"), ("regions", "0002_load_regions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
