"""Writing complaints (Perwali 3/2025 Pasal 13), one module per duty. Each checks permission
(lindung.grievance.permissions, lindung.accounts.permissions), moves a complaint only through
`common.move` (the domain's status machine) and writes the audit trail.

- `receive`   a complaint from the desk (LISAN, TERTULIS) or the public form (DARING), routed and dated
- `importing` SP4N-LAPOR! exports and desk records from a file (DESIGN.md §4), idempotent
- `handle`    take up, answer, close, reopen, assign, forward, comment, resolution, attach, link, reveal
- `reporter`  the reporter accepts the answer or reopens, from the tracking page
- `sweep`     auto-close after the reporter's silence, escalation to the head of the labour agency
- `common`    the refusals, the one door for status changes, service-level dates
"""

from . import common, handle, importing, receive, reporter, sweep  # noqa: F401
