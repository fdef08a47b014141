"""Reference extracts that overlap the applicants: DTSEN poverty data and the BPJS registry.

Both are written in chunks of about a million rows, vectorised, so ten million rows take seconds and
flat memory. A chosen share of the applicants appears in each extract: the applicants file is
streamed (only its nik and no_kk columns, and the `kind` column of its ground truth when there is
one), never regenerated and never held whole. The rest of each extract is other people, with NIKs
from their own serial range (identity.SERIAL_BASE), so they never collide with an applicant's.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from lindung.domain.progress import Progress, silent

from . import regions
from .applicants import ORIGINAL, truth_path
from .identity import SLOT_BITS, IdentityBatches, kpj_number
from .people import family_card_number
from .random_source import Draws, Permutation, WeightedTable, stream

POVERTY_COLUMNS = ("nik", "no_kk", "desil", "miskin_ekstrem")
BPJS_COLUMNS = ("nik", "kpj", "segmen", "status")
CHUNK_ROWS = 1 << 20
_READ_BLOCK = 16 << 20  # bytes of CSV per streamed batch

DECILES = list(range(1, 11))
# Applicants are poor by selection: mostly in the lowest deciles. Everyone else spreads evenly.
APPLICANT_DECILE_WEIGHTS = [30, 22, 15, 11, 7, 5, 4, 3, 2, 1]
# Share flagged "miskin ekstrem" (P3KE) in decile 1 and 2; never above.
APPLICANT_EXTREME_POVERTY = {1: 0.45, 2: 0.08}
OTHER_EXTREME_POVERTY = {1: 0.30, 2: 0.05}
NEW_FAMILY_CARD_SHARE = 0.10  # the KK changed since the poverty data was collected (KK is never a key)
HOUSEHOLD_START = 0.35  # chance that the next other person starts a new household (about 3 per KK)
FAMILY_CARD_BITS = 24  # other families' KK: issue day (12 bits, ~11 years) | serial (12 bits)
OTHER_FAMILY_SERIAL = 5000  # their KK serials are 5000-9095; applicants' stay below 5000
CITY_DISTRICT = 647101  # where a KK of unreadable origin is reissued

SEGMENTS = ["PU", "BPU", "PBI", "JAKON"]  # wage earners, non-wage earners, government-paid, construction
ACTIVE_SEGMENT_WEIGHTS = [45, 30, 20, 5]  # applicants found AKTIF: many became formal workers
INACTIVE_SEGMENT_WEIGHTS = [60, 30, 0, 10]
OTHER_SEGMENT_WEIGHTS = [60, 25, 10, 5]
OTHER_ACTIVE_SHARE = 0.7
KPJ_OFFSET = 100_000_000  # registry KPJ numbers use 9-digit values from here; participants' stay below


def _text_columns(path: str | Path, columns: list[str]) -> Iterator[pa.RecordBatch]:
    """Stream some columns of a CSV as text (NIKs keep their leading digits and letters as typed)."""
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=_READ_BLOCK),
        convert_options=pacsv.ConvertOptions(
            include_columns=columns,
            column_types=dict.fromkeys(columns, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    yield from reader


def _aligned(
    left: Iterator[pa.RecordBatch], right: Iterator[pa.RecordBatch]
) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Two streams of the same rows, cut into batches at different places, re-cut to match."""
    carried: list[pa.Table] = []  # rows of `right` read beyond the previous batch of `left`
    for batch in left:
        parts, have = carried, sum(t.num_rows for t in carried)
        while have < batch.num_rows:
            more = next(right, None)
            if more is None:
                raise ValueError("the ground-truth file has fewer rows than the applicants file")
            parts.append(pa.Table.from_batches([more]))
            have += more.num_rows
        joined = pa.concat_tables(parts)
        yield pa.Table.from_batches([batch]), joined.slice(0, batch.num_rows)
        carried = [joined.slice(batch.num_rows)]


class ApplicantSample:
    """Exactly round(share x eligible) applicants, chosen at random while streaming the file.

    Eligible are the real, readable persons: with a ground truth beside the file, its `original`
    rows; without one, each NIK of 16 digits the first time it appears (that needs a set of NIKs).
    """

    def __init__(self, path: str | Path, share: float, rng: random.Random):
        if not 0 <= share <= 1:
            raise ValueError(f"the share of applicants must be between 0 and 1, got {share}")
        self.path = Path(path)
        self.truth = truth_path(self.path) if truth_path(self.path).is_file() else None
        self.rng = rng
        self.eligible = sum(int(mask.sum()) for _, mask in self._eligible_batches())
        self.size = round(share * self.eligible)

    def _eligible_batches(self) -> Iterator[tuple[pa.Table, pl.Series]]:
        people = _text_columns(self.path, ["nik", "no_kk"])
        if self.truth is not None:
            for rows, truth in _aligned(people, _text_columns(self.truth, ["kind"])):
                yield rows, pl.Series(truth["kind"]) == ORIGINAL
            return
        seen: set[str] = set()
        for batch in people:
            rows = pa.Table.from_batches([batch])
            mask = []
            for nik in rows["nik"].to_pylist():
                fresh = len(nik) == 16 and nik.isdigit() and nik not in seen
                seen.add(nik)
                mask.append(fresh)
            yield rows, pl.Series(mask, dtype=pl.Boolean)

    def batches(self) -> Iterator[pl.DataFrame]:
        """The chosen applicants (nik, no_kk) in file order, batch by batch (selection sampling)."""
        needed, remaining = self.size, self.eligible
        rng = self.rng
        for rows, eligible in self._eligible_batches():
            chosen = []
            for is_eligible in eligible:
                pick = False
                if is_eligible:
                    pick = rng.random() * remaining < needed
                    needed -= pick
                    remaining -= 1
                chosen.append(pick)
            yield pl.from_arrow(rows).filter(pl.Series(chosen, dtype=pl.Boolean))


class _Queue:
    """Hands out the chosen applicants a few at a time, reading the file only as far as needed."""

    def __init__(self, batches: Iterator[pl.DataFrame] | None):
        self.batches = batches
        self.pending = pl.DataFrame(schema={"nik": pl.String, "no_kk": pl.String})

    def take(self, count: int) -> pl.DataFrame:
        while self.batches is not None and self.pending.height < count:
            batch = next(self.batches, None)
            if batch is None:
                self.batches = None
                break
            self.pending = pl.concat([self.pending, batch])
        taken, self.pending = self.pending.head(count), self.pending.slice(count)
        return taken


class _Extract(ABC):
    """The common shape of both extracts: chunks mixing chosen applicants evenly among other people,
    shuffled within the chunk, written as they are made."""

    columns: tuple[str, ...]
    message: str

    def __init__(
        self, *, kind: str, seed: int, rows: int, year: int, applicants: str | Path | None, coverage: float
    ):
        if rows < 0:
            raise ValueError("rows must be >= 0")
        self.draws = Draws(stream(seed, kind, "rows"))
        self.others = IdentityBatches(seed, "others", year, kind)
        self.sample = (
            ApplicantSample(applicants, coverage, stream(seed, kind, "sample")) if applicants else None
        )
        self.from_applicants = min(rows, self.sample.size) if self.sample else 0
        self.rows = rows
        self.year = year

    def write(self, path: str | Path, progress: Progress = silent) -> dict[str, int]:
        queue = _Queue(self.sample.batches() if self.sample else None)
        written = applicant_rows = 0
        with open(path, "wb") as out:
            pl.DataFrame(schema=dict.fromkeys(self.columns, pl.String)).write_csv(out)
            for start in range(0, self.rows, CHUNK_ROWS):
                size = min(CHUNK_ROWS, self.rows - start)
                # Spread the applicants evenly over the file: this chunk's share of them.
                planned = (
                    self.from_applicants * (start + size) // self.rows
                    - self.from_applicants * start // self.rows
                )
                chosen = queue.take(planned)
                parts = [self.applicant_rows(chosen)] if chosen.height else []
                if size > chosen.height:
                    parts.append(self.other_rows(size - chosen.height))
                frame = pl.concat(parts, how="vertical")
                shuffle = self.draws.ints(frame.height)
                frame = (
                    frame.with_columns(shuffle=shuffle).sort("shuffle", maintain_order=True).drop("shuffle")
                )
                frame.select(self.columns).write_csv(out, include_header=False)
                written += frame.height
                applicant_rows += chosen.height
                progress(written, self.rows, self.message)
        return {"rows": written, "applicants": applicant_rows, "others": written - applicant_rows}

    @abstractmethod
    def applicant_rows(self, chosen: pl.DataFrame) -> pl.DataFrame:
        """The extract's rows for applicants drawn into it."""

    @abstractmethod
    def other_rows(self, count: int) -> pl.DataFrame:
        """The extract's rows for people who did not apply."""

    def _other_identities(self, count: int) -> pl.DataFrame:
        return self.others.frame(self.draws.below(count, 1 << SLOT_BITS))


class PovertyExtract(_Extract):
    columns = POVERTY_COLUMNS
    message = "data kemiskinan"

    def __init__(self, **kwargs):
        super().__init__(kind="poverty", **kwargs)
        self.applicant_decile = WeightedTable(DECILES, APPLICANT_DECILE_WEIGHTS)
        city = list(regions.CITY_DISTRICT_WEIGHTS)
        self.city_district = WeightedTable(
            [int(d.replace(".", "")) for d in city], list(regions.CITY_DISTRICT_WEIGHTS.values())
        )
        # Other families' KK numbers: issue day and serial from a permutation of the family's number,
        # so no two families share a card; serials 5000 and up never meet an applicant's (below 5000).
        self.family_cards = Permutation.keyed(FAMILY_CARD_BITS // 2, kwargs["seed"], "poverty", "kk")
        self.first_card_day = (date(self.year - 12, 1, 1) - date(1970, 1, 1)).days
        self.families = 0

    @staticmethod
    def _extreme(desil: pl.Series, uniform: pl.Series, shares: dict[int, float]) -> pl.Series:
        """miskin_ekstrem (ya/tidak): a flag of its own (P3KE), given to a share of the lowest deciles."""
        share = desil.replace_strict(shares, default=0.0, return_dtype=pl.Float64)
        flagged = uniform < share * (1 << 32)
        return pl.select(pl.when(flagged).then(pl.lit("ya")).otherwise(pl.lit("tidak"))).to_series()

    def applicant_rows(self, chosen: pl.DataFrame) -> pl.DataFrame:
        n = chosen.height
        desil = self.applicant_decile.draw(self.draws.ints(n))
        new_card = self.draws.chance(n, NEW_FAMILY_CARD_SHARE)
        reissued = self.first_card_day + self.draws.below(n, 12 * 365)
        district = chosen["no_kk"].str.slice(0, 6).cast(pl.Int64, strict=False).fill_null(CITY_DISTRICT)
        other_card = family_card_number(district, reissued, 1 + self.draws.below(n, 4999))
        return pl.DataFrame(
            {
                "nik": chosen["nik"],
                "no_kk": pl.select(pl.when(new_card).then(other_card).otherwise(chosen["no_kk"])).to_series(),
                "desil": desil.cast(pl.String),
                "miskin_ekstrem": self._extreme(desil, self.draws.ints(n), APPLICANT_EXTREME_POVERTY),
            }
        )

    def other_rows(self, count: int) -> pl.DataFrame:
        people = self._other_identities(count)
        # DTSEN ranks families: everyone on one KK shares its card, its decile and its P3KE flag.
        # A family is a run of consecutive rows (shuffled later): its first row's values carried down.
        starts = self.draws.chance(count, HOUSEHOLD_START).scatter(0, True)
        family = self.families + starts.cast(pl.Int64).cum_sum() - 1
        self.families += int(starts.sum())
        if self.families > self.family_cards.size:
            raise OverflowError(f"a poverty extract holds at most {self.family_cards.size:,} families")
        card = self.family_cards(family)
        city_nik = (people["district"] // 10_000) == 6471
        card_district = pl.select(
            pl.when(city_nik)
            .then(people["district"])
            .otherwise(self.city_district.draw(self.draws.ints(count)))
        ).to_series()
        families = pl.DataFrame(
            {
                "district": card_district,
                "desil": 1 + self.draws.below(count, 10),
                "extreme": self.draws.ints(count),
            }
        ).select(pl.when(starts).then(pl.all()).forward_fill())
        issued = self.first_card_day + card // (1 << (FAMILY_CARD_BITS // 2))
        serial = OTHER_FAMILY_SERIAL + card % (1 << (FAMILY_CARD_BITS // 2))
        families = families.with_columns(no_kk=family_card_number(families["district"], issued, serial))
        return pl.DataFrame(
            {
                "nik": people["nik"],
                "no_kk": families["no_kk"],
                "desil": families["desil"].cast(pl.String),
                "miskin_ekstrem": self._extreme(
                    families["desil"], families["extreme"], OTHER_EXTREME_POVERTY
                ),
            }
        )


class BpjsExtract(_Extract):
    columns = BPJS_COLUMNS
    message = "data BPJS"

    def __init__(self, *, active_share: float, **kwargs):
        super().__init__(kind="bpjs", **kwargs)
        if not 0 <= active_share <= 1:
            raise ValueError(f"active_share must be between 0 and 1, got {active_share}")
        self.active_share = active_share
        self.kpj = Permutation.keyed(14, kwargs["seed"], "bpjs", "kpj")  # 2**28 distinct card numbers
        if self.rows > self.kpj.size:
            raise ValueError(f"a BPJS extract holds at most {self.kpj.size:,} rows")
        self.written = 0
        self.segments = {
            "active": WeightedTable(SEGMENTS, ACTIVE_SEGMENT_WEIGHTS),
            "inactive": WeightedTable(SEGMENTS, INACTIVE_SEGMENT_WEIGHTS),
            "other": WeightedTable(SEGMENTS, OTHER_SEGMENT_WEIGHTS),
        }

    def _rows(
        self,
        nik: pl.Series,
        active: pl.Series,
        active_segments: WeightedTable,
        inactive_segments: WeightedTable,
    ):
        n = len(nik)
        # KPJ: two digits of the year the card was issued, then a number unique in the file.
        number = KPJ_OFFSET + self.kpj(
            pl.int_range(self.written, self.written + n, dtype=pl.Int64, eager=True)
        )
        self.written += n
        issued = 5 + self.draws.below(n, self.year % 100 - 4)
        uniform = self.draws.ints(n)
        return pl.DataFrame(
            {
                "nik": nik,
                "kpj": kpj_number(issued, number),
                "segmen": pl.select(
                    pl.when(active)
                    .then(active_segments.draw(uniform))
                    .otherwise(inactive_segments.draw(uniform))
                ).to_series(),
                "status": pl.select(
                    pl.when(active).then(pl.lit("AKTIF")).otherwise(pl.lit("NONAKTIF"))
                ).to_series(),
            }
        )

    def applicant_rows(self, chosen: pl.DataFrame) -> pl.DataFrame:
        active = self.draws.chance(chosen.height, self.active_share)
        return self._rows(chosen["nik"], active, self.segments["active"], self.segments["inactive"])

    def other_rows(self, count: int) -> pl.DataFrame:
        people = self._other_identities(count)
        active = self.draws.chance(count, OTHER_ACTIVE_SHARE)
        return self._rows(people["nik"], active, self.segments["other"], self.segments["other"])


def write_poverty(
    path: str | Path,
    *,
    seed: int,
    rows: int,
    applicants: str | Path | None = None,
    coverage: float = 0.85,
    year: int = 2026,
    progress: Progress = silent,
) -> dict[str, int]:
    """A DTSEN extract (nik, no_kk, desil, miskin_ekstrem) of `rows` rows, holding `coverage` of the
    applicants in `applicants` (mostly in low deciles) among other people."""
    extract = PovertyExtract(seed=seed, rows=rows, year=year, applicants=applicants, coverage=coverage)
    return extract.write(path, progress)


def write_bpjs(
    path: str | Path,
    *,
    seed: int,
    rows: int,
    applicants: str | Path | None = None,
    coverage: float = 0.10,
    active_share: float = 0.6,
    year: int = 2026,
    progress: Progress = silent,
) -> dict[str, int]:
    """A BPJS Ketenagakerjaan registry extract (nik, kpj, segmen, status) of `rows` rows, holding
    `coverage` of the applicants (`active_share` of them AKTIF) among other members."""
    extract = BpjsExtract(
        seed=seed, rows=rows, year=year, applicants=applicants, coverage=coverage, active_share=active_share
    )
    return extract.write(path, progress)
