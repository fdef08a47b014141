"""NIK (Nomor Induk Kependudukan) parsing and validation, per DOMAIN.md §4.

A NIK is 16 digits: province (2) + kab/kota (2) + kecamatan (2) + DDMMYY + serial (4, never 0000);
women have 40 added to the day. The region part is where the NIK was *first issued*; it never
changes when the person moves, so residence must never be read from it. The embedded date may
differ from the true birth date and cannot be corrected: a mismatch is a warning, not an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40

# Error codes (the NIK cannot be used) and warning codes (usable, but something disagrees).
ERR_LENGTH = "PANJANG_SALAH"
ERR_DIGITS = "BUKAN_ANGKA"
ERR_DATE = "TANGGAL_MUSTAHIL"
ERR_SERIAL = "NOMOR_URUT_NOL"
ERR_PROVINCE = "PROVINSI_TIDAK_DIKENAL"
WARN_BIRTH_DATE = "TANGGAL_LAHIR_BEDA_NIK"
WARN_SEX = "JENIS_KELAMIN_BEDA_NIK"

MESSAGES = {
    ERR_LENGTH: "NIK harus 16 digit",
    ERR_DIGITS: "NIK hanya boleh berisi angka",
    ERR_DATE: "Tanggal lahir di dalam NIK tidak mungkin",
    ERR_SERIAL: "Nomor urut NIK tidak boleh 0000",
    ERR_PROVINCE: "Kode provinsi NIK tidak dikenal",
    WARN_BIRTH_DATE: "Tanggal lahir berbeda dengan yang tercantum di NIK",
    WARN_SEX: "Jenis kelamin berbeda dengan yang tercantum di NIK",
}


@dataclass(frozen=True)
class Issue:
    code: str
    message: str

    @classmethod
    def of(cls, code: str) -> Issue:
        return cls(code, MESSAGES[code])


@dataclass(frozen=True)
class ParsedNik:
    nik: str
    province: str  # "64"
    regency: str  # "64.71"
    district: str  # "64.71.01" — where the NIK was issued, NOT where the person lives
    birth_date: date
    sex: str  # "L" or "P"
    serial: str


@dataclass(frozen=True)
class NikCheck:
    nik: str
    parsed: ParsedNik | None
    errors: tuple[Issue, ...] = field(default_factory=tuple)
    warnings: tuple[Issue, ...] = field(default_factory=tuple)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def codes(self) -> list[str]:
        return [i.code for i in (*self.errors, *self.warnings)]


@cache
def province_codes() -> frozenset[str]:
    """The 38 province codes of Kepmendagri 300.2.2-2138/2025 (shipped in lindung/data)."""
    path = Path(__file__).resolve().parent.parent / "data" / "provinces.csv"
    with path.open(encoding="utf-8") as fh:
        return frozenset(row["kode"] for row in csv.DictReader(fh))


def _is_digits(text: str) -> bool:
    # str.isdigit() alone also accepts "²" and Arabic-Indic digits, which no NIK contains (and int() chokes on "²").
    return text.isascii() and text.isdigit()


def normalize(raw: object) -> str:
    """Strip what spreadsheets add around a NIK: spaces, dots, a leading apostrophe, '.0'."""
    text = "" if raw is None else str(raw).strip()
    if text.startswith("'"):
        text = text[1:]
    if text.endswith(".0") and _is_digits(text[:-2]):  # a NIK read as a float by a spreadsheet
        text = text[:-2]
    return text.replace(" ", "").replace("-", "")


def _resolve_century(day: int, month: int, yy: int, today: date) -> date | None:
    """The latest real date with these digits that is not after `today` (the NIK has only YY)."""
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            return None  # same calendar in both centuries except 29 Feb: try the other below
        if candidate <= today:
            return candidate
    return None


def _birth_date(day: int, month: int, yy: int, today: date) -> date | None:
    found = _resolve_century(day, month, yy, today)
    if found is None and day == 29 and month == 2:
        try:  # 29 Feb of 2000 exists, of 1900 does not
            found = date(1900 + yy, 2, 29)
        except ValueError:
            return None
    return found


def check(
    raw: object,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> NikCheck:
    """Validate a NIK; compare it with the stated birth date and sex when they are given."""
    nik = normalize(raw)
    today = today or date.today()
    errors: list[Issue] = []
    if not _is_digits(nik):
        errors.append(Issue.of(ERR_DIGITS))
    if len(nik) != NIK_LENGTH:
        errors.append(Issue.of(ERR_LENGTH))
    if errors:
        return NikCheck(nik, None, tuple(errors))

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    nik_sex = "P" if day > FEMALE_DAY_OFFSET else "L"
    born = _birth_date(day - FEMALE_DAY_OFFSET if nik_sex == "P" else day, month, yy, today)
    if nik[:2] not in province_codes():
        errors.append(Issue.of(ERR_PROVINCE))
    if born is None:
        errors.append(Issue.of(ERR_DATE))
    if nik[12:] == "0000":
        errors.append(Issue.of(ERR_SERIAL))
    if errors:
        return NikCheck(nik, None, tuple(errors))

    parsed = ParsedNik(
        nik=nik,
        province=nik[:2],
        regency=f"{nik[:2]}.{nik[2:4]}",
        district=f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}",
        birth_date=born,
        sex=nik_sex,
        serial=nik[12:],
    )
    warnings: list[Issue] = []
    if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        born.day,
        born.month,
        born.year % 100,
    ):
        warnings.append(Issue.of(WARN_BIRTH_DATE))
    if sex is not None and sex.upper() in {"L", "P"} and sex.upper() != nik_sex:
        warnings.append(Issue.of(WARN_SEX))
    return NikCheck(nik, parsed, (), tuple(warnings))


def parse(raw: object, *, today: date | None = None) -> ParsedNik:
    """Parse a NIK or raise InvalidNik listing every error."""
    result = check(raw, today=today)
    if result.parsed is None:
        raise InvalidNik(result.errors)
    return result.parsed


class InvalidNik(ValueError):
    def __init__(self, errors: tuple[Issue, ...]):
        self.errors = errors
        super().__init__("; ".join(e.message for e in errors))


def make(district: str, birth_date: date, sex: str, serial: int) -> str:
    """Build the NIK a person born on `birth_date` would get in `district` ("64.71.01")."""
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    digits = district.replace(".", "")
    if len(digits) != 6 or not digits.isdigit():
        raise ValueError(f"district code must be 6 digits: {district!r}")
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex == "P" else 0)
    return f"{digits}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def mask(nik: str) -> str:
    """`6471********0001`: enough to tell records apart on screen, not enough to impersonate."""
    nik = nik or ""
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]
