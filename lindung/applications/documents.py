"""The annex (lampiran) of the Keputusan Wali Kota fixing the beneficiaries (Pasal 8 ayat (4)-(5)), as PDF
(fpdf2, core fonts: pip-only) and XLSX. A draft says RANCANGAN and leaves the number blank; the annex
of a signed decree carries its number and date."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindung.domain.words import latin1, long_date
from lindung.platform import storage
from lindung.platform.files import write_table

XLSX_COLUMNS = ("no", "nik", "nama", "tempat_lahir", "tanggal_lahir", "alamat", "kelurahan", "pekerjaan")
# (header, width mm, entry -> text) for the landscape A4 table.
PDF_COLUMNS = (
    ("No", 12, lambda e: str(e.line)),
    ("NIK", 38, lambda e: e.nik),
    ("Nama", 60, lambda e: e.name),
    ("Tempat, Tanggal Lahir", 50, lambda e: f"{e.birth_place}, {long_date(e.birth_date)}".lstrip(", ")),
    ("Kelurahan", 62, lambda e: e.kelurahan),
    ("Pekerjaan", 55, lambda e: e.occupation),
)


HEADS = {"kota": "WALI KOTA", "kabupaten": "BUPATI", "provinsi": "GUBERNUR"}


def _title(cycle, decree) -> list[str]:
    tenant = cycle.programme.tenant
    # "Kota Balikpapan" -> "BALIKPAPAN"; a province's region is named without a prefix.
    place = tenant.region.name.removeprefix("Kota ").removeprefix("Kabupaten ").upper()
    blank = "...................."
    return [
        f"LAMPIRAN KEPUTUSAN {HEADS.get(tenant.kind, 'KEPALA DAERAH')} {place}",
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
    if ruleset.status == "provisional":
        return (f"Dasar: ketentuan sementara {ruleset.instrument} - kriteria bertanda SEMENTARA (antara lain batas "
                f"usia) belum dikonfirmasi dengan teks pasal; periksa sebelum ditandatangani")
    return f"Dasar: {ruleset.instrument}"


def _pdf(cycle, entries, decree) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.alias_nb_pages()
    pdf.add_page()
    if decree is None:
        pdf.set_font("Helvetica", "B", 14)
        pdf.set_text_color(180, 0, 0)
        pdf.cell(0, 8, "RANCANGAN", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 10)
    for line in _title(cycle, decree):
        pdf.multi_cell(0, 5, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    provisional = cycle.programme.ruleset.status == "provisional"
    pdf.set_font("Helvetica", "B" if provisional else "", 9)
    pdf.set_text_color(*((160, 0, 0) if provisional else (0, 0, 0)))
    pdf.multi_cell(0, 5, latin1(basis(cycle)), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)

    def header():
        pdf.set_font("Helvetica", "B", 8)
        pdf.set_fill_color(230, 242, 239)
        for label, width, _ in PDF_COLUMNS:
            pdf.cell(width, 7, label, border=1, fill=True, align="C")
        pdf.ln()
        pdf.set_font("Helvetica", "", 8)

    header()
    for entry in entries:
        if pdf.will_page_break(6):
            pdf.add_page()
            header()
        for _, width, value in PDF_COLUMNS:
            text = latin1(value(entry))
            while text and pdf.get_string_width(text) > width - 2:
                text = text[:-1]
            pdf.cell(width, 6, text, border=1)
        pdf.ln()
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 5, latin1(f"Jumlah penerima: {len(entries)} orang."), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def write_annex(cycle, entries, fmt: str, *, decree) -> Path:
    """Write the annex as `fmt` ("pdf" or "xlsx") to a fresh file under MEDIA_ROOT; returns its path."""
    if fmt not in ("pdf", "xlsx"):
        raise ValueError(f"format tidak didukung: {fmt}")
    _, path = storage.new_output("keputusan", fmt)
    if fmt == "pdf":
        path.write_bytes(_pdf(cycle, entries, decree))
        return path
    rows = [{"no": str(e.line), "nik": e.nik, "nama": e.name, "tempat_lahir": e.birth_place,
             "tanggal_lahir": e.birth_date.isoformat(), "alamat": e.address, "kelurahan": e.kelurahan,
             "pekerjaan": e.occupation} for e in entries]
    return write_table(rows, path, XLSX_COLUMNS)
