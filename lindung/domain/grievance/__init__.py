"""Complaints (Pasal 13): categories and channels, routing to a handler, the status machine, service
levels and their evaluation, ticket numbers, and the complaints-import row (DESIGN.md §4).

Pure Python. Routing and service levels are effective-dated data (lindung/data/grievance.yaml, with
per-tenant overrides stored by the Django side); the rules that apply to a complaint are those in force
on the day it was received. Every deadline is a date in the tenant's local time, counted in working
days by lindung.domain.workdays.WorkCalendar. See docs/GRIEVANCE.md.

One module per responsibility; this package re-exports them so that callers write
`from lindung.domain import grievance as g` and `g.route(...)`, `g.evaluate(...)`.
"""

from .policy import (  # noqa: F401
    MAX_LEVEL_DAYS,
    POLICY_PATH,
    CategoryRule,
    GrievancePolicy,
    ServiceLevel,
    load_policy,
    parse_policy,
)
from .routing import (  # noqa: F401
    DataCollector,
    Route,
    reporter_visible,
    route,
)
from .rows import (  # noqa: F401
    LAYOUT,
    MAX_TEXT,
    RESULT_COLUMNS,
    ComplaintPlan,
    ComplaintRow,
    parse_category,
    parse_channel,
    parse_complaint_row,
    parse_received_at,
    phone_key,
    plan,
    result_row,
)
from .sla import (  # noqa: F401
    SlaReport,
    StatusChange,
    at_risk_from,
    due_dates,
    evaluate,
)
from .tickets import (  # noqa: F401
    TICKET_ALPHABET,
    TICKET_PREFIX,
    TICKET_RANDOM_LENGTH,
    new_ticket_number,
    normalize_ticket_number,
)
from .vocabulary import (  # noqa: F401
    ACTORS,
    AUDITOR,
    BPJS,
    CATEGORIES,
    CHANNEL_ALIASES,
    CHANNELS,
    CLOSED,
    DIBUKA_KEMBALI,
    DIJAWAB,
    DIPROSES,
    DITERIMA,
    DITUTUP_OTOMATIS,
    H_AGENCY,
    H_AGENCY_HEAD,
    H_BPJS,
    H_DATA_COLLECTOR,
    HAMPIR_JATUH_TEMPO,
    HANDLER_KINDS,
    IURAN,
    KECELAKAAN_KERJA,
    KELURAHAN_PREFIX,
    KEPESERTAAN,
    KLAIM_MANFAAT,
    LABOUR_AGENCY_HEAD,
    LAINNYA,
    PELAPOR,
    PENDATAAN,
    PETUGAS,
    PUNGLI,
    SEALED_VISIBLE_TO,
    SELESAI,
    SISTEM,
    SLA_STATES,
    STATUSES,
    STEP_FOLLOW_UP,
    STEP_RESPONSE,
    TEPAT_WAKTU,
    TERLAMBAT,
    TERRITORIAL,
    TRANSITIONS,
    GrievanceError,
    can_move,
    check_move,
)
