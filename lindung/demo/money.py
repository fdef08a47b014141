"""The demo city's money (issue 9): the programme co-funded by the province (Pergub Kaltim 40/2025), a CSR
fund for day labourers of two kecamatan, the participants assigned by the optimiser, the province's own
programme overlapping the city's (nobody paid twice), a month paid per payer (realisation on the budget
page), and last month billed per payer with BPJS's invoices ready to reconcile."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from lindung import synth
from lindung.billing import services as billing
from lindung.domain.calendar import Month
from lindung.membership import exchange as membership_files
from lindung.membership.services import funding
from lindung.membership.services import participants as membership
from lindung.programs import services as programs
from lindung.programs.models import Programme
from lindung.synth.applicants import truth_path

PROVINCE_PROGRAMME = "kaltim-pekerja-rentan"
MONTHLY = Decimal(16800)


def fund(labour, programme: Programme, today: date) -> list[str]:
    """Balikpapan 2025: 7,100 workers at Rp16,800 a month from the city budget (DOMAIN.md §4); the province
    pays for 120 of them (its places used first), a CSR fund for 40 day labourers of Balikpapan Timur and
    Barat; the same for next year, whose budget the decree quota reads."""
    for year in (today.year, today.year + 1):
        programs.add_funding_source(labour, programme=programme, kind="apbd_kota", year=year,
                                    amount=7100 * MONTHLY * 12, label=f"APBD Kota Balikpapan {year} (DPA Disnaker)")
        programs.add_funding_source(labour, programme=programme, kind="apbd_provinsi", year=year, payer_code="kaltim",
                                    amount=100 * MONTHLY * 12, revision_amount=20 * MONTHLY * 12, fixed_quota=120,
                                    preference=0, label=f"APBD Provinsi Kaltim {year} (Pergub 40/2025)")
        programs.add_funding_source(labour, programme=programme, kind="csr", year=year, amount=40 * MONTHLY * 12,
                                    fixed_quota=40, occupations=["buruh_harian"], regions=["64.71.01", "64.71.02"],
                                    label=f"CSR buruh harian Balikpapan Timur dan Barat {year}")
    return [f"Sumber dana {today.year} dan {today.year + 1}: APBD Kota, APBD Provinsi (120 peserta), CSR buruh harian"]


def province_overlap(members: Path, workdir: Path) -> list[str]:
    """The province's own programme, with 30 of the city's participants: 15 joined it before they joined the
    city's (the province pays for them), 15 after (the city pays). Loaded by the system: the province's
    labour agency has no demo login."""
    if Programme.objects.filter(code=PROVINCE_PROGRAMME).exists():
        return []
    province = programs.create_programme(None, code=PROVINCE_PROGRAMME, name="Pekerja Rentan Provinsi Kalimantan Timur",
                                         ruleset_id="kaltim-pergub-40-2025", year=2025, tenant_code="kaltim")
    rows = pl.read_csv(members, infer_schema=False).filter(pl.col("akhir_kepesertaan").is_null()).head(30)
    starts = ["2025-01-01"] * 15 + ["2026-01-01"] * 15
    rows = rows.with_columns(pl.Series("mulai_kepesertaan", starts[: rows.height]))
    path = workdir / "peserta-provinsi.csv"
    rows.write_csv(path)
    membership.import_participants(None, programme=province, rows=membership_files.read_participants(province, path),
                                   source=path.name)
    return [f"Program provinsi {PROVINCE_PROGRAMME}: {rows.height} peserta yang juga peserta kota ({path})"]


def bill_and_pay(labour, programme: Programme, members: Path, workdir: Path, today: date, seed: int) -> list[str]:
    """Two months ago: billed, reconciled, agreed and paid per payer (the budget page shows its realisation).
    Last month: billed per payer, BPJS's invoices written beside for the user to reconcile."""
    done = []
    paid, last = Month.of(today) + -2, Month.of(today) + -1
    for month, settle in ((paid, True), (last, False)):
        run = billing.run_bill(labour, programme=programme, month=month)
        whole = workdir / f"tagihan-bpjs-{month}.csv"
        synth.write_invoice(whole, participants=members, month=month, seed=seed)
        invoice = pl.read_csv(whole, infer_schema=False)
        theirs = set()
        files = []
        for bm in run.months[1:]:  # co-funders get the lines of their own participants
            niks = set(bm.bill_lines.values_list("nik", flat=True))
            theirs |= niks
            files.append((bm, invoice.filter(pl.col("nik").is_in(list(niks)))))
        files.insert(0, (run.months[0], invoice.filter(~pl.col("nik").is_in(list(theirs)))))
        for bm, rows in files:
            path = workdir / f"tagihan-bpjs-{month}-{bm.payer.code}.csv"
            rows.write_csv(path)
            if settle and bm.bill_count:
                bm = billing.reconcile(labour, programme=programme, month=month, payer=bm.payer, invoice_path=path).billing_month
                if not bm.summary["agreed_count"]:
                    continue
                bm = billing.agree(labour, bm=bm, on=month.last_day)
                billing.record_payment(labour, bm=bm, sp2d_number=f"SP2D-{month.month:02d}{bm.pk:03d}/{month.year}",
                                       sp2d_date=(month + 1).first_day, amount=bm.berita_acara.agreed_amount)
        whole.unlink()
        truth_path(whole).unlink(missing_ok=True)
        if settle:
            done.append(f"Tagihan {month} per pembayar: direkonsiliasi, disepakati dan dibayar (realisasi anggaran)")
        else:
            names = ", ".join(f"tagihan-bpjs-{month}-{bm.payer.code}.csv" for bm, _ in files)
            done.append(f"Tagihan {month} per pembayar disusun; tagihan BPJS untuk dicocokkan: {workdir} ({names})")
    return done


def assign(labour, programme: Programme, today: date) -> list[str]:
    result = funding.assign_funding(labour, programme=programme, year=today.year)
    return [f"Pembagian sumber dana {today.year}: {result.assigned} peserta dibiayai, {result.unfunded} tidak terdanai"]
