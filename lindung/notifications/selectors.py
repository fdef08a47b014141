"""Reading the outbox: the labour agency and the auditor see their government's messages."""

from django.db.models import QuerySet

from lindung.accounts.permissions import can_read_audit
from lindung.platform.errors import require

from .models import Message


def messages_for(user) -> QuerySet[Message]:
    require(can_read_audit(user), "Hanya Dinas Tenaga Kerja dan auditor yang membaca log pesan.")
    qs = Message.objects.all()
    return qs if user.is_superuser and not user.tenant_id else qs.filter(tenant_id=user.tenant_id)
