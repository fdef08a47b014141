"""The exchange-file contracts of DESIGN.md §4: column names, which are required, and the header
aliases staff really write ("NIK", "Nama Lengkap", "Tgl Lahir"). Other tools rely on these names:
change them only with the contract.

Pure Python: the readers (lindung/platform/files.py) use these layouts for CSV, XLSX and DuckDB alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TRUE_WORDS = {"ya", "y", "yes", "true", "1", "benar"}
FALSE_WORDS = {"tidak", "t", "no", "false", "0", "bukan", ""}


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)  # canonical(header) -> contract column


def canonical(header: object) -> str:
    """'Nama Lengkap' -> 'nama_lengkap', ' Tgl. Lahir ' -> 'tgl_lahir', 'No. HP' -> 'no_hp'."""
    text = str(header or "").strip().lower().lstrip("\ufeff")
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


_COMMON = {
    "nik": "nik", "no_nik": "nik", "nomor_nik": "nik", "nomor_induk_kependudukan": "nik",
    "no_kk": "no_kk", "nomor_kk": "no_kk", "kk": "no_kk", "nomor_kartu_keluarga": "no_kk",
    "nama": "nama", "nama_lengkap": "nama", "nama_peserta": "nama", "nama_tenaga_kerja": "nama",
    "tanggal_lahir": "tanggal_lahir", "tgl_lahir": "tanggal_lahir", "tgllahir": "tanggal_lahir",
    "jenis_kelamin": "jenis_kelamin", "jk": "jenis_kelamin", "l_p": "jenis_kelamin", "kelamin": "jenis_kelamin",
    "kode_wilayah": "kode_wilayah", "kode_kelurahan": "kode_wilayah", "kode_desa": "kode_wilayah",
    "pekerjaan": "pekerjaan", "jenis_pekerjaan": "pekerjaan", "kode_pekerjaan": "pekerjaan",
    "kpj": "kpj", "no_kpj": "kpj", "nomor_kpj": "kpj", "no_kartu": "kpj",
}

APPLICANTS = Layout(
    "pendaftar",
    columns=("nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat", "kode_wilayah",
             "telepon", "pekerjaan", "penghasilan_bulanan", "domisili_sejak", "disabilitas", "tanggal_daftar"),
    required=("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "pekerjaan",
              "penghasilan_bulanan", "domisili_sejak", "tanggal_daftar"),
    aliases={
        **_COMMON,
        "tempat_lahir": "tempat_lahir", "tmp_lahir": "tempat_lahir",
        "alamat": "alamat", "alamat_ktp": "alamat",
        "telepon": "telepon", "no_hp": "telepon", "hp": "telepon", "no_telepon": "telepon", "nomor_hp": "telepon",
        "penghasilan_bulanan": "penghasilan_bulanan", "penghasilan": "penghasilan_bulanan",
        "penghasilan_per_bulan": "penghasilan_bulanan", "pendapatan": "penghasilan_bulanan",
        "pendapatan_per_bulan": "penghasilan_bulanan", "rata_rata_penghasilan": "penghasilan_bulanan",
        "domisili_sejak": "domisili_sejak", "tanggal_domisili": "domisili_sejak", "tgl_domisili": "domisili_sejak",
        "disabilitas": "disabilitas", "penyandang_disabilitas": "disabilitas",
        "tanggal_daftar": "tanggal_daftar", "tgl_daftar": "tanggal_daftar", "tanggal_pendaftaran": "tanggal_daftar",
    },
)

POVERTY = Layout(
    "data kemiskinan",
    columns=("nik", "no_kk", "desil", "miskin_ekstrem"),
    required=("nik", "desil"),
    aliases={**_COMMON, "desil": "desil", "desil_nasional": "desil", "peringkat_desil": "desil",
             "miskin_ekstrem": "miskin_ekstrem", "p3ke": "miskin_ekstrem", "status_miskin_ekstrem": "miskin_ekstrem"},
)

BPJS_REGISTRY = Layout(
    "data kepesertaan BPJS",
    columns=("nik", "kpj", "segmen", "status"),
    required=("nik", "status"),
    aliases={**_COMMON, "segmen": "segmen", "segmen_kepesertaan": "segmen",
             "status": "status", "status_kepesertaan": "status", "status_peserta": "status"},
)

PARTICIPANTS = Layout(
    "peserta",
    columns=("nik", "kpj", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "pekerjaan",
             "mulai_kepesertaan", "akhir_kepesertaan", "alasan_berhenti"),
    required=("nik", "nama", "tanggal_lahir", "mulai_kepesertaan"),
    aliases={**_COMMON, "mulai_kepesertaan": "mulai_kepesertaan", "tgl_kepesertaan": "mulai_kepesertaan",
             "tanggal_kepesertaan": "mulai_kepesertaan", "tmt": "mulai_kepesertaan",
             "akhir_kepesertaan": "akhir_kepesertaan", "tanggal_berhenti": "akhir_kepesertaan",
             "alasan_berhenti": "alasan_berhenti", "alasan": "alasan_berhenti"},
)

INVOICE = Layout(
    "tagihan BPJS",
    columns=("nik", "kpj", "nama", "bulan", "iuran_jkk", "iuran_jkm", "jumlah"),
    required=("nik", "bulan", "jumlah"),
    aliases={**_COMMON, "bulan": "bulan", "periode": "bulan", "bulan_iuran": "bulan",
             "iuran_jkk": "iuran_jkk", "jkk": "iuran_jkk", "iuran_jkm": "iuran_jkm", "jkm": "iuran_jkm",
             "jumlah": "jumlah", "total": "jumlah", "jumlah_iuran": "jumlah", "total_iuran": "jumlah"},
)

COMPLAINTS = Layout(
    "pengaduan",
    columns=("nomor_lapor", "diterima_pada", "saluran", "kategori", "nama", "nik", "telepon", "kode_wilayah",
             "pekerjaan", "isi"),
    required=("diterima_pada", "saluran", "kategori", "isi"),
    aliases={**_COMMON,
             "nomor_lapor": "nomor_lapor", "no_lapor": "nomor_lapor", "nomor_laporan": "nomor_lapor",
             "no_laporan": "nomor_lapor", "id_laporan": "nomor_lapor", "nomor_tiket_lapor": "nomor_lapor",
             "diterima_pada": "diterima_pada", "tanggal_diterima": "diterima_pada",
             "tgl_diterima": "diterima_pada", "tanggal_laporan": "diterima_pada",
             "waktu_laporan": "diterima_pada", "tanggal": "diterima_pada",
             "saluran": "saluran", "kanal": "saluran", "media": "saluran",
             "kategori": "kategori", "jenis_pengaduan": "kategori", "kategori_pengaduan": "kategori",
             "telepon": "telepon", "no_hp": "telepon", "hp": "telepon", "no_telepon": "telepon",
             "nomor_hp": "telepon", "isi": "isi", "isi_laporan": "isi", "isi_pengaduan": "isi",
             "uraian": "isi", "pengaduan": "isi"},
)

CLAIMS = Layout(
    "klaim BPJS",
    # `manfaat` (sub-kind: PERAWATAN, STMB, CACAT, KEMATIAN, PEMAKAMAN) is an optional extension of the
    # contract's columns; without it a JKK death is read from `keterangan` (lindung/domain/claims/rows.py).
    columns=("nik", "kpj", "jenis", "manfaat", "tanggal_kejadian", "tanggal_pengajuan", "tanggal_bayar",
             "status", "jumlah", "referensi_bpjs", "keterangan"),
    required=("nik", "jenis", "tanggal_kejadian", "tanggal_pengajuan", "status"),
    aliases={**_COMMON, "jenis": "jenis", "jenis_klaim": "jenis", "program": "jenis",
             "manfaat": "manfaat", "jenis_manfaat": "manfaat", "sub_jenis": "manfaat",
             "tanggal_kejadian": "tanggal_kejadian", "tgl_kejadian": "tanggal_kejadian",
             "tanggal_kecelakaan": "tanggal_kejadian", "tanggal_meninggal": "tanggal_kejadian",
             "tanggal_pengajuan": "tanggal_pengajuan", "tgl_pengajuan": "tanggal_pengajuan",
             "tanggal_klaim": "tanggal_pengajuan",
             "tanggal_bayar": "tanggal_bayar", "tgl_bayar": "tanggal_bayar",
             "tanggal_pembayaran": "tanggal_bayar",
             "status": "status", "status_klaim": "status",
             "jumlah": "jumlah", "nominal": "jumlah", "jumlah_bayar": "jumlah", "nilai_klaim": "jumlah",
             "referensi_bpjs": "referensi_bpjs", "no_referensi": "referensi_bpjs",
             "nomor_klaim": "referensi_bpjs", "no_klaim": "referensi_bpjs",
             "keterangan": "keterangan", "catatan": "keterangan"},
)
_REGION_YEAR = {"kode_wilayah": "kode_wilayah", "kode_kab_kota": "kode_wilayah", "kode_kecamatan": "kode_wilayah",
                "kode_kabupaten_kota": "kode_wilayah", "kode": "kode_wilayah", "wilayah": "kode_wilayah",
                "tahun": "tahun", "tahun_data": "tahun", "periode": "tahun"}

WORKFORCE = Layout(
    "angka ketenagakerjaan BPS",
    columns=("kode_wilayah", "tahun", "pekerja", "pekerja_informal"),
    required=("kode_wilayah", "tahun", "pekerja", "pekerja_informal"),
    aliases={**_REGION_YEAR, "pekerja": "pekerja", "penduduk_bekerja": "pekerja", "jumlah_pekerja": "pekerja",
             "bekerja": "pekerja", "pekerja_informal": "pekerja_informal", "informal": "pekerja_informal",
             "pekerja_sektor_informal": "pekerja_informal", "jumlah_pekerja_informal": "pekerja_informal"},
)

BPJS_AGGREGATE = Layout(
    "agregat peserta BPJS",
    columns=("kode_wilayah", "tahun", "peserta_pu", "peserta_bpu"),
    required=("kode_wilayah", "tahun", "peserta_pu", "peserta_bpu"),
    aliases={**_REGION_YEAR, "peserta_pu": "peserta_pu", "pu": "peserta_pu", "penerima_upah": "peserta_pu",
             "peserta_bpu": "peserta_bpu", "bpu": "peserta_bpu", "bukan_penerima_upah": "peserta_bpu"},
)
COVERAGE_COLUMNS = ("kode_wilayah", "nama_wilayah", "pekerja", "pekerja_informal", "peserta_aktif",
                    "cakupan_pbi_persen", "peserta_pu", "peserta_bpu", "cakupan_total_persen")

COMPLAINT_RESULT_COLUMNS = (
    "baris", "nomor", "kategori", "ditangani_oleh", "batas_tanggapan", "status", "alasan",
)
CLAIM_RESULT_COLUMNS = ("baris", "nik", "jenis", "hasil", "alasan")

RECONCILIATION_COLUMNS = ("nik", "kpj", "nama", "status", "jumlah_pemda", "jumlah_bpjs")
SCREENING_EXTRA_COLUMNS = ("keputusan", "alasan", "prioritas", "alasan_teks")


@dataclass(frozen=True)
class HeaderMatch:
    rename: dict[str, str]  # header as in the file -> contract column
    missing: tuple[str, ...]  # required contract columns not found
    extra: tuple[str, ...]  # headers kept but ignored
    duplicates: tuple[str, ...]  # contract columns that two headers claim


def match_headers(headers: list[str], layout: Layout, mapping: dict[str, str] | None = None) -> HeaderMatch:
    """Map a file's headers to the contract. `mapping` (header in file -> contract column), saved per
    programme for BPJS's unconfirmed layouts, wins over the built-in aliases."""
    explicit = {canonical(k): v for k, v in (mapping or {}).items()}
    rename: dict[str, str] = {}
    claimed: dict[str, str] = {}
    duplicates = []
    for header in headers:
        key = canonical(header)
        target = explicit.get(key) or layout.aliases.get(key) or (key if key in layout.columns else None)
        if target is None or target not in layout.columns:
            continue
        if target in claimed:
            duplicates.append(target)
            continue
        claimed[target] = header
        rename[header] = target
    missing = tuple(c for c in layout.required if c not in claimed)
    extra = tuple(h for h in headers if h not in rename)
    return HeaderMatch(rename, missing, extra, tuple(duplicates))


def parse_bool(raw: object) -> bool | None:
    """'ya'/'tidak' (and the usual variants) -> bool; None when it is neither."""
    text = str(raw if raw is not None else "").strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None
