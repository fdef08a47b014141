"""Ship the Kemendagri hierarchy with the schema: a database fresh from `lindung migrate` can
validate every kelurahan code without a network or a separate load step (~3 s for 91,599 rows)."""

from django.db import migrations


def load(apps, schema_editor):
    from lindung.regions.services import load_regions

    load_regions(model=apps.get_model("regions", "Region"))


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
