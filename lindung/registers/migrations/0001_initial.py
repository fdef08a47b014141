"""Reference registers and screening, the app called `engine` until release 0.2. A database of release 0.1
keeps its rows: the engine_* tables are renamed into place."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lindung.platform.migrations import adopt_or_create

LEGACY_TABLES = {'referencedataset': 'engine_referencedataset', 'povertyrecord': 'engine_povertyrecord', 'bpjsrecord': 'engine_bpjsrecord'}
LEGACY_INDEXES = {}


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('tenants', '0002_load_reference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models; their tables are created, or adopted from the release before (see adopt_or_create).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ReferenceDataset',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('poverty', 'Data kemiskinan (DTSEN/DTKS)'), ('bpjs', 'Data kepesertaan BPJS Ketenagakerjaan')], max_length=10, verbose_name='jenis')),
                    ('snapshot_date', models.DateField(verbose_name='tanggal keadaan data')),
                    ('file', models.FileField(max_length=300, upload_to='rujukan/%Y/', verbose_name='berkas (tata letak kontrak)')),
                    ('original_name', models.CharField(max_length=255, verbose_name='nama berkas asal')),
                    ('column_mapping', models.JSONField(blank=True, default=dict, verbose_name='pemetaan kolom')),
                    ('row_count', models.BigIntegerField(verbose_name='jumlah baris berkas')),
                    ('stored_count', models.BigIntegerField(verbose_name='jumlah baris tersimpan')),
                    ('report', models.JSONField(default=dict, verbose_name='laporan validasi')),
                    ('imported_at', models.DateTimeField(auto_now_add=True, verbose_name='diimpor')),
                    ('imported_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('tenant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenants.tenant')),
                ],
                options={
                    'verbose_name': 'data rujukan',
                    'verbose_name_plural': 'data rujukan',
                    'ordering': ['-snapshot_date', '-imported_at'],
                },
            ),
            migrations.CreateModel(
                name='PovertyRecord',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('nik', models.CharField(max_length=16)),
                    ('no_kk', models.CharField(blank=True, max_length=32)),
                    ('desil', models.SmallIntegerField(null=True)),
                    ('miskin_ekstrem', models.BooleanField(default=False)),
                    ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='poverty_records', to='registers.referencedataset')),
                ],
            ),
            migrations.CreateModel(
                name='BpjsRecord',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('nik', models.CharField(max_length=16)),
                    ('kpj', models.CharField(blank=True, max_length=32)),
                    ('segmen', models.CharField(blank=True, max_length=20)),
                    ('status', models.CharField(blank=True, max_length=20)),
                    ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bpjs_records', to='registers.referencedataset')),
                ],
            ),
            migrations.AddIndex(
                model_name='referencedataset',
                index=models.Index(fields=['tenant', 'kind', '-snapshot_date', '-imported_at'], name='dataset_latest'),
            ),
            migrations.AddIndex(
                model_name='povertyrecord',
                index=models.Index(fields=['dataset', 'nik'], name='poverty_dataset_nik'),
            ),
            migrations.AddIndex(
                model_name='bpjsrecord',
                index=models.Index(fields=['dataset', 'nik'], name='bpjs_dataset_nik'),
            ),
        ]),
        migrations.RunPython(adopt_or_create('registers', LEGACY_TABLES, LEGACY_INDEXES, ('engine',)),
                             migrations.RunPython.noop),
    ]
