"""The application workflow, one app since intake and verification merged (release 0.2). A database of
release 0.1 keeps its rows: the intake_* and verification_* tables are renamed into place."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from lindung.platform.migrations import adopt_or_create

LEGACY_TABLES = {'cycle': 'intake_cycle', 'application': 'intake_application', 'document': 'intake_document', 'bulkupload': 'intake_bulkupload', 'bpjscheck': 'verification_bpjscheck', 'bpjscheckitem': 'verification_bpjscheckitem', 'duplicatecase': 'verification_duplicatecase', 'decree': 'verification_decree', 'decreeentry': 'verification_decreeentry'}
LEGACY_INDEXES = {'intake_appl_cycle_i_fa78e1_idx': 'application_cycle_status', 'intake_appl_agency__a91b08_idx': 'application_agency_status', 'intake_appl_kelurah_3037bb_idx': 'application_kelurahan_status', 'intake_appl_nik_0f29aa_idx': 'application_nik'}


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('jobs', '0001_initial'),
        ('people', '0002_name_trigram_index'),
        ('programs', '0001_initial'),
        ('regions', '0002_load_regions'),
        ('tenants', '0002_load_reference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models; their tables are created, or adopted from the release before (see adopt_or_create).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='Application',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reference', models.CharField(max_length=20, unique=True, verbose_name='nomor usulan')),
                    ('nik', models.CharField(max_length=16, verbose_name='NIK')),
                    ('no_kk', models.CharField(blank=True, max_length=16, verbose_name='Nomor KK')),
                    ('name', models.CharField(max_length=150, verbose_name='nama')),
                    ('name_search', models.CharField(db_index=True, editable=False, max_length=150)),
                    ('birth_place', models.CharField(blank=True, max_length=80, verbose_name='tempat lahir')),
                    ('birth_date', models.DateField(verbose_name='tanggal lahir')),
                    ('sex', models.CharField(choices=[('L', 'Laki-laki'), ('P', 'Perempuan')], max_length=1, verbose_name='jenis kelamin')),
                    ('address', models.CharField(blank=True, max_length=250, verbose_name='alamat')),
                    ('phone', models.CharField(blank=True, max_length=20, verbose_name='telepon')),
                    ('ktp_occupation', models.CharField(blank=True, max_length=100, verbose_name='pekerjaan di KTP elektronik')),
                    ('monthly_income', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='penghasilan rata-rata per bulan')),
                    ('domicile_since', models.DateField(verbose_name='berdomisili sejak')),
                    ('disability', models.BooleanField(default=False, verbose_name='penyandang disabilitas')),
                    ('applied_on', models.DateField(verbose_name='tanggal daftar')),
                    ('channel', models.CharField(choices=[('publik', 'Formulir publik'), ('petugas', 'Petugas'), ('unggah', 'Unggahan berkas')], max_length=10, verbose_name='saluran')),
                    ('territorial', models.BooleanField(default=False, verbose_name='didata Camat/Lurah')),
                    ('status', models.CharField(choices=[('DIAJUKAN', 'Diajukan, menunggu verifikasi'), ('DIKEMBALIKAN', 'Dikembalikan untuk perbaikan'), ('DITOLAK', 'Ditolak'), ('DIVERIFIKASI', 'Terverifikasi'), ('CEK_BPJS', 'Diperiksa BPJS Ketenagakerjaan'), ('LOLOS_BPJS', 'Belum menjadi peserta BPJS'), ('SUDAH_PESERTA', 'Sudah peserta BPJS'), ('KONSOLIDASI', 'Dalam daftar konsolidasi TVEM'), ('CADANGAN', 'Cadangan (melebihi kuota)'), ('DITETAPKAN', 'Ditetapkan dengan Keputusan'), ('TERDAFTAR', 'Terdaftar sebagai peserta'), ('DICABUT', 'Dicabut dengan Keputusan perubahan')], default='DIAJUKAN', max_length=15, verbose_name='status')),
                    ('status_reason', models.TextField(blank=True, verbose_name='alasan')),
                    ('keputusan', models.CharField(blank=True, max_length=20, verbose_name='hasil penilaian')),
                    ('findings', models.JSONField(blank=True, default=list, verbose_name='temuan')),
                    ('miskin_desil', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='desil kemiskinan')),
                    ('evaluated_at', models.DateTimeField(blank=True, null=True)),
                    ('field_visit_on', models.DateField(blank=True, null=True, verbose_name='tanggal verifikasi lapangan')),
                    ('field_visit_confirms', models.BooleanField(blank=True, null=True, verbose_name='hasil verifikasi lapangan memenuhi syarat')),
                    ('field_visit_note', models.TextField(blank=True, verbose_name='catatan verifikasi lapangan')),
                    ('on_hold', models.BooleanField(default=False, verbose_name='ditahan: dugaan ganda')),
                    ('rank', models.PositiveIntegerField(blank=True, null=True, verbose_name='peringkat')),
                    ('kpj', models.CharField(blank=True, max_length=30, verbose_name='nomor KPJ')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('agency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='tenants.agency', verbose_name='perangkat daerah penanggung jawab')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('field_visit_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('kelurahan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region', verbose_name='kelurahan/desa (alamat KTP)')),
                    ('occupation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenants.occupation', verbose_name='pekerjaan (hasil pendataan)')),
                    ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='people.person', verbose_name='penduduk')),
                ],
                options={
                    'verbose_name': 'usulan',
                    'verbose_name_plural': 'usulan',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='BpjsCheck',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('candidates', models.PositiveIntegerField(default=0, verbose_name='jumlah calon')),
                    ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='jawaban diterima')),
                    ('answer_counts', models.JSONField(blank=True, default=dict)),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'pemeriksaan BPJS',
                    'verbose_name_plural': 'pemeriksaan BPJS',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='BpjsCheckItem',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('answer', models.CharField(blank=True, choices=[('', 'Belum dijawab'), ('BELUM', 'Belum menjadi peserta aktif'), ('AKTIF', 'Peserta aktif')], default='', max_length=6)),
                    ('answer_status', models.CharField(blank=True, max_length=30, verbose_name='status di BPJS')),
                    ('kpj', models.CharField(blank=True, max_length=30, verbose_name='nomor KPJ')),
                    ('application', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='bpjs_item', to='applications.application')),
                    ('check_batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='applications.bpjscheck')),
                ],
                options={
                    'ordering': ['check_batch', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Cycle',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('year', models.PositiveSmallIntegerField(verbose_name='tahun pendataan')),
                    ('collection_start', models.DateField(verbose_name='pendataan mulai')),
                    ('collection_end', models.DateField(verbose_name='pendataan berakhir')),
                    ('enrolment_date', models.DateField(verbose_name='tanggal mulai kepesertaan')),
                    ('quota', models.PositiveIntegerField(blank=True, help_text='Kosong: dihitung dari sumber dana program tahun kepesertaan', null=True, verbose_name='kuota peserta')),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cycles', to='programs.programme', verbose_name='program')),
                ],
                options={
                    'verbose_name': 'siklus usulan',
                    'verbose_name_plural': 'siklus usulan',
                    'ordering': ['-year', 'programme__code'],
                },
            ),
            migrations.CreateModel(
                name='BulkUpload',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('file_name', models.CharField(max_length=200, verbose_name='nama berkas')),
                    ('path', models.CharField(editable=False, max_length=200)),
                    ('sha256', models.CharField(max_length=64)),
                    ('result_path', models.CharField(blank=True, editable=False, max_length=200)),
                    ('counts', models.JSONField(blank=True, default=dict)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('job', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='jobs.job')),
                    ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='uploads', to='applications.cycle')),
                ],
                options={
                    'verbose_name': 'unggahan usulan',
                    'verbose_name_plural': 'unggahan usulan',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.AddField(
                model_name='bpjscheck',
                name='cycle',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bpjs_checks', to='applications.cycle'),
            ),
            migrations.AddField(
                model_name='application',
                name='cycle',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='applications.cycle', verbose_name='siklus'),
            ),
            migrations.CreateModel(
                name='Decree',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.CharField(max_length=100, verbose_name='nomor keputusan')),
                    ('signed_on', models.DateField(verbose_name='tanggal penetapan')),
                    ('recorded_at', models.DateTimeField(auto_now_add=True)),
                    ('beneficiaries', models.PositiveIntegerField(default=0, verbose_name='jumlah penerima')),
                    ('revoked', models.PositiveIntegerField(default=0, verbose_name='jumlah dicabut')),
                    ('reason', models.CharField(blank=True, max_length=300, verbose_name='alasan perubahan')),
                    ('registration_exported_at', models.DateTimeField(blank=True, null=True)),
                    ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decrees', to='applications.cycle')),
                    ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'keputusan penetapan',
                    'verbose_name_plural': 'keputusan penetapan',
                    'ordering': ['-signed_on', '-id'],
                },
            ),
            migrations.CreateModel(
                name='DecreeEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('line', models.PositiveIntegerField(verbose_name='nomor urut')),
                    ('nik', models.CharField(max_length=16)),
                    ('name', models.CharField(max_length=150)),
                    ('birth_place', models.CharField(blank=True, max_length=80)),
                    ('birth_date', models.DateField()),
                    ('address', models.CharField(blank=True, max_length=250)),
                    ('kelurahan', models.CharField(max_length=150)),
                    ('occupation', models.CharField(max_length=200)),
                    ('application', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='decree_entry', to='applications.application')),
                    ('decree', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='applications.decree')),
                    ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revoked_entries', to='applications.decree', verbose_name='dicabut dengan keputusan')),
                ],
                options={
                    'ordering': ['decree', 'line'],
                },
            ),
            migrations.CreateModel(
                name='Document',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('ktp', 'Fotokopi KTP elektronik'), ('kk', 'Fotokopi Kartu Keluarga'), ('domisili', 'Surat keterangan domisili dari RT'), ('miskin', 'Bukti fakir miskin / tidak mampu')], max_length=10, verbose_name='jenis dokumen')),
                    ('path', models.CharField(editable=False, max_length=200)),
                    ('original_name', models.CharField(blank=True, max_length=200, verbose_name='nama berkas asli')),
                    ('content_type', models.CharField(max_length=40)),
                    ('size', models.PositiveIntegerField()),
                    ('sha256', models.CharField(max_length=64)),
                    ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='applications.application')),
                    ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'dokumen',
                    'verbose_name_plural': 'dokumen',
                    'ordering': ['application', 'kind', 'id'],
                },
            ),
            migrations.CreateModel(
                name='DuplicateCase',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(choices=[('nik_program_lain', 'NIK sama diusulkan program lain'), ('peserta_program_lain', 'Sudah peserta program lain'), ('kemungkinan_ganda', 'Kemungkinan orang yang sama (NIK berbeda)')], max_length=25, verbose_name='jenis')),
                    ('key', models.CharField(max_length=200)),
                    ('other', models.CharField(blank=True, max_length=250, verbose_name='di program lain')),
                    ('status', models.CharField(choices=[('terbuka', 'Menunggu keputusan'), ('diputuskan', 'Diputuskan')], default='terbuka', max_length=12, verbose_name='status')),
                    ('decision', models.CharField(blank=True, max_length=20, verbose_name='keputusan')),
                    ('note', models.TextField(blank=True, verbose_name='catatan')),
                    ('decided_at', models.DateTimeField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('applications', models.ManyToManyField(related_name='duplicate_cases', to='applications.application')),
                    ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='duplicate_cases', to='applications.cycle')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('kept', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='applications.application', verbose_name='usulan yang dipertahankan')),
                ],
                options={
                    'verbose_name': 'dugaan ganda',
                    'verbose_name_plural': 'dugaan ganda',
                    'ordering': ['status', 'created_at', 'id'],
                },
            ),
            migrations.AddConstraint(
                model_name='cycle',
                constraint=models.UniqueConstraint(fields=('programme', 'year'), name='one_cycle_per_programme_year'),
            ),
            migrations.AddConstraint(
                model_name='cycle',
                constraint=models.CheckConstraint(condition=models.Q(('collection_end__gte', models.F('collection_start'))), name='cycle_window_ordered'),
            ),
            migrations.AddConstraint(
                model_name='cycle',
                constraint=models.CheckConstraint(condition=models.Q(('enrolment_date__gt', models.F('collection_end'))), name='cycle_enrolment_after_collection'),
            ),
            migrations.AddConstraint(
                model_name='bulkupload',
                constraint=models.UniqueConstraint(fields=('cycle', 'sha256'), name='one_upload_per_file_and_cycle'),
            ),
            migrations.AddIndex(
                model_name='application',
                index=models.Index(fields=['cycle', 'status'], name='application_cycle_status'),
            ),
            migrations.AddIndex(
                model_name='application',
                index=models.Index(fields=['agency', 'status'], name='application_agency_status'),
            ),
            migrations.AddIndex(
                model_name='application',
                index=models.Index(fields=['kelurahan', 'status'], name='application_kelurahan_status'),
            ),
            migrations.AddIndex(
                model_name='application',
                index=models.Index(fields=['nik'], name='application_nik'),
            ),
            migrations.AddConstraint(
                model_name='application',
                constraint=models.UniqueConstraint(fields=('cycle', 'nik'), name='one_application_per_cycle_nik'),
            ),
            migrations.AddConstraint(
                model_name='application',
                constraint=models.CheckConstraint(condition=models.Q(('agency__isnull', False), ('territorial', True), _negated=True), name='application_routed_once'),
            ),
            migrations.AddConstraint(
                model_name='decree',
                constraint=models.UniqueConstraint(fields=('cycle', 'number'), name='one_decree_number_per_cycle'),
            ),
            migrations.AddConstraint(
                model_name='decreeentry',
                constraint=models.UniqueConstraint(fields=('decree', 'line'), name='one_annex_line'),
            ),
            migrations.AddConstraint(
                model_name='decreeentry',
                constraint=models.CheckConstraint(condition=models.Q(('line__gte', 1)), name='annex_line_positive'),
            ),
            migrations.AddConstraint(
                model_name='duplicatecase',
                constraint=models.UniqueConstraint(fields=('cycle', 'kind', 'key'), name='one_case_per_match'),
            ),
        ]),
        migrations.RunPython(adopt_or_create('applications', LEGACY_TABLES, LEGACY_INDEXES, ('intake', 'verification')),
                             migrations.RunPython.noop),
    ]
