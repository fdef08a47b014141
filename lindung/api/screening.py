"""POST /penyaringan: a batch of applicants screened by the bulk engine exactly as `lindung screen` screens
a file (lindung.registers.screening.screen on the same rows), against the extracts sent along or, when
absent, the tenant's latest reference data."""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _
from ninja import Router

from lindung.accounts.permissions import can_screen
from lindung.applications import registers
from lindung.domain.rules import RuleSetError, load
from lindung.domain.rules import reasons as R
from lindung.platform import storage
from lindung.platform.errors import require
from lindung.platform.files import TableError
from lindung.registers.screening import screen
from lindung.registers.selectors import pair_reviews

from .errors import ERRORS, invalid
from .schemas import Cell, Row, ScreeningIn, ScreeningOut

router = Router(tags=["penyaringan"])
MAX_APPLICANTS = 10_000
MAX_EXTRACT_ROWS = 200_000


def text(value: Cell) -> str:
    """A JSON cell as the exchange files write it: booleans ya/tidak, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_rows(rows: list[Row], path: Path) -> Path:
    """The rows as a UTF-8 CSV whose header is their keys in order of first appearance: the file a partner
    would have sent to `lindung screen` (headers are matched, aliases included, by the same reader)."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([text(row.get(c)) for c in columns])
    return path


@router.post("/penyaringan", response={200: ScreeningOut, **ERRORS}, summary="Saring sekumpulan pemohon")
def screen_batch(request, payload: ScreeningIn):
    require(can_screen(request.user), "Peran Anda tidak menyaring data pendaftar.")
    if not payload.pemohon:
        raise invalid(_("Kirim paling sedikit satu pemohon."))
    if len(payload.pemohon) > MAX_APPLICANTS:
        raise invalid(_("Paling banyak %(n)s pemohon per permintaan; kirim sisanya pada permintaan berikutnya.")
                      % {"n": f"{MAX_APPLICANTS:,}".replace(",", ".")})
    for name, extract in (("kemiskinan", payload.kemiskinan), ("bpjs", payload.bpjs)):
        if extract is not None and len(extract) > MAX_EXTRACT_ROWS:
            raise invalid(_("Data %(name)s paling banyak %(n)s baris; muat data yang lebih besar sebagai data "
                            "rujukan.") % {"name": name, "n": f"{MAX_EXTRACT_ROWS:,}".replace(",", ".")})
    try:
        ruleset = load(payload.ruleset)
    except RuleSetError:
        raise invalid(_("Aturan %(id)s tidak dikenal.") % {"id": payload.ruleset},
                      [{"kolom": "ruleset", "pesan": _("aturan tidak dikenal")}]) from None
    storage.root().mkdir(mode=0o700, parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="api-saring-", dir=storage.root()))
    try:
        latest_poverty, latest_bpjs = registers.files(workdir, request.user.tenant)
        applicants = write_rows(payload.pemohon, workdir / "pemohon.csv")
        poverty = write_rows(payload.kemiskinan, workdir / "kemiskinan.csv") if payload.kemiskinan else latest_poverty
        bpjs = write_rows(payload.bpjs, workdir / "bpjs.csv") if payload.bpjs else latest_bpjs
        table = workdir / "hasil.parquet"
        try:
            screen(ruleset, applicants, poverty, bpjs, workdir / "hasil.csv", dedupe=payload.dedupe, table_out=table,
                   reviews=pair_reviews(request.user.tenant))
        except TableError as exc:
            raise invalid(str(exc).replace(str(workdir) + "/", "")) from None
        result = pl.read_parquet(table, columns=["_baris", "nik", "keputusan", "alasan", "prioritas", "alasan_teks"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"hasil": [
        {"baris": row["_baris"], "nik": row["nik"], "keputusan": row["keputusan"],
         "alasan": [c for c in (row["alasan"] or "").split(R.CODE_SEPARATOR) if c],
         "prioritas": row["prioritas"], "alasan_teks": row["alasan_teks"]}
        for row in result.sort("_baris").iter_rows(named=True)
    ]}
