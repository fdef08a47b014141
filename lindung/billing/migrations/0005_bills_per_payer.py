"""Bills per payer and nobody paid twice (issue 9). A co-funded programme bills each government for the
participants its sources pay for: a month becomes one billing month per payer (every existing one is the
programme's own government's). A person another programme pays for is no longer billed with a mark
(`flags`) but left out and listed beside the bill (BillExclusion)."""

import django.db.models.deletion
from django.db import migrations, models


def owner_pays(apps, schema_editor):
    BillingMonth = apps.get_model("billing", "BillingMonth")
    for pk, tenant in BillingMonth.objects.values_list("pk", "programme__tenant_id"):
        BillingMonth.objects.filter(pk=pk).update(payer_id=tenant)


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0004_status_codes"),
        ("membership", "0003_funding_per_year"),
        ("programs", "0002_funding_preference_and_revision"),
        ("tenants", "0002_load_reference"),
    ]

    operations = [
        migrations.AddField(
            model_name="billingmonth",
            name="payer",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="tenants.tenant", verbose_name="pemerintah pembayar"),
        ),
        migrations.RunPython(owner_pays, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="billingmonth",
            name="payer",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="tenants.tenant", verbose_name="pemerintah pembayar"),
        ),
        migrations.RemoveConstraint(model_name="billingmonth", name="one_billing_month"),
        migrations.AddConstraint(
            model_name="billingmonth",
            constraint=models.UniqueConstraint(fields=("programme", "month", "payer"), name="one_billing_month_per_payer"),
        ),
        migrations.AlterModelOptions(
            name="billingmonth",
            options={"ordering": ["programme", "-month", "payer"], "verbose_name": "bulan tagihan",
                     "verbose_name_plural": "bulan tagihan"},
        ),
        migrations.RenameField(model_name="billingmonth", old_name="flagged_count", new_name="excluded_count"),
        migrations.RemoveField(model_name="billline", name="flags"),
        migrations.RemoveField(model_name="reconciliationline", name="flags"),
        migrations.CreateModel(
            name="BillExclusion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nik", models.CharField(max_length=16)),
                ("kpj", models.CharField(blank=True, max_length=30)),
                ("name", models.CharField(max_length=150)),
                ("reason", models.CharField(max_length=300)),
                ("billing_month", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                    related_name="exclusions", to="billing.billingmonth")),
                ("participant", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                  to="membership.participant")),
                ("paying_programme", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                       to="programs.programme")),
            ],
            options={
                "ordering": ["billing_month", "name", "id"],
                "constraints": [models.UniqueConstraint(fields=("billing_month", "nik"), name="one_exclusion_per_nik")],
            },
        ),
    ]
