"""What the complaint-rule tests share: the shipped policy, a calendar, a Lampiran I, a quiet Friday."""

from datetime import date

from lindung.domain import grievance as g
from lindung.domain.workdays import WorkCalendar

CAL = WorkCalendar()
POLICY = g.load_policy()
LAMPIRAN_I = {"nelayan": "dp3", "tukang_ojek": "dishub", "pemulung": g.TERRITORIAL}
FRIDAY = date(2026, 1, 9)  # a week with no holiday: due Wed 14 Jan


def change(status, day, actor=None):
    return g.StatusChange(status, day, actor)


def override(name, value, start="2026-01-01", ref="Keputusan Kepala Dinas (contoh)"):
    return {name: [{"from": start, "value": value, "ref": ref}]}
