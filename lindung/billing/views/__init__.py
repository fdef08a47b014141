"""Billing pages: the monthly cycle per payer (`month`), and the programme's budget year (`budget`)."""

from .budget import add_source, assign, assignments, budget
from .month import agree, download, month_page, months, pay, reopen, run, upload_invoice

__all__ = ["add_source", "agree", "assign", "assignments", "budget", "download", "month_page", "months", "pay",
           "reopen", "run", "upload_invoice"]
