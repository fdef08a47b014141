"""What the generator tests share: the contract's headers, and one generated data set for the session."""

from __future__ import annotations

import csv
import gzip
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from lindung import synth

DATA = Path(synth.__file__).resolve().parents[1] / "data"
SEED = 11
APPLICANTS = 30_000
NIK_TODAY = date(2026, 12, 31)
UMK_2026 = Decimal("3856694.43")
# DESIGN.md §4: a contract other tools rely on.
CONTRACT = {
    "applicants": "nik,no_kk,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,alamat,kode_wilayah,telepon,"
    "pekerjaan,penghasilan_bulanan,domisili_sejak,disabilitas,tanggal_daftar",
    "truth": "row,nik,entity_id,kind",
    "poverty": "nik,no_kk,desil,miskin_ekstrem",
    "bpjs": "nik,kpj,segmen,status",
    "participants": "nik,kpj,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,pekerjaan,mulai_kepesertaan,"
    "akhir_kepesertaan,alasan_berhenti",
    "invoice": "nik,kpj,nama,bulan,iuran_jkk,iuran_jkm,jumlah",
}


def read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def header(path: Path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.readline().rstrip("\n")


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("synth")
    synth.write_all(
        directory,
        seed=SEED,
        applicants_rows=APPLICANTS,
        poverty_rows=60_000,
        bpjs_rows=40_000,
        participants_rows=20_000,
    )
    return {
        "applicants": directory / "applicants.csv",
        "truth": directory / "applicants.csv.truth.csv",
        "poverty": directory / "poverty.csv",
        "bpjs": directory / "bpjs.csv",
        "participants": directory / "participants.csv",
        "invoice": directory / "invoice-2026-01.csv",
        "reconciliation": directory / "invoice-2026-01.csv.truth.csv",
    }


@pytest.fixture(scope="session")
def applicants(files) -> pl.DataFrame:
    """Applicant rows with their ground truth alongside."""
    rows, truth = read(files["applicants"]), read(files["truth"])
    assert rows.height == truth.height == APPLICANTS
    return pl.concat([rows, truth.rename({"nik": "truth_nik"})], how="horizontal")


@pytest.fixture(scope="session")
def region_codes() -> set[str]:
    with gzip.open(DATA / "wilayah_kemendagri_2025.csv.gz", "rt", encoding="utf-8") as fh:
        return {row["kode"].strip() for row in csv.DictReader(fh)}


