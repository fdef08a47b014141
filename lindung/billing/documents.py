"""The berita acara of the monthly reconciliation as a PDF (Pasal 11 ayat (3)).

fpdf2 with its core Helvetica font: pip-only, no system fonts. Core fonts are Latin-1, which
Bahasa Indonesia needs no more than; any other character in a name is transliterated (`_latin1`)
rather than failing the document.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import islice

from fpdf.enums import XPos, YPos

from lindung.domain import reconciliation
from lindung.domain.money import format_rupiah
from lindung.domain.words import DAYS, MONTHS, latin1, long_date, terbilang
from lindung.platform.documents import OfficialDocument

from . import selectors
from .models import BeritaAcara, BillingMonth

ANNEX_LIMIT = 2000  # beyond this the annex says how many more lines the reconciliation file holds

STATUS_TEXT = {
    reconciliation.COCOK: "Cocok",
    reconciliation.SELISIH_NOMINAL: "Selisih nominal",
    reconciliation.TIDAK_ADA_DI_TAGIHAN: "Ada di data Pemda, tidak ada di tagihan BPJS",
    reconciliation.TIDAK_ADA_DI_DATA_PEMDA: "Ada di tagihan BPJS, tidak ada di data Pemda",
}

class _Document(OfficialDocument):
    """The berita acara: an official document (page x of y, wrapping grids) with plain tables for its terms."""

    def table_rows(self, widths: tuple[int, ...], rows, *, size: float = 10, heading: bool = True,
                   align: tuple[str, ...] | None = None) -> None:
        self.set_font("Helvetica", size=size)
        with self.table(col_widths=widths, text_align=align or "LEFT", first_row_as_headings=heading,
                        line_height=size * 0.5) as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(latin1(value))


def berita_acara_pdf(bm: BillingMonth, ba: BeritaAcara) -> bytes:
    programme = bm.programme
    tenant = bm.payer  # a co-funded programme: each payer signs its own berita acara for its own participants
    summary = bm.summary
    month = bm.period
    month_text = f"{MONTHS[month.month - 1]} {month.year}"
    pdf = _Document(f"Berita Acara {ba.number}")

    pdf.paragraph(tenant.name.upper(), size=12, style="B", align="C")
    pdf.paragraph("DINAS TENAGA KERJA", size=12, style="B", align="C")
    pdf.ln(3)
    pdf.paragraph("BERITA ACARA REKONSILIASI IURAN", size=13, style="B", align="C")
    pdf.paragraph("JAMINAN SOSIAL KETENAGAKERJAAN BAGI PEKERJA RENTAN", size=13, style="B", align="C")
    pdf.paragraph(f"BULAN {month_text.upper()}", size=12, style="B", align="C")
    pdf.paragraph(f"Nomor: {ba.number}", align="C")
    pdf.ln(4)

    d = ba.date
    pdf.paragraph(f"Pada hari ini, {DAYS[d.weekday()]} tanggal {long_date(d)}, kami yang bertanda tangan di bawah ini:")
    pdf.ln(1)
    pdf.table_rows((8, 40, 122), [
        ("1.", "Nama", ba.labour_head_name or "...................................."),
        ("", "NIP", ba.labour_head_nip or "-"),
        ("", "Jabatan", f"{ba.labour_head_title}, {tenant.name}"),
        ("", "", "selanjutnya disebut PIHAK PERTAMA;"),
        ("2.", "Nama", ba.bpjs_officer_name or "...................................."),
        ("", "Jabatan", f"{ba.bpjs_officer_title}, BPJS Ketenagakerjaan {ba.bpjs_branch}".strip().rstrip(",")),
        ("", "", "selanjutnya disebut PIHAK KEDUA,"),
    ], heading=False)
    pdf.ln(2)
    pdf.paragraph(
        f"telah melakukan rekonsiliasi jumlah peserta dan iuran program {programme.name} bulan {month_text} "
        + ("" if tenant.pk == programme.tenant_id else f"yang dibiayai {tenant.name} ")
        + f"sebagaimana dimaksud dalam Pasal 11 ayat (3) {programme.ruleset.instrument}, dengan hasil sebagai berikut:"
    )
    pdf.ln(1)
    by_status = summary.get("by_status", {})
    rows = [("Uraian", "Peserta", "Jumlah (Rp)")]
    rows.append(("Iuran per peserta per bulan (JKK + JKM)", "",
                 f"{format_rupiah(bm.contribution_jkk)} + {format_rupiah(bm.contribution_jkm)}"))
    rows.append(("Data peserta Pemda (tagihan Pemda)", f"{summary.get('bill_count', 0):,}".replace(",", "."),
                 format_rupiah(Decimal(summary.get("bill_amount", "0")))))
    rows.append(("Tagihan BPJS Ketenagakerjaan", f"{summary.get('invoice_count', 0):,}".replace(",", "."),
                 format_rupiah(Decimal(summary.get("invoice_amount", "0")))))
    for status in reconciliation.STATUSES:
        t = by_status.get(status, {"count": 0, "amount_pemda": "0", "amount_bpjs": "0"})
        amount = Decimal(t["amount_pemda"]) if status != reconciliation.TIDAK_ADA_DI_DATA_PEMDA else Decimal(t["amount_bpjs"])
        rows.append((STATUS_TEXT[status], f"{t['count']:,}".replace(",", "."), format_rupiah(amount)))
    pdf.table_rows((100, 25, 45), rows, align=("LEFT", "RIGHT", "RIGHT"))
    shares = selectors.agreed_by_source(bm)
    if shares:  # what the SP2D is charged to (Pasal 14: each source its own budget line)
        pdf.ln(2)
        pdf.paragraph("Rincian yang disepakati per sumber dana:", size=10)
        pdf.table_rows((100, 25, 45), [("Sumber dana", "Peserta", "Jumlah (Rp)")] + [
            (share.label, f"{share.count:,}".replace(",", "."), format_rupiah(share.amount)) for share in shares
        ], align=("LEFT", "RIGHT", "RIGHT"))
    pdf.ln(3)
    agreed = int(ba.agreed_amount)
    pdf.paragraph(
        f"Kedua belah pihak sepakat bahwa iuran yang dibayar untuk bulan {month_text} adalah untuk "
        f"{ba.agreed_count:,}".replace(",", ".") + f" peserta sebesar {format_rupiah(ba.agreed_amount)} "
        f"({terbilang(agreed).capitalize()} rupiah), dan pembayaran dilakukan berdasarkan berita acara ini "
        f"(Pasal 11 ayat (4)). Selisih data sebagaimana tercantum dalam Lampiran ditindaklanjuti para pihak "
        f"pada rekonsiliasi bulan berikutnya.", style="",
    )
    pdf.ln(2)
    pdf.paragraph("Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.")
    pdf.ln(6)
    _signatures(pdf, ba, tenant.name)

    differences = summary.get("difference_count", 0)
    pdf.add_page(orientation="L")
    pdf.paragraph(f"LAMPIRAN I BERITA ACARA NOMOR {ba.number}", size=11, style="B")
    pdf.paragraph(f"Daftar selisih rekonsiliasi bulan {month_text}: {differences} baris", size=10)
    pdf.ln(1)
    annex = [
        (str(i), nik, name, STATUS_TEXT[status], ours, theirs, note)
        for i, (nik, _kpj, name, status, ours, theirs, note) in enumerate(
            islice(selectors.reconciliation_rows(bm, differences_only=True), ANNEX_LIMIT), 1
        )
    ] or [("-", "", "Tidak ada selisih", "", "", "", "")]
    pdf.grid((10, 32, 45, 62, 16, 16, 76), ("No", "NIK", "Nama", "Status", "Pemda", "BPJS", "Keterangan"), annex,
             align=("R", "L", "L", "L", "R", "R", "L"))
    if differences > ANNEX_LIMIT:
        pdf.paragraph(f"... dan {differences - ANNEX_LIMIT} baris lainnya: daftar lengkap ada pada berkas hasil "
                      f"rekonsiliasi yang menjadi bagian tidak terpisahkan dari berita acara ini.", size=9)

    problems = list(islice(selectors.problem_rows(bm), ANNEX_LIMIT + 1))
    if problems:
        pdf.ln(4)
        pdf.paragraph("LAMPIRAN II: BARIS TAGIHAN BPJS YANG BERMASALAH", size=11, style="B")
        pdf.grid((14, 34, 18, 22, 169), ("Baris", "NIK", "Bulan", "Jumlah", "Masalah"),
                 [(str(row), nik, month_, amount, reason)
                  for row, nik, month_, amount, _code, reason in problems[:ANNEX_LIMIT]],
                 align=("R", "L", "L", "R", "L"))
        if len(problems) > ANNEX_LIMIT:
            pdf.paragraph("... daftar lengkap ada pada berkas masalah tagihan.", size=9)
    return pdf.output_bytes()


def _signatures(pdf: _Document, ba: BeritaAcara, tenant_name: str) -> None:
    if pdf.get_y() > 220:
        pdf.add_page()
    left, width = pdf.l_margin, (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    blocks = (
        ("PIHAK KEDUA", f"BPJS Ketenagakerjaan {ba.bpjs_branch}".strip(), ba.bpjs_officer_title,
         ba.bpjs_officer_name, ""),
        ("PIHAK PERTAMA", tenant_name, ba.labour_head_title, ba.labour_head_name,
         f"NIP {ba.labour_head_nip}" if ba.labour_head_nip else ""),
    )
    for i, (party, organisation, title, name, nip) in enumerate(blocks):
        x = left + i * width
        pdf.set_xy(x, top)
        pdf.set_font("Helvetica", style="B", size=11)
        pdf.cell(width, 6, party, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=10)
        for text in (title, organisation):
            pdf.set_x(x)
            pdf.multi_cell(width, 5, latin1(text), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_xy(x, top + 45)
        pdf.set_font("Helvetica", style="BU", size=11)
        pdf.cell(width, 6, latin1(name or "(....................................)"), align="C",
                 new_x=XPos.LEFT, new_y=YPos.NEXT)
        if nip:
            pdf.set_x(x)
            pdf.set_font("Helvetica", size=10)
            pdf.cell(width, 5, latin1(nip), align="C")
    pdf.set_xy(left, top + 60)
