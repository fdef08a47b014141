"""Benefit claims (JKK, JKM, scholarship) from BPJS's claim report: checking an import row (DESIGN.md §4
"Claims import"), which claims end membership (Pasal 10 huruf a), the JKM funeral-only rule, and the
scholarship guard on the contribution period.

Pure Python. The facts the rules rest on are mostly unconfirmed (DOMAIN.md §4): they are effective-dated
data in lindung/data/claims.yaml, never constants here. See docs/GRIEVANCE.md and docs/CLAIMS.md.

One module per responsibility; this package re-exports them so callers write `claims.check_claim_row`:
- `vocabulary`: types, benefits, statuses and transitions, import results;
- `policy`: the parameters of lindung/data/claims.yaml;
- `rows`: one import row, checked (`check_claim_row`), its outcome against what is stored, its result line;
- `consequences`: the termination a death claim proposes, the JKM funeral-only rule, the payment deadline;
- `scholarship`: the contribution period a scholarship needs.
"""

from .consequences import (
    Period,
    TerminationProposal,
    check_against_membership,
    jkm_benefit,
    jkm_payment_due,
    termination_for,
)
from .policy import POLICY_PATH, ClaimsPolicy, load_policy, parse_policy
from .rows import ClaimRow, check_claim_row, import_outcome, result_row
from .scholarship import ContributionPeriod, scholarship_contribution_period
from .vocabulary import (
    BEASISWA,
    BENEFIT_ALIASES,
    BENEFITS,
    CACAT,
    CLAIM_TYPES,
    DEATH_WORDS,
    DIAJUKAN,
    DIBAYAR,
    DICATAT,
    DITOLAK,
    HASIL_DITOLAK,
    JKK,
    JKM,
    KEMATIAN,
    LAYOUT,
    PEMAKAMAN,
    PERAWATAN,
    RESULT_COLUMNS,
    STATUSES,
    STMB,
    SUDAH_ADA,
    TERMINATION_CITE,
    TERMINATION_REASON,
    TRANSITIONS,
    can_move,
)

__all__ = [
    "BEASISWA", "BENEFITS", "BENEFIT_ALIASES", "CACAT", "CLAIM_TYPES", "DEATH_WORDS", "DIAJUKAN", "DIBAYAR",
    "DICATAT", "DITOLAK", "HASIL_DITOLAK", "JKK", "JKM", "KEMATIAN", "LAYOUT", "PEMAKAMAN", "PERAWATAN",
    "POLICY_PATH", "RESULT_COLUMNS", "STATUSES", "STMB", "SUDAH_ADA", "TERMINATION_CITE", "TERMINATION_REASON",
    "TRANSITIONS", "ClaimRow", "ClaimsPolicy", "ContributionPeriod", "Period", "TerminationProposal", "can_move",
    "check_against_membership", "check_claim_row", "import_outcome", "jkm_benefit", "jkm_payment_due",
    "load_policy", "parse_policy", "result_row", "scholarship_contribution_period", "termination_for",
]
