"""What a worker reads on the public status page: where their applications stand and why, and whether they
are insured now (an enrolled or imported participant, active or ended with the date and the reason), in
plain Bahasa Indonesia, and nothing more (no name, address or data of anyone else)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.domain import nik as nik_rules
from lindung.membership.models import Participant

from . import evaluation
from .models import Application
from .selectors import for_worker

S = Application.Status
HEAD_OF_REGION = {"kota": "Wali Kota", "kabupaten": "Bupati", "provinsi": "Gubernur"}


@dataclass(frozen=True)
class WorkerView:
    programme: str
    year: int
    reference: str
    status: str
    title: str
    text: str
    reasons: list[evaluation.Line]


def _who(application: Application) -> str:
    if application.territorial:
        return _("Kantor Kelurahan %(name)s") % {"name": application.kelurahan.name}
    if application.agency_id:
        return application.agency.name
    return _("Dinas Tenaga Kerja")


def describe(application: Application) -> WorkerView:
    cycle = application.cycle
    head = HEAD_OF_REGION.get(cycle.programme.tenant.kind, _("Kepala Daerah"))
    start = date_format(cycle.enrolment_date, "j F Y")
    reasons: list[evaluation.Line] = []
    title = application.get_status_display()
    who = _who(application)
    texts = {
        S.DIAJUKAN: _("Usulan Anda tercatat dan menunggu verifikasi oleh %(who)s.") % {"who": who},
        S.DIKEMBALIKAN: _("Usulan Anda dikembalikan untuk diperbaiki. Silakan hubungi %(who)s dengan membawa KTP, "
                          "Kartu Keluarga dan surat keterangan domisili.") % {"who": who},
        S.DITOLAK: _("Usulan Anda tidak dapat diterima."),
        S.DIVERIFIKASI: _("Data Anda sudah diverifikasi oleh %(who)s. Berikutnya BPJS Ketenagakerjaan memeriksa "
                          "apakah Anda sudah menjadi peserta (Pasal 8 ayat (2)).") % {"who": who},
        S.CEK_BPJS: _("BPJS Ketenagakerjaan sedang memeriksa apakah Anda sudah menjadi peserta (Pasal 8 ayat (2))."),
        S.LOLOS_BPJS: _("Anda belum menjadi peserta BPJS Ketenagakerjaan. Usulan Anda menunggu pembahasan Tim "
                        "Verifikasi, Evaluasi dan Monitoring (Pasal 8 ayat (3))."),
        S.KONSOLIDASI: _("Anda masuk daftar calon penerima yang disusun Tim Verifikasi, Evaluasi dan Monitoring, dan "
                         "menunggu penetapan dengan Keputusan %(head)s (Pasal 8 ayat (4) dan (5)).") % {"head": head},
        S.CADANGAN: _("Anda memenuhi syarat, tetapi jumlah calon tahun ini melebihi kuota anggaran. Anda tercatat "
                      "dalam daftar cadangan menurut urutan prioritas (Pasal 5 ayat (2))."),
        S.SUDAH_PESERTA: _("Anda sudah terdaftar sebagai peserta aktif BPJS Ketenagakerjaan, sehingga tidak dapat "
                           "didaftarkan lagi (Pasal 5 ayat (1) huruf a)."),
        S.DITETAPKAN: _("Anda ditetapkan sebagai penerima bantuan iuran dengan Keputusan %(head)s. Kepesertaan "
                        "Jaminan Kecelakaan Kerja dan Jaminan Kematian mulai %(start)s.") % {"head": head, "start": start},
        S.TERDAFTAR: _("Anda terdaftar sebagai peserta Jaminan Kecelakaan Kerja dan Jaminan Kematian mulai %(start)s. "
                       "Iurannya dibayar Pemerintah Daerah.") % {"start": start},
    }
    text = texts[application.status]
    if application.status in (S.KONSOLIDASI, S.CADANGAN) and application.on_hold:
        text = _("Data Anda sedang dicocokkan oleh Tim Verifikasi, Evaluasi dan Monitoring karena mungkin sudah "
                 "diusulkan di program lain atau tercatat dua kali.")
    if application.status in (S.DITOLAK, S.DIKEMBALIKAN):
        if application.status_reason:
            reasons.append(evaluation.Line("", "", application.status_reason, ""))
        reasons.extend(evaluation.explain(application.findings).problems)
    return WorkerView(cycle.programme.name, cycle.year, application.reference, application.status, title, text, reasons)


def describe_participant(participant: Participant) -> WorkerView:
    """A participant's coverage as the worker reads it: active since a date, or ended on a date and why."""
    programme = participant.programme
    periods = sorted(participant.periods.all(), key=lambda p: p.start)
    latest = periods[-1] if periods else None
    start = date_format(latest.start, "j F Y") if latest else ""
    if latest is None or (latest.end is None):
        title = _("Peserta aktif")
        text = _("Anda terdaftar sebagai peserta Jaminan Kecelakaan Kerja dan Jaminan Kematian sejak %(start)s. "
                 "Iurannya dibayar Pemerintah Daerah.") % {"start": start}
        status = "AKTIF"
    else:
        title = _("Kepesertaan berakhir")
        text = _("Kepesertaan Anda berakhir pada %(end)s: %(reason)s. Bila menurut Anda ini keliru, sampaikan "
                 "pengaduan melalui Dinas Tenaga Kerja.") % {
            "end": date_format(latest.end, "j F Y"), "reason": latest.get_end_reason_display()}
        status = "BERAKHIR"
    year = latest.start.year if latest else programme.year
    return WorkerView(programme.name, year, participant.kpj and _("KPJ %(k)s") % {"k": participant.kpj} or "",
                      status, title, text, [])


def status_of(nik: str, birth_date) -> list[WorkerView]:
    """Everything the status page (and the API's status endpoint) answers for a NIK + birth date: the
    participant memberships first (they say whether the worker is insured today), then the applications
    — an enrolled application whose programme shows as a membership is not repeated."""
    digits = nik_rules.normalize(nik)
    if not (digits.isdigit() and len(digits) == 16) or birth_date is None:
        return []
    participants = list(Participant.objects.filter(person__nik=digits, person__birth_date=birth_date)
                        .select_related("programme").prefetch_related("periods"))
    covered = {p.programme_id for p in participants}
    applications = for_worker(digits, birth_date)
    return [*(describe_participant(p) for p in participants),
            *(describe(a) for a in applications if not (a.status == S.TERDAFTAR and a.cycle.programme_id in covered))]
