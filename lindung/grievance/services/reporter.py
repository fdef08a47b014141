"""What the reporter does on the public tracking page, once the ticket number and phone number have
matched (lindung.grievance.selectors.track): accept the answer, or reopen the complaint within the
window after it (SP4N-LAPOR!: 10 working days by default). No account: the audit trail names the
actor "pelapor"."""

from __future__ import annotations

from django.db import transaction

from lindung.domain import grievance as g

from ..actions import Action
from ..models import Comment, Complaint, Status
from ..tenant_rules import rules_for
from .common import REPORTER, ComplaintInvalid, ComplaintRefused, evaluate, move

MAX_REASON = 2000


@transaction.atomic
def accept_answer(*, complaint: Complaint) -> Complaint:
    if complaint.status != Status.DIJAWAB:
        raise ComplaintRefused("Pengaduan ini belum dijawab atau sudah ditutup.")
    return move(REPORTER, complaint, Status.SELESAI, actor_kind=g.PELAPOR, action=Action.COMPLAINT_CLOSE,
                reason="jawaban diterima pelapor")


@transaction.atomic
def reopen(*, complaint: Complaint, reason: str) -> Complaint:
    reason = (reason or "").strip()
    if not reason:
        raise ComplaintInvalid({"reason": "Tuliskan mengapa jawaban belum menyelesaikan masalah Anda."})
    rules = rules_for(complaint.tenant)
    if complaint.status != Status.DIJAWAB or not evaluate(complaint, rules).may_reopen:
        raise ComplaintRefused("Pengaduan ini tidak dapat dibuka kembali: belum dijawab, sudah ditutup, atau batas "
                               "waktu menanggapi jawaban sudah lewat. Silakan ajukan pengaduan baru.")
    move(REPORTER, complaint, Status.DIBUKA_KEMBALI, actor_kind=g.PELAPOR, action=Action.COMPLAINT_REOPEN,
         reason=reason[:MAX_REASON], rules=rules)
    Comment.objects.create(complaint=complaint, author_name="pelapor", from_reporter=True, internal=False,
                           text=reason[:MAX_REASON])
    return complaint
