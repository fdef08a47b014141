"""Billing's refusal: a ValueError whose message, in Bahasa Indonesia, says why (shown beside the form or
printed by the command)."""


class BillingError(ValueError):
    """A billing action that cannot be carried out; the message says why."""
