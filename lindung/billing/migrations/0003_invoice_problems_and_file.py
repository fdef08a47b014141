"""Keep BPJS's invoice file as received and store only the lines that have problems: every NIK's line
is already in the reconciliation, so one row per invoice line was a second copy (and the slowest write)."""

import django.db.models.deletion
from django.db import migrations, models

import lindung.billing.models


def drop_lines_without_problems(apps, schema_editor):
    apps.get_model("billing", "InvoiceProblem").objects.filter(codes="").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0002_initial"),
    ]

    operations = [
        migrations.RenameModel("InvoiceLine", "InvoiceProblem"),
        migrations.RenameField("invoiceproblem", "problems", "codes"),
        migrations.RenameField("invoiceproblem", "problem_text", "reasons"),
        migrations.RunPython(drop_lines_without_problems, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invoiceproblem",
            name="codes",
            field=models.CharField(max_length=200),
        ),
        migrations.AlterField(
            model_name="invoiceproblem",
            name="reasons",
            field=models.CharField(max_length=500),
        ),
        migrations.AlterField(
            model_name="invoiceproblem",
            name="invoice",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="problems",
                                    to="billing.invoice"),
        ),
        migrations.AddField(
            model_name="invoice",
            name="file",
            field=models.FileField(blank=True, max_length=500, upload_to=lindung.billing.models.invoice_path,
                                   verbose_name="berkas asli"),
        ),
    ]
