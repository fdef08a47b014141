"""`lindung synth all`: every benchmark file, consistent with one another, in one directory.

Each file is made exactly as its own command would make it with the same seed (every part draws
from its own named stream), so `all` is a convenience, never a different dataset.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lindung.domain.calendar import Month
from lindung.domain.progress import Progress, silent

from .applicants import write_applicants
from .extracts import write_bpjs, write_poverty
from .membership import write_invoice, write_participants

APPLICANTS_FILE = "applicants.csv"
POVERTY_FILE = "poverty.csv"
BPJS_FILE = "bpjs.csv"
PARTICIPANTS_FILE = "participants.csv"


def programme_start(year: int) -> date:
    """When the participants of a programme year's billing benchmark were enrolled: the year before."""
    return date(year - 1, 4, 1)


def invoice_file(month: Month) -> str:
    return f"invoice-{month}.csv"


def write_all(
    directory: str | Path,
    *,
    seed: int,
    applicants_rows: int,
    poverty_rows: int,
    bpjs_rows: int,
    participants_rows: int = 100_000,
    year: int = 2026,
    duplicates: float = 0.05,
    malformed: float = 0.005,
    poverty_coverage: float = 0.85,
    bpjs_coverage: float = 0.10,
    active_share: float = 0.6,
    month: Month | str | None = None,
    differences: float = 0.01,
    progress: Progress = silent,
) -> dict[str, dict]:
    """Write applicants (+ truth), poverty and BPJS extracts overlapping them, participants and
    their invoice for `month` (default: January of `year`). Returns a summary per file name."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    month = Month.parse(month) if isinstance(month, str) else month or Month(year, 1)
    applicants = directory / APPLICANTS_FILE
    participants = directory / PARTICIPANTS_FILE
    summary: dict[str, dict] = {}
    summary[APPLICANTS_FILE] = dict(
        write_applicants(
            applicants,
            seed=seed,
            rows=applicants_rows,
            year=year,
            duplicates=duplicates,
            malformed=malformed,
            progress=progress,
        )
    )
    summary[POVERTY_FILE] = write_poverty(
        directory / POVERTY_FILE,
        seed=seed,
        rows=poverty_rows,
        applicants=applicants,
        coverage=poverty_coverage,
        year=year,
        progress=progress,
    )
    summary[BPJS_FILE] = write_bpjs(
        directory / BPJS_FILE,
        seed=seed,
        rows=bpjs_rows,
        applicants=applicants,
        coverage=bpjs_coverage,
        active_share=active_share,
        year=year,
        progress=progress,
    )
    summary[PARTICIPANTS_FILE] = write_participants(
        participants,
        seed=seed,
        rows=participants_rows,
        start=programme_start(year),
        as_of=month.first_day,
        progress=progress,
    )
    summary[invoice_file(month)] = write_invoice(
        directory / invoice_file(month),
        participants=participants,
        month=month,
        seed=seed,
        differences=differences,
        progress=progress,
    )
    return summary
