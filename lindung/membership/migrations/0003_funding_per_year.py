"""Funding per budget year (issue 9): a participant's source was one column for every year; it becomes one
assignment per year with the allocation's decision and its reason. A source assigned before becomes that
source's year's assignment."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def carry_over(apps, schema_editor):
    Participant = apps.get_model("membership", "Participant")
    FundingAssignment = apps.get_model("membership", "FundingAssignment")
    now = timezone.now()
    rows = [
        FundingAssignment(participant_id=pk, year=year, funding_source_id=source, code="dibiayai", assigned_at=now,
                          reason="Dibagi sebelum alokasi per tahun (belum dihitung ulang)")
        for pk, source, year in Participant.objects.filter(funding_source__isnull=False)
        .values_list("id", "funding_source_id", "funding_source__year").iterator(chunk_size=5000)
    ]
    FundingAssignment.objects.bulk_create(rows, batch_size=500)


def carry_back(apps, schema_editor):
    Participant = apps.get_model("membership", "Participant")
    FundingAssignment = apps.get_model("membership", "FundingAssignment")
    latest = {}
    for pk, source, year in FundingAssignment.objects.filter(funding_source__isnull=False).values_list(
            "participant_id", "funding_source_id", "year").order_by("year"):
        latest[pk] = source
    for pk, source in latest.items():
        Participant.objects.filter(pk=pk).update(funding_source_id=source)


class Migration(migrations.Migration):

    dependencies = [
        ("membership", "0002_initial"),
        ("programs", "0002_funding_preference_and_revision"),
    ]

    operations = [
        migrations.CreateModel(
            name="FundingAssignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField(verbose_name="tahun anggaran")),
                ("code", models.CharField(choices=[
                    ("dibiayai", "Dibiayai"), ("sumber_penuh", "Tidak terdanai: sumber dana penuh"),
                    ("tidak_ada_sumber", "Tidak terdanai: tidak ada sumber yang boleh membiayai"),
                    ("tidak_ditagih", "Tidak ditagih pada tahun ini")], max_length=20, verbose_name="keputusan")),
                ("reason", models.CharField(max_length=400, verbose_name="alasan")),
                ("cost", models.DecimalField(decimal_places=2, default=0, max_digits=16, verbose_name="biaya setahun",
                                             help_text="Bulan yang ditagih tahun ini × iuran yang berlaku")),
                ("assigned_at", models.DateTimeField(verbose_name="dibagi pada")),
                ("funding_source", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                                     related_name="assignments", to="programs.fundingsource",
                                                     verbose_name="sumber dana")),
                ("participant", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="funding_assignments", to="membership.participant")),
            ],
            options={
                "verbose_name": "pembiayaan peserta",
                "verbose_name_plural": "pembiayaan peserta",
                "ordering": ["participant", "year"],
                "indexes": [models.Index(fields=["year", "funding_source"], name="funding_year_source")],
                "constraints": [models.UniqueConstraint(fields=("participant", "year"), name="one_funding_per_year")],
            },
        ),
        migrations.RunPython(carry_over, carry_back),
        migrations.RemoveField(model_name="participant", name="funding_source"),
    ]
