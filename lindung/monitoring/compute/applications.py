"""Figures of the application cycle (Pasal 6-8), per cycle and kelurahan: where applications stand and
who they wait for, how far they went, how long each stage took, the rule set's decisions and the
articles behind refusals, and who applied (occupation, agency, sex, age band, disability, extreme
poverty). Every figure is one INSERT ... SELECT ... GROUP BY."""

from __future__ import annotations

from datetime import date, datetime

from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, TextField, Value, When
from django.db.models.functions import Cast, Coalesce

from lindung.applications.models import Application, Cycle
from lindung.audit.models import AuditEvent
from lindung.domain import indicators
from lindung.domain.rules import reasons as R
from lindung.programs.models import Programme
from lindung.tenants.models import Agency

from ..models import StageEntry, Topic
from ..stages import LONG_WAIT_DAYS, OUTCOMES, PROSES, WAITING_STATUSES, outcome_case_sql, rank_case_sql
from .sql import (
    as_datetime,
    days_between,
    insert_grouped,
    insert_select,
    json_array,
    json_element_id,
    json_is_array,
    json_text,
    table,
)

TERRITORIAL = "kewilayahan"  # the "agency" of applications collected by Camat/Lurah (Pasal 6 ayat (2))
SUBMIT = "application.submit"  # its entry is the application's creation time, read from the row itself


# --- The stage index, read from the audit trail -------------------------------------------------------


def index_stage_entries(since: datetime | None) -> int:
    """Append the status changes recorded in the audit trail since the last run: single moves (one event
    per application, its new `status` in `after`) and batch moves (one event per batch, `after` holding
    `status` and the `applications` ids). Events of the last day are read again (a long transaction may
    commit an earlier id late) and skipped when already indexed."""
    app, event, entry = table(Application), table(AuditEvent), table(StageEntry)
    last_id = StageEntry.objects.order_by("-event_id").values_list("event_id", flat=True).first() or 0
    window = as_datetime(since) if since else as_datetime(datetime(1970, 1, 2).astimezone())
    status = json_text("e.after", "status")
    # The events to read, chosen first: the casts below only ever see application ids.
    events = (f"SELECT e.id, e.at, e.target_type, e.target_id, e.after, {status} AS status FROM {event} e "
              f"WHERE (e.id > %s OR e.at >= %s) AND e.target_type IN ('applications.application', 'applications.cycle') "
              f"AND e.action <> %s AND {status} IS NOT NULL "
              f"AND NOT EXISTS (SELECT 1 FROM {entry} s WHERE s.event_id = e.id)")
    single_id = "CASE WHEN e.target_type = 'applications.application' THEN CAST(e.target_id AS BIGINT) END"
    sql = (f"INSERT INTO {entry} (application_id, status, entered_at, event_id) WITH ev AS ({events}) "
           f"SELECT a.id, e.status, e.at, e.id FROM ev e JOIN {app} a ON a.id = {single_id} "
           f"UNION ALL "
           f"SELECT a.id, e.status, e.at, e.id FROM ev e {json_array('e.after', 'x', 'applications')} "
           f"JOIN {app} a ON a.id = {json_element_id('x')} "
           f"WHERE e.target_type = 'applications.cycle' AND {json_is_array('e.after', 'applications')}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [last_id, window, SUBMIT])
        return max(cursor.rowcount, 0)


# --- Shared pieces ------------------------------------------------------------------------------------


def _base_sql() -> str:
    """Applications with their cycle's programme and tenant, and the agency code they wait for."""
    return (f"{table(Application)} a JOIN {table(Cycle)} c ON c.id = a.cycle_id "
            f"JOIN {table(Programme)} p ON p.id = c.programme_id "
            f"LEFT JOIN {table(Agency)} ag ON ag.id = a.agency_id")


AGENCY_SQL = (f"CASE WHEN a.territorial THEN '{TERRITORIAL}' ELSE COALESCE(ag.code, '') END")
KEYS = {"tenant_id": "q.tenant_id", "programme_id": "q.programme_id", "cycle_id": "q.cycle_id", "region": "q.region"}
GROUP = "p.tenant_id, c.programme_id, a.cycle_id, a.kelurahan_id"
SELECT = "p.tenant_id AS tenant_id, c.programme_id AS programme_id, a.cycle_id AS cycle_id, a.kelurahan_id AS region"


def agency_expression():
    return Case(When(territorial=True, then=Value(TERRITORIAL)), default=Coalesce(F("agency__code"), Value("")),
                output_field=CharField())


def outcome_expression():
    return Case(*(When(status=s, then=Value(o)) for s, o in OUTCOMES.items()), default=Value(PROSES),
                output_field=CharField())


def _entries_sql() -> str:
    """Every application's entries: its creation (as DIAJUKAN) and the indexed status changes."""
    return (f"SELECT id AS application_id, 'DIAJUKAN' AS status, created_at AS entered_at, 0 AS seq "
            f"FROM {table(Application)} "
            f"UNION ALL SELECT application_id, status, entered_at, event_id FROM {table(StageEntry)}")


# --- Topics -------------------------------------------------------------------------------------------


def status_figures(snapshot_id: int) -> int:
    """Where applications stand now, by agency (or Camat/Lurah) and kelurahan."""
    sql = (f"SELECT {SELECT}, a.status AS status, {AGENCY_SQL} AS agency, COUNT(*) AS n FROM {_base_sql()} "
           f"GROUP BY {GROUP}, a.status, {AGENCY_SQL}")
    return insert_select(snapshot_id, Topic.USULAN_STATUS, sql, [],
                         {**KEYS, "key": "q.status", "key2": "q.agency", "count": "q.n"})


def reached_figures(snapshot_id: int) -> int:
    """The furthest stage each application reached: from its history, or its status when the trail
    holds nothing more (a rejected application counts where it was rejected)."""
    reached = (f"SELECT application_id, MAX({rank_case_sql('status')}) AS reached FROM "
               f"(SELECT id AS application_id, status FROM {table(Application)} "
               f"UNION ALL SELECT application_id, status FROM {table(StageEntry)}) h GROUP BY application_id")
    sql = (f"SELECT {SELECT}, r.reached AS reached, COUNT(*) AS n FROM {_base_sql()} "
           f"JOIN ({reached}) r ON r.application_id = a.id GROUP BY {GROUP}, r.reached")
    return insert_select(snapshot_id, Topic.USULAN_TAHAP, sql, [], {**KEYS, "key": "q.reached", "count": "q.n"})


def stay_figures(snapshot_id: int, now: datetime) -> int:
    """Time spent in each status: stays already over (entry to the next entry), and the wait of
    applications still in a waiting status (since they entered it), with how many exceed a month."""
    waiting = ", ".join(f"'{s}'" for s in WAITING_STATUSES)
    spans = (f"SELECT application_id, status, entered_at, LEAD(entered_at) OVER "
             f"(PARTITION BY application_id ORDER BY entered_at, seq) AS left_at FROM ({_entries_sql()}) e")
    days = days_between("t.entered_at", "t.left_at")
    done = (f"SELECT {SELECT}, t.status AS status, {AGENCY_SQL} AS agency, COUNT(*) AS n, SUM({days}) AS days, "
            f"SUM(CASE WHEN {days} > {LONG_WAIT_DAYS} THEN 1 ELSE 0 END) AS long_n "
            f"FROM {_base_sql()} JOIN ({spans}) t ON t.application_id = a.id "
            f"WHERE t.left_at IS NOT NULL AND t.status IN ({waiting}) GROUP BY {GROUP}, t.status, {AGENCY_SQL}")
    count = insert_select(snapshot_id, Topic.LAMA_SELESAI, done, [],
                          {**KEYS, "key": "q.status", "key2": "q.agency", "count": "q.n", "count2": "q.long_n",
                           "amount": "q.days"})
    latest = (f"SELECT application_id, status, MAX(entered_at) AS since FROM {table(StageEntry)} "
              f"GROUP BY application_id, status")
    # Without an entry for the current status (data older than the trail), the row's last change.
    since = "COALESCE(l.since, CASE WHEN a.status = 'DIAJUKAN' THEN a.created_at END, a.updated_at)"
    wait = days_between(since, "%s")
    open_ = (f"SELECT {SELECT}, a.status AS status, {AGENCY_SQL} AS agency, COUNT(*) AS n, SUM({wait}) AS days, "
             f"SUM(CASE WHEN {wait} > {LONG_WAIT_DAYS} THEN 1 ELSE 0 END) AS long_n FROM {_base_sql()} "
             f"LEFT JOIN ({latest}) l ON l.application_id = a.id AND l.status = a.status "
             f"WHERE a.status IN ({waiting}) GROUP BY {GROUP}, a.status, {AGENCY_SQL}")
    moment = as_datetime(now)
    return count + insert_select(snapshot_id, Topic.LAMA_MENUNGGU, open_, [moment, moment],
                                 {**KEYS, "key": "q.status", "key2": "q.agency", "count": "q.n",
                                  "count2": "q.long_n", "amount": "q.days"})


def decision_figures(snapshot_id: int) -> int:
    """The rule set's decision on each application (empty: not evaluated), by outcome."""
    qs = (Application.objects.values(t=F("cycle__programme__tenant_id"), p=F("cycle__programme_id"), c=F("cycle_id"),
                                     r=F("kelurahan_id"), k=F("keputusan"), o=outcome_expression())
          .annotate(n=Count("id")).order_by())
    return insert_grouped(snapshot_id, Topic.KEPUTUSAN, qs, {"tenant_id": "t", "programme_id": "p", "cycle_id": "c",
                                                              "region": "r", "key": "k", "key3": "o", "count": "n"})


def reason_figures(snapshot_id: int) -> int:
    """Each failed criterion (code and the article it cites) of the latest evaluation, by outcome:
    why people are refused. Priority flags and NIK warnings are not refusals."""
    code, cite, effect = json_text("f.value", "code"), json_text("f.value", "cite"), json_text("f.value", "effect")
    sql = (f"SELECT {SELECT}, {code} AS code, COALESCE({cite}, '') AS cite, {outcome_case_sql('a.status')} AS outcome, "
           f"COUNT(*) AS n FROM {_base_sql()} {json_array('a.findings', 'f')} "
           f"WHERE a.keputusan NOT IN (%s, '') AND {effect} NOT IN (%s, %s) "
           f"GROUP BY {GROUP}, {code}, COALESCE({cite}, ''), "
           f"{outcome_case_sql('a.status')}")
    # An application found LAYAK has no failed criterion (only priority flags and warnings): not read.
    return insert_select(snapshot_id, Topic.ALASAN, sql, [R.LAYAK, R.PRIORITY, R.WARNING],
                         {**KEYS, "key": "q.code", "key2": "q.cite", "key3": "q.outcome", "count": "q.n"})


def profile_figures(snapshot_id: int, on: date) -> int:
    """Who applied, by outcome: one marginal per dimension (a full cross-table would be too large).
    Age is counted on the day the figures describe; extreme poverty is the evaluation's priority flag."""
    dimensions = {
        "semua": Value(""),
        "pekerjaan": F("occupation_id"),
        "perangkat_daerah": agency_expression(),
        "jenis_kelamin": F("sex"),
        "kelompok_umur": age_band_expression("birth_date", indicators.age_band_limits(on)),
        "disabilitas": Case(When(disability=True, then=Value("ya")), default=Value("tidak")),
        "miskin_ekstrem": Case(When(findings_text__contains=EXTREME_POVERTY_FLAG, then=Value("ya")),
                               default=Value("tidak")),
    }
    base = Application.objects.annotate(findings_text=Cast("findings", TextField()))
    total = 0
    for name, expression in dimensions.items():
        qs = (base.values(t=F("cycle__programme__tenant_id"), p=F("cycle__programme_id"), c=F("cycle_id"),
                          r=F("kelurahan_id"), d=Value(name), v=expression, o=outcome_expression())
              .annotate(n=Count("id")).order_by())
        total += insert_grouped(snapshot_id, Topic.USULAN_PROFIL, qs, {
            "tenant_id": "t", "programme_id": "p", "cycle_id": "c", "region": "r", "key": "d", "key2": "v",
            "key3": "o", "count": "n"})
    return total


EXTREME_POVERTY_FLAG = "PRIORITAS_MISKIN_EKSTREM"  # Pasal 5 ayat (2), as the rule sets code it


def age_band_expression(field: str, bands) -> Case:
    """The age band of a birth date, as birth-date ranges computed for one day (no per-row arithmetic)."""
    whens = []
    for code, born_after, born_by in bands:
        condition = Q()
        if born_after is not None:
            condition &= Q(**{f"{field}__gt": born_after})
        if born_by is not None:
            condition &= Q(**{f"{field}__lte": born_by})
        whens.append(When(condition, then=Value(code)))
    return Case(*whens, default=Value(""), output_field=CharField())
