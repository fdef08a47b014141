"""The demo city: Kota Balikpapan with one user per role and a few thousand generated residents.

Used by `make run` on an empty database and by the browser tests. The passwords are public (they are
printed by `make run`): a demo database must never become a production one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from lindung.accounts.models import Role, User
from lindung.audit import services as audit
from lindung.people.models import Person, normalize_name
from lindung.regions.models import Region
from lindung.tenants.models import Agency, Occupation, Tenant

DEMO_PASSWORD = "demo-lindung-2026"
TENANT = "balikpapan"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    agency: str = ""
    region: str = ""
    superuser: bool = False


DEMO_USERS = [
    DemoUser("disnaker", "Rina Disnaker", Role.LABOUR, agency="disnaker"),
    DemoUser("dinsos", "Agus Dinsos", Role.AGENCY, agency="dinsos"),
    DemoUser("dp3", "Yohanes DP3", Role.AGENCY, agency="dp3"),
    DemoUser("dishub", "Made Dishub", Role.AGENCY, agency="dishub"),
    DemoUser("camat.timur", "Hasanuddin Camat Balikpapan Timur", Role.TERRITORIAL, region="64.71.01"),
    DemoUser("lurah.manggar", "Sri Lurah Manggar", Role.TERRITORIAL, region="64.71.01.1001"),
    DemoUser("lurah.prapatan", "Daeng Lurah Prapatan", Role.TERRITORIAL, region="64.71.06.1001"),
    DemoUser("tvem", "Budi TVEM", Role.TVEM, agency="bappeda"),
    DemoUser("bpjs", "Lestari BPJS Balikpapan", Role.BPJS),
    DemoUser("auditor", "Inspektorat Auditor", Role.AUDITOR),
    DemoUser("admin", "Administrator Sistem", "", superuser=True),
]


@transaction.atomic
def create_users(password: str = DEMO_PASSWORD) -> list[User]:
    tenant = Tenant.objects.get(code=TENANT)
    users = []
    for spec in DEMO_USERS:
        first, _, last = spec.full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": first, "last_name": last, "role": spec.role, "is_superuser": spec.superuser,
                "is_staff": spec.superuser, "tenant": tenant,
                "agency": Agency.objects.get(tenant=tenant, code=spec.agency) if spec.agency else None,
                "region": Region.objects.get(code=spec.region) if spec.region else None,
            },
        )
        if created:
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            audit.record(None, "user.create", user, after={"role": spec.role, "demo": True})
        users.append(user)
    return users


def create_persons(count: int, seed: int = 2026) -> int:
    """Valid, distinct residents from the generator, bulk-inserted (no per-row ORM save)."""
    from lindung.domain import synth

    known = set(Region.objects.filter(level=Region.Level.VILLAGE, code__startswith="64.").values_list("code", flat=True))
    occupations = set(Occupation.objects.values_list("code", flat=True))
    existing = set(Person.objects.values_list("nik", flat=True))
    batch: list[Person] = []
    created = 0
    for row in synth.applicants(seed=seed, rows=count * 2, duplicates=0.0, malformed=0.0):
        if created + len(batch) >= count:
            break
        if row["nik"] in existing or row["kode_wilayah"] not in known:
            continue
        existing.add(row["nik"])
        batch.append(Person(
            nik=row["nik"], no_kk=row["no_kk"], name=row["nama"], name_search=normalize_name(row["nama"]),
            birth_place=row["tempat_lahir"], birth_date=row["tanggal_lahir"], sex=row["jenis_kelamin"],
            address=row["alamat"], kelurahan_id=row["kode_wilayah"], phone=row["telepon"],
            disability=row["disabilitas"], domicile_since=row["domisili_sejak"],
            occupation_id=row["pekerjaan"] if row["pekerjaan"] in occupations else None,
            monthly_income=row["penghasilan_bulanan"],
        ))
        if len(batch) >= 2000:
            Person.objects.bulk_create(batch)
            created += len(batch)
            batch = []
    Person.objects.bulk_create(batch)
    created += len(batch)
    if created:
        audit.record(None, "person.bulk_create", target_type="people.person", target_repr=f"demo: {created} penduduk",
                     after={"count": created, "seed": seed})
    return created


def load_demo(persons: int = 3000) -> tuple[list[User], int]:
    users = create_users()
    created = 0 if Person.objects.exists() else create_persons(persons)
    return users, created
