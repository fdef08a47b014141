"""Figures of membership and money, per programme and kelurahan of the participant's address (never
the NIK prefix): who is covered on the day, month by month participants, entries and terminations by
Pasal 10 reason, contributions paid per month and funding source, and participants paid for."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncMonth

from lindung.billing.models import BillingMonth, ReconciliationLine
from lindung.domain import indicators, reconciliation
from lindung.domain.calendar import Month
from lindung.membership.models import FundingAssignment, MembershipPeriod, Participant
from lindung.people.models import Person
from lindung.programs.models import Programme
from lindung.registers.models import PovertyRecord, ReferenceDataset
from lindung.registers.selectors import latest_snapshot
from lindung.tenants.models import Tenant
from lindung.tenants.selectors import assignments_on

from ..models import Topic
from .applications import TERRITORIAL, age_band_expression
from .sql import as_date, insert_grouped, insert_select, table, year_text

HISTORY_MONTHS = 60  # the monthly series reaches five years back at most


def covering(day: date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def active_on(day: date):
    """Participants whose membership covers `day`."""
    return Participant.objects.filter(Exists(MembershipPeriod.objects.filter(covering(day), participant=OuterRef("pk"))))


def agency_of_occupation(on: date) -> Case:
    """The agency that collects each occupation in each tenant on `on` (Lampiran I, effective-dated), or
    Camat/Lurah: a handful of (tenant, occupation) pairs, as one CASE."""
    whens = []
    for tenant in Tenant.objects.all():
        for a in assignments_on(tenant, on):
            label = TERRITORIAL if a.territorial else a.agency.code
            whens.append(When(programme__tenant_id=tenant.id, person__occupation_id=a.occupation_id, then=Value(label)))
    return Case(*whens, default=Value(""), output_field=CharField())


def extremely_poor() -> Q | Exists:
    """Listed as extremely poor (P3KE flag) in the latest poverty snapshot of the programme's tenant."""
    latest = [d.id for t in Tenant.objects.all() if (d := latest_snapshot(ReferenceDataset.Kind.KEMISKINAN, t))]
    if not latest:
        return Q(pk__in=[])
    return Exists(PovertyRecord.objects.filter(dataset_id__in=latest, dataset__tenant_id=OuterRef("programme__tenant_id"),
                                               nik=OuterRef("person__nik"), miskin_ekstrem=True))


def profile_figures(snapshot_id: int, on: date) -> int:
    """Participants covered on `on`, one marginal per dimension; `pembayar` is the government paying
    (a province co-funding a city's participants, Pergub Kaltim 40/2025) by the year's funding
    assignment, empty when no source pays."""
    paying = FundingAssignment.objects.filter(participant=OuterRef("pk"), year=on.year, funding_source__isnull=False)
    dimensions = {
        "semua": Value(""),
        "pekerjaan": Coalesce(F("person__occupation_id"), Value("")),
        "perangkat_daerah": agency_of_occupation(on),
        "jenis_kelamin": F("person__sex"),
        "kelompok_umur": age_band_expression("person__birth_date", indicators.age_band_limits(on)),
        "disabilitas": Case(When(person__disability=True, then=Value("ya")), default=Value("tidak")),
        "miskin_ekstrem": Case(When(extremely_poor(), then=Value("ya")), default=Value("tidak")),
        "pembayar": Coalesce(Subquery(paying.values(
            c=Coalesce(F("funding_source__payer__code"), F("funding_source__programme__tenant__code")))[:1]),
            Value(""), output_field=CharField()),
    }
    total = 0
    for name, expression in dimensions.items():
        qs = (active_on(on).values(t=F("programme__tenant_id"), p=F("programme_id"), r=F("person__kelurahan_id"),
                                   d=Value(name), v=expression).annotate(n=Count("id")).order_by())
        total += insert_grouped(snapshot_id, Topic.PESERTA_PROFIL, qs, {
            "tenant_id": "t", "programme_id": "p", "region": "r", "key": "d", "key2": "v", "count": "n"})
    return total


def months_until(on: date) -> list[Month]:
    """The months of the series: from the first membership (at most HISTORY_MONTHS back) to `on`."""
    first = MembershipPeriod.objects.order_by("start").values_list("start", flat=True).first()
    last = Month.of(on)
    if first is None:
        return []
    start = max(Month.of(first), last + -(HISTORY_MONTHS - 1))
    months, month = [], start
    while month <= last:
        months.append(month)
        month = month + 1
    return months


def monthly_figures(snapshot_id: int, on: date) -> int:
    """Month by month: participants covered on the last day (on `on` for the current month), entries
    (periods starting in the month) and terminations (periods ending in it) by reason."""
    months = months_until(on)
    if not months:
        return 0
    rows = [(m.first_day, min(m.last_day, on)) for m in months]
    values = ", ".join(["(%s, %s)"] * len(rows))
    period, participant, person, programme = (table(MembershipPeriod), table(Participant), table(Person),
                                              table(Programme))
    # Covered on a month's last day: each period against each month of the series (a range join).
    sql = (f"WITH m(m_first, m_last) AS (VALUES {values}) "
           f"SELECT pr.tenant_id AS tenant_id, pr.id AS programme_id, pe.kelurahan_id AS region, m.m_first AS month, "
           f"COUNT(*) AS n FROM {period} pd JOIN {participant} pa ON pa.id = pd.participant_id "
           f"JOIN {person} pe ON pe.id = pa.person_id JOIN {programme} pr ON pr.id = pa.programme_id "
           f'JOIN m ON pd.start <= m.m_last AND (pd."end" IS NULL OR pd."end" >= m.m_last) '
           f"GROUP BY pr.id, pr.tenant_id, pe.kelurahan_id, m.m_first")
    total = insert_select(snapshot_id, Topic.PESERTA_BULAN, sql, [as_date(d) for row in rows for d in row], {
        "tenant_id": "q.tenant_id", "programme_id": "q.programme_id", "region": "q.region", "month": "q.month",
        "key": "'aktif'", "count": "q.n"})
    # Entries and terminations: one pass each, grouped by the month of the date.
    first, last = months[0].first_day, on
    owner = {"t": F("participant__programme__tenant_id"), "p": F("participant__programme_id"),
             "r": F("participant__person__kelurahan_id")}
    for kind, field, reason in (("masuk", "start", Value("")), ("keluar", "end", F("end_reason"))):
        qs = (MembershipPeriod.objects.filter(**{f"{field}__gte": first, f"{field}__lte": last})
              .values(**owner, m=TruncMonth(field), k=Value(kind), w=reason).annotate(n=Count("id")).order_by())
        total += insert_grouped(snapshot_id, Topic.PESERTA_BULAN, qs, {
            "tenant_id": "t", "programme_id": "p", "region": "r", "month": "m", "key": "k", "key2": "w", "count": "n"})
    return total


def money_figures(snapshot_id: int) -> int:
    """Contributions paid per month, funding source and kelurahan (the participant's, found by NIK), and
    per year how many distinct participants they paid for: the agreed (COCOK) lines of months paid."""
    line, month, programme, person = (table(ReconciliationLine), table(BillingMonth), table(Programme), table(Person))
    base = (f"FROM {line} r JOIN {month} bm ON bm.id = r.billing_month_id JOIN {programme} pr ON pr.id = bm.programme_id "
            f"LEFT JOIN {person} pe ON pe.nik = r.nik WHERE r.status = %s AND bm.status = %s")
    params = [reconciliation.COCOK, BillingMonth.Status.DIBAYAR]
    owner = "pr.tenant_id AS tenant_id, bm.programme_id AS programme_id, COALESCE(pe.kelurahan_id, '') AS region"
    grouping = "pr.tenant_id, bm.programme_id, COALESCE(pe.kelurahan_id, '')"
    source = "COALESCE(CAST(r.funding_source_id AS VARCHAR(20)), '')"
    monthly = (f"SELECT {owner}, bm.month AS month, {source} AS source, COUNT(*) AS n, SUM(r.amount_pemda) AS amount "
               f"{base} GROUP BY {grouping}, bm.month, {source}")
    total = insert_select(snapshot_id, Topic.REALISASI, monthly, params, {
        "tenant_id": "q.tenant_id", "programme_id": "q.programme_id", "region": "q.region", "month": "q.month",
        "key": "q.source", "count": "q.n", "amount": "q.amount"})
    yearly = (f"SELECT {owner}, {year_text('bm.month')} AS year, COUNT(DISTINCT r.nik) AS n {base} "
              f"GROUP BY {grouping}, {year_text('bm.month')}")
    return total + insert_select(snapshot_id, Topic.PESERTA_DIBAYAR, yearly, params, {
        "tenant_id": "q.tenant_id", "programme_id": "q.programme_id", "region": "q.region", "key": "q.year",
        "count": "q.n"})
