"""Letters to the applicant, printed as PDF: the application receipt with the Lampiran II statement
(Perwali 3/2025 Pasal 7 ayat (1)), and the letters that send an application back for correction or
refuse it, each citing the criteria and articles behind the decision."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from lindung.domain.words import long_date
from lindung.platform.documents import OfficialDocument, Signatory

from . import evaluation
from .documents import place_of
from .models import Application

S = Application.Status
LETTERS = ("tanda-terima", "pengembalian", "penolakan")


def available(application: Application) -> list[str]:
    """Which letters an application has: a receipt always; the others once it was sent back or refused."""
    out = ["tanda-terima"]
    if application.status == S.DIKEMBALIKAN:
        out.append("pengembalian")
    if application.status == S.DITOLAK:
        out.append("penolakan")
    return out


def _collector(application: Application) -> str:
    if application.territorial:
        return f"Lurah {application.kelurahan.name}"
    if application.agency_id:
        return f"Kepala {application.agency.name}"
    return "Kepala Dinas Tenaga Kerja"


def _identity(application: Application) -> list[tuple[str, str]]:
    return [
        ("Nama", application.name),
        ("NIK", application.nik),
        ("Tempat dan Tanggal Lahir", f"{application.birth_place}, {long_date(application.birth_date)}".lstrip(", ")),
        ("Alamat", f"{application.address}, Kel. {application.kelurahan.name}, Kec. {application.kelurahan.parent.name}"),
        ("Nomor Telepon", application.phone or "-"),
    ]


def _rupiah(value) -> str:
    return "Rp" + f"{int(value):,}".replace(",", ".")


def receipt(application: Application) -> bytes:
    """Lampiran II as the applicant signs it, and the receipt with the number to quote."""
    cycle, tenant = application.cycle, application.cycle.programme.tenant
    place = place_of(tenant)
    pdf = OfficialDocument(f"Usulan {application.reference}")
    pdf.paragraph("FORMULIR USULAN CALON PESERTA PROGRAM JAMINAN SOSIAL KETENAGAKERJAAN BAGI PEKERJA RENTAN",
                  size=11, style="B", align="C")
    pdf.paragraph(f"(Lampiran II {cycle.programme.ruleset.instrument})", size=9, align="C")
    pdf.ln(4)
    pdf.paragraph(f"Kepada\n{_collector(application)}\ndi {place}", size=11)
    pdf.ln(2)
    pdf.paragraph("Yang bertanda tangan di bawah ini,")
    pdf.facts(_identity(application))
    year = application.applied_on.year
    pdf.ln(2)
    pdf.paragraph(
        f"Dengan ini menyatakan bahwa saya bekerja/berprofesi sebagai {application.occupation.name.lower()} dan "
        f"berpenghasilan rata-rata setiap bulan di bawah upah minimum {tenant.region.name} tahun {year} sebesar "
        f"{_rupiah(application.monthly_income)}.")
    pdf.paragraph(
        "Sehubungan dengan hal tersebut di atas, saya memohon untuk diikutsertakan dalam program jaminan sosial "
        "ketenagakerjaan bagi pekerja rentan dengan memenuhi persyaratan terlampir.")
    pdf.paragraph(
        "Demikian pernyataan dan permohonan ini saya buat dengan sebenar-benarnya, agar dapat disetujui sebagai "
        f"penerima bantuan iuran JKK dan JKM dalam program perlindungan pekerja rentan {tenant.region.name}.")
    pdf.signature(Signatory("Pemohon,", application.name), place=place, on=application.applied_on)
    pdf.ln(6)
    pdf.paragraph("TANDA TERIMA USULAN", size=11, style="B")
    pdf.facts([
        ("Nomor usulan", application.reference),
        ("Program", f"{cycle.programme.name} ({cycle.year})"),
        ("Diterima", f"{long_date(application.applied_on)} melalui {application.get_channel_display().lower()}"),
        ("Diverifikasi oleh", _collector(application).removeprefix("Kepala ")),
        ("Cek status", "halaman Cek Status Usulan, dengan NIK dan tanggal lahir"),
    ])
    return pdf.output_bytes()


def _decision_letter(application: Application, *, subject: str, opening: str, closing: str, today: date) -> bytes:
    cycle, tenant = application.cycle, application.cycle.programme.tenant
    pdf = OfficialDocument(f"Surat usulan {application.reference}")
    pdf.paragraph(cycle.programme.labour_head_title.upper() if not application.agency_id and not application.territorial
                  else _collector(application).upper(), size=11, style="B", align="C")
    pdf.paragraph(tenant.name.upper(), size=11, style="B", align="C")
    pdf.ln(4)
    pdf.facts([("Perihal", subject), ("Nomor usulan", application.reference)], label_width=35)
    pdf.ln(2)
    pdf.paragraph(f"Kepada Yth.\nSdr/i. {application.name}\n{application.address}, Kel. {application.kelurahan.name}\n"
                  f"di {place_of(tenant)}")
    pdf.ln(2)
    pdf.paragraph(opening)
    reasons = [application.status_reason] if application.status_reason else []
    reasons += [f"{line.text}" + (f" ({line.cite})" if line.cite else "")
                for line in evaluation.explain(application.findings).problems]
    for number, reason in enumerate(dict.fromkeys(reasons), start=1):
        pdf.paragraph(f"{number}. {reason}")
    pdf.paragraph(closing)
    programme = cycle.programme
    pdf.signature(Signatory(programme.labour_head_title or "Kepala Dinas Tenaga Kerja", programme.labour_head_name,
                            programme.labour_head_nip), place=place_of(tenant), on=today)
    return pdf.output_bytes()


def send_back(application: Application) -> bytes:
    return _decision_letter(
        application, subject="Pengembalian usulan untuk diperbaiki", today=timezone.localdate(),
        opening=(f"Usulan Saudara/i sebagai calon peserta program jaminan sosial ketenagakerjaan bagi pekerja rentan "
                 f"tanggal {long_date(application.applied_on)} kami kembalikan untuk diperbaiki, dengan alasan:"),
        closing=("Silakan datang kembali ke kantor yang mendata Saudara/i dengan membawa KTP elektronik, Kartu "
                 "Keluarga dan surat keterangan domisili dari RT. Usulan yang sudah diperbaiki dinilai kembali "
                 "menurut tanggal pendaftaran semula."))


def rejection(application: Application) -> bytes:
    return _decision_letter(
        application, subject="Pemberitahuan usulan tidak dapat diterima", today=timezone.localdate(),
        opening=(f"Dengan hormat, kami beritahukan bahwa usulan Saudara/i tanggal {long_date(application.applied_on)} "
                 f"belum dapat diterima karena tidak memenuhi persyaratan {application.cycle.programme.ruleset.instrument}:"),
        closing=("Apabila keadaan Saudara/i berubah, Saudara/i dapat mengajukan usulan kembali pada pendataan tahun "
                 "berikutnya. Keberatan atas keputusan ini dapat disampaikan secara lisan atau tertulis melalui Dinas "
                 "Tenaga Kerja (Pasal 13)."))


def render(application: Application, kind: str) -> bytes:
    return {"tanda-terima": receipt, "pengembalian": send_back, "penolakan": rejection}[kind](application)
