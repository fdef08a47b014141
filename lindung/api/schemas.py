"""The JSON shapes of the REST API (DESIGN §4 "REST API (contract)"): field names as in the exchange files."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

# A cell as a partner system sends it: the exchange files' text, or JSON's own numbers and booleans.
Cell = str | int | float | bool | None
Row = dict[str, Cell]


class ScreeningIn(Schema):
    ruleset: str = Field(..., description="id aturan, mis. balikpapan-perwali-3-2025", max_length=100)
    pemohon: list[Row] = Field(..., description="baris pendaftar (kolom berkas pendaftar), paling banyak 10.000")
    kemiskinan: list[Row] | None = Field(None, description="data kemiskinan; kosong: data rujukan terbaru pemda")
    bpjs: list[Row] | None = Field(None, description="data kepesertaan BPJS; kosong: data rujukan terbaru pemda")
    dedupe: bool = Field(True, description="cari kemungkinan orang yang sama dengan NIK berbeda (bawaan: ya; "
                                           "false seperti `lindung screen --no-dedupe`)")


class ScreeningRowOut(Schema):
    baris: int
    nik: str | None
    keputusan: str
    alasan: list[str]
    prioritas: int | None
    alasan_teks: str | None


class ScreeningOut(Schema):
    hasil: list[ScreeningRowOut]


class PersonOut(Schema):
    nik: str = Field(..., description="tersamar kecuali peran yang boleh melihat NIK lengkap (tercatat di jejak audit)")
    no_kk: str
    nama: str
    tempat_lahir: str
    tanggal_lahir: date
    jenis_kelamin: str
    alamat: str
    kode_wilayah: str
    telepon: str
    pekerjaan: str | None
    penghasilan_bulanan: str | None = Field(..., description="rupiah, angka desimal dengan titik")
    domisili_sejak: date | None
    disabilitas: bool


class ApplicationIn(Schema):
    program: str = Field(..., description="kode program; usulan masuk ke siklus yang sedang mendata", max_length=40)
    nik: str = Field(..., max_length=40)
    no_kk: str = Field("", max_length=40)
    nama: str = Field(..., max_length=150)
    tempat_lahir: str = Field("", max_length=80)
    tanggal_lahir: date
    jenis_kelamin: str = Field(..., max_length=1, description="L atau P")
    alamat: str = Field("", max_length=250)
    kode_wilayah: str = Field(..., max_length=20, description="kode kelurahan alamat KTP, mis. 64.71.01.1001")
    telepon: str = Field("", max_length=20)
    pekerjaan: str = Field(..., max_length=40, description="kode pekerjaan")
    penghasilan_bulanan: int = Field(..., ge=0, le=10**12, description="rupiah")
    domisili_sejak: date
    disabilitas: bool = False


class ApplicationOut(Schema):
    nomor: str
    program: str
    tahun: int
    nik: str = Field(..., description="tersamar")
    nama: str
    tanggal_daftar: date
    status: str
    status_teks: str
    keputusan: str
    alasan: list[str]


class ParticipantOut(Schema):
    nik: str
    kpj: str
    nama: str
    kode_wilayah: str
    pekerjaan: str | None
    mulai_kepesertaan: date | None
    akhir_kepesertaan: date | None
    alasan_berhenti: str | None


class ParticipantPage(Schema):
    hasil: list[ParticipantOut]
    berikutnya: str | None = Field(..., description="kursor halaman berikutnya (parameter cursor); null: habis")


class AgreementOut(Schema):
    nomor: str
    tanggal: date
    jumlah_peserta: int
    jumlah_iuran: str


class PaymentOut(Schema):
    nomor_sp2d: str
    tanggal: date
    jumlah: str


class PayerBillOut(Schema):
    kode: str
    nama: str
    status: str
    jumlah_peserta: int
    jumlah_tagihan: str
    berita_acara: AgreementOut | None
    pembayaran: PaymentOut | None


class BillOut(Schema):
    program: str
    bulan: str
    status: str
    jumlah_peserta: int
    iuran_jkk: str
    iuran_jkm: str
    jumlah_tagihan: str
    peserta_dibiayai_program_lain: int
    rekonsiliasi: dict[str, int]
    berita_acara: AgreementOut | None
    pembayaran: PaymentOut | None
    pembayar: list[PayerBillOut]


class StatusLineOut(Schema):
    kode: str
    teks: str
    pasal: str


class WorkerStatusOut(Schema):
    program: str
    tahun: int
    nomor: str
    status: str
    judul: str
    keterangan: str
    alasan: list[StatusLineOut]


class StatusOut(Schema):
    hasil: list[WorkerStatusOut] = Field(..., description="kosong bila NIK dan tanggal lahir tidak cocok")


class ComplaintIn(Schema):
    nama: str = Field(..., max_length=150)
    nik: str = Field("", max_length=40)
    telepon: str = Field("", max_length=20)
    kode_wilayah: str = Field("", max_length=20)
    pekerjaan: str = Field("", max_length=40)
    kategori: str = Field(..., max_length=30, description="KEPESERTAAN|KECELAKAAN_KERJA|KLAIM_MANFAAT|PENDATAAN|"
                                                          "IURAN|PUNGLI|LAINNYA")
    isi: str = Field(..., max_length=5000)


class ComplaintOut(Schema):
    nomor: str
    status: str
    batas_tanggapan: date
