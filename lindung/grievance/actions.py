"""Audit actions of complaint handling: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    COMPLAINT_RECEIVE = "complaint.receive", _("Pengaduan diterima")
    COMPLAINT_IMPORT = "complaint.import", _("Pengaduan diimpor dari berkas")
    COMPLAINT_TAKE_UP = "complaint.take_up", _("Pengaduan mulai diproses")
    COMPLAINT_ANSWER = "complaint.answer", _("Pengaduan dijawab")
    COMPLAINT_CLOSE = "complaint.close", _("Pengaduan selesai")
    COMPLAINT_AUTO_CLOSE = "complaint.auto_close", _("Pengaduan ditutup otomatis")
    COMPLAINT_REOPEN = "complaint.reopen", _("Pengaduan dibuka kembali")
    COMPLAINT_ASSIGN = "complaint.assign", _("Petugas penanganan pengaduan ditunjuk")
    COMPLAINT_FORWARD = "complaint.forward", _("Pengaduan diteruskan ke unit lain")
    COMPLAINT_ESCALATE = "complaint.escalate", _("Pengaduan dieskalasi ke Kepala Dinas")
    COMPLAINT_COMMENT = "complaint.comment", _("Catatan pengaduan ditambahkan")
    COMPLAINT_RESOLUTION = "complaint.resolution", _("Jawaban penyelesaian pengaduan ditandai")
    COMPLAINT_LINK = "complaint.link", _("Pengaduan ditautkan ke data penduduk/usulan/peserta")
    COMPLAINT_ATTACH = "complaint.attach", _("Lampiran pengaduan diunggah")
    COMPLAINT_ATTACHMENT_VIEW = "complaint.attachment_view", _("Lampiran pengaduan dibuka")
    COMPLAINT_REPORTER_VIEW = "complaint.reporter_view", _("Identitas pelapor yang dirahasiakan dibuka")
    COMPLAINT_POLICY_CHANGE = "complaint_policy.change", _("Aturan penanganan pengaduan diubah")
    DAY_OFF_CHANGE = "day_off.change", _("Hari libur/cuti bersama diubah")
