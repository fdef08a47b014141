"""Writing the way from a submitted application to an enrolled participant, one module per legal step
(Perwali 3/2025 Pasal 6-8). Each step belongs to one role and checks it; each moves applications only
through `status.move` / `status.move_many` and writes the audit trail.

- `cycles`      open a programme's yearly cycle (Pasal 8 ayat (1))
- `submit`      an application from the public form or an officer, correction, documents (Pasal 6-7)
- `bulk_intake` a spreadsheet of applicants, screened and turned into applications (Pasal 6)
- `verify`      the responsible officer's verification (Pasal 7 ayat (2))
- `bpjs_check`  the candidate check with BPJS (Pasal 8 ayat (2))
- `consolidate` TVEM consolidation, duplicates, ranking against the quota (Pasal 8 ayat (3))
- `decree`      the decree and amending decrees (Pasal 8 ayat (4)-(5))
- `enrol`       registration with BPJS and the KPJ answer (Pasal 8 ayat (6))
- `status`      the one door for status changes, and the refusals every step raises
"""

from . import (  # noqa: F401, E402
    bpjs_check,
    bulk_intake,
    consolidate,
    cycles,
    decree,
    enrol,
    status,
    submit,
    verify,
)
