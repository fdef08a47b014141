from lindung.domain.exchange import APPLICANTS, BPJS_REGISTRY, canonical, match_headers, parse_bool


def test_headers_staff_really_write_map_to_the_contract():
    match = match_headers(["NIK", "Nama Lengkap", "Tgl Lahir", "JK", "Kode Wilayah", "Pekerjaan",
                           "Penghasilan", "Domisili Sejak", "Tgl. Daftar", "Catatan RT"], APPLICANTS)
    assert match.missing == ()
    assert match.rename["Nama Lengkap"] == "nama"
    assert match.rename["Tgl. Daftar"] == "tanggal_daftar"
    assert match.extra == ("Catatan RT",)


def test_missing_required_columns_are_named():
    match = match_headers(["nik", "nama"], APPLICANTS)
    assert "tanggal_lahir" in match.missing and "kode_wilayah" in match.missing


def test_a_saved_mapping_wins_over_aliases():
    match = match_headers(["No Identitas", "Status Aktif"], BPJS_REGISTRY, {"No Identitas": "nik", "Status Aktif": "status"})
    assert match.missing == () and match.rename == {"No Identitas": "nik", "Status Aktif": "status"}


def test_two_headers_for_one_column_are_reported():
    assert match_headers(["NIK", "No NIK", "Status"], BPJS_REGISTRY).duplicates == ("nik",)


def test_canonical_and_booleans():
    assert canonical("\ufeffTgl. Lahir ") == "tgl_lahir"
    assert parse_bool("Ya") is True and parse_bool("tidak") is False and parse_bool("mungkin") is None
