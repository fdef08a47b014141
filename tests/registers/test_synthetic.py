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


def probable_flags(got) -> dict[int, tuple[int, str | None]]:
    """row -> (earlier row, why in words) for every KEMUNGKINAN_GANDA row of a result."""
    flags = {}
    for i, r in enumerate(got, start=1):
        if "KEMUNGKINAN_GANDA" not in r["alasan"].split(";"):
            continue
        text = r["alasan_teks"].split("Kemungkinan orang yang sama dengan baris ")[1].split("; ")[0]
        row, _, why = text.partition(" (NIK berbeda)")
        flags[i] = (int(row), why.removeprefix(": ") or None)
    return flags


def test_the_cli_and_the_evaluator_agree_on_generated_records(generated, tmp_path):
    got = screen_file(generated, tmp_path / "hasil.csv", dedupe=False)
    expected = assert_same_as_the_evaluator(generated, got)
    decisions = {e.decision.keputusan for e in expected}
    assert decisions == {"LAYAK", "TIDAK_LAYAK", "PERLU_VERIFIKASI", "DATA_TIDAK_VALID"}  # the data covers them all
    assert any("NIK_GANDA" in e.decision.alasan for e in expected)
    assert not any("KEMUNGKINAN_GANDA" in r["alasan"] for r in got)  # --no-dedupe


def test_probable_duplicates_under_another_nik_by_default(generated, tmp_path):
    """The shipped model, without any option: the generator's NIK typos are found, each flag explained."""
    got = screen_file(generated, tmp_path / "hasil.csv")
    flags = probable_flags(got)
    truth = {int(t["row"]): t for t in rows_of(generated["applicants"].with_name("pendaftar.csv.truth.csv"))}
    typos = {row for row, t in truth.items() if t["kind"] == "nik_typo"}
    true_flags = {row for row, (first, _) in flags.items() if truth[row]["entity_id"] == truth[first]["entity_id"]}
    assert len(true_flags) / len(flags) >= 0.95, "precision"
    assert len(true_flags & typos) / len(typos) >= 0.9, "recall"
    assert all(got[row - 1]["keputusan"] in ("PERLU_VERIFIKASI", "TIDAK_LAYAK", "DATA_TIDAK_VALID") for row in flags)
    assert all(first < row and why for row, (first, why) in flags.items())
    assert any("NIK beda satu angka" in why for _, why in flags.values())
    # The flag is an input to the rule set like any other: both executors still agree.
    assert_same_as_the_evaluator(generated, got, probable_duplicates=flags)


def test_when_the_model_cannot_be_read_explicit_rules_decide(generated, tmp_path, monkeypatch):
    """The documented fallback: the batch is still screened, and the generator's typos still found."""
    from lindung.registers import dedupe

    monkeypatch.setattr(dedupe, "MODEL_PATH", tmp_path / "tidak-ada.json")
    got = screen_file(generated, tmp_path / "hasil.csv")
    flags = probable_flags(got)
    truth = {int(t["row"]): t for t in rows_of(generated["applicants"].with_name("pendaftar.csv.truth.csv"))}
    typos = {row for row, t in truth.items() if t["kind"] == "nik_typo"}
    assert len(set(flags) & typos) / len(typos) >= 0.8
    assert_same_as_the_evaluator(generated, got, probable_duplicates=flags)
