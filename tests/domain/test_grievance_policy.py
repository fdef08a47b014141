"""Complaint rules as data (routing, service levels, overrides), routing per category, the status machine."""

from datetime import date

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lindung.domain import grievance as g
from lindung.domain.params import ParameterFileError

from .grievance_helpers import FRIDAY, LAMPIRAN_I, POLICY
from .grievance_helpers import override as _override

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


def _routing(**changes):
    value = {c: dict(POLICY.params.value("routing", date(2026, 1, 1))[c]) for c in g.CATEGORIES}
    for category, rule in changes.items():
        value[category] = rule
    return value


def _default(**changes):
    """The shipped default service levels, with some values changed."""
    return {
        "response": 3,
        "follow_up": 5,
        "auto_close": 10,
        "at_risk": 1,
        "escalate_at": "TERLAMBAT",
        **changes,
    }


def test_overrides_are_effective_dated():
    tenant = POLICY.with_overrides(
        _override("labour_agency", "dinsos", "2026-01-01", "Perwali perubahan (contoh)")
    )
    assert g.route(g.IURAN, on=date(2025, 12, 31), policy=tenant).handler == "disnaker"
    assert g.route(g.IURAN, on=date(2026, 1, 2), policy=tenant).handler == "dinsos"
    faster = POLICY.with_overrides(
        _override(
            "service_levels",
            {"default": _default(), "IURAN": {"response": 1}},
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
                {"default": _default(response=-1)},
            ),
            "0..60",
        ),
        (
            _override(
                "service_levels",
                {"default": _default(escalate_at="SEGERA")},
            ),
            "escalate_at",
        ),
        (
            _override(
                "service_levels",
                {"default": _default(), "BANJIR": {"response": 1}},
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
