"""Existing enrolment and BPJS's monthly invoice, for the billing and reconciliation benchmarks.

Participants (DESIGN.md §4) are people found eligible in the third quarter of the year before they
were enrolled (Perwali 3/2025 Pasal 8 ayat (6)); most joined on the programme's first day, the rest
month by month. Some have left (death, moving, paying themselves, formal work); the oldest reach
64 years 11 months (Pasal 11 ayat (6)), and not all of those are marked yet: billing must check ages.

An invoice is derived from a participants file the way BPJS would bill it, with a controllable share
of differences, and its expected reconciliation written beside it as FILE.truth.csv.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from lindung.domain.calendar import Month
from lindung.domain.progress import Progress, silent

from .applicants import collection_window, truth_path
from .identity import kpj_number
from .people import Cohort, PeopleBatches
from .random_source import Draws, Permutation, WeightedTable, chunk_sizes, stream
from .rulesets import billing_age_limit_months, contributions

# fmt: off
PARTICIPANT_COLUMNS = (
    "nik", "kpj", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "pekerjaan",
    "mulai_kepesertaan", "akhir_kepesertaan", "alasan_berhenti",
)
# fmt: on
INVOICE_COLUMNS = ("nik", "kpj", "nama", "bulan", "iuran_jkk", "iuran_jkm", "jumlah")
RECONCILIATION_TRUTH_COLUMNS = ("nik", "kpj", "status", "jumlah_pemda", "jumlah_bpjs")

# Reconciliation statuses (DESIGN.md §4).
MATCH = "COCOK"
NOT_INVOICED = "TIDAK_ADA_DI_TAGIHAN"
NOT_IN_OUR_DATA = "TIDAK_ADA_DI_DATA_PEMDA"
AMOUNT_DIFFERS = "SELISIH_NOMINAL"

AGE_LIMIT = "batas_usia"
END_REASONS = {"meninggal": 20, "pindah_domisili": 25, "mampu_mandiri": 15, "pekerja_formal": 40}
ENDED_SHARE = 0.10  # leave for one of END_REASONS within two years of joining (~4% before the export)
AGE_LIMIT_RECORDED_SHARE = 0.7  # of those past 64y11m, how many the office has already ended
FIRST_DAY_SHARE = 0.7  # joined on the programme's first day; the rest in the following 9 months
PARTICIPANT_KPJ_BITS = 13  # participants' KPJ numbers are 9-digit values below 2**26
UNKNOWN_KPJ_OFFSET = 70_000_000  # invoice lines for people the Pemda never enrolled


def _eligible_age_weight(age: int) -> float:
    """Participants were eligible when found: 18 to 63 at registration."""
    if 25 <= age <= 54:
        return 1.0
    if 18 <= age <= 24:
        return 0.55
    if 55 <= age <= 63:
        return 0.75
    return 0.0


ELIGIBLE_AGE_WEIGHTS = tuple(_eligible_age_weight(age) for age in range(121))


def participant_chunks(
    seed: int, rows: int, *, start: date = date(2025, 4, 1), as_of: date | None = None
) -> Iterator[pl.DataFrame]:
    """Participants (text columns of PARTICIPANT_COLUMNS) in chunks; `as_of` is the export date
    (default: 1 January of the year after `start`): nothing ends on or after it."""
    as_of = as_of or date(start.year + 1, 1, 1)
    if as_of <= start:
        raise ValueError("the export date must be after the programme start")
    first, last = collection_window(start.year - 1)
    people = PeopleBatches(seed, "participants", start.year - 1)
    cohort = Cohort(first, last, ELIGIBLE_AGE_WEIGHTS, outside_share=0.0, covered_only=True)
    draws = Draws(stream(seed, "participants", "membership"))
    kpj = Permutation.keyed(PARTICIPANT_KPJ_BITS, seed, "participants", "kpj")
    if rows > kpj.size:
        raise ValueError(f"at most {kpj.size:,} participants")
    reasons = WeightedTable(list(END_REASONS), list(END_REASONS.values()))
    start_month = Month.of(start)
    later_starts = pl.Series([(start_month + k).first_day for k in range(1, 10)], dtype=pl.Date)
    offset = 0
    for n in chunk_sizes():
        if offset >= rows:
            return
        frame = people.draw(n, cohort)
        # The last month billed is the one whose first day finds them 64y11m old at most (780 months
        # is 65 years); coverage ends on the last day of that month.
        age_limit_end = frame["tanggal_lahir"].dt.offset_by("780mo").dt.offset_by("-1d").dt.month_end()
        joined = pl.select(
            pl.when(draws.chance(n, FIRST_DAY_SHARE) | (age_limit_end < later_starts.max()))
            .then(pl.lit(start))  # the oldest were enrolled on day one, while still young enough
            .otherwise(later_starts.gather(draws.below(n, 9)))
        ).to_series()
        left_on = (joined.cast(pl.Int32) + draws.below(n, 366 * 2)).cast(pl.Int32).cast(pl.Date)
        frame = frame.with_columns(
            mulai=joined,
            age_limit_end=age_limit_end,
            past_limit=(age_limit_end < pl.lit(as_of)) & draws.chance(n, AGE_LIMIT_RECORDED_SHARE),
            leaves=draws.chance(n, ENDED_SHARE) & (left_on < pl.lit(as_of)),
            left_on=left_on,
            reason=reasons.draw(draws.ints(n)),
            number=kpj(pl.int_range(offset, offset + n, dtype=pl.Int64, eager=True)),
        )
        # Whichever came first: leaving for a reason, or the age limit (when the office recorded it).
        ended = pl.when(
            pl.col("past_limit") & ~(pl.col("leaves") & (pl.col("left_on") < pl.col("age_limit_end")))
        )
        yield frame.select(
            nik="nik",
            kpj=kpj_number(frame["mulai"].dt.year().cast(pl.Int64), frame["number"]),
            nama="nama",
            tanggal_lahir=pl.col("tanggal_lahir").cast(pl.String),
            jenis_kelamin="jenis_kelamin",
            kode_wilayah="kode_wilayah",
            pekerjaan="pekerjaan",
            mulai_kepesertaan=pl.col("mulai").cast(pl.String),
            akhir_kepesertaan=ended.then(pl.col("age_limit_end"))
            .when(pl.col("leaves"))
            .then(pl.col("left_on"))
            .cast(pl.String),
            alasan_berhenti=ended.then(pl.lit(AGE_LIMIT)).when(pl.col("leaves")).then(pl.col("reason")),
        ).head(rows - offset)
        offset += n


def write_participants(
    path: str | Path,
    *,
    seed: int,
    rows: int,
    start: date = date(2025, 4, 1),
    as_of: date | None = None,
    progress: Progress = silent,
) -> dict[str, int]:
    """Write a participants CSV; returns the number of rows and of ended memberships."""
    written = ended = 0
    with open(path, "wb") as out:
        pl.DataFrame(schema=dict.fromkeys(PARTICIPANT_COLUMNS, pl.String)).write_csv(out)
        for chunk in participant_chunks(seed, rows, start=start, as_of=as_of):
            chunk.write_csv(out, include_header=False)
            written += chunk.height
            ended += chunk["akhir_kepesertaan"].is_not_null().sum()
            progress(written, rows, "peserta")
    return {"rows": written, "ended": ended}


def billable(participants: pl.DataFrame, month: Month, age_limit_months: int) -> pl.Series:
    """DOMAIN.md §5: billed for month M when the membership covers M's first day and the participant
    is at most 64 years 11 completed months old on that day."""
    first = month.first_day
    born = participants["tanggal_lahir"].str.to_date(strict=False)
    began = participants["mulai_kepesertaan"].str.to_date(strict=False)
    ended = participants["akhir_kepesertaan"].str.to_date(strict=False)
    # Completed months from birth to a first-of-month day: one fewer unless born on the 1st.
    months_old = (
        (first.year * 12 + first.month)
        - (born.dt.year().cast(pl.Int64) * 12 + born.dt.month())
        - (born.dt.day() > 1).cast(pl.Int64)
    )
    return (
        pl.select((began <= first) & (ended.is_null() | (ended >= first)) & (months_old <= age_limit_months))
        .to_series()
        .fill_null(False)
    )


class _InvoiceWriter:
    """Bills a participants file as BPJS would, then makes the differences reconciliation must find."""

    def __init__(self, seed: int, month: Month, differences: float):
        if not 0 <= differences <= 1:
            raise ValueError(f"differences must be between 0 and 1, got {differences}")
        self.month = month
        self.share = differences / 3  # split evenly: missing lines, wrong amounts, lines we never enrolled
        self.draws = Draws(stream(seed, "invoice", str(month)))
        jkk, jkm = contributions(month.first_day)
        self.jkk, self.jkm = jkk, jkm
        self.age_limit = billing_age_limit_months(month.first_day)
        self.unknown_kpj = Permutation.keyed(12, seed, "invoice", "kpj")
        self.unknown_issued = 0

    def lines(self, participants: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """(invoice lines, expected reconciliation) for one batch of participants."""
        d, n = self.draws, participants.height
        due = billable(participants, self.month, self.age_limit)
        fate = d.unit(n)
        missing = due & (fate < self.share)
        wrong = due & (fate >= self.share) & (fate < 2 * self.share)
        # Lines we would not bill, as many as the missing ones: half for ended or over-age participants
        # BPJS still bills, half for people the Pemda never enrolled (a NIK and name from elsewhere).
        due_count, not_due_count = int(due.sum()), n - int(due.sum())
        still_billed = ~due & d.chance(n, min(1.0, self.share / 2 * due_count / max(1, not_due_count)))
        jkk, jkm = self._amounts(n, wrong)
        invoiced = participants.with_columns(iuran_jkk=jkk, iuran_jkm=jkm).filter(
            (due & ~missing) | still_billed
        )
        unknown = self._unknown(participants, int(d.chance(due_count, self.share / 2).sum()))
        lines = pl.concat(
            [invoiced.select("nik", "kpj", "nama", "iuran_jkk", "iuran_jkm"), unknown]
        ).with_columns(
            nama=pl.col("nama").str.to_uppercase(),  # BPJS prints names in capitals
            bulan=pl.lit(str(self.month)),
            jumlah=pl.col("iuran_jkk") + pl.col("iuran_jkm"),
        )
        lines = lines.with_columns(order=d.ints(lines.height)).sort("order", maintain_order=True)
        expected = int(self.jkk + self.jkm)
        ours = participants.filter(due).select("nik", "kpj", jumlah_pemda=pl.lit(expected))
        truth = ours.join(
            lines.select("nik", "kpj", jumlah_bpjs="jumlah"), on=["nik", "kpj"], how="full", coalesce=True
        )
        truth = truth.with_columns(
            status=pl.when(pl.col("jumlah_bpjs").is_null())
            .then(pl.lit(NOT_INVOICED))
            .when(pl.col("jumlah_pemda").is_null())
            .then(pl.lit(NOT_IN_OUR_DATA))
            .when(pl.col("jumlah_pemda") != pl.col("jumlah_bpjs"))
            .then(pl.lit(AMOUNT_DIFFERS))
            .otherwise(pl.lit(MATCH))
        ).sort("nik", "kpj")
        return lines.select(INVOICE_COLUMNS), truth.select(RECONCILIATION_TRUTH_COLUMNS)

    def _amounts(self, n: int, wrong: pl.Series) -> tuple[pl.Series, pl.Series]:
        """The regulation's amounts, except where BPJS got them wrong: JKK on a higher declared income,
        JKM left out, or the whole package billed twice."""
        kind = self.draws.below(n, 3)
        jkk = pl.select(
            pl.when(wrong & (kind != 1)).then(int(self.jkk) * 2).otherwise(int(self.jkk))
        ).to_series()
        jkm = pl.select(
            pl.when(wrong & (kind == 1))
            .then(0)
            .when(wrong & (kind == 2))
            .then(int(self.jkm) * 2)
            .otherwise(int(self.jkm))
        ).to_series()
        return jkk.cast(pl.Int64), jkm.cast(pl.Int64)

    def _unknown(self, participants: pl.DataFrame, count: int) -> pl.DataFrame:
        """Lines for people who are not our participants: real-looking NIK, a name borrowed from the batch."""
        d = self.draws
        source = participants.select("nik", "nama").gather(d.below(count, max(1, participants.height)))
        # Another person's NIK: same region and birth date digits, a serial outside every generated range.
        nik = source["nik"].str.slice(0, 12) + (9000 + d.below(count, 1000)).cast(pl.String)
        number = UNKNOWN_KPJ_OFFSET + self.unknown_kpj(
            pl.int_range(self.unknown_issued, self.unknown_issued + count, dtype=pl.Int64, eager=True)
        )
        self.unknown_issued += count
        return pl.DataFrame(
            {
                "nik": nik,
                "kpj": kpj_number(self.month.year, number),
                "nama": source["nama"],
                "iuran_jkk": pl.repeat(int(self.jkk), count, dtype=pl.Int64, eager=True),
                "iuran_jkm": pl.repeat(int(self.jkm), count, dtype=pl.Int64, eager=True),
            }
        )


def write_invoice(
    path: str | Path,
    *,
    participants: str | Path,
    month: Month | str,
    seed: int,
    differences: float = 0.01,
    progress: Progress = silent,
) -> dict[str, int]:
    """BPJS's invoice for `month` of the participants in a file, and FILE.truth.csv with the expected
    reconciliation (nik, kpj, status, jumlah_pemda, jumlah_bpjs). Returns the count of each status."""
    month = month if isinstance(month, Month) else Month.parse(month)
    writer = _InvoiceWriter(seed, month, differences)
    columns = list(PARTICIPANT_COLUMNS)
    reader = pacsv.open_csv(
        participants,
        read_options=pacsv.ReadOptions(block_size=8 << 20),
        convert_options=pacsv.ConvertOptions(
            include_columns=columns, column_types=dict.fromkeys(columns, pa.string())
        ),
    )
    counts: dict[str, int] = {}
    read = 0
    with open(path, "wb") as out, open(truth_path(path), "wb") as truth_out:
        pl.DataFrame(schema=dict.fromkeys(INVOICE_COLUMNS, pl.String)).write_csv(out)
        pl.DataFrame(schema=dict.fromkeys(RECONCILIATION_TRUTH_COLUMNS, pl.String)).write_csv(truth_out)
        for batch in reader:
            frame = pl.from_arrow(pa.Table.from_batches([batch]))
            lines, truth = writer.lines(frame)
            lines.write_csv(out, include_header=False)
            truth.write_csv(truth_out, include_header=False)
            for status, count in truth["status"].value_counts().iter_rows():
                counts[status] = counts.get(status, 0) + count
            read += frame.height
            progress(read, None, "tagihan")
    return {
        status: counts.get(status, 0) for status in (MATCH, NOT_INVOICED, NOT_IN_OUR_DATA, AMOUNT_DIFFERS)
    }


def participants(
    seed: int, rows: int, *, start: date = date(2025, 4, 1), as_of: date | None = None
) -> Iterator[dict]:
    """Participants as dicts keyed by PARTICIPANT_COLUMNS, dates as `date` (None when not ended)."""
    dates = ("tanggal_lahir", "mulai_kepesertaan", "akhir_kepesertaan")
    for chunk in participant_chunks(seed, rows, start=start, as_of=as_of):
        for row in chunk.iter_rows(named=True):
            yield {
                **row,
                **{column: date.fromisoformat(row[column]) if row[column] else None for column in dates},
            }
