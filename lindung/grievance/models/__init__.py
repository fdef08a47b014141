"""The complaint and its parts (complaints.py) and the tenant's complaint rules (configuration.py)."""

from .complaints import (  # noqa: F401
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Attachment,
    Category,
    Channel,
    Comment,
    Complaint,
    Event,
    HandlerKind,
    Reporter,
    SlaState,
    Status,
)
from .configuration import DayOff, PolicyOverride  # noqa: F401
