"""Reading people, always through the user's scope (DESIGN.md §3).

- tenant-wide roles (TVEM, labour agency, BPJS, auditor) see residents of their tenant's region;
- a Camat/Lurah officer sees residents of their kecamatan/kelurahan (by e-KTP address);
- an agency officer sees residents of the tenant whose data-collection occupation the agency is
  responsible for today (Lampiran I, effective-dated);
- a BPJS officer sees only the residents BPJS deals with: candidates sent for the BPJS check (Pasal 8
  ayat (2)) and participants. Which those are is known to the apps above (applications, membership):
  they register a condition with `@partner_scope` (lindung.people keeps no upward import).
Residence is always the e-KTP kelurahan, never the NIK prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Q, QuerySet

from lindung.accounts.models import Role
from lindung.accounts.permissions import is_staff_user
from lindung.domain import nik as nik_rules
from lindung.platform.errors import PermissionDenied
from lindung.tenants.selectors import occupations_of_agency

from .models import Person, normalize_name

PAGE_SIZE = 25

# Conditions (user -> Q over Person) that open a resident to a BPJS officer; ORed together. None
# registered: a BPJS officer sees nobody.
PARTNER_SCOPES: list[Callable[[object], Q]] = []


def partner_scope(func: Callable[[object], Q]) -> Callable[[object], Q]:
    PARTNER_SCOPES.append(func)
    return func


def visible_persons(user, *, on: date | None = None) -> QuerySet[Person]:
    if not is_staff_user(user):
        raise PermissionDenied("Silakan masuk terlebih dahulu.")
    qs = Person.objects.all()
    if user.is_superuser and not user.tenant_id:
        return qs
    region_code = user.tenant.region_id
    qs = qs.filter(kelurahan__code__startswith=region_code + ".")
    if user.role == Role.KEWILAYAHAN:
        if user.region.level == 4:
            return qs.filter(kelurahan_id=user.region_id)
        return qs.filter(kelurahan__code__startswith=user.region_id + ".")
    if user.role == Role.PERANGKAT_DAERAH:
        return qs.filter(occupation_id__in=occupations_of_agency(user.agency, on or date.today()))
    if user.role == Role.BPJS and not user.is_superuser:
        opened = Q(pk__in=[])
        for condition in PARTNER_SCOPES:
            opened |= condition(user)
        return qs.filter(opened)
    return qs


def get_person(user, person_id: int) -> Person:
    """One person the user may see; PermissionDenied (not 404) hides nothing the user may know exists,
    so we answer 'not found' for both: a lurah must not learn that a NIK lives elsewhere."""
    person = visible_persons(user).select_related("kelurahan", "kelurahan__parent", "occupation").filter(pk=person_id).first()
    if person is None:
        raise Person.DoesNotExist
    return person


def search(user, query: str, *, after: str = "", limit: int = PAGE_SIZE) -> tuple[list[Person], str | None]:
    """Search by NIK (exact, or its first digits) or by name (the words, in order, anywhere in the name).

    Newest registrations first, paged by keyset on the primary key: returns a page and the cursor of
    the next page (None on the last). No COUNT is ever run ("more" = fetching limit + 1 rows), and the
    order needs no sort of every match: a common word ("SITI", 45,000 of a million) walks the primary
    key until the page is full; a rare one comes from the trigram index (PostgreSQL) and sorts a few rows.
    """
    qs = visible_persons(user).select_related("kelurahan")
    text = query.strip()
    digits = nik_rules.normalize(text)
    if digits.isdigit() and len(digits) == 16:
        qs = qs.filter(nik=digits)
    elif digits.isdigit() and len(digits) >= 6:
        qs = qs.filter(nik__startswith=digits)
    else:
        words = normalize_name(text)
        if not words:
            return [], None
        qs = qs.filter(name_search__contains=words) if len(words) >= 3 else qs.filter(name_search__startswith=words)
    if after.isdigit():
        qs = qs.filter(id__lt=int(after))
    rows = list(qs.order_by("-id")[: limit + 1])
    if len(rows) > limit:
        return rows[:limit], str(rows[limit - 1].id)
    return rows, None


def nik_or_name(text: str, path: str = "") -> Q:
    """What a list's search box means for the person at `path` ("person__", "participant__person__"): a
    full NIK exactly, else the name's words (normalised as stored, anywhere in the name)."""
    digits = nik_rules.normalize(text)
    if digits.isdigit() and len(digits) == 16:
        return Q(**{f"{path}nik": digits})
    return Q(**{f"{path}name_search__contains": normalize_name(text)})
