"""Streaming, deterministic synthetic data for Kota Balikpapan (`lindung synth`).

Pure Python plus Polars/PyArrow, no Django. Same seed and sizes give byte-identical files; every
generator works chunk by chunk, so 10**7 rows take the same memory as 10**4.

Files (columns as in DESIGN.md §4):
- applicants + ground truth (`write_applicants`, `applicants`, `applicant_records`);
- DTSEN poverty extract and BPJS registry extract overlapping the applicants (`write_poverty`,
  `write_bpjs`);
- participants of a running programme and BPJS's monthly invoice for them, with the expected
  reconciliation (`write_participants`, `participants`, `write_invoice`);
- all of them at once (`write_all`).

Synthetic NIKs are valid, consistent with birth date and sex, unique, and carry a hidden check digit
(see identity.py) so that a generated one-digit typo never lands on another generated person.
"""

from .applicants import COLUMNS as APPLICANT_COLUMNS
from .applicants import (
    KINDS,
    TRUTH_COLUMNS,
    Truth,
    applicant_chunks,
    applicant_records,
    applicants,
    collection_window,
    truth_path,
    write_applicants,
)
from .dataset import write_all
from .extracts import BPJS_COLUMNS, POVERTY_COLUMNS, write_bpjs, write_poverty
from .membership import (
    INVOICE_COLUMNS,
    PARTICIPANT_COLUMNS,
    RECONCILIATION_TRUTH_COLUMNS,
    billable,
    participant_chunks,
    participants,
    write_invoice,
    write_participants,
)

# fmt: off
__all__ = [
    "APPLICANT_COLUMNS", "BPJS_COLUMNS", "INVOICE_COLUMNS", "KINDS", "PARTICIPANT_COLUMNS", "POVERTY_COLUMNS",
    "RECONCILIATION_TRUTH_COLUMNS", "TRUTH_COLUMNS", "Truth",
    "applicant_chunks", "applicant_records", "applicants",
    "billable", "collection_window", "participant_chunks", "participants", "truth_path", "write_all",
    "write_applicants", "write_bpjs", "write_invoice", "write_participants", "write_poverty",
]
# fmt: on
