"""What membership tells the apps above it (a registry by Django's signals: membership never imports them).

`funding_assigned(actor, programme, year)`: the funding assignment of a budget year was replaced; billing
brings the year's bills in line with it (draft months re-made, lines of locked months without a source
given one when it is the same payer's)."""

from django.dispatch import Signal

funding_assigned = Signal()
