"""`lindung screen` on thousands of generated applicants (`lindung synth`, with its own duplicates and
malformed rows): the CSV it writes says, row for row, what the per-record evaluator says; and the
Splink step finds the generator's NIK-typo duplicates."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from django.core.management import call_command

from lindung.domain.rules import load
from lindung.domain.rules.evaluate import screen_records

from .conftest import read_csv

RULESET = "balikpapan-perwali-3-2025"
RANKED_ON = date(2026, 9, 30)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("synth")
    files = {"applicants": tmp / "pendaftar.csv", "poverty": tmp / "dtsen.csv", "bpjs": tmp / "bpjs.csv"}
    call_command("synth", "-v", "0", "applicants", "--rows", "4000", "--seed", "11", "--out", str(files["applicants"]))
    call_command("synth", "-v", "0", "poverty", "--rows", "30000", "--seed", "11",
                 "--applicants", str(files["applicants"]), "--out", str(files["poverty"]))
    call_command("synth", "-v", "0", "bpjs", "--rows", "15000", "--seed", "11",
                 "--applicants", str(files["applicants"]), "--out", str(files["bpjs"]))
    return files


def screen_file(files, out, **options):
    call_command("screen", ruleset=RULESET, applicants=str(files["applicants"]), poverty=str(files["poverty"]),
                 bpjs=str(files["bpjs"]), out=str(out), quiet=True, ranked_on=RANKED_ON, **options)
    return read_csv(out)


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def assert_same_as_the_evaluator(files, got, probable_duplicates=None):
    expected = screen_records(load(RULESET), rows_of(files["applicants"]), rows_of(files["poverty"]),
                              rows_of(files["bpjs"]), ranked_on=RANKED_ON, probable_duplicates=probable_duplicates)
    assert len(got) == len(expected) == 4000
    mismatches = [
        (e.row, e.decision.keputusan, g["keputusan"], ";".join(e.decision.alasan), g["alasan"])
        for e, g in zip(expected, got, strict=True)
        if (e.decision.keputusan, ";".join(e.decision.alasan), e.decision.alasan_teks, str(e.prioritas or ""))
        != (g["keputusan"], g["alasan"], g["alasan_teks"], g["prioritas"])
    ]
    assert mismatches == []
    return expected


def test_the_cli_and_the_evaluator_agree_on_generated_records(generated, tmp_path):
    got = screen_file(generated, tmp_path / "hasil.csv")
    expected = assert_same_as_the_evaluator(generated, got)
    decisions = {e.decision.keputusan for e in expected}
    assert decisions == {"LAYAK", "TIDAK_LAYAK", "PERLU_VERIFIKASI", "DATA_TIDAK_VALID"}  # the data covers them all
    assert any("NIK_GANDA" in e.decision.alasan for e in expected)


@pytest.mark.parametrize("model_min_rows", [10**9, 1000], ids=["explicit-rules", "splink-model"])
def test_probable_duplicates_under_another_nik(generated, tmp_path, monkeypatch, model_min_rows):
    """Both matchers — explicit rules (small batches) and the Splink model (large ones) — on the same data."""
    from lindung.registers import dedupe

    monkeypatch.setattr(dedupe, "MODEL_MIN_ROWS", model_min_rows)
    got = screen_file(generated, tmp_path / "hasil.csv", dedupe=True)
    flagged = {i + 1: int(r["alasan_teks"].split("Kemungkinan orang yang sama dengan baris ")[1].split(" ")[0])
               for i, r in enumerate(got) if "KEMUNGKINAN_GANDA" in r["alasan"].split(";")}
    truth = {int(t["row"]): t for t in rows_of(generated["applicants"].with_name("pendaftar.csv.truth.csv"))}
    typos = {row for row, t in truth.items() if t["kind"] == "nik_typo"}
    true_flags = {row for row, first in flagged.items() if truth[row]["entity_id"] == truth[first]["entity_id"]}
    assert len(true_flags) / len(flagged) >= 0.95, "precision"
    assert len(true_flags & typos) / len(typos) >= 0.9, "recall"
    assert all(got[row - 1]["keputusan"] in ("PERLU_VERIFIKASI", "TIDAK_LAYAK", "DATA_TIDAK_VALID") for row in flagged)
    # The flag is an input to the rule set like any other: both executors still agree.
    assert_same_as_the_evaluator(generated, got, probable_duplicates=flagged)


def test_a_batch_too_small_to_train_a_model_falls_back_to_rules(tmp_path, monkeypatch):
    """Splink cannot learn from a few hundred rows (EM finds no pairs in a block): the batch must still be
    screened, with the explicit rules deciding."""
    from lindung import synth
    from lindung.registers import dedupe

    monkeypatch.setattr(dedupe, "MODEL_MIN_ROWS", 0)
    applicants = tmp_path / "kecil.csv"
    synth.write_applicants(applicants, seed=3, rows=300, year=2026)
    files = {"applicants": applicants, "poverty": tmp_path / "p.csv", "bpjs": tmp_path / "b.csv"}
    synth.write_poverty(files["poverty"], seed=3, rows=600, applicants=applicants)
    synth.write_bpjs(files["bpjs"], seed=3, rows=300, applicants=applicants)
    got = screen_file(files, tmp_path / "hasil.csv", dedupe=True)
    assert len(got) == 300
