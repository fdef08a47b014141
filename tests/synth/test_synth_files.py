"""The generator's extracts, participants, invoices and command line, checked against the domain's own rules."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from lindung import synth
from lindung.domain import nik as nik_rules
from lindung.domain.calendar import completed_months

from .conftest import APPLICANTS, CONTRACT, DATA, NIK_TODAY, SEED, UMK_2026, header, read  # noqa: F401

# --- Poverty and BPJS extracts -------------------------------------------------------------------


def test_poverty_extract_holds_the_asked_share_of_applicants_mostly_poor(files, applicants):
    poverty = read(files["poverty"])
    assert poverty.height == 60_000 and poverty["nik"].n_unique() == poverty.height
    originals = applicants.filter(pl.col("kind") == "original").select("nik", "no_kk")
    found = originals.join(poverty, on="nik")
    assert found.height == round(0.85 * originals.height)
    assert (found["desil"].cast(pl.Int64) <= 4).mean() > 0.7
    assert (found["no_kk"] == found["no_kk_right"]).mean() > 0.8
    assert set(poverty["desil"].cast(pl.Int64)) == set(range(1, 11))
    extreme = poverty.filter(pl.col("miskin_ekstrem") == "ya")["desil"].cast(pl.Int64)
    assert extreme.len() > 0 and extreme.max() <= 2
    assert set(poverty["miskin_ekstrem"]) == {"ya", "tidak"}
    assert all(nik_rules.check(n, today=NIK_TODAY).is_valid for n in poverty["nik"].sample(2000, seed=1))
    # Other people come in families: everyone on one KK shares its decile.
    others = poverty.filter(~pl.col("nik").is_in(originals["nik"].implode()))
    families = others.group_by("no_kk").agg(pl.len(), pl.col("desil").n_unique().alias("deciles"))
    assert families["deciles"].max() == 1 and 2 < others.height / families.height < 4


def test_bpjs_extract_holds_the_asked_share_of_applicants(files, applicants):
    bpjs = read(files["bpjs"])
    assert bpjs.height == 40_000 and bpjs["nik"].n_unique() == bpjs.height
    assert bpjs["kpj"].n_unique() == bpjs.height and bpjs["kpj"].str.contains(r"^\d{11}$").all()
    assert set(bpjs["status"]) == {"AKTIF", "NONAKTIF"} and set(bpjs["segmen"]) <= {
        "PU",
        "BPU",
        "PBI",
        "JAKON",
    }
    originals = applicants.filter(pl.col("kind") == "original").select("nik")
    found = originals.join(bpjs, on="nik")
    assert found.height == round(0.10 * originals.height)
    assert 0.5 < (found["status"] == "AKTIF").mean() < 0.7


def test_extracts_work_without_a_ground_truth_file(files, tmp_path):
    applicants = tmp_path / "pendaftar.csv"
    shutil.copy(files["applicants"], applicants)  # the truth file stays behind
    summary = synth.write_poverty(
        tmp_path / "dtsen.csv", seed=1, rows=40_000, applicants=applicants, coverage=0.5
    )
    poverty = read(tmp_path / "dtsen.csv")
    assert poverty["nik"].n_unique() == poverty.height == 40_000
    assert summary["applicants"] > 0.45 * read(applicants)["nik"].n_unique()


def test_an_extract_smaller_than_the_overlap_is_all_applicants(files, tmp_path):
    summary = synth.write_poverty(tmp_path / "small.csv", seed=1, rows=1000, applicants=files["applicants"])
    assert summary == {"rows": 1000, "applicants": 1000, "others": 0}


# --- Participants and invoices -------------------------------------------------------------------


def test_participants_were_eligible_and_some_have_left(files, region_codes):
    members = read(files["participants"])
    assert members["nik"].n_unique() == members.height and members["kpj"].n_unique() == members.height
    city_villages = {c for c in region_codes if c.startswith("64.71.") and len(c) == 13}
    assert set(members["kode_wilayah"]) <= city_villages
    assert (
        not members["pekerjaan"]
        .is_in(["karyawan_swasta", "pns", "tni_polri", "pengusaha", "tidak_bekerja"])
        .any()
    )
    assert (members["mulai_kepesertaan"] == "2025-04-01").mean() > 0.6
    ended = members.filter(pl.col("akhir_kepesertaan").is_not_null())
    assert 0.01 < ended.height / members.height < 0.1
    assert set(ended["alasan_berhenti"]) == {
        "meninggal",
        "pindah_domisili",
        "mampu_mandiri",
        "pekerja_formal",
        "batas_usia",
    }
    assert (ended["akhir_kepesertaan"] >= ended["mulai_kepesertaan"]).all()
    for row in members.head(3000).iter_rows(named=True):
        check = nik_rules.check(
            row["nik"], birth_date=date.fromisoformat(row["tanggal_lahir"]), sex=row["jenis_kelamin"]
        )
        assert check.is_valid and not check.warnings


def test_invoice_truth_matches_the_billing_rule(files):
    """Recompute who is billed for January 2026 with the calendar functions (DOMAIN.md §5)."""
    first = date(2026, 1, 1)
    members = read(files["participants"])
    due = set()
    for row in members.iter_rows(named=True):
        began, ended = date.fromisoformat(row["mulai_kepesertaan"]), row["akhir_kepesertaan"]
        covered = began <= first and (ended is None or date.fromisoformat(ended) >= first)
        if covered and completed_months(date.fromisoformat(row["tanggal_lahir"]), first) <= 779:
            due.add(row["kpj"])
    assert any(
        row["alasan_berhenti"] is None and row["kpj"] not in due for row in members.iter_rows(named=True)
    )
    truth = read(files["reconciliation"])
    ours = set(truth.filter(pl.col("jumlah_pemda").is_not_null())["kpj"])
    assert ours == due
    invoice = read(files["invoice"])
    assert set(invoice["bulan"]) == {"2026-01"}
    merged = truth.join(invoice, on=["nik", "kpj"], how="left")
    statuses = Counter(truth["status"])
    assert statuses["COCOK"] > 0.95 * len(due)
    for status in ("TIDAK_ADA_DI_TAGIHAN", "TIDAK_ADA_DI_DATA_PEMDA", "SELISIH_NOMINAL"):
        assert 0 < statuses[status] < 0.01 * len(due)
    for row in merged.iter_rows(named=True):
        if row["status"] == "COCOK":
            assert (row["iuran_jkk"], row["iuran_jkm"], row["jumlah"]) == ("10000", "6800", "16800")
        elif row["status"] == "TIDAK_ADA_DI_TAGIHAN":
            assert row["jumlah"] is None
        elif row["status"] == "SELISIH_NOMINAL":
            assert row["jumlah"] != "16800" and int(row["iuran_jkk"]) + int(row["iuran_jkm"]) == int(
                row["jumlah"]
            )
        else:
            assert row["jumlah_pemda"] is None and row["jumlah"] is not None
    assert invoice.height == truth.filter(pl.col("jumlah_bpjs").is_not_null()).height


# --- Command line ------------------------------------------------------------------------------


def test_command_writes_applicants_and_truth(tmp_path, capsys):
    out = tmp_path / "pendaftar.csv"
    call_command("synth", "applicants", "--rows", "500", "--seed", "3", "--out", str(out))
    assert header(out) == CONTRACT["applicants"]
    assert read(out).height == 500 and read(synth.truth_path(out)).height == 500
    assert str(out) in capsys.readouterr().out


def test_command_all_writes_every_file(tmp_path):
    call_command(
        "synth",
        "-v",
        "0",
        "all",
        "--applicants-rows",
        "2000",
        "--poverty-rows",
        "5000",
        "--bpjs-rows",
        "3000",
        "--participants-rows",
        "1000",
        "--seed",
        "4",
        "--dir",
        str(tmp_path / "bench"),
    )
    names = sorted(p.name for p in (tmp_path / "bench").iterdir())
    assert names == [
        "applicants.csv",
        "applicants.csv.truth.csv",
        "bpjs.csv",
        "invoice-2026-01.csv",
        "invoice-2026-01.csv.truth.csv",
        "participants.csv",
        "poverty.csv",
    ]
    call_command(
        "synth",
        "poverty",
        "--rows",
        "5000",
        "--seed",
        "4",
        "--applicants",
        str(tmp_path / "bench" / "applicants.csv"),
        "--out",
        str(tmp_path / "poverty.csv"),
    )
    assert (tmp_path / "poverty.csv").read_bytes() == (tmp_path / "bench" / "poverty.csv").read_bytes()


def test_command_refuses_bad_options(tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "synth", "applicants", "--rows", "10", "--out", str(tmp_path / "x.csv"), "--duplicates", "2"
        )
    with pytest.raises(CommandError):
        call_command(
            "synth",
            "poverty",
            "--rows",
            "10",
            "--out",
            str(tmp_path / "x.csv"),
            "--applicants",
            str(tmp_path / "none.csv"),
        )
