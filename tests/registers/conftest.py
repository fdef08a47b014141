"""Building small exchange files for the screening tests."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.domain import nik as nik_rules
from lindung.domain.exchange import APPLICANTS
from lindung.registers import services

_serials = itertools.count(1)


def applicant(*, born: date = date(1990, 5, 17), sex: str = "L", nik_district: str = "64.71.01",
              nik: str | None = None, **overrides) -> dict:
    """A Balikpapan applicant who passes every criterion on 2025-07-01; override what a case is about."""
    row = {
        "nik": nik or nik_rules.make(nik_district, born, sex, next(_serials)),
        "no_kk": "6471010101010001",
        "nama": "Siti Aminah" if sex == "P" else "Budi Santoso",
        "tempat_lahir": "Balikpapan",
        "tanggal_lahir": born.isoformat(),
        "jenis_kelamin": sex,
        "alamat": "Jl. Mulawarman RT 01",
        "kode_wilayah": "64.71.01.1001",
        "telepon": "081234567890",
        "pekerjaan": "pemulung",
        "penghasilan_bulanan": "1500000",
        "domisili_sejak": "2015-01-01",
        "disabilitas": "tidak",
        "tanggal_daftar": "2025-07-01",
    }
    row.update(overrides)
    return row


def write_csv(path: Path, rows: list[dict], columns=None) -> Path:
    columns = list(columns or (rows[0].keys() if rows else APPLICANTS.columns))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") if row.get(c) is not None else "" for c in columns])
    return path


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def files(tmp_path):
    """Write applicants, poverty and BPJS files into tmp_path; returns their paths."""

    def make(applicants: list[dict], poverty: list[dict] | None = None, bpjs: list[dict] | None = None,
             *, suffix: str = ".csv") -> dict[str, Path]:
        poverty = poverty if poverty is not None else [
            {"nik": a["nik"], "no_kk": a.get("no_kk", ""), "desil": "2", "miskin_ekstrem": "tidak"} for a in applicants
        ]
        paths = {
            "applicants": write_csv(tmp_path / f"pendaftar{suffix}", applicants, APPLICANTS.columns),
            "poverty": write_csv(tmp_path / "dtsen.csv", poverty, ("nik", "no_kk", "desil", "miskin_ekstrem")),
            "bpjs": write_csv(tmp_path / "bpjs.csv", bpjs or [], ("nik", "kpj", "segmen", "status")),
        }
        paths["out"] = tmp_path / "hasil.csv"
        return paths

    return make


def csv_upload(tmp_path: Path, name: str, rows: list[dict], columns) -> SimpleUploadedFile:
    path = write_csv(tmp_path / name, rows, columns)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def import_file(user, tmp_path, kind, rows, columns, *, snapshot=date(2025, 6, 30), mapping=None, name=None):
    path = write_csv(tmp_path / (name or f"{kind}.csv"), rows, columns)
    return services.import_reference_dataset(user, kind=kind, path=path, original_name=path.name,
                                             snapshot_date=snapshot, mapping=mapping)


@pytest.fixture
def reference_data(users, tmp_path):
    rows = [applicant(), applicant(pekerjaan="pns"), applicant()]
    import_file(users["labour"], tmp_path, "kemiskinan",
                [{"nik": r["nik"], "desil": "2", "miskin_ekstrem": "tidak"} for r in rows[:2]], ("nik", "desil", "miskin_ekstrem"))
    import_file(users["labour"], tmp_path, "bpjs", [{"nik": rows[0]["nik"], "status": "NONAKTIF"}], ("nik", "status"))
    return rows
