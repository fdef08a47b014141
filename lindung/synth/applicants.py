"""Synthetic applicants (DESIGN.md §4 Applicants), with known duplicates and malformed rows.

Rows are made in chunks of at most 65,536 (random_source.chunk_sizes):
new people a whole chunk at a time (people.PeopleBatches), then the few duplicates and malformed
rows one by one. Memory stays flat whatever the row count: the only state carried from chunk to
chunk is a fixed-size reservoir of earlier applicants (for duplicates and households) and one NIK
counter per kecamatan. Every row comes with its ground truth: which person it really is, and whether
it is an original, a kind of duplicate, or malformed. A duplicate always comes after its original.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from lindung.domain import nik as nik_rules
from lindung.domain.progress import Progress, silent

from .people import COLUMNS, Cohort, PeopleBatches
from .random_source import Draws, chunk_sizes, stream
from .rulesets import minimum_wage
from .spelling import spelling_variant

TRUTH_COLUMNS = ("row", "nik", "entity_id", "kind")

ORIGINAL = "original"
EXACT_DUPLICATE = "exact_duplicate"  # the same NIK again (NIK_GANDA)
NIK_TYPO = "nik_typo"  # one digit of the NIK differs (sometimes the name too)
NAME_VARIANT = "name_variant"  # same NIK, name spelled differently
DATE_SWAP = "date_swap"  # same NIK, day and month of the birth date swapped
MALFORMED = "malformed"  # a field no importer can read
KINDS = (ORIGINAL, EXACT_DUPLICATE, NIK_TYPO, NAME_VARIANT, DATE_SWAP, MALFORMED)

RESERVOIR_SIZE = 5_000  # earlier applicants that duplicates and household members are drawn from
HOUSEHOLD_SHARE = 0.07  # new applicants sharing a KK and address with an earlier applicant
OUTSIDE_CITY_SHARE = 0.03  # e-KTP address outside Balikpapan (fails "penduduk daerah")


def _age_weight(age: int) -> float:
    """How likely a person of this age applies: mostly working age, a few below 18 or 64 and over."""
    if 25 <= age <= 54:
        return 1.0
    if 18 <= age <= 24:
        return 0.55
    if 55 <= age <= 63:
        return 0.75
    if 16 <= age <= 17:
        return 0.15
    if 64 <= age <= 70:
        return 0.12
    return 0.0


AGE_WEIGHTS = tuple(_age_weight(age) for age in range(121))


def collection_window(year: int) -> tuple[date, date]:
    """The data-collection window: the third quarter (Perwali 3/2025 Pasal 8 ayat (1))."""
    return date(year, 7, 1), date(year, 9, 30)


def truth_path(path: str | Path) -> Path:
    """Where the ground truth of an applicants file is written: FILE.truth.csv beside FILE."""
    path = Path(path)
    return path.with_name(path.name + ".truth.csv")


@dataclass(frozen=True, slots=True)
class Truth:
    row: int  # 1-based data row number in the applicants file
    nik: str  # the NIK as written in that row
    entity_id: int  # the real person; duplicates share their original's id
    kind: str  # one of KINDS


class _WeightedChoice:
    """Per-row weighted choice with the cumulative weights computed once."""

    def __init__(self, values: Sequence, weights: Sequence[float]):
        self.values = tuple(values)
        self.cumulative = tuple(itertools.accumulate(weights))

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


_DUPLICATE_KIND = _WeightedChoice((EXACT_DUPLICATE, NAME_VARIANT, NIK_TYPO, DATE_SWAP), (35, 25, 25, 15))
_MALFORMATION = _WeightedChoice(
    ("nik_length", "nik_letters", "empty_name", "impossible_date", "income_text"), (1, 1, 1, 1, 1)
)
_INCOME_TEXTS = ("dua juta", "2,5 juta", "-", "tidak tentu", "Rp2jt", "1.5jt", "satu setengah juta")
_NIK_LOOKALIKES = "OIlSBo"
_IMPOSSIBLE_DAYS = ((2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31), (13, 1), (0, 15))

_TEXT_SCHEMA = {column: pl.String for column in COLUMNS}
_ROW_SCHEMA = {**_TEXT_SCHEMA, "position": pl.Int64, "entity_id": pl.Int64, "kind": pl.String}


def _check_shares(**shares: float) -> None:
    for name, share in shares.items():
        if not 0 <= share <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {share}")
    if sum(shares.values()) > 1:
        raise ValueError("the shares of duplicates and malformed rows add up to more than 1")


class _ApplicantStream:
    def __init__(self, seed: int, year: int, duplicates: float, malformed: float):
        _check_shares(duplicates=duplicates, malformed=malformed)
        self.rng = stream(seed, "applicants", "rows")  # one-by-one decisions (duplicates, malformations)
        self.draws = Draws(stream(seed, "applicants", "chunks"))  # whole-chunk decisions
        self.people = PeopleBatches(seed, "applicants", year)
        first, last = collection_window(year)
        self.cohort = Cohort(
            first, last, AGE_WEIGHTS, outside_share=OUTSIDE_CITY_SHARE, minimum_wage=minimum_wage(year)
        )
        self.last_day = last.toordinal()
        self.nik_today = date(year, 12, 31)
        self.duplicates, self.malformed = duplicates, malformed
        self.reservoir = pl.DataFrame(schema={**_TEXT_SCHEMA, "entity_id": pl.Int64, "slot": pl.Int64})
        self.originals = 0  # originals so far (the reservoir keeps a uniform sample of them)
        self.entities = 0  # real persons so far

    def chunks(self, rows: int) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
        """(rows as text in COLUMNS, truth in TRUTH_COLUMNS), one chunk at a time."""
        done = 0
        for size in chunk_sizes():
            if done >= rows:
                return
            frame, truth = self._chunk(size, done)
            keep = min(size, rows - done)
            yield frame.head(keep), truth.head(keep)
            done += keep

    def _chunk(self, size: int, rows_before: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        draw = self.draws.unit(size)
        can_duplicate = self.reservoir.height > 0
        kind = pl.select(
            pl.when(draw <= self.malformed)
            .then(pl.lit(MALFORMED))
            .when((draw <= self.malformed + self.duplicates) & can_duplicate)
            .then(pl.lit("duplicate"))
            .otherwise(pl.lit(ORIGINAL))
        ).to_series()
        positions = (
            pl.DataFrame({"kind": kind})
            .with_row_index("position")
            .with_columns(pl.col("position").cast(pl.Int64))
        )
        fresh = positions.filter(pl.col("kind") != "duplicate")
        people = self._as_text(self._join_households(self.people.draw(fresh.height, self.cohort)))
        people = pl.concat(
            [people, fresh.with_columns(entity_id=self.entities + 1 + pl.int_range(pl.len()))],
            how="horizontal",
        )
        self.entities += fresh.height
        originals = people.filter(pl.col("kind") == ORIGINAL)
        malformed = [self._malform(row) for row in people.filter(pl.col("kind") == MALFORMED).to_dicts()]
        reservoir_rows = self.reservoir.to_dicts()
        duplicates = [
            self._duplicate(reservoir_rows, position)
            for position in positions.filter(pl.col("kind") == "duplicate")["position"]
        ]
        rows = pl.concat(
            [
                originals.select(list(_ROW_SCHEMA)),
                pl.DataFrame(malformed + duplicates, schema=_ROW_SCHEMA, orient="row"),
            ]
        ).sort("position")
        self._remember(originals)
        truth = rows.select(
            row=pl.col("position") + rows_before + 1,
            nik=pl.col("nik"),
            entity_id=pl.col("entity_id"),
            kind=pl.col("kind"),
        )
        return rows.select(COLUMNS), truth

    def _join_households(self, people: pl.DataFrame) -> pl.DataFrame:
        """Some new applicants live with an earlier one: same KK, address and kelurahan."""
        if self.reservoir.height == 0:
            return people
        n = people.height
        home = self.reservoir.select("no_kk", "alamat", "kode_wilayah", "domisili_sejak").to_series
        pick = self.draws.below(n, self.reservoir.height)
        joins = self.draws.chance(n, HOUSEHOLD_SHARE)
        moved_in = pl.select(
            pl.max_horizontal(home(3).gather(pick).str.to_date(), people["tanggal_lahir"])
        ).to_series()
        return people.with_columns(
            pl.when(joins).then(home(i).gather(pick)).otherwise(pl.col(column)).alias(column)
            for i, column in enumerate(("no_kk", "alamat", "kode_wilayah"))
        ).with_columns(domisili_sejak=pl.when(joins).then(moved_in).otherwise(pl.col("domisili_sejak")))

    @staticmethod
    def _as_text(people: pl.DataFrame) -> pl.DataFrame:
        return people.select(
            pl.col(column).cast(pl.String)
            if column != "disabilitas"
            else pl.when(pl.col(column)).then(pl.lit("ya")).otherwise(pl.lit("tidak")).alias(column)
            for column in COLUMNS
        )

    def _remember(self, originals: pl.DataFrame) -> None:
        """Reservoir sampling (Algorithm R): every earlier original is equally likely to be in it."""
        count = originals.height
        if count == 0:
            return
        ordinal = pl.int_range(self.originals + 1, self.originals + count + 1, dtype=pl.Int64, eager=True)
        slot = pl.select(
            pl.when(ordinal <= RESERVOIR_SIZE).then(ordinal - 1).otherwise(self.draws.below(count, ordinal))
        ).to_series()
        self.originals += count
        incoming = (
            originals.select(*COLUMNS, "entity_id")
            .with_columns(slot=slot)
            .filter(pl.col("slot") < RESERVOIR_SIZE)
        )
        reservoir = pl.concat([self.reservoir, incoming]).unique("slot", keep="last").sort("slot")
        # Polars strings are views into the buffers of the chunk they came from: copy the few
        # thousand kept rows out, or the reservoir would keep every chunk it ever sampled alive.
        self.reservoir = pl.from_arrow(reservoir.to_arrow(compat_level=pl.CompatLevel.oldest()))

    def _duplicate(self, reservoir: list[dict], position: int) -> tuple:
        """The same person registered again, later (often by another agency), as clerks really do it."""
        rng = self.rng
        kind = _DUPLICATE_KIND(rng)
        source = rng.choice(reservoir)
        if kind == DATE_SWAP:
            for _ in range(20):  # day and month can only be swapped when both are <= 12 and differ
                born = date.fromisoformat(source["tanggal_lahir"])
                if born.day <= 12 and born.day != born.month:
                    break
                source = rng.choice(reservoir)
            else:
                kind = NAME_VARIANT
        row = dict(source)
        if kind != EXACT_DUPLICATE or rng.random() < 0.5:  # else: the same form entered twice
            registered = date.fromisoformat(source["tanggal_daftar"]).toordinal()
            row["tanggal_daftar"] = date.fromordinal(rng.randint(registered, self.last_day)).isoformat()
        if kind != EXACT_DUPLICATE and rng.random() < 0.3:
            row["telepon"] = f"{row['telepon'][:4]}{rng.randrange(10**8):08d}"
        if kind == DATE_SWAP:
            born = date.fromisoformat(source["tanggal_lahir"])
            row["tanggal_lahir"] = date(born.year, born.day, born.month).isoformat()
        elif kind == NIK_TYPO:
            row["nik"] = self._nik_typo(source["nik"])
            if rng.random() < 0.3:
                row["nama"] = spelling_variant(source["nama"], rng)
        elif kind == NAME_VARIANT:
            row["nama"] = spelling_variant(source["nama"], rng)
        return (*(row[c] for c in COLUMNS), position, source["entity_id"], kind)

    def _nik_typo(self, nik: str) -> str:
        """One digit changed, keeping a NIK that still parses (a typo that slips past validation)."""
        rng = self.rng
        while True:
            position = rng.randrange(16)
            digit = rng.choice([d for d in "0123456789" if d != nik[position]])
            typo = nik[:position] + digit + nik[position + 1 :]
            if nik_rules.check(typo, today=self.nik_today).is_valid:
                return typo

    def _malform(self, row: dict) -> tuple:
        """Break one field the way real spreadsheets do."""
        rng = self.rng
        malformation = _MALFORMATION(rng)
        nik = row["nik"]
        at = rng.randrange(16)
        if malformation == "nik_length":
            row["nik"] = (
                nik[:at] + nik[at + 1 :]
                if rng.random() < 0.5
                else nik[:at] + str(rng.randrange(10)) + nik[at:]
            )
        elif malformation == "nik_letters":
            row["nik"] = nik[:at] + rng.choice(_NIK_LOOKALIKES) + nik[at + 1 :]
        elif malformation == "empty_name":
            row["nama"] = None  # written as an empty field, as spreadsheets export a blank cell
        elif malformation == "impossible_date":
            column = rng.choice(("tanggal_lahir", "domisili_sejak", "tanggal_daftar"))
            month, day = rng.choice(_IMPOSSIBLE_DAYS)
            row[column] = f"{row[column][:4]}-{month:02d}-{day:02d}"
        else:
            row["penghasilan_bulanan"] = rng.choice(_INCOME_TEXTS)
        return (*(row[c] for c in COLUMNS), row["position"], row["entity_id"], MALFORMED)


def _typed(row: dict) -> dict:
    """Text values back to Python types; a value that does not parse (malformed rows) stays text."""
    typed = {column: "" if value is None else value for column, value in row.items()}
    for column in ("tanggal_lahir", "domisili_sejak", "tanggal_daftar"):
        with suppress(ValueError):
            typed[column] = date.fromisoformat(typed[column])
    with suppress(InvalidOperation):
        typed["penghasilan_bulanan"] = Decimal(typed["penghasilan_bulanan"])
    typed["disabilitas"] = row["disabilitas"] == "ya"
    return typed


def applicant_chunks(
    seed: int, rows: int, *, year: int = 2026, duplicates: float = 0.05, malformed: float = 0.005
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Applicants as (text frame, truth frame) chunks, ready to be written."""
    return _ApplicantStream(seed, year, duplicates, malformed).chunks(rows)


def applicant_records(
    seed: int, rows: int, *, year: int = 2026, duplicates: float = 0.05, malformed: float = 0.005
) -> Iterator[tuple[dict, Truth]]:
    """Applicant rows with their ground truth, lazily. Values are typed (date, Decimal, bool), except
    the one field a malformed row carries as unreadable text."""
    for frame, truth in applicant_chunks(seed, rows, year=year, duplicates=duplicates, malformed=malformed):
        for row, (number, nik, entity, kind) in zip(
            frame.iter_rows(named=True), truth.iter_rows(), strict=True
        ):
            yield _typed(row), Truth(number, nik, entity, kind)


def applicants(
    seed: int, rows: int, *, year: int = 2026, duplicates: float = 0.05, malformed: float = 0.005
) -> Iterator[dict]:
    """Applicant rows as dicts keyed by the DESIGN.md §4 column names (see applicant_records)."""
    for row, _truth in applicant_records(seed, rows, year=year, duplicates=duplicates, malformed=malformed):
        yield row


def write_applicants(
    path: str | Path,
    *,
    seed: int,
    rows: int,
    year: int = 2026,
    duplicates: float = 0.05,
    malformed: float = 0.005,
    progress: Progress = silent,
) -> Counter:
    """Write the applicants CSV and FILE.truth.csv beside it; returns the number of rows per kind."""
    counts: Counter = Counter()
    done = 0
    with open(path, "wb") as out, open(truth_path(path), "wb") as truth_out:
        for frame, truth in applicant_chunks(
            seed, rows, year=year, duplicates=duplicates, malformed=malformed
        ):
            first = done == 0
            frame.write_csv(out, include_header=first)
            truth.write_csv(truth_out, include_header=first)
            counts.update(dict(truth["kind"].value_counts().iter_rows()))
            done += frame.height
            progress(done, rows, "pendaftar")
        if done == 0:  # no rows asked for: still a valid file with its header
            pl.DataFrame(schema=_TEXT_SCHEMA).write_csv(out)
            pl.DataFrame(schema=dict.fromkeys(TRUTH_COLUMNS, pl.String)).write_csv(truth_out)
    return Counter({kind: counts[kind] for kind in KINDS})
