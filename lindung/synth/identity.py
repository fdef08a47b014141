"""Synthetic NIKs: valid, unique without bookkeeping, and safe against generated typos.

A NIK is province+regency+kecamatan (6) + DDMMYY (women: day + 40) + a 4-digit serial. Here the serial
is a 3-digit number followed by a hidden check digit, and every generated NIK satisfies

    sum(weight[i] * digit[i]) % 10 == 0,   weights 3, 7, 9, 1 repeated (all units modulo 10)

so changing any single digit breaks the sum: a "one-digit NIK error" the generator writes can never be
another generated person's NIK. (Real NIKs carry no check digit; nothing downstream may rely on this.)

Uniqueness: the kecamatan is drawn by weight; the i-th identity issued in a kecamatan is decoded from
permutation_k(i), a bijection of a 24-bit space laid out as  sex (1) | birth day (15) | serial (8).
Distinct i give distinct NIKs, the only state is one counter per kecamatan, and each population
(applicants, participants, everyone else) has its own serial range, so populations never share a NIK.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import polars as pl

from lindung.domain.nik import FEMALE_DAY_OFFSET

from .random_source import Permutation
from .regions import nik_district_slots

CHECK_WEIGHTS = (3, 7, 9, 1) * 4

SERIAL_BITS, DAY_BITS = 8, 15
HALF_BITS = (1 + DAY_BITS + SERIAL_BITS) // 2  # sex | day | serial = 24 bits
SLOT_BITS = 10  # the kecamatan is one of 2**10 equally likely slots (regions.nik_district_slots)
BIRTH_SPAN_YEARS = 90  # 2**15 days is 89.7 years: birth dates run from 1 January, year - 90

# First 3-digit serial of each population; each uses 2**8 = 256 consecutive values.
SERIAL_BASE = {"applicants": 1, "participants": 300, "others": 600}


def check_digit(first15: str) -> int:
    """The digit that makes the weighted digit sum of the NIK a multiple of 10."""
    total = sum(w * (ord(c) - 48) for w, c in zip(CHECK_WEIGHTS, first15, strict=False))
    return -total % 10


def kpj_number(year, number: pl.Series) -> pl.Series:
    """KPJ card numbers (11 digits): two digits of the year the card was issued, then a 9-digit number.

    The 9-digit ranges keep the files apart: participants below 2**26, invoice lines for people the
    Pemda never enrolled from 70,000,000, the BPJS registry extract from 100,000,000. `year` is an int
    or a Series of them."""
    return ((year % 100) * 1_000_000_000 + number).cast(pl.String).str.zfill(11)


def has_check_digit(nik: str) -> bool:
    return len(nik) == 16 and nik.isdigit() and check_digit(nik[:15]) == int(nik[15])


@cache
def issuing_districts() -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The kecamatan NIKs are issued in (sorted), and for each weighted slot the index of its kecamatan."""
    slots = nik_district_slots(1 << SLOT_BITS)
    districts = tuple(sorted(set(slots)))
    position = {d: i for i, d in enumerate(districts)}
    return districts, tuple(position[d] for d in slots)


def _weighted_digits(numbers: pl.Series, weights: tuple[int, ...]) -> pl.Series:
    """Sum of weight x digit over the last len(weights) digits of each number (zero-padded)."""
    width = len(weights)
    return sum(weight * ((numbers // 10 ** (width - 1 - k)) % 10) for k, weight in enumerate(weights))


class IdentityBatches:
    """Identities of one population, a whole batch at a time: each row's kecamatan comes from a
    uniform slot draw, its NIK from that kecamatan's permutation at the kecamatan's next index.

    Everything a NIK embeds takes few enough values to be looked up rather than computed per row:
    birth dates by day index, and each part's share of the check-digit sum.
    """

    def __init__(self, seed: int, population: str, year: int, *labels: str):
        self.serial_base = SERIAL_BASE[population]
        districts, slot_district = issuing_districts()
        self.slot_district = pl.Series(slot_district, dtype=pl.Int64)
        self.district_numbers = pl.Series([int(d.replace(".", "")) for d in districts], dtype=pl.Int64)
        keys = [Permutation.round_keys(seed, population, *labels, d) for d in districts]
        self.round_keys = [pl.Series([k[r] for k in keys], dtype=pl.Int64) for r in range(Permutation.ROUNDS)]
        self.issued = pl.Series([0] * len(districts), dtype=pl.Int64)

        first_birth_day = (date(year - BIRTH_SPAN_YEARS, 1, 1) - date(1970, 1, 1)).days
        self.birth_dates = (
            (first_birth_day + pl.int_range(0, 1 << DAY_BITS, eager=True)).cast(pl.Int32).cast(pl.Date)
        )
        born = self.birth_dates
        self.ddmmyy = (
            born.dt.day().cast(pl.Int64) * 10_000
            + born.dt.month().cast(pl.Int64) * 100
            + born.dt.year() % 100
        ).cast(pl.Int64)
        self.district_check = _weighted_digits(self.district_numbers, CHECK_WEIGHTS[0:6])
        self.ddmmyy_check = _weighted_digits(self.ddmmyy, CHECK_WEIGHTS[6:12])
        self.serial_check = _weighted_digits(
            pl.int_range(0, 1000, dtype=pl.Int64, eager=True), CHECK_WEIGHTS[12:15]
        )
        # Women's day + 40 adds 4 to the tens digit of the day (NIK digit 7).
        self.female_check = CHECK_WEIGHTS[6] * (FEMALE_DAY_OFFSET // 10)

    def frame(self, slots: pl.Series) -> pl.DataFrame:
        """One identity per slot (each in 0..2**SLOT_BITS - 1). Columns: nik (str), district (int,
        6 digits), district_index (into issuing_districts()), birth_date, sex ("L"/"P")."""
        district_index = self.slot_district.gather(slots)
        rank_in_district = (
            pl.DataFrame({"d": district_index}).select(pl.int_range(pl.len()).over("d")).to_series()
        )
        index = self.issued.gather(district_index) + rank_in_district
        issued = self.issued.to_list()
        for d, n in pl.DataFrame({"d": district_index}).group_by("d").len().iter_rows():
            issued[d] += n
        self.issued = pl.Series(issued, dtype=pl.Int64)
        permutation = Permutation(HALF_BITS, [keys.gather(district_index) for keys in self.round_keys])
        if int(index.max() or 0) >= permutation.size:
            raise OverflowError("the synthetic NIK space of a kecamatan is exhausted")
        code = permutation(index)
        serial = self.serial_base + code % (1 << SERIAL_BITS)
        day_index = (code // (1 << SERIAL_BITS)) % (1 << DAY_BITS)
        female = code // (1 << (SERIAL_BITS + DAY_BITS))
        district = self.district_numbers.gather(district_index)
        ddmmyy = self.ddmmyy.gather(day_index) + female * (FEMALE_DAY_OFFSET * 10_000)
        weighted = (
            self.district_check.gather(district_index)
            + self.ddmmyy_check.gather(day_index)
            + female * self.female_check
            + self.serial_check.gather(serial)
        )
        nik = ((district * 1_000_000 + ddmmyy) * 1000 + serial) * 10 + (-weighted) % 10
        return pl.DataFrame(
            {
                "nik": nik.cast(pl.String),  # province codes start at 11: always 16 digits
                "district": district,
                "district_index": district_index,
                "birth_date": self.birth_dates.gather(day_index),
                "sex": pl.Series(["L", "P"]).gather(female),
            }
        )
