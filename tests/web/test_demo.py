from datetime import date

from lindung.accounts.models import User
from lindung.applications.models import Application, Cycle
from lindung.billing.models import BillingMonth
from lindung.demo.city import DEMO_USERS, PROGRAMME, create_programme, create_users, load_demo
from lindung.grievance.models import Complaint
from lindung.membership.models import Participant
from lindung.people.models import Person
from lindung.programs.models import Programme
from lindung.registers.models import ReferenceDataset


def test_the_demo_city_is_complete_and_loads_once(balikpapan, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    users, created, done = load_demo(persons=150)
    assert {u.username for u in users} == {u.username for u in DEMO_USERS}
    assert created == 150 and Person.objects.count() >= 150 + 800
    programme = Programme.objects.get(code=PROGRAMME)
    assert Participant.objects.filter(programme=programme).count() == 800
    assert BillingMonth.objects.filter(programme=programme).exists()
    assert Cycle.objects.filter(programme=programme, year=date.today().year).exists()
    assert set(ReferenceDataset.objects.values_list("kind", flat=True)) == {"kemiskinan", "bpjs"}
    assert len(done) == 12  # money (programme, funding, overlap, assignment, months), cycle, registers; applications; claims; complaints
    applications = Application.objects.filter(cycle__programme=programme)
    statuses = set(applications.values_list("status", flat=True))
    assert applications.count() > 50 and {"DIAJUKAN", "DIVERIFIKASI", "DITOLAK"} <= statuses
    assert Complaint.objects.count() == 4 and Complaint.objects.filter(sealed=True).count() == 1
    # Running `make run` again changes nothing.
    users_again, created_again, done_again = load_demo(persons=150)
    assert (created_again, done_again) == (0, [])
    assert User.objects.count() == len(DEMO_USERS)


def test_the_collection_window_covers_any_day(balikpapan, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    labour = next(u for u in create_users() if u.username == "disnaker")
    create_programme(labour, participants=20, today=date(2026, 12, 31))
    cycle = Cycle.objects.get()
    assert cycle.collection_start <= date(2026, 12, 31) <= cycle.collection_end < cycle.enrolment_date
