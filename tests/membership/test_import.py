"""The participants import (DESIGN §4 "Participants"): repeatable, per-row reasons, atomic."""

from datetime import date

import pytest

from lindung.domain import nik as nik_rules
from lindung.membership import exchange
from lindung.membership.models import MembershipPeriod, Participant
from lindung.membership.services import participants
from lindung.people.models import Person
from lindung.platform.files import TableError

from ..money_fixtures import import_participants_file, read_csv


def row(serial: int, **over) -> dict:
    birth = over.pop("birth", date(1985, 3, serial % 28 + 1))
    sex = over.pop("sex", "P")
    return {
        "nik": nik_rules.make("64.71.02", birth, sex, serial), "kpj": f"2500{serial:07d}", "nama": f"Peserta {serial}",
        "tanggal_lahir": birth.isoformat(), "jenis_kelamin": sex, "kode_wilayah": "64.71.02.1001",
        "pekerjaan": "nelayan", "mulai_kepesertaan": "2025-04-01", **over,
    }


def test_import_creates_persons_participants_and_periods(programme, participants_file):
    result = import_participants_file(None, programme, participants_file([row(1), row(2), row(3)]))
    assert (result.rows, result.accepted, result.rejected) == (3, 3, [])
    assert (result.persons_created, result.participants_created, result.periods_created) == (3, 3, 3)
    person = Person.objects.get(nik=row(1)["nik"])
    assert person.name_search == "PESERTA 1" and person.kelurahan_id == "64.71.02.1001"
    assert person.occupation_id == "nelayan"
    p = Participant.objects.get(programme=programme, person=person)
    assert p.kpj == "25000000001"
    assert list(p.periods.values_list("start", "end")) == [(date(2025, 4, 1), None)]


def test_importing_the_same_file_twice_changes_nothing(programme, participants_file):
    path = participants_file([row(1), row(2)])
    import_participants_file(None, programme, path)
    again = import_participants_file(None, programme, path)
    assert again.counts() | {"rows": 0} == {
        "rows": 0, "persons_created": 0, "persons_updated": 0, "participants_created": 0, "participants_updated": 0,
        "periods_created": 0, "periods_updated": 0, "rejected": 0, "warnings": 0,
    }
    assert Person.objects.count() == 2 and MembershipPeriod.objects.count() == 2


def test_a_later_file_updates_kpj_person_data_and_ends_periods(programme, participants_file):
    import_participants_file(None, programme, participants_file([row(1), row(2)]))
    result = import_participants_file(None, programme, participants_file([
        row(1, kpj="99", nama="Peserta Satu"),
        row(2, akhir_kepesertaan="2025-08-10", alasan_berhenti="meninggal"),
    ], name="peserta-2.csv"))
    assert (result.participants_updated, result.persons_updated, result.periods_updated) == (1, 1, 1)
    assert Participant.objects.get(person__nik=row(1)["nik"]).kpj == "99"
    assert Person.objects.get(nik=row(1)["nik"]).name_search == "PESERTA SATU"
    period = MembershipPeriod.objects.get(participant__person__nik=row(2)["nik"])
    assert (period.end, period.end_reason) == (date(2025, 8, 10), "meninggal")
    assert "peserta-2.csv baris 2" in period.end_evidence


def test_a_file_without_an_end_does_not_reopen_an_ended_membership(programme, participants_file):
    path = participants_file([row(1)])
    import_participants_file(None, programme, path)
    MembershipPeriod.objects.update(end=date(2025, 6, 14), end_reason="batas_usia")
    again = import_participants_file(None, programme, path)
    assert again.periods_updated == 0 and "tetap berakhir" in again.warnings[0][1]
    assert MembershipPeriod.objects.get().end == date(2025, 6, 14)


def test_an_existing_person_is_found_by_nik_and_may_omit_the_address(programme, participants_file, make_person):
    person = make_person("Siti", kelurahan="64.71.06.1001")
    result = import_participants_file(None, programme, participants_file([{
        "nik": person.nik, "nama": "Siti", "tanggal_lahir": person.birth_date.isoformat(),
        "mulai_kepesertaan": "2025-04-01",
    }]))
    assert result.rejected == [] and result.persons_created == 0
    person.refresh_from_db()
    assert person.kelurahan_id == "64.71.06.1001" and person.occupation_id == "pemulung"


def test_bad_rows_are_refused_each_with_every_reason(programme, participants_file, tmp_path):
    good = row(1)
    rows = [
        good,
        row(2, nik="6471"),  # too short
        row(3, kode_wilayah="64.71.99.9999"),
        row(4, pekerjaan="astronot"),
        row(5, akhir_kepesertaan="2025-06-30"),  # end without reason
        row(6, alasan_berhenti="bosan", akhir_kepesertaan="2025-06-30"),
        row(7, mulai_kepesertaan="01/04/2025", tanggal_lahir=""),
        row(8, kode_wilayah=""),  # new person without an address
        {**good, "kpj": "lagi"},  # the same NIK twice in the file
        row(9, akhir_kepesertaan="2025-03-01", alasan_berhenti="meninggal"),  # ends before it starts
        row(10, jenis_kelamin="X", nama=""),
    ]
    result = import_participants_file(None, programme, participants_file(rows))
    reasons = {r.row: "; ".join(r.reasons) for r in result.rejected}
    assert set(reasons) == set(range(2, 12))
    assert "16 digit" in reasons[2]
    assert "64.71.99.9999" in reasons[3]
    assert "astronot" in reasons[4]
    assert "tanpa alasan_berhenti" in reasons[5]
    assert "bosan" in reasons[6]
    assert "mulai_kepesertaan" in reasons[7] and "tanggal_lahir wajib" in reasons[7]
    assert "kode_wilayah wajib" in reasons[8]
    assert "sama dengan baris 1" in reasons[9]
    assert "sebelum mulai" in reasons[10]
    assert "jenis_kelamin" in reasons[11] and "nama wajib" in reasons[11]
    assert result.accepted == 1 and Participant.objects.count() == 1

    out = exchange.write_rejected(result.rejected, tmp_path / "ditolak.csv")
    written = read_csv(out)
    assert [r["_baris"] for r in written] == [str(n) for n in range(2, 12)]
    assert written[0]["nik"] == "6471" and "16 digit" in written[0]["alasan"]


def test_overlapping_periods_are_refused(programme, participants_file):
    import_participants_file(None, programme, participants_file([row(1)]))
    result = import_participants_file(None, programme, participants_file([row(1, mulai_kepesertaan="2025-07-01")]))
    assert "bertumpang tindih" in result.rejected[0].reasons[0]
    assert MembershipPeriod.objects.count() == 1


def test_a_reenrolment_after_an_end_is_a_new_period(programme, participants_file):
    import_participants_file(None, programme, participants_file(
        [row(1, akhir_kepesertaan="2025-05-31", alasan_berhenti="pekerja_formal")]))
    result = import_participants_file(None, programme, participants_file([row(1, mulai_kepesertaan="2025-09-01")]))
    assert result.periods_created == 1 and result.rejected == []
    assert MembershipPeriod.objects.count() == 2


def test_warnings_do_not_refuse_a_row(programme, participants_file):
    r = row(1, kode_wilayah="64.72.01.1001", tanggal_lahir="1985-03-05")  # lives in Samarinda; NIK says 2 March
    result = import_participants_file(None, programme, participants_file([r]))
    assert result.accepted == 1
    messages = " ".join(m for _, m in result.warnings)
    assert "di luar wilayah" in messages and "Tanggal lahir berbeda" in messages


def test_a_failure_midway_leaves_the_database_as_it_was(programme, participants_file, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(participants, "_sync_periods", boom)
    with pytest.raises(RuntimeError):
        import_participants_file(None, programme, participants_file([row(1), row(2)]))
    assert Person.objects.count() == 0 and Participant.objects.count() == 0


def test_an_unreadable_file_is_an_error_not_a_row_problem(programme, tmp_path, write_csv):
    with pytest.raises(TableError, match="tidak ditemukan"):
        import_participants_file(None, programme, write_csv("x.csv", ["nama"], [["a"]]))
    with pytest.raises(TableError, match="tidak didukung"):
        import_participants_file(None, programme, tmp_path / "peserta.pdf")


def test_a_saved_column_mapping_is_used(programme, write_csv):
    from lindung.programs.services import save_column_mapping

    save_column_mapping(None, programme=programme, layout="peserta", mapping={"No Identitas": "nik", "TMT Peserta": "mulai_kepesertaan"})
    r = row(1)
    path = write_csv("bpjs.csv", ["No Identitas", "Nama", "Tgl Lahir", "Kode Wilayah", "TMT Peserta"],
                     [[r["nik"], r["nama"], r["tanggal_lahir"], r["kode_wilayah"], r["mulai_kepesertaan"]]])
    assert import_participants_file(None, programme, path).accepted == 1
