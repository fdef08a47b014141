"""The letter stating a participant's membership: KPJ, the programme that pays, and the coverage dates
(JKK and JKM from the start; paid by the Pemda; when it ended and why, Pasal 10)."""

from __future__ import annotations

from django.utils import timezone

from lindung.domain.words import long_date
from lindung.platform.documents import OfficialDocument, Signatory

from .models import Participant


def participant_letter(participant: Participant) -> bytes:
    programme, person = participant.programme, participant.person
    tenant = programme.tenant
    place = tenant.region.name.removeprefix("Kota ").removeprefix("Kabupaten ").title()
    pdf = OfficialDocument(f"Keterangan kepesertaan {participant.kpj or person.name}")
    pdf.paragraph((programme.labour_head_title or "Kepala Dinas Tenaga Kerja").upper(), size=11, style="B",
                  align="C")
    pdf.paragraph(tenant.name.upper(), size=11, style="B", align="C")
    pdf.ln(3)
    pdf.paragraph("SURAT KETERANGAN KEPESERTAAN JAMINAN SOSIAL KETENAGAKERJAAN", size=11, style="B", align="C")
    pdf.ln(3)
    pdf.paragraph("Yang bertanda tangan di bawah ini menerangkan bahwa:")
    pdf.facts([
        ("Nama", person.name),
        ("NIK", person.nik),
        ("Tempat dan Tanggal Lahir", f"{person.birth_place}, {long_date(person.birth_date)}".lstrip(", ")),
        ("Nomor KPJ", participant.kpj or "-"),
        ("Program", programme.name),
        ("Jaminan", "Jaminan Kecelakaan Kerja (JKK) dan Jaminan Kematian (JKM)"),
    ])
    pdf.ln(2)
    for period in participant.periods.order_by("start"):
        if period.end:
            pdf.paragraph(f"Terdaftar sebagai peserta mulai {long_date(period.start)} sampai {long_date(period.end)} "
                          f"({period.get_end_reason_display().lower()}).")
        else:
            pdf.paragraph(f"Terdaftar sebagai peserta mulai {long_date(period.start)} dan masih aktif; iurannya "
                          f"dibayar oleh {tenant.name} setiap bulan.")
    pdf.paragraph("Untuk layanan kepesertaan, kecelakaan kerja dan klaim manfaat, hubungi kantor cabang BPJS "
                  f"Ketenagakerjaan{(' ' + programme.bpjs_branch) if programme.bpjs_branch else ''} atau Dinas Tenaga "
                  "Kerja (Pasal 13).")
    pdf.signature(Signatory(programme.labour_head_title or "Kepala Dinas Tenaga Kerja", programme.labour_head_name,
                            programme.labour_head_nip), place=place, on=timezone.localdate())
    return pdf.output_bytes()
