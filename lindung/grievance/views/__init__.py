"""Complaint pages: public (form, receipt, tracking), the desk (entry and slip), the handling office
(worklist, complaint page and its steps, statistics, import)."""
