"""Issue 15: the province's rule set (Pergub Kaltim 40/2025) applies its provisional age bounds, and says so."""

from __future__ import annotations

from datetime import date
from io import StringIO

from django.core.management import call_command

from .conftest import applicant, read_csv

PROVINCE = "kaltim-pergub-40-2025"


def screen(files, rows):
    paths = files(rows)
    out = StringIO()
    call_command("screen", ruleset=PROVINCE, applicants=str(paths["applicants"]), poverty=str(paths["poverty"]),
                 bpjs=str(paths["bpjs"]), out=str(paths["out"]), quiet=True, stdout=out)
    return read_csv(paths["out"]), out.getvalue()


def test_a_17_year_old_is_refused_with_the_provisional_age_bound(files):
    rows, _ = screen(files, [applicant(born=date(2007, 7, 2))])  # 17 on 2025-07-01, 18 the day after
    row = rows[0]
    assert row["keputusan"] == "TIDAK_LAYAK"
    assert "USIA_DI_LUAR_BATAS" in row["alasan"].split(";")
    assert "sementara" in row["alasan_teks"].lower()


def test_65_in_completed_years_passes_and_66_does_not(files):
    on_65 = applicant(born=date(1960, 7, 1))  # 65th birthday on the application date 2025-07-01
    day_before_66 = applicant(born=date(1959, 7, 2))  # still 65 years old
    on_66 = applicant(born=date(1959, 7, 1))
    seventeen = applicant(born=date(2007, 7, 2))
    eighteen = applicant(born=date(2007, 7, 1))
    rows, _ = screen(files, [on_65, day_before_66, on_66, seventeen, eighteen])
    failed = ["USIA_DI_LUAR_BATAS" in r["alasan"].split(";") for r in rows]
    assert failed == [False, False, True, True, False]
