"""The annex (lampiran) of the decree fixing the beneficiaries (Perwali 3/2025 Pasal 8 ayat (4)-(5)), as
PDF and XLSX. A draft says RANCANGAN and leaves the number and date blank; the annex of a signed decree
carries them. The PDF wraps every cell, repeats the heading and numbers its pages (lindung.platform.documents);
the XLSX keeps numbers and dates typed on a sheet named "Lampiran"."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from lindung.domain.words import long_date
from lindung.platform import storage
from lindung.platform.documents import OfficialDocument, Signatory
from lindung.platform.files import write_table

XLSX_COLUMNS = ("no", "nik", "nama", "tempat_lahir", "tanggal_lahir", "alamat", "kelurahan", "pekerjaan")
# (header, width mm, entry -> text) for the landscape A4 table (267 mm between the margins).
PDF_COLUMNS = (
    ("No", 10, lambda e: str(e.line)),
    ("NIK", 33, lambda e: e.nik),
    ("Nama", 47, lambda e: e.name),
    ("Tempat, Tanggal Lahir", 42, lambda e: f"{e.birth_place}, {long_date(e.birth_date)}".lstrip(", ")),
    ("Alamat", 50, lambda e: e.address),
    ("Kelurahan", 45, lambda e: e.kelurahan),
    ("Pekerjaan", 40, lambda e: e.occupation),
)
HEADS = {"kota": "WALI KOTA", "kabupaten": "BUPATI", "provinsi": "GUBERNUR"}


def place_of(tenant) -> str:
    """"Kota Balikpapan" -> "Balikpapan"; a province's region is named without a prefix."""
    return tenant.region.name.removeprefix("Kota ").removeprefix("Kabupaten ").title()


def _head(tenant) -> str:
    return f"{HEADS.get(tenant.kind, 'KEPALA DAERAH')} {place_of(tenant).upper()}"


def _title(cycle, decree) -> list[str]:
    blank = "...................."
    return [
        f"LAMPIRAN KEPUTUSAN {_head(cycle.programme.tenant)}",
        f"NOMOR {decree.number if decree else blank}",
        f"TANGGAL {long_date(decree.signed_on) if decree else blank}",
        ("TENTANG PERUBAHAN PENETAPAN: PENERIMA YANG DICABUT" if decree and decree.revoked else
         "TENTANG PENETAPAN PEKERJA RENTAN PENERIMA BANTUAN IURAN JAMINAN SOSIAL KETENAGAKERJAAN"),
        f"(JAMINAN KECELAKAAN KERJA DAN JAMINAN KEMATIAN) TAHUN {cycle.enrolment_date.year}",
        cycle.programme.name.upper(),
    ]


def basis(cycle) -> str:
    """The legal basis the list rests on; a provisional rule set says so, so that nobody signs a decree
    believing it rests on confirmed articles (issue 15)."""
    ruleset = cycle.programme.ruleset
    if ruleset.basis_note:
        return f"{ruleset.basis_note}; periksa sebelum ditandatangani"
    return f"Dasar: {ruleset.instrument}"


def _pdf(cycle, entries, decree) -> bytes:
    programme, tenant = cycle.programme, cycle.programme.tenant
    pdf = OfficialDocument(f"Lampiran Keputusan {decree.number if decree else '(rancangan)'}", landscape=True)
    if decree is None:
        pdf.set_text_color(180, 0, 0)
        pdf.paragraph("RANCANGAN", size=14, style="B", align="C", height=8)
        pdf.set_text_color(0, 0, 0)
    for line in _title(cycle, decree):
        pdf.paragraph(line, size=10, style="B", align="C", height=5)
    provisional = programme.ruleset.status == "provisional"
    pdf.set_text_color(*((160, 0, 0) if provisional else (0, 0, 0)))
    pdf.paragraph(basis(cycle), size=9, style="B" if provisional else "", align="C", height=5)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    pdf.grid([w for _, w, _ in PDF_COLUMNS], [h for h, _, _ in PDF_COLUMNS],
             ([value(e) for _, _, value in PDF_COLUMNS] for e in entries))
    pdf.ln(3)
    pdf.paragraph(f"Jumlah penerima: {len(entries)} orang.", size=9)
    pdf.signature(Signatory(f"{_head(tenant)},", tenant.head_name), place=place_of(tenant),
                  on=decree.signed_on if decree else None, note="Ditetapkan di")
    pdf.signature(Signatory(programme.labour_head_title or "Kepala Dinas Tenaga Kerja", programme.labour_head_name,
                            programme.labour_head_nip), right=False, note="Disiapkan oleh:")
    return pdf.output_bytes()


def write_annex(cycle, entries, fmt: str, *, decree) -> Path:
    """Write the annex as `fmt` ("pdf" or "xlsx") to a fresh file under MEDIA_ROOT; returns its path."""
    if fmt not in ("pdf", "xlsx"):
        raise ValueError(f"format tidak didukung: {fmt}")
    _, path = storage.new_output("keputusan", fmt)
    if fmt == "pdf":
        path.write_bytes(_pdf(cycle, entries, decree))
        return path
    frame = pl.DataFrame({
        "no": [e.line for e in entries], "nik": [e.nik for e in entries], "nama": [e.name for e in entries],
        "tempat_lahir": [e.birth_place for e in entries], "tanggal_lahir": [e.birth_date for e in entries],
        "alamat": [e.address for e in entries], "kelurahan": [e.kelurahan for e in entries],
        "pekerjaan": [e.occupation for e in entries],
    }, schema={"no": pl.Int64, "nik": pl.Utf8, "nama": pl.Utf8, "tempat_lahir": pl.Utf8, "tanggal_lahir": pl.Date,
               "alamat": pl.Utf8, "kelurahan": pl.Utf8, "pekerjaan": pl.Utf8})
    return write_table(frame, path, XLSX_COLUMNS, sheet="Lampiran")
