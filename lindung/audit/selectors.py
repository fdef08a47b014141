from lindung.accounts.permissions import can_read_audit
from lindung.platform.errors import require

from .models import AuditEvent


def events_for(user, *, target_type: str = "", target_id: str = ""):
    """Audit events a user may read: all of their tenant's (auditor, labour agency), newest first."""
    require(can_read_audit(user), "Hanya auditor dan pengelola program yang dapat membaca jejak audit.")
    qs = AuditEvent.objects.all()
    if not user.is_superuser:
        qs = qs.filter(tenant_id=user.tenant_id)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    return qs
