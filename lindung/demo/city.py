"""The demo city: Kota Balikpapan with one user per role and a few thousand generated residents.

Used by `make run` on an empty database and by the browser tests. The passwords are public (they are
printed by `make run`): a demo database must never become a production one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung import synth
from lindung.accounts import mfa
from lindung.accounts.models import Role, User
from lindung.accounts.permissions import needs_second_factor
from lindung.applications.services import cycles
from lindung.audit import services as audit
from lindung.grievance.models import Complaint
from lindung.grievance.services import receive as complaints
from lindung.grievance.services.receive import Received
from lindung.membership import exchange as membership_files
from lindung.membership.services import participants as membership
from lindung.people.models import Person, normalize_name
from lindung.programs import services as programs
from lindung.programs.models import Programme
from lindung.regions.models import Region
from lindung.registers import services as reference
from lindung.tenants.models import Agency, Occupation, Tenant

from . import money
from .actions import Action
from .applications import create_applications
from .claims import create_claims

DEMO_PASSWORD = "demo-lindung-2026"
# The demo's second factor: one public TOTP key for every demo login that needs one (printed by `make run`;
# `lindung demo --kode` prints the current code). A demo database must never become a production one.
DEMO_TOTP_KEY = b"lindung-demo-totp-k!".hex()
TENANT = "balikpapan"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    agency: str = ""
    region: str = ""
    superuser: bool = False
    head: bool = False  # head of the agency (the labour agency's: complaint escalations, sealed identities)


DEMO_USERS = [
    DemoUser("disnaker", "Rina Disnaker", Role.DISNAKER, agency="disnaker"),
    DemoUser("kadisnaker", "Hendra Kepala Disnaker", Role.DISNAKER, agency="disnaker", head=True),
    DemoUser("dinsos", "Agus Dinsos", Role.PERANGKAT_DAERAH, agency="dinsos"),
    DemoUser("dp3", "Yohanes DP3", Role.PERANGKAT_DAERAH, agency="dp3"),
    DemoUser("dishub", "Made Dishub", Role.PERANGKAT_DAERAH, agency="dishub"),
    DemoUser("camat.timur", "Hasanuddin Camat Balikpapan Timur", Role.KEWILAYAHAN, region="64.71.01"),
    DemoUser("lurah.manggar", "Sri Lurah Manggar", Role.KEWILAYAHAN, region="64.71.01.1001"),
    DemoUser("lurah.prapatan", "Daeng Lurah Prapatan", Role.KEWILAYAHAN, region="64.71.06.1001"),
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
                "is_staff": spec.superuser, "tenant": tenant, "is_head": spec.head,
                "agency": Agency.objects.get(tenant=tenant, code=spec.agency) if spec.agency else None,
                "region": Region.objects.get(code=spec.region) if spec.region else None,
            },
        )
        if created:
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            audit.record(None, Action.USER_CREATE, user, after={"role": spec.role, "demo": True})
        users.append(user)
    return users


def create_persons(count: int, seed: int = 2026) -> int:
    """Valid, distinct residents from the generator, bulk-inserted (no per-row ORM save)."""

    known = set(Region.objects.filter(level=Region.Level.KELURAHAN_DESA, code__startswith="64.").values_list("code", flat=True))
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
        audit.record(None, Action.PERSON_BULK_CREATE, target_type="people.person", target_repr=f"demo: {created} penduduk",
                     after={"count": created, "seed": seed})
    return created


PROGRAMME = "bpp-pekerja-rentan"
SEED = 2026


def create_programme(labour: User, *, participants: int = 800, today: date | None = None) -> list[str]:
    """The city's running programme (enrolled workers since April 2025, Pasal 8 ayat (6)), its budget,
    last month's bill, this year's data-collection cycle, and the poverty and BPJS extracts the checks
    read. Returns what it did, for the command to print. Skips itself when the programme exists."""
    if Programme.objects.filter(code=PROGRAMME).exists():
        return []
    today = today or date.today()
    workdir = Path(settings.DATA_DIR) / "demo"
    workdir.mkdir(parents=True, exist_ok=True)
    done = []
    programme = programs.create_programme(
        labour, code=PROGRAMME, name="Jaminan Sosial Ketenagakerjaan Pekerja Rentan Kota Balikpapan",
        ruleset_id="balikpapan-perwali-3-2025", year=2025,
    )
    done += money.fund(labour, programme, today)
    members = workdir / "peserta.csv"
    synth.write_participants(members, seed=SEED, rows=participants, start=date(2025, 4, 1), as_of=today)
    membership.import_participants(labour, programme=programme, rows=membership_files.read_participants(programme, members),
                                   source=members.name)
    done.append(f"Program {PROGRAMME}: {participants} peserta sejak April 2025 ({members})")
    done += money.province_overlap(members, workdir)
    done += money.assign(labour, programme, today)
    done += money.bill_and_pay(labour, programme, members, workdir, today, SEED)
    # The demo's collection window covers today so that the public form can be tried at any date.
    end = date(today.year, 12, 31)
    cycles.create_cycle(labour, programme=programme, year=today.year, collection_start=date(today.year, 1, 1), collection_end=end,
                        enrolment_date=date(today.year + 1, 1, 1))
    done.append(f"Siklus pendataan {today.year}: {date(today.year, 1, 1)} s.d. {end}")
    applicants = workdir / "pendaftar.csv"
    synth.write_applicants(applicants, seed=SEED, rows=6000, year=today.year, duplicates=0.0, malformed=0.0)
    for kind, writer, rows in (("kemiskinan", synth.write_poverty, 20000), ("bpjs", synth.write_bpjs, 6000)):
        path = workdir / f"{kind}.csv"
        writer(path, seed=SEED, rows=rows, applicants=applicants, year=today.year)
        reference.import_reference_dataset(labour, kind=kind, path=path, original_name=path.name,
                                           snapshot_date=today.replace(day=1))
    done.append(f"Data rujukan: DTSEN dan BPJS (contoh unggah pendaftar massal: {applicants})")
    return done


def create_complaints(labour: User, *, now: datetime | None = None) -> list[str]:
    """A few complaints on every desk (BPJS, a kelurahan, the labour agency, its head): one filed online
    today, one said at the desk, one past its deadline, one illegal levy. Skips itself when any exists."""
    if Complaint.objects.exists():
        return []
    now = now or timezone.now()
    tenant = labour.tenant
    samples = [
        (None, Received("DARING", "KEPESERTAAN", "Sudah terdaftar sejak April tetapi kartu BPJS belum saya terima.",
                        now, name="Siti Aminah", phone="0812-5555-1234", kelurahan="64.71.01.1001")),
        (labour, Received("LISAN", "PENDATAAN", "Tetangga saya pemulung belum pernah didata.",
                          now - timedelta(days=2), name="Pak Darman", phone="0821-4444-5555",
                          kelurahan="64.71.01.1001", occupation="pemulung")),
        (labour, Received("TERTULIS", "IURAN", "Menanyakan iuran bulan lalu yang belum tercatat.",
                          now - timedelta(days=10), name="Bu Rahma", phone="0813-2222-3333")),
        (None, Received("DARING", "PUNGLI", "Diminta uang Rp50.000 agar usulan diproses.", now - timedelta(days=1),
                        name="(dirahasiakan)", phone="0852-7777-8888")),
    ]
    numbers = [complaints.receive(actor, tenant=tenant, received=received).number for actor, received in samples]
    return [f"Pengaduan contoh: {', '.join(numbers)} (lacak dengan nomor telepon pelapor, mis. 0812-5555-1234)"]


def enrol_second_factor(users: list[User]) -> list[User]:
    """Give the demo logins that need a second factor the demo's public TOTP key (once)."""
    enrolled = []
    for user in users:
        if needs_second_factor(user):
            if not mfa.is_enrolled(user):
                mfa.enrol_with_key(user, DEMO_TOTP_KEY)
            enrolled.append(user)
    return enrolled


def load_demo(persons: int = 3000) -> tuple[list[User], int, list[str]]:
    users = create_users()
    enrol_second_factor(users)
    created = 0 if Person.objects.exists() else create_persons(persons, seed=SEED)
    labour = next(u for u in users if u.role == Role.DISNAKER and not u.is_head)
    done = create_programme(labour)
    done += create_applications(users, programme=PROGRAMME, applicants_file=Path(settings.DATA_DIR) / "demo" / "pendaftar.csv")
    return users, created, done + create_claims(users, PROGRAMME) + create_complaints(labour)
