"""Funding sources for the allocation (issue 9): the creation-order `priority` becomes an optional order of
use (`preference`: empty means earmarked before general, the allocation's default), and the part of the
budget that depends on the revised budget (APBD-P) is recorded apart so the shortfall can be shown."""

from django.db import migrations, models


def clear_creation_order(apps, schema_editor):
    # The old values only numbered sources in creation order; as an order of use they would put the first
    # created source first. Empty means the allocation's default order.
    apps.get_model("programs", "FundingSource").objects.update(preference=None)


class Migration(migrations.Migration):

    dependencies = [
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="fundingsource", old_name="priority", new_name="preference"),
        migrations.AlterField(
            model_name="fundingsource",
            name="preference",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="urutan penggunaan",
                help_text="Kecil dipakai lebih dulu; kosong: sumber berbatasan (pekerjaan/wilayah) sebelum sumber umum"),
        ),
        migrations.RunPython(clear_creation_order, migrations.RunPython.noop),
        migrations.AddField(
            model_name="fundingsource",
            name="revision_amount",
            field=models.DecimalField(
                decimal_places=2, default=0, max_digits=16, verbose_name="tambahan pagu APBD Perubahan",
                help_text="Bagian pagu yang bergantung pada APBD-P: kekurangan dihitung seandainya tidak disahkan"),
        ),
        migrations.AlterModelOptions(
            name="fundingsource",
            options={"ordering": ["programme", "year", "id"], "verbose_name": "sumber dana",
                     "verbose_name_plural": "sumber dana"},
        ),
    ]
