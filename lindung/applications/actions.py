"""Audit actions of the application workflow: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    APPLICATION_APPROVE = "application.approve", _("Usulan diverifikasi")
    APPLICATION_APPROVE_ELIGIBLE = "application.approve_eligible", _("Usulan layak diverifikasi sekaligus")
    APPLICATION_BULK_CREATE = "application.bulk_create", _("Usulan dibuat dari unggahan")
    APPLICATION_CORRECT = "application.correct", _("Usulan diperbaiki")
    APPLICATION_LETTER = "application.letter", _("Surat usulan dicetak")
    APPLICATION_FIELD_VISIT = "application.field_visit", _("Verifikasi lapangan dicatat")
    APPLICATION_OCCUPATION = "application.occupation", _("Pekerjaan hasil pendataan diubah")
    APPLICATION_REJECT = "application.reject", _("Usulan ditolak")
    APPLICATION_REJECT_INELIGIBLE = "application.reject_ineligible", _("Usulan tidak layak ditolak sekaligus")
    APPLICATION_SEND_BACK = "application.send_back", _("Usulan dikembalikan untuk perbaikan")
    APPLICATION_SUBMIT = "application.submit", _("Usulan diajukan")
    BPJS_CHECK_ALREADY_PARTICIPANT = "bpjs_check.already_participant", _("Sudah peserta BPJS (jawaban BPJS)")
    BPJS_CHECK_ANSWER = "bpjs_check.answer", _("Jawaban BPJS diterapkan")
    BPJS_CHECK_CREATE = "bpjs_check.create", _("Pemeriksaan BPJS dibuat")
    BPJS_CHECK_EXPORT = "bpjs_check.export", _("Daftar calon untuk BPJS diunduh")
    BPJS_CHECK_NOT_PARTICIPANT = "bpjs_check.not_participant", _("Belum peserta BPJS (jawaban BPJS)")
    BPJS_CHECK_START = "bpjs_check.start", _("Calon dikirim ke BPJS")
    CONSOLIDATION_ADD = "consolidation.add", _("Calon masuk daftar konsolidasi")
    CONSOLIDATION_DUPLICATE_REJECTED = "consolidation.duplicate_rejected", _("Ditolak sebagai ganda oleh TVEM")
    CONSOLIDATION_RESERVE = "consolidation.reserve", _("Calon masuk daftar cadangan")
    CONSOLIDATION_SELECT = "consolidation.select", _("Calon masuk kuota")
    CYCLE_CONSOLIDATE = "cycle.consolidate", _("Konsolidasi TVEM dijalankan")
    CYCLE_CREATE = "cycle.create", _("Siklus usulan dibuka")
    DECREE_AMEND = "decree.amend", _("Keputusan perubahan dicatat")
    DECREE_ANNEX = "decree.annex", _("Lampiran keputusan diunduh")
    DECREE_DRAFT = "decree.draft", _("Rancangan lampiran diunduh")
    DECREE_FIX = "decree.fix", _("Penerima ditetapkan dengan keputusan")
    DECREE_RECORD = "decree.record", _("Keputusan dicatat")
    DECREE_REVOKE = "decree.revoke", _("Penerima dicabut dengan keputusan perubahan")
    DOCUMENT_UPLOAD = "document.upload", _("Dokumen diunggah")
    DOCUMENT_VIEW = "document.view", _("Dokumen dibuka")
    DUPLICATE_DECIDE = "duplicate.decide", _("Dugaan ganda diputuskan")
    ENROLMENT_ENROL = "enrolment.enrol", _("Peserta terdaftar di BPJS")
    ENROLMENT_EXPORT = "enrolment.export", _("Berkas pendaftaran BPJS diunduh")
    ENROLMENT_IMPORT = "enrolment.import", _("Jawaban pendaftaran BPJS (KPJ) diimpor")
    INTAKE_UPLOAD = "intake.upload", _("Berkas usulan diunggah")
