"""Membership codes in words: why a membership ends (Pasal 10), termination proposal sources and statuses."""

from .models import EndReason, TerminationProposal

LABELS = {**dict(EndReason.choices), **dict(TerminationProposal.Source.choices)}
