"""Reading the text of an exchange-file cell into the value a criterion needs, or saying why not.

Both executors read cells the same way: the per-record evaluator with these functions, the DuckDB
executor with SQL generated from the same patterns (lindung/domain/rules/sql.py). Keep the two in step:
the agreement test (tests/registers/test_agreement.py) feeds both the same awkward text.

Every value arrives as text. A cell is *empty* when nothing but whitespace is in it; a non-empty cell
that cannot be read is *unreadable*. Patterns use `[0-9]`, never `\\d`: Python's `\\d` also matches
Arabic-Indic and other digits, which no Indonesian register contains and SQL would not accept.
"""

from __future__ import annotations

import csv
import gzip
import re
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from lindung.domain.exchange import parse_bool

# Every character Python's str.strip() removes; SQL trims exactly this set (DuckDB's trim(x, chars)).
WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())

# A date is written YYYY-MM-DD (DESIGN §4). Spreadsheet date cells arrive as "YYYY-MM-DD 00:00:00".
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[ T]00:00:00)?"
# Rupiah: integer or decimal with '.', no thousands separators (lindung.domain.money), no sign. The digit
# limits keep the value exact in SQL DECIMAL(38,10); no real income needs more.
AMOUNT_PATTERN = r"[0-9]{1,18}(?:\.[0-9]{1,10})?"
# A kelurahan/desa code, dotted (64.71.01.1001) or as the 10 digits staff also type.
REGION_PATTERN = r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}"
REGION_DIGITS_PATTERN = r"[0-9]{10}"
DESIL_PATTERN = r"[0-9]{1,2}"
DESIL_RANGE = (1, 10)
SEXES = ("L", "P")

_DATE_RE = re.compile(DATE_PATTERN)
_AMOUNT_RE = re.compile(AMOUNT_PATTERN)
_REGION_RE = re.compile(REGION_PATTERN)
_REGION_DIGITS_RE = re.compile(REGION_DIGITS_PATTERN)
_DESIL_RE = re.compile(DESIL_PATTERN)
_ASCII_UPPER = {ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_NOT_CODE_RE = re.compile(r"[^0-9a-z]+")


class Unreadable(ValueError):
    """A non-empty cell that cannot be read as the value its column needs."""


def clean(raw: object) -> str | None:
    """The cell's text without surrounding whitespace; None when nothing is left."""
    if raw is None:
        return None
    text = str(raw).strip(WHITESPACE)
    return text or None


def parse_date(text: str) -> date:
    if not _DATE_RE.fullmatch(text):
        raise Unreadable("tanggal harus berformat YYYY-MM-DD")
    try:
        return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        raise Unreadable("tanggal tidak ada di kalender") from None


def parse_income(text: str) -> Decimal:
    if not _AMOUNT_RE.fullmatch(text):
        raise Unreadable("nominal harus angka rupiah tanpa pemisah ribuan")
    return Decimal(text)


def parse_sex(text: str) -> str:
    sex = text.upper()
    if sex not in SEXES:
        raise Unreadable("jenis kelamin harus L atau P")
    return sex


def parse_region(text: str) -> str:
    """A kelurahan code as written in the Kemendagri list, which must contain it."""
    if _REGION_DIGITS_RE.fullmatch(text):
        text = f"{text[0:2]}.{text[2:4]}.{text[4:6]}.{text[6:10]}"
    if not _REGION_RE.fullmatch(text):
        raise Unreadable("kode wilayah kelurahan harus seperti 64.71.01.1001")
    if text not in kelurahan_codes():
        raise Unreadable("kode wilayah tidak ada dalam daftar Kemendagri")
    return text


def parse_flag(text: str | None) -> bool:
    """ya/tidak (and the variants of lindung.domain.exchange); an empty optional flag means no."""
    value = parse_bool(text or "")
    if value is None:
        raise Unreadable("isi dengan ya atau tidak")
    return value


def occupation_code(text: str) -> str:
    """'Pedagang Kaki Lima' -> 'pedagang_kaki_lima': staff write codes with capitals and spaces.
    Only ASCII letters are lowered, so that SQL's translate() gives exactly the same result."""
    return _NOT_CODE_RE.sub("_", text.translate(_ASCII_UPPER)).strip("_")


def parse_desil(raw: object) -> int | None:
    """A poverty decile 1..10, or None when the extract's cell holds no usable decile."""
    text = clean(raw)
    if text is None or not _DESIL_RE.fullmatch(text):
        return None
    value = int(text)
    return value if DESIL_RANGE[0] <= value <= DESIL_RANGE[1] else None


def is_active_status(raw: object) -> bool:
    """Only an AKTIF membership fails "not yet covered" (DOMAIN §5); NONAKTIF and anything else do not."""
    text = clean(raw)
    return text is not None and text.upper() == "AKTIF"


@cache
def kelurahan_codes() -> frozenset[str]:
    """Every kelurahan/desa code of Kepmendagri 300.2.2-2138/2025 (shipped in lindung/data)."""
    path = Path(__file__).resolve().parent.parent.parent / "data" / "wilayah_kemendagri_2025.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return frozenset(row["kode"] for row in csv.DictReader(fh) if _REGION_RE.fullmatch(row["kode"]))

# A row the reader could only partly read (more cells than headers, bytes that are not UTF-8) carries
# what is wrong in this extra column; the evaluator reports it as an unreadable "baris".
ROW_DEFECT = "_cacat_baris"
ROW_DEFECT_LABEL = "baris"
