"""Pages of the claims app: `claims` (records, participants, the deaths worklist, statistics), `imports`
(BPJS's claim report)."""
