"""Rule sets as data: both regulations load, every criterion carries a reason code and a citation, the
values are effective-dated with references, and a malformed file is refused with a clear message.
Also `lindung rules list` / `lindung rules show` (which never touch the database)."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from lindung.domain.rules import RuleSetError, available, load
from lindung.domain.rules.ruleset import RULESET_DIR, parse

CONTRACT_CODES = {"SUDAH_TERDAFTAR", "BUKAN_MISKIN", "DATA_KEMISKINAN_TIDAK_ADA", "USIA_DI_LUAR_BATAS",
                  "BUKAN_PENDUDUK_DAERAH", "DOMISILI_KURANG", "PENGHASILAN_TIDAK_DI_BAWAH_UMK",
                  "PEKERJAAN_TIDAK_TERCAKUP"}


def raw(ruleset_id: str) -> dict:
    return yaml.safe_load((RULESET_DIR / f"{ruleset_id}.yaml").read_text(encoding="utf-8"))


def test_both_regulations_are_available():
    assert {"balikpapan-perwali-3-2025", "kaltim-pergub-40-2025"} <= set(available())


def test_balikpapan_is_complete():
    rs = load("balikpapan-perwali-3-2025")
    assert rs.status == "final" and rs.jurisdiction == "64.71"
    assert {c.code for c in rs.criteria} == CONTRACT_CODES
    cites = {c.code: c.cite for c in rs.criteria}
    assert cites["USIA_DI_LUAR_BATAS"] == "Pasal 5 ayat (1) huruf c"
    assert cites["SUDAH_TERDAFTAR"] == "Pasal 5 ayat (1) huruf a"
    assert "Pasal 6 ayat (4)" in cites["PEKERJAAN_TIDAK_TERCAKUP"]
    assert [p.code for p in rs.priorities] == ["PRIORITAS_MISKIN_EKSTREM", "PRIORITAS_DISABILITAS"]
    assert len(rs.value("occupations", date(2025, 7, 1))) == 16  # Pasal 4 a-o; huruf f is two codes
    assert rs.value("umk", date(2025, 12, 31)) == Decimal("3701508.68")
    assert rs.value("umk", date(2026, 1, 1)) == Decimal("3856694.43")
    # The billing engine reads these from the same file.
    assert rs.value("contribution_jkk", date(2026, 1, 1)) + rs.value("contribution_jkm", date(2026, 1, 1)) == 16800
    assert rs.value("billing_age_limit_months", date(2026, 1, 1)) == 779


def test_kaltim_is_provisional_province_wide_and_marks_its_unknowns():
    rs = load("kaltim-pergub-40-2025")
    assert rs.status == "provisional" and rs.jurisdiction == "64"
    assert {"SUDAH_TERDAFTAR", "BUKAN_MISKIN", "BUKAN_PENDUDUK_DAERAH", "PEKERJAAN_TIDAK_TERCAKUP"} <= {
        c.code for c in rs.criteria}
    # The Pergub's own age bounds are not public: the 18-65 of other Kaltim programmes applies, marked provisional.
    age = next(c for c in rs.criteria if c.code == "USIA_DI_LUAR_BATAS")
    assert "sementara" in age.cite
    for name in ("age_min", "age_below"):
        assert all(v.ref.startswith("SEMENTARA") for v in rs.parameter(name).history)
    assert (rs.value("age_min", date(2026, 1, 1)), rs.value("age_below", date(2026, 1, 1))) == (18, 66)
    assert "PENGHASILAN_TIDAK_DI_BAWAH_UMK" not in {c.code for c in rs.criteria}  # no income bound is invented
    assert "SEMENTARA" in rs.notes and "BELUM DIKETAHUI" in rs.notes
    assert rs.value("ump", date(2026, 2, 1)) == Decimal("3762431")
    assert rs.value("contribution_jkm", date(2025, 6, 1)) == 6800


def test_every_value_has_a_start_and_a_reference():
    for ruleset_id in available():
        for parameter in load(ruleset_id).parameters.values():
            assert all(v.ref and v.start for v in parameter.history), parameter.name


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["criteria"][0]["check"].update(kind="astrologi"), "unknown check kind"),
    (lambda d: d["criteria"][3]["check"].pop("below"), "needs exactly"),
    (lambda d: d["parameters"]["age_min"]["values"][0].update({"from": "2025-06-01"}), "has no value from"),
    (lambda d: d["parameters"]["priority_order"]["values"][0].update(value=["PRIORITAS_DISABILITAS"]), "must list"),
    (lambda d: d["parameters"]["umk"]["values"][0].pop("ref"), "has no ref"),
    (lambda d: d["criteria"][0].update(outcome="MUNGKIN"), "outcome must be"),
    (lambda d: d["parameters"]["umk"]["values"][0].update(value=3475595.5), "quoted strings"),
])
def test_a_malformed_rule_set_is_refused(change, message):
    data = copy.deepcopy(raw("balikpapan-perwali-3-2025"))
    change(data)
    with pytest.raises(RuleSetError, match=message):
        parse(data, "uji.yaml")


def test_rules_list():
    out = StringIO()
    call_command("rules", "list", stdout=out)
    assert "balikpapan-perwali-3-2025" in out.getvalue() and "provisional" in out.getvalue()


def test_rules_show_gives_criteria_citations_and_values_in_force_on_a_date():
    out = StringIO()
    call_command("rules", "show", "balikpapan-perwali-3-2025", "--on", "2024-06-01", stdout=out)
    text = out.getvalue()
    assert "USIA_DI_LUAR_BATAS [Pasal 5 ayat (1) huruf c]" in text
    assert "umk = Rp3.475.595 sejak 2024-01-01" in text
    assert "TIDAK berlaku" in text  # the Perwali starts on 2025-01-13
    out = StringIO()
    call_command("rules", "show", "balikpapan-perwali-3-2025", "--on", "2026-03-01", stdout=out)
    assert "umk = Rp3.856.694,43 sejak 2026-01-01" in out.getvalue()


def test_rules_show_unknown_id():
    with pytest.raises(CommandError, match="unknown rule set"):
        call_command("rules", "show", "tidak-ada")


def test_what_the_rule_pages_show_cites_public_sources_not_developer_notes():
    """Issue 13 item 10: "shared/seeds/002 … DOMAIN.md §2" showed on the rule page."""
    for ruleset_id in available():
        rs = load(ruleset_id)
        shown = [rs.source or "", rs.notes or ""] + [v.ref for p in rs.parameters.values() for v in p.history]
        assert not [text for text in shown if "DOMAIN.md" in text or "seeds" in text or "shared/" in text], ruleset_id
