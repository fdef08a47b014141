"""Writing claims: one module per duty. `record` (the officer's page), `imports` (BPJS's claim report),
`common` (what both share: permission, the termination a death claim proposes, the scholarship guard)."""

from . import common, imports, record  # noqa: F401
from .common import ClaimInvalid  # noqa: F401
