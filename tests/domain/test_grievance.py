import random
import re
from datetime import date, datetime

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain import grievance as g
from lindung.domain.exchange import match_headers
from lindung.domain.params import ParameterFileError
from lindung.domain.workdays import WorkCalendar

CAL = WorkCalendar()
POLICY = g.load_policy()
LAMPIRAN_I = {"nelayan": "dp3", "tukang_ojek": "dishub", "pemulung": g.TERRITORIAL}
FRIDAY = date(2026, 1, 9)  # a week with no holiday: due Wed 14 Jan


def change(status, day, actor=None):
    return g.StatusChange(status, day, actor)


# -- policy data ---------------------------------------------------------------------------------------


def test_shipped_policy_routes_every_category_with_a_reference():
    for category in g.CATEGORIES:
        rule = POLICY.rule(category, date(2026, 1, 1))
        assert rule.handler in g.HANDLER_KINDS
        assert rule.cite and rule.ref
        level = POLICY.service_level(category, date(2026, 1, 1))
        assert level.ref


def test_shipped_service_levels_are_lapors():
    level = POLICY.service_level(g.IURAN, date(2026, 1, 1))
    assert (level.response_days, level.follow_up_days, level.auto_close_days) == (3, 5, 10)
    emergency = POLICY.service_level(g.KECELAKAAN_KERJA, date(2026, 1, 1))
    assert emergency.response_days == 0
    assert emergency.follow_up_days == 5  # only the response is overridden, the rest from default


def _override(name, value, start="2026-01-01", ref="Keputusan Kepala Dinas (contoh)"):
    return {name: [{"from": start, "value": value, "ref": ref}]}


def _routing(**changes):
    value = {c: dict(POLICY.params.value("routing", date(2026, 1, 1))[c]) for c in g.CATEGORIES}
    for category, rule in changes.items():
        value[category] = rule
    return value


def test_overrides_are_effective_dated():
    tenant = POLICY.with_overrides(
        _override("labour_agency", "dinsos", "2026-01-01", "Perwali perubahan (contoh)")
    )
    assert g.route(g.IURAN, on=date(2025, 12, 31), policy=tenant).handler == "disnaker"
    assert g.route(g.IURAN, on=date(2026, 1, 2), policy=tenant).handler == "dinsos"
    faster = POLICY.with_overrides(
        _override(
            "service_levels",
            {
                "default": {
                    "response": 3,
                    "follow_up": 5,
                    "auto_close": 10,
                    "at_risk": 1,
                    "escalate_at": "TERLAMBAT",
                },
                "IURAN": {"response": 1},
            },
        )
    )
    assert faster.service_level(g.IURAN, date(2025, 12, 31)).response_days == 3
    assert faster.service_level(g.IURAN, date(2026, 1, 1)).response_days == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        (
            _override("routing", _routing(PUNGLI={"handler": "kepala_dinas", "sealed": False})),
            "PUNGLI harus dirahasiakan",
        ),
        (
            _override("routing", _routing(IURAN={"handler": "bpjs", "sealed": True})),
            "hanya ditangani kepala_dinas",
        ),
        (_override("routing", _routing(IURAN={"handler": "camat"})), "handler harus salah satu"),
        (_override("routing", {"IURAN": {"handler": "dinas"}}), "kurang"),
        (_override("service_levels", {"default": {"response": 3}}), "default kurang"),
        (
            _override(
                "service_levels",
                {
                    "default": {
                        "response": -1,
                        "follow_up": 5,
                        "auto_close": 10,
                        "at_risk": 1,
                        "escalate_at": "TERLAMBAT",
                    }
                },
            ),
            "0..60",
        ),
        (
            _override(
                "service_levels",
                {
                    "default": {
                        "response": 3,
                        "follow_up": 5,
                        "auto_close": 10,
                        "at_risk": 1,
                        "escalate_at": "SEGERA",
                    }
                },
            ),
            "escalate_at",
        ),
        (
            _override(
                "service_levels",
                {
                    "default": {
                        "response": 3,
                        "follow_up": 5,
                        "auto_close": 10,
                        "at_risk": 1,
                        "escalate_at": "TERLAMBAT",
                    },
                    "BANJIR": {"response": 1},
                },
            ),
            "kategori tidak dikenal",
        ),
        (_override("labour_agency", "Dinas Tenaga Kerja"), "kode instansi"),
        ({"labour_agency": [{"from": "2026-01-01", "value": "dinsos"}]}, "ref wajib diisi"),
        ({"nama_salah": [{"from": "2026-01-01", "value": 1, "ref": "x"}]}, "tidak ada parameter"),
    ],
)
def test_unusable_overrides_are_refused_in_indonesian(overrides, message):
    with pytest.raises(ParameterFileError, match=message):
        POLICY.with_overrides(overrides)


def test_floats_are_refused_in_data():
    data = yaml.safe_load(g.POLICY_PATH.read_text())
    data["parameters"]["service_levels"]["values"][0]["value"]["default"]["response"] = 3.0
    with pytest.raises(ParameterFileError, match="float"):
        g.parse_policy(data)


def test_no_rule_before_the_first_value():
    with pytest.raises(ParameterFileError, match="belum berlaku"):
        POLICY.rule(g.IURAN, date(2019, 12, 31))


# -- routing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "category, handler",
    [
        (g.KEPESERTAAN, "bpjs"),
        (g.KECELAKAAN_KERJA, "bpjs"),
        (g.KLAIM_MANFAAT, "bpjs"),
        (g.IURAN, "disnaker"),
        (g.LAINNYA, "disnaker"),
        (g.PUNGLI, "disnaker"),
    ],
)
def test_fixed_routes(category, handler):
    r = g.route(category, on=FRIDAY, policy=POLICY)
    assert r.handler == handler
    assert r.emergency == (category == g.KECELAKAAN_KERJA)
    assert r.sealed == r.head_only == (category == g.PUNGLI)


def test_data_collection_goes_to_the_occupations_agency_or_the_kelurahan():
    def route(**kw):
        return g.route(g.PENDATAAN, on=FRIDAY, policy=POLICY, data_collector=LAMPIRAN_I, **kw)

    assert route(occupation="nelayan").handler == "dp3"
    assert route(occupation="tukang_ojek", kelurahan="64.71.01.1001").handler == "dishub"
    assert route(occupation="pemulung", kelurahan="64.71.01.1001").handler == "kelurahan:64.71.01.1001"
    for kw, note in [
        ({"occupation": "pemulung"}, "kode_wilayah kosong"),
        ({}, "pekerjaan tidak diisi"),
        ({"occupation": "pns"}, "tidak ada di Lampiran I"),
    ]:
        r = route(**kw)
        assert r.handler == "disnaker"
        assert note in r.note
    # A resolver may be a function (the Django side binds the tenant's assignments to the date).
    r = g.route(
        g.PENDATAAN, on=FRIDAY, policy=POLICY, occupation="nelayan", data_collector=lambda occ: "dinsos"
    )
    assert r.handler == "dinsos"


def test_sealed_reporter_is_visible_only_to_the_head_and_the_auditor():
    pungli = g.route(g.PUNGLI, on=FRIDAY, policy=POLICY)
    assert g.reporter_visible(pungli, g.LABOUR_AGENCY_HEAD)
    assert g.reporter_visible(pungli, g.AUDITOR)
    assert not g.reporter_visible(pungli, "petugas_disnaker")
    assert not g.reporter_visible(pungli, "bpjs")
    assert g.reporter_visible(g.route(g.IURAN, on=FRIDAY, policy=POLICY), "petugas_disnaker")


def test_unknown_category_is_refused():
    with pytest.raises(g.GrievanceError):
        g.route("BANJIR", on=FRIDAY, policy=POLICY)


# -- status machine ------------------------------------------------------------------------------------


def test_transition_table_is_complete_and_every_edge_has_actors():
    assert set(g.TRANSITIONS) == set(g.STATUSES)
    edges = {(a, b) for a, targets in g.TRANSITIONS.items() for b in targets}
    assert edges == set(g.ACTORS)
    for status in g.CLOSED:
        assert g.TRANSITIONS[status] == frozenset()


def test_who_may_move():
    assert g.can_move(g.DIJAWAB, g.DIBUKA_KEMBALI, g.PELAPOR)
    assert g.can_move(g.DIJAWAB, g.DITUTUP_OTOMATIS, g.SISTEM)
    assert not g.can_move(g.DIJAWAB, g.DITUTUP_OTOMATIS, g.PETUGAS)
    assert not g.can_move(g.DITERIMA, g.DIPROSES, g.PELAPOR)
    assert not g.can_move(g.SELESAI, g.DIBUKA_KEMBALI)
    with pytest.raises(g.GrievanceError, match="tidak dapat diubah"):
        g.check_move(g.DITERIMA, g.SELESAI)
    with pytest.raises(g.GrievanceError, match="tidak boleh"):
        g.check_move(g.DIJAWAB, g.DITUTUP_OTOMATIS, g.PELAPOR)


@given(st.lists(st.integers(min_value=0, max_value=10), max_size=20))
def test_random_walks_stay_in_the_machine_and_closed_is_final(choices):
    status = g.DITERIMA
    for pick in choices:
        targets = sorted(g.TRANSITIONS[status])
        if not targets:
            assert status in g.CLOSED
            break
        status = targets[pick % len(targets)]
        assert status in g.STATUSES


# -- service levels ------------------------------------------------------------------------------------


def evaluate(category, now, history=(), received=FRIDAY, policy=POLICY):
    return g.evaluate(received, category, now, list(history), policy=policy, calendar=CAL)


@pytest.mark.parametrize(
    "today, state, escalate",
    [
        (date(2026, 1, 9), g.TEPAT_WAKTU, False),
        (date(2026, 1, 12), g.TEPAT_WAKTU, False),
        (date(2026, 1, 13), g.HAMPIR_JATUH_TEMPO, False),
        (date(2026, 1, 14), g.HAMPIR_JATUH_TEMPO, False),
        (date(2026, 1, 15), g.TERLAMBAT, True),
    ],
)
def test_response_deadline_states(today, state, escalate):
    report = evaluate(g.IURAN, today)
    assert report.response_due == date(2026, 1, 14)
    assert report.open_step == g.STEP_RESPONSE
    assert (report.state, report.escalate) == (state, escalate)


def test_work_accident_on_sunday_is_due_monday():
    sunday = date(2026, 1, 11)
    report = evaluate(g.KECELAKAAN_KERJA, sunday, received=sunday)
    assert report.response_due == date(2026, 1, 12)
    assert report.state == g.HAMPIR_JATUH_TEMPO
    late = evaluate(g.KECELAKAAN_KERJA, date(2026, 1, 13), received=sunday)
    assert (late.state, late.escalate, late.late_steps) == (g.TERLAMBAT, True, (g.STEP_RESPONSE,))


def test_escalation_when_at_risk_is_data():
    levels = POLICY.params.value("service_levels", date(2026, 1, 1))
    strict = POLICY.with_overrides(
        _override(
            "service_levels",
            {**levels, "KECELAKAAN_KERJA": {"response": 0, "escalate_at": "HAMPIR_JATUH_TEMPO"}},
        )
    )
    report = evaluate(g.KECELAKAAN_KERJA, date(2026, 1, 12), received=date(2026, 1, 12), policy=strict)
    assert (report.state, report.escalate) == (g.HAMPIR_JATUH_TEMPO, True)


def test_follow_up_is_counted_from_the_first_response():
    history = [change(g.DITERIMA, FRIDAY), change(g.DIPROSES, date(2026, 1, 12), g.PETUGAS)]
    report = evaluate(g.IURAN, date(2026, 1, 15), history)
    assert report.responded_on == date(2026, 1, 12)
    assert report.follow_up_due == date(
        2026, 1, 20
    )  # Mon 12 + 5: Tue 13, Wed 14, Thu 15, (Fri 16 Isra Mikraj), Mon 19, Tue 20
    assert report.open_step == g.STEP_FOLLOW_UP
    assert report.state == g.TEPAT_WAKTU


def test_late_answer_is_remembered_but_not_escalated_once_answered():
    history = [change(g.DIPROSES, date(2026, 1, 12)), change(g.DIJAWAB, date(2026, 1, 22))]
    report = evaluate(g.IURAN, date(2026, 1, 22), history)
    assert report.late_steps == (g.STEP_FOLLOW_UP,)
    assert report.state == g.TERLAMBAT
    assert not report.escalate
    assert report.open_step is None


def test_answered_at_the_desk_the_same_day():
    report = evaluate(g.LAINNYA, FRIDAY, [change(g.DIJAWAB, FRIDAY)])
    assert report.responded_on == report.answered_on == FRIDAY
    assert report.state == g.TEPAT_WAKTU
    assert report.late_steps == ()


def test_auto_close_ten_working_days_after_the_answer():
    history = [change(g.DIPROSES, date(2026, 1, 12)), change(g.DIJAWAB, date(2026, 1, 13))]
    due = CAL.add_working_days(date(2026, 1, 13), 10)
    assert due == date(2026, 1, 28)  # 16 Jan (Isra Mikraj) is not counted
    on_the_day = evaluate(g.IURAN, due, history)
    assert on_the_day.auto_close_due == due
    assert on_the_day.may_reopen and not on_the_day.should_auto_close
    after = evaluate(g.IURAN, date(2026, 1, 29), history)
    assert after.should_auto_close and not after.may_reopen
    closed = evaluate(
        g.IURAN, date(2026, 1, 29), [*history, change(g.DITUTUP_OTOMATIS, date(2026, 1, 29), g.SISTEM)]
    )
    assert closed.status == g.DITUTUP_OTOMATIS
    assert closed.closed_on == date(2026, 1, 29)
    assert not closed.should_auto_close and not closed.may_reopen


def test_reopened_complaint_gets_a_new_follow_up_deadline():
    history = [
        change(g.DIPROSES, date(2026, 1, 12)),
        change(g.DIJAWAB, date(2026, 1, 13)),
        change(g.DIBUKA_KEMBALI, date(2026, 1, 20), g.PELAPOR),
    ]
    report = evaluate(g.IURAN, date(2026, 1, 21), history)
    assert report.status == g.DIBUKA_KEMBALI
    assert report.follow_up_due == CAL.add_working_days(date(2026, 1, 20), 5)
    assert report.open_step == g.STEP_FOLLOW_UP
    assert report.auto_close_due is None
    answered = evaluate(g.IURAN, date(2026, 1, 22), [*history, change(g.DIJAWAB, date(2026, 1, 22))])
    assert answered.auto_close_due == CAL.add_working_days(date(2026, 1, 22), 10)


@pytest.mark.parametrize(
    "history, message",
    [
        ([change(g.SELESAI, date(2026, 1, 12))], "tidak dapat diubah"),
        ([change(g.DIPROSES, date(2026, 1, 13)), change(g.DIJAWAB, date(2026, 1, 12))], "tidak urut"),
        ([change(g.DIPROSES, date(2026, 2, 1))], "setelah tanggal evaluasi"),
        ([change(g.DIPROSES, date(2026, 1, 12), g.PELAPOR)], "tidak boleh"),
        ([change(g.DITERIMA, date(2026, 1, 8))], "berbeda"),
    ],
)
def test_invalid_histories_are_refused(history, message):
    with pytest.raises(g.GrievanceError, match=message):
        evaluate(g.IURAN, date(2026, 1, 20), history)


def test_rules_of_the_day_of_receipt_apply():
    levels = POLICY.params.value("service_levels", date(2026, 1, 1))
    tenant = POLICY.with_overrides(
        _override("service_levels", {**levels, "IURAN": {"response": 1}}, "2026-01-12")
    )
    assert evaluate(g.IURAN, date(2026, 1, 12), policy=tenant).response_due == date(2026, 1, 14)
    assert evaluate(
        g.IURAN, date(2026, 1, 12), received=date(2026, 1, 12), policy=tenant
    ).response_due == date(2026, 1, 13)


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.sampled_from(sorted(g.CATEGORIES)),
)
def test_state_follows_the_deadline(received, days_later, category):
    today = date.fromordinal(received.toordinal() + days_later)
    report = evaluate(category, today, received=received)
    assert CAL.is_working_day(report.response_due)
    assert (report.state == g.TERLAMBAT) == (today > report.response_due) == report.escalate


# -- ticket numbers ------------------------------------------------------------------------------------

TICKET_RE = re.compile(r"PGD-[0-9]{2}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{7}")


def test_ticket_shape_and_year():
    number = g.new_ticket_number(date(2026, 3, 2))
    assert TICKET_RE.fullmatch(number)
    assert number.startswith("PGD-26-")
    assert g.normalize_ticket_number(number) == number


def test_tickets_are_random_not_sequential():
    numbers = {g.new_ticket_number(FRIDAY) for _ in range(300)}
    assert len(numbers) >= 299  # 729 million possibilities a year
    assert all(g.normalize_ticket_number(n) for n in numbers)


def test_ticket_as_said_on_the_phone_is_understood():
    number = g.new_ticket_number(FRIDAY, rng=random.Random(7))
    spoken = number.lower().replace("-", " ")
    assert g.normalize_ticket_number(spoken) == number
    assert g.normalize_ticket_number(number.replace("-", "")) == number


@given(st.integers(min_value=0, max_value=10_000))
def test_any_single_misheard_symbol_is_refused(seed):
    number = g.new_ticket_number(FRIDAY, rng=random.Random(seed))
    body_start = len("PGD-26-")
    position = seed % 7 + body_start
    for symbol in g.TICKET_ALPHABET:
        if symbol != number[position]:
            wrong = number[:position] + symbol + number[position + 1 :]
            assert g.normalize_ticket_number(wrong) is None


def test_malformed_tickets_are_refused():
    for text in (
        "",
        None,
        "PGD-26-7KQ2M4",
        "PGD-26-7KQ2M40",
        "PGD-2X-7KQ2M4H",
        "XYZ-26-7KQ2M4H",
        "PGD-26-OKQ2M4H",
    ):
        assert g.normalize_ticket_number(text) is None


# -- complaints import row -----------------------------------------------------------------------------

NOW = datetime(2026, 3, 2, 12, 0)
ROW = {
    "nomor_lapor": "LAPOR-123",
    "diterima_pada": "2026-03-02 09:15",
    "saluran": "LAPOR",
    "kategori": "PENDATAAN",
    "nama": "Siti",
    "nik": "6471015507900001",
    "telepon": "0812-5555-1234",
    "kode_wilayah": "64.71.01.1001",
    "pekerjaan": "pemulung",
    "isi": "Belum didata",
}


def parse(**changes):
    return g.parse_complaint_row(
        {**ROW, **changes}, 2, now=NOW, occupations={"pemulung", "nelayan"}, region_prefix="64.71"
    )


def test_a_good_row():
    row = parse()
    assert row.ok and row.warnings == []
    assert row.received_at == datetime(2026, 3, 2, 9, 15) and row.has_time
    assert (row.channel, row.category, row.kelurahan, row.occupation) == (
        "LAPOR",
        "PENDATAAN",
        "64.71.01.1001",
        "pemulung",
    )
    plan = g.plan(row, policy=POLICY, calendar=CAL, data_collector=LAMPIRAN_I)
    result = g.result_row(row, nomor="PGD-26-XXXXXXX", complaint_plan=plan)
    assert list(result) == list(g.RESULT_COLUMNS)
    assert result == {
        "baris": "2",
        "nomor": "PGD-26-XXXXXXX",
        "kategori": "PENDATAAN",
        "ditangani_oleh": "kelurahan:64.71.01.1001",
        "batas_tanggapan": "2026-03-05",
        "status": "DITERIMA",
        "alasan": "",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-02", datetime(2026, 3, 2)),
        ("2026-03-01 23:59", datetime(2026, 3, 1, 23, 59)),
        ("2026-03-01 23:59:10", datetime(2026, 3, 1, 23, 59, 10)),
        ("2026-03-01T08:00", datetime(2026, 3, 1, 8, 0)),
    ],
)
def test_received_at_formats(text, expected):
    assert parse(diterima_pada=text).received_at == expected


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"diterima_pada": "2026-03-03"}, "diterima_pada tidak boleh di masa depan"),
        ({"diterima_pada": "2026-03-02 12:01"}, "diterima_pada tidak boleh di masa depan"),
        ({"diterima_pada": "02/03/2026"}, "diterima_pada harus berformat YYYY-MM-DD atau YYYY-MM-DD HH:MM"),
        ({"diterima_pada": "2026-02-30"}, "tidak ada di kalender"),
        ({"diterima_pada": "2026-03-01 25:00"}, "tidak ada di kalender"),
        ({"diterima_pada": ""}, "diterima_pada wajib diisi"),
        ({"saluran": "Faks"}, "saluran 'Faks' tidak dikenal (pilih: LISAN, TERTULIS, DARING, LAPOR)"),
        ({"kategori": "Banjir"}, "kategori 'Banjir' tidak dikenal (pilih: KEPESERTAAN, KECELAKAAN_KERJA"),
        ({"kategori": None}, "kategori wajib diisi"),
        ({"nomor_lapor": " "}, "nomor_lapor wajib diisi untuk saluran LAPOR"),
        ({"isi": ""}, "isi pengaduan wajib diisi"),
    ],
)
def test_refused_rows_say_why(changes, message):
    row = parse(**changes)
    assert not row.ok
    assert any(message in e for e in row.errors), row.errors
    result = g.result_row(row)
    assert result["nomor"] == "" and message in result["alasan"]


def test_codes_are_read_leniently():
    row = parse(saluran=" sp4n-lapor ", kategori="kecelakaan kerja")
    assert (row.channel, row.category) == ("LAPOR", "KECELAKAAN_KERJA")


def test_a_desk_complaint_needs_no_lapor_number_and_may_be_anonymous():
    row = parse(
        nomor_lapor=None,
        saluran="lisan",
        nama=None,
        nik=None,
        telepon=None,
        kode_wilayah=None,
        pekerjaan=None,
    )
    assert row.ok and row.nomor_lapor is None and row.name is None


@pytest.mark.parametrize(
    "changes, attr, message",
    [
        ({"nik": "123"}, "nik", "NIK tidak valid"),
        ({"telepon": "tidak ada"}, "phone", "telepon"),
        ({"kode_wilayah": "99.99.99.9999"}, "kelurahan", "kode_wilayah"),
        ({"kode_wilayah": "64.72.01.1001"}, "kelurahan", "di luar wilayah program"),
        ({"pekerjaan": "Astronot"}, "occupation", "pekerjaan 'Astronot' tidak dikenal"),
    ],
)
def test_identity_problems_never_lose_a_complaint(changes, attr, message):
    row = parse(**changes)
    assert row.ok
    assert getattr(row, attr) is None
    assert any(message in w for w in row.warnings)
    plan = g.plan(row, policy=POLICY, calendar=CAL, data_collector=LAMPIRAN_I)
    assert message in g.result_row(row, nomor="N", complaint_plan=plan)["alasan"]


def test_plan_of_a_refused_row_is_an_error():
    with pytest.raises(g.GrievanceError):
        g.plan(parse(kategori="Banjir"), policy=POLICY, calendar=CAL)


def test_aware_now_is_read_as_local_time():
    from datetime import timedelta, timezone

    wita = timezone(timedelta(hours=8))
    row = g.parse_complaint_row(ROW, 2, now=datetime(2026, 3, 2, 12, 0, tzinfo=wita))
    assert row.ok


def test_header_aliases_of_a_lapor_export():
    headers = [
        "No Laporan",
        "Tanggal Laporan",
        "Kanal",
        "Kategori",
        "Nama",
        "NIK",
        "No HP",
        "Kode Wilayah",
        "Pekerjaan",
        "Isi Laporan",
        "Status LAPOR",
    ]
    match = match_headers(headers, g.LAYOUT)
    assert match.missing == ()
    assert match.extra == ("Status LAPOR",)
    assert match.rename["Isi Laporan"] == "isi"
