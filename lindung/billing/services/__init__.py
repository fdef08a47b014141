"""Writing the monthly cycle of Pasal 11, one module per step (each payer of a co-funded programme has its
own bill, berita acara and SP2D):

- `bill`         the monthly bill per payer, with those another programme pays for left out
- `reconcile`    BPJS's invoice against a payer's bill, NIK by NIK
- `agreement`    the berita acara, its agreement, the payment (SP2D)
- `attribution`  bills following the funding assignment of their year
"""

from ..errors import BillingError
from .agreement import (
    agree,
    berita_acara_for,
    default_number,
    own_bill,
    prepare_berita_acara,
    record_payment,
    reopen,
)
from .bill import BillRun, month_of, payer_named, run_bill
from .reconcile import ReconcileOutcome, reconcile

__all__ = [
    "BillRun",
    "BillingError",
    "ReconcileOutcome",
    "agree",
    "berita_acara_for",
    "default_number",
    "month_of",
    "own_bill",
    "payer_named",
    "prepare_berita_acara",
    "reconcile",
    "record_payment",
    "reopen",
    "run_bill",
]
