"""The participants list: who is covered and why coverage ended, filtered, sorted and exported, for the
roles that follow programmes and never across governments."""

from datetime import date

import polars as pl
import pytest

from lindung.accounts.models import Role
from tests.money_fixtures import enrol, programme  # noqa: F401 - fixtures

URL = "/kepesertaan/peserta/"


@pytest.fixture
def members(programme, enrol):  # noqa: F811
    return {
        "ani": enrol(programme, name="Ani Pemulung", kpj="KPJ-ANI"),
        "budi": enrol(programme, name="Budi Nelayan", end=date(2025, 6, 30), reason="meninggal"),
        "citra": enrol(programme, name="Citra Ojek", start=date(2025, 5, 1), end=date(2025, 9, 30),
                       reason="pekerja_formal"),
    }


def test_the_labour_agency_sees_status_and_reason_filters_and_exports(client, users, members):
    client.force_login(users["labour"])
    page = client.get(URL).content.decode()
    assert "3 baris" in page and "Ani Pemulung" in page
    assert members["ani"].person.nik not in page  # masked on the list
    assert "Menjadi pekerja penerima upah (Pasal 10 huruf d)" in page
    ended = client.get(URL, {"status": "berakhir"}).content.decode()
    assert "Budi Nelayan" in ended and "Citra Ojek" in ended and "Ani Pemulung" not in ended
    by_kpj = client.get(URL, {"q": "KPJ-ANI"}).content.decode()
    assert "Ani Pemulung" in by_kpj and "Budi Nelayan" not in by_kpj
    export = client.get(URL, {"status": "berakhir", "alasan": "meninggal", "ekspor": "csv"})
    frame = pl.read_csv(b"".join(export.streaming_content) if export.streaming else export.content)
    assert frame["nama"].to_list() == ["Budi Nelayan"]
    assert frame["status"][0].startswith("Berakhir 30-06-2025")


def test_other_roles_and_governments_see_no_participants(client, users, members, make_user):
    client.force_login(users["lurah"])
    assert client.get(URL).status_code == 403
    samarinda = make_user("disnaker.smd", Role.DISNAKER, agency="disnaker", tenant=_samarinda())
    client.force_login(samarinda)
    assert "Ani Pemulung" not in client.get(URL).content.decode()


def _samarinda():
    from lindung.tenants.models import Tenant

    return Tenant.objects.get(code="samarinda")
