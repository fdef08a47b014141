"""KEMUNGKINAN_GANDA: the same person applying under another NIK, found with a pre-trained Splink model on
DuckDB.

Exact matching comes first: rows repeating a NIK are NIK_GANDA in the SQL screening. The matcher then sees
one row per distinct NIK and scores pairs of *different* NIKs on the NIK itself (one or two digits apart,
two digits swapped; the date digits alone, as a birth date written otherwise leaves them), the name
(spelling variants of Indonesian names, swapped order, a missing part), the birth date (one or two digits
apart, day and month swapped), sex, and - as supporting evidence only - the family card, the kelurahan, the
telephone and the address.

One model for every batch: its parameters were trained once, offline (`bench/dedupe_train.py`, on generated
data and on public record-linkage data mapped to the applicants format: `bench/febrl.py`), and ship in
`dedupe_model.json` beside this module, with a version. No batch trains: a batch of 30 rows and one of 10^6
are judged by the same weights. Only the name's term frequencies come from the batch, smoothed towards the
training data's so that a small batch does not make every name look common.

Pairs at or above the model's match weight threshold, less those an officer judged two people and with
those judged one person (`PairReview`), are clustered, and every member of a cluster but the first row is
flagged with the first row's number and, in words, why the two rows look like one person
(`penjelasan`). The flag means "a person should look": PERLU_VERIFIKASI, never a rejection.

Fallback (documented in docs/SCREENING.md): if the model file cannot be read or Splink fails on a batch,
explicit rules over the same signals decide (`_rule_pairs`), and a warning is logged.

Runs in the screening's DuckDB connection (reading the `applicants` relation, writing
`probable_duplicates(_baris, dup_of, penjelasan)`), so nothing is copied out of DuckDB.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from lindung.domain.progress import Progress, silent
from lindung.domain.rules.sql import clean, normalize_nik

MODEL_PATH = Path(__file__).with_name("dedupe_model.json")
MODEL_FORMAT = "lindung-dedupe"
MIN_ROWS = 2  # fewer distinct NIKs than this: nothing to compare
# Term frequencies of names are those of the batch blended with this many rows' worth of the training
# data's average name frequency: a name seen twice in 30 rows is not thereby common.
TF_PRIOR_ROWS = 100_000

log = logging.getLogger(__name__)


class ModelError(Exception):
    """The shipped model cannot be used (missing, another format or version)."""


@dataclass(frozen=True)
class DedupeSummary:
    candidates: int  # distinct NIKs compared
    pairs: int  # pairs at or above the threshold
    rows_flagged: int
    threshold: float  # match weight
    seconds: float
    model: str  # "splink <version>" or "aturan" (the fallback rules)

    def as_dict(self) -> dict:
        return asdict(self)


# --- Preparing the rows ---------------------------------------------------------------------------
# Indonesian names are written many ways: old spellings (oe/u, dj/j, tj/c, ch/kh, sj/sy, j/y), y/i,
# doubled letters, and abbreviations of the commonest first names. The canonical form folds them together
# so that exact and Jaro-Winkler comparisons see through them.
_SPELLING = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("ch", "kh"), ("kh", "h"), ("sj", "sy"), ("j", "y"), ("y", "i"),
             ("q", "k"), ("v", "f"), ("z", "s"), ("ph", "f"))
# Whole words, after the spelling is folded and doubled letters collapsed.
_WORDS = {
    "m": ("muhamad", "mohamad", "muhamat", "mohamat", "muhamed", "mohamed", "moh", "muh", "mhd", "mohd", "md", "mochamad"),
    "ahmad": ("ahmat", "amad"),
    "abdul": ("abd", "abdl"),
    "siti": ("st",),
    "nur": ("nor", "nr"),
}


# Titles written before a name (Haji, Hajjah, Dr., Ir., Prof., K.H.) are no part of it; degrees come after a
# comma ("Budi Santoso, S.Pd.") and go with everything after it. Hereditary titles (Andi, Aji, Gusti) are
# part of the name and stay.
_TITLES = ("h", "hj", "haji", "hajah", "hajjah", "dr", "drs", "dra", "ir", "prof", "k")
_TITLES_PATTERN = f"^ *(({'|'.join(_TITLES)}) +)+"


def canonical_name_sql(name: str) -> str:
    """SQL: the name folded to its canonical form (lower case, letters only, single spaces, spelling and
    abbreviations folded, doubled letters collapsed); NULL when no letter is left. Plain replace() and a
    few regular expressions: no lists or lambdas, which cost seconds on 10^6 rows."""
    expr = f"regexp_replace(regexp_replace(lower({name}), ',.*$', ''), '[^a-z]+', ' ', 'g')"
    expr = f"regexp_replace({expr}, '{_TITLES_PATTERN}', '')"
    for old, new in _SPELLING:
        expr = f"replace({expr}, '{old}', '{new}')"
    for letter in "abcdefghiklmnoprstuw":  # doubled letters ('ii' is rarely a typo: keep it too)
        expr = f"replace({expr}, '{letter * 2}', '{letter}')"
    for canon, variants in _WORDS.items():
        expr = f"regexp_replace({expr}, '\\b({'|'.join(variants)})\\b', '{canon}', 'g')"
    return f"nullif(trim({expr}), '')"


def canonical_name(name: str | None) -> str | None:
    """The same folding in Python (for tests and explanations; the SQL above is what runs)."""
    if not name:
        return None
    text = re.sub(r"[^a-z]+", " ", re.sub(r",.*$", "", name.lower(), count=1)).strip()
    text = re.sub(_TITLES_PATTERN, "", text)
    for old, new in _SPELLING:
        text = text.replace(old, new)
    for letter in "abcdefghiklmnoprstuw":
        text = text.replace(letter * 2, letter)
    lookup = {v: canon for canon, variants in _WORDS.items() for v in variants}
    return " ".join(lookup.get(w, w) for w in text.split(" ") if w) or None


# Words that say what kind of place an address is, not which (Indonesian addresses: Jl. X No. 5 RT 003,
# Perum Y Blok A, Gg. Z): two addresses sharing only these share nothing. Words shorter than three letters
# (jl - Jalan and Jln are already Jl in `alamat` -, gg, rt, rw, no) are dropped anyway. The last line holds
# the words estates and streets are named with everywhere ("Taman Sari Indah", "Bukit Sari Indah").
ADDRESS_FILLER = ("gang", "blok", "blk", "komp", "kompl", "komplek", "kompleks", "perum", "perumahan", "perumnas",
                  "btn", "cluster", "nomor", "kel", "kelurahan", "kec", "kecamatan", "desa", "dusun", "dsn",
                  "kampung", "lingkungan", "lingk", "lorong", "kav", "kavling",
                  "raya", "indah", "permai", "baru", "jaya", "asri", "lama")


def candidates_sql() -> str:
    """One row per distinct NIK (its first row; rows without a NIK each count), with the columns the
    model compares and blocks on."""
    born = clean("tanggal_lahir")
    return f"""
CREATE OR REPLACE TABLE dedupe_candidates AS
WITH keyed AS (
  SELECT _baris, nullif(regexp_replace({normalize_nik(clean('nik'))}, '[^0-9]', '', 'g'), '') AS nik,
    {clean('nama')} AS nama_asli,
    -- a date as written, if it has the contract's shape (a typo may make it an impossible date: keep it)
    CASE WHEN regexp_matches({born}, '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN {born}[1:10] END AS tanggal_lahir,
    upper({clean('jenis_kelamin')}) AS jenis_kelamin,
    nullif(regexp_replace({clean('no_kk')}, '[^0-9]', '', 'g'), '') AS no_kk,
    nullif(regexp_replace({clean('kode_wilayah')}, '[^0-9]', '', 'g'), '') AS kode_wilayah,
    nullif(regexp_replace(regexp_replace({clean('telepon')}, '[^0-9]', '', 'g'), '^62', '0'), '') AS telepon,
    -- lower case, letters and digits; jalan/jln -> jl
    nullif(trim(regexp_replace(regexp_replace(lower({clean('alamat')}), '[^a-z0-9]+', ' ', 'g'),
      '\\b(jalan|jln)\\b', 'jl', 'g')), '') AS alamat
  FROM applicants
),
-- the first row of each NIK, as below; a name with a letter is a name the folding leaves non-empty
chosen AS MATERIALIZED (
  SELECT * FROM keyed
  WHERE (nik IS NOT NULL AND length(nik) BETWEEN 10 AND 20) OR regexp_matches(lower(nama_asli), '[a-z]')
  QUALIFY row_number() OVER (PARTITION BY coalesce(nik, 'baris' || _baris) ORDER BY _baris) = 1
),
-- folding costs a few dozen string operations per name: once per distinct name, not per row
folded AS MATERIALIZED (
  SELECT nama_asli, nama_kanon,
    array_to_string(list_sort(string_split(nama_kanon, ' ')), ' ') AS nama_urut,
    split_part(nama_kanon, ' ', 1) AS nama_depan,
    regexp_extract(nama_kanon, '[a-z]+$') AS nama_akhir
  FROM (SELECT nama_asli, {canonical_name_sql('nama_asli')} AS nama_kanon
        FROM (SELECT DISTINCT nama_asli FROM chosen WHERE nama_asli IS NOT NULL))
),
named AS (
  SELECT c.*, f.nama_kanon, f.nama_urut, f.nama_depan, f.nama_akhir FROM chosen c LEFT JOIN folded f USING (nama_asli)
)
SELECT _baris AS unique_id, nik,
  lower(trim(regexp_replace(nama_asli, '\\s+', ' ', 'g'))) AS nama_asli, nama_kanon, nama_urut, nama_depan, nama_akhir,
  tanggal_lahir,
  tanggal_lahir[1:5] || tanggal_lahir[9:10] || '-' || tanggal_lahir[6:7] AS lahir_tertukar,
  tanggal_lahir[1:7] AS lahir_tahun_bulan,
  CASE WHEN jenis_kelamin IN ('L', 'P') THEN jenis_kelamin END AS jenis_kelamin,
  no_kk, kode_wilayah, telepon, alamat,
  -- the address's numbers as numbers (RT 003 is RT 3); an address without numbers has none to compare
  -- (NULL, never a block of every such address)
  nullif(trim(regexp_replace(' ' || regexp_replace(alamat, '[^0-9]+', ' ', 'g'), ' 0+([0-9])', ' \\1', 'g')), '')
    AS alamat_angka,
  -- the address's own words: three letters or more, no digits, without the words every address has
  nullif(list_distinct(string_split(trim(regexp_replace(regexp_replace(alamat,
    '\\b([a-z]{{1,2}}|{'|'.join(ADDRESS_FILLER)}|[a-z]*[0-9][a-z0-9]*)\\b', ' ', 'g'), '\\s+', ' ', 'g')), ' ')), [''])
    AS alamat_kata,
  CASE WHEN length(nik) = 16 THEN nik[1:12] END AS nik_wilayah_tanggal,
  CASE WHEN length(nik) = 16 THEN nik[7:16] END AS nik_tanggal_urut,
  CASE WHEN length(nik) = 16 THEN nik[1:6] || nik[11:16] END AS nik_tanpa_tanggal_bulan,
  CASE WHEN length(nik) = 16 THEN nik[1:10] || nik[13:16] END AS nik_tanpa_tahun,
  CASE WHEN length(nik) = 16 THEN nik[9:16] END AS nik_akhir,
  CASE WHEN length(nik) = 16 THEN nik[13:14] END AS nik_urut_awal,
  CASE WHEN length(nik) = 16 THEN nik[15:16] END AS nik_urut_akhir,
  CASE WHEN length(nik) = 16 THEN nik[1:9] || nik[12:16] END AS nik_tanpa_10_11,
  CASE WHEN length(nik) = 16 THEN nik[1:11] || nik[14:16] END AS nik_tanpa_12_13,
  CASE WHEN length(nik) = 16 THEN nik[1:6] || nik[13:16] END AS nik_wilayah_urut
FROM named
"""


# --- The model's shape (the parameters are in dedupe_model.json) ----------------------------------

def _dl(column: str, distance: int) -> str:
    return f"damerau_levenshtein({column}_l, {column}_r) <= {distance}"


NAME_SIMILAR = "jaro_winkler_similarity(nama_kanon_l, nama_kanon_r)"
NAME_PART = ("(list_has_all(string_split(nama_kanon_l, ' '), string_split(nama_kanon_r, ' ')) "
             "OR list_has_all(string_split(nama_kanon_r, ' '), string_split(nama_kanon_l, ' ')))")


# Names alike enough that a shared address stops being a family's: the same folded name, the same words in
# another order, or Jaro-Winkler >= 0.88 (the name comparison's "mirip" and above).
NAMES_ALIKE = ("nama_kanon_l = nama_kanon_r OR nama_urut_l = nama_urut_r "
               "OR jaro_winkler_similarity(nama_kanon_l, nama_kanon_r) >= 0.88")
# One address, allowing slips in its words but not in its numbers (house number, RT: a neighbour's address
# differs there only): the same numbers, and the words nearly the same in order (Jaro-Winkler >= 0.92) or
# the address's own words (`alamat_kata`: street, building and area names) shared in any order - half of
# the shorter one's, and two at least when it has more than one ("Kampung Baru" and "Pasar Baru" share one
# word and are two places) - since a clerk writes the building before or after the street.
_SHARED_WORDS = "len(list_intersect(alamat_kata_l, alamat_kata_r))"
_FEWER_WORDS = "least(len(alamat_kata_l), len(alamat_kata_r))"
ADDRESS_SAME = ("alamat_l = alamat_r OR (alamat_angka_l = alamat_angka_r "
                "AND (jaro_winkler_similarity(alamat_l, alamat_r) >= 0.92 "
                f"OR ({_SHARED_WORDS} >= least({_FEWER_WORDS}, 2) AND 2 * {_SHARED_WORDS} >= {_FEWER_WORDS} "
                f"AND {_FEWER_WORDS} > 0)))")
ADDRESS_AND_NAME = "Alamat sama (nomor sama), nama mirip"


def comparisons() -> list:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    nik = cl.CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            # Two people born on the same day in the same kecamatan get NIKs that differ only in the
            # serial (0001, 0002...): a close serial is weaker evidence than a slip elsewhere.
            cll.CustomLevel("nik_l[13:16] = nik_r[13:16] AND length(nik_l) = length(nik_r) AND hamming(nik_l, nik_r) = 1",
                            label_for_charts="NIK: satu angka wilayah/tanggal berbeda"),
            cll.CustomLevel("nik_wilayah_tanggal_l = nik_wilayah_tanggal_r "
                            "AND hamming(nik_l[13:16], nik_r[13:16]) = 1",
                            label_for_charts="NIK: satu angka nomor urut berbeda"),
            cll.CustomLevel(_dl("nik", 1), label_for_charts="NIK: dua angka bertukar, satu angka hilang/lebih"),
            cll.CustomLevel("nik_wilayah_tanggal_l = nik_wilayah_tanggal_r",
                            label_for_charts="NIK: wilayah dan tanggal sama, nomor urut berbeda"),
            cll.CustomLevel(_dl("nik", 2), label_for_charts="NIK: dua angka berbeda"),
            # The birth date written otherwise makes the NIK's date digits differ with it: the region and
            # the serial are what is left to compare.
            cll.CustomLevel("length(nik_l) = 16 AND length(nik_r) = 16 AND nik_l[1:6] = nik_r[1:6] "
                            "AND nik_l[13:16] = nik_r[13:16]",
                            label_for_charts="NIK: wilayah dan nomor urut sama, tanggal berbeda"),
            cll.ElseLevel(),
        ],
    )
    name = cl.CustomComparison(
        output_column_name="nama",
        comparison_levels=[
            cll.NullLevel("nama_kanon"),
            cll.ExactMatchLevel("nama_kanon", term_frequency_adjustments=True),
            cll.CustomLevel("nama_urut_l = nama_urut_r", label_for_charts="Nama sama, urutan tertukar"),
            cll.CustomLevel(f"{NAME_SIMILAR} >= 0.94", label_for_charts="Nama sangat mirip"),
            cll.CustomLevel(f"{NAME_SIMILAR} >= 0.88 OR jaro_winkler_similarity(nama_urut_l, nama_urut_r) >= 0.92",
                            label_for_charts="Nama mirip"),
            cll.CustomLevel(NAME_PART, label_for_charts="Sebagian nama sama"),
            cll.CustomLevel(f"{NAME_SIMILAR} >= 0.75", label_for_charts="Nama agak mirip"),
            cll.ElseLevel(),
        ],
    )
    born = cl.CustomComparison(
        output_column_name="tanggal_lahir",
        comparison_levels=[
            cll.NullLevel("tanggal_lahir"),
            cll.ExactMatchLevel("tanggal_lahir", term_frequency_adjustments=True),
            cll.CustomLevel("tanggal_lahir_l = lahir_tertukar_r", label_for_charts="Tanggal dan bulan tertukar"),
            cll.CustomLevel(_dl("tanggal_lahir", 1), label_for_charts="Satu angka berbeda"),
            cll.CustomLevel(_dl("tanggal_lahir", 2), label_for_charts="Dua angka berbeda"),
            cll.ElseLevel(),
        ],
    )
    return [
        nik, name, born,
        cl.ExactMatch("jenis_kelamin"),
        cl.ExactMatch("no_kk"),
        cl.CustomComparison(output_column_name="kode_wilayah", comparison_levels=[
            cll.NullLevel("kode_wilayah"), cll.ExactMatchLevel("kode_wilayah"),
            cll.CustomLevel(_dl("kode_wilayah", 1), label_for_charts="Satu angka berbeda"), cll.ElseLevel(),
        ]),
        cl.ExactMatch("telepon"),
        # A family shares an address, not a name: the address says little on its own (at most 8 bits,
        # bench/dedupe_train.py), much when the names are alike too.
        cl.CustomComparison(output_column_name="alamat", comparison_levels=[
            cll.NullLevel("alamat"),
            cll.CustomLevel(f"({ADDRESS_SAME}) AND ({NAMES_ALIKE})", label_for_charts=ADDRESS_AND_NAME),
            cll.ExactMatchLevel("alamat"),
            cll.CustomLevel("jaro_winkler_similarity(alamat_l, alamat_r) >= 0.92", label_for_charts="Alamat sangat mirip"),
            cll.CustomLevel("jaro_winkler_similarity(alamat_l, alamat_r) >= 0.8", label_for_charts="Alamat mirip"),
            cll.ElseLevel(),
        ]),
    ]


# Pairs whose names are unrelated (the name comparison's last level, NAME_DIFFERS_BITS = -20 in training)
# are never flagged, whatever else they share - twins share a birth date, a family card, a telephone, an
# address and NIKs a serial apart -, so they are not scored at all. Besides making that rule hold outright,
# it spares scoring most of the pairs a NIK or birth-date key brings together (on the 10^6 benchmark,
# 490,000 pairs share a NIK's region, year and serial; 10,000 of them have related names).
NAMES_RELATED = (
    "(l.nama_kanon IS NULL OR r.nama_kanon IS NULL "
    "OR jaro_winkler_similarity(l.nama_kanon, r.nama_kanon) >= 0.75 "
    "OR jaro_winkler_similarity(l.nama_urut, r.nama_urut) >= 0.92 "
    f"OR {NAME_PART.replace('nama_kanon_l', 'l.nama_kanon').replace('nama_kanon_r', 'r.nama_kanon')})"
)


def blocking_rules() -> list[str]:
    """Which pairs are compared at all: each rule catches a kind of error the others miss, and each keeps
    its blocks small on 10^6 rows (no block on a NIK's region and serial alone, nor on a name alone); every
    rule also asks for related names (NAMES_RELATED). About 560,000 pairs on the 10^6 benchmark.
    Rules that found no pair the others miss - on FEBRL 1 and 2 in both NIK layouts and on the 10^6
    benchmark rows - were left out (docs/SCREENING.md lists them)."""
    rules = [
        # NIK: a one-digit typo (or two digits swapped) leaves at least one of these keys whole
        # the serial mistyped (one of its halves stays whole; the region and date alone would pair everyone
        # born the same day in one kecamatan: 1.8 million pairs on the 10^6 benchmark)
        ("nik_wilayah_tanggal", "nik_urut_awal"),
        ("nik_wilayah_tanggal", "nik_urut_akhir"),
        ("nik_tanggal_urut",),  # the region
        ("nik_tanpa_tanggal_bulan",),  # the day or month
        ("nik_tanpa_tahun",),  # the year
        ("nik_akhir",),  # two digits swapped across the region and the date
        ("nik_tanpa_10_11",),  # across the month and the year
        ("nik_tanpa_12_13",),  # across the year and the serial
        # the NIK mistyped more: the name (either order) with the birth year and month (the name with the
        # year alone: 1.7 million pairs), or the birth date with the first or the last name
        ("nama_urut", "lahir_tahun_bulan"),
        ("tanggal_lahir", "nama_depan"),
        ("tanggal_lahir", "nama_akhir"),
        # the birth date written otherwise (and so the NIK's date digits): the first name with the NIK's
        # region and serial, the address with the first name, the last name with the address's numbers
        # (house number, RT: a slip in its words)
        ("nama_depan", "nik_wilayah_urut"),
        ("alamat", "nama_depan"),
        ("alamat_angka", "nama_akhir"),
        # the address's numbers with the birth date (a NIK mistyped beyond the keys above, a name part
        # replaced) and with the NIK's region and serial (the birth date written otherwise, the name too)
        ("alamat_angka", "tanggal_lahir"),
        ("alamat_angka", "nik_wilayah_urut"),
    ]
    sql = [" AND ".join(f"l.{c} = r.{c}" for c in columns) + f" AND {NAMES_RELATED}" for columns in rules]
    return [
        *sql,
        # no name on one side: the birth date and the kelurahan
        "l.tanggal_lahir = r.tanggal_lahir AND l.kode_wilayah = r.kode_wilayah "
        "AND (l.nama_kanon IS NULL OR r.nama_kanon IS NULL)",
        # day and month swapped, the name otherwise the same (both ways: pairs are scored with l before r)
        "l.tanggal_lahir = r.lahir_tertukar AND l.nama_urut = r.nama_urut",
        "r.tanggal_lahir = l.lahir_tertukar AND l.nama_urut = r.nama_urut",
    ]


def settings(probability_two_random_records_match: float = 1e-7):
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=probability_two_random_records_match,
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        additional_columns_to_retain=[],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


@lru_cache(maxsize=4)
def _read_model(path: str) -> dict:
    try:
        model = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: {exc}") from exc
    if model.get("format") != MODEL_FORMAT or not isinstance(model.get("splink"), dict):
        raise ModelError(f"{path}: not a {MODEL_FORMAT} model")
    return model


def load_model(path: str | Path = MODEL_PATH) -> dict:
    """The shipped model: {"format", "version", "threshold_match_weight", "name_tf_prior", "splink": settings}."""
    return _read_model(str(path))


# --- Running ----------------------------------------------------------------------------------

def find_probable_duplicates(con, *, threshold: float | None = None, progress: Progress = silent,
                             model_path: str | Path | None = None,
                             reviews: Iterable[tuple[str, str, str]] = ()) -> DedupeSummary:
    """Fill `probable_duplicates(_baris, dup_of, penjelasan)` in `con` from its `applicants` relation (the
    applicants columns as text, at least nik, nama, tanggal_lahir, jenis_kelamin, no_kk, kode_wilayah,
    telepon and alamat, and `_baris`).
    `threshold` is a match weight (bits); None: the model's own. `reviews` are the pairs officers already
    judged, as (nik, nik, "sama"|"berbeda") (lindung.registers.models.PairReview): a pair judged two people
    is not flagged, a pair judged one person is, whatever its score."""
    started = time.perf_counter()
    progress(0, 4, "Mencari kemungkinan ganda: menyiapkan")
    con.execute(candidates_sql())
    con.execute("CREATE OR REPLACE TABLE probable_duplicates (_baris BIGINT, dup_of BIGINT, penjelasan VARCHAR)")
    _load_reviews(con, reviews)
    candidates = con.execute("SELECT count(*) FROM dedupe_candidates").fetchall()[0][0]
    used = "aturan"
    if candidates < MIN_ROWS:
        return DedupeSummary(candidates, 0, 0, threshold or 0.0, round(time.perf_counter() - started, 2), used)
    try:
        model = load_model(model_path or MODEL_PATH)
        threshold = model["threshold_match_weight"] if threshold is None else threshold
        pairs = _model_pairs(con, model, threshold, progress)
        used = f"splink {model['version']}"
    except Exception:
        log.warning("The probable-duplicate model could not run; explicit rules decide instead", exc_info=True)
        con.execute("DELETE FROM probable_duplicates")
        pairs = _rule_pairs(con)
    progress(3, 4, "Mencari kemungkinan ganda: menjelaskan")
    _explain(con)
    flagged = con.execute("SELECT count(*) FROM probable_duplicates").fetchall()[0][0]
    progress(4, 4, "Mencari kemungkinan ganda: selesai")
    return DedupeSummary(candidates, pairs, flagged, threshold if threshold is not None else 0.0,
                         round(time.perf_counter() - started, 2), used)


def _register_name_frequencies(con, linker, db_api, model: dict, table: str = "dedupe_candidates") -> None:
    """Frequencies of names and birth dates in the batch, smoothed towards the training data's average
    (see TF_PRIOR_ROWS): a common name, or 1 January (written when the day is not known), weighs less."""
    for column, key in (("nama_kanon", "name_tf_prior"), ("tanggal_lahir", "birth_tf_prior")):
        prior = float(model.get(key, 1e-4))
        con.execute(f"""
            CREATE OR REPLACE TABLE dedupe_tf_{column} AS
            WITH counted AS (SELECT {column}, count(*) AS n FROM {table} WHERE {column} IS NOT NULL GROUP BY 1),
            total AS (SELECT sum(n) AS rows FROM counted)
            SELECT {column}, (n + {TF_PRIOR_ROWS} * {prior}) / (rows + {TF_PRIOR_ROWS}) AS tf_{column}
            FROM counted, total
        """)
        linker.table_management.register_term_frequency_lookup(db_api.register(f"dedupe_tf_{column}"), column)


def blocked_pairs_sql(rules: list[str] | None = None) -> str:
    """SQL: `dedupe_blocked(l, r)`, every pair of candidates (l < r) that at least one blocking rule brings
    together, in one pass. Splink would apply the rules one after another, each excluding the pairs of the
    rules before it, and on 10^6 rows those exclusions cost more than the scoring; the pairs are the same
    (tests/registers/test_dedupe.py compares them)."""
    joins = " UNION ALL ".join(
        f"SELECT l.unique_id AS l, r.unique_id AS r FROM dedupe_candidates l JOIN dedupe_candidates r "
        f"ON l.unique_id < r.unique_id AND {rule}" for rule in (rules or blocking_rules()))
    return f"CREATE OR REPLACE TABLE dedupe_blocked AS SELECT DISTINCT l, r FROM ({joins})"


def _model_pairs(con, model: dict, threshold: float, progress: Progress) -> int:
    """The shipped Splink model on this batch; fills dedupe_edges(l, r) with the pairs at or above the
    threshold and clusters them (`_cluster`), returning the pairs kept. Splink scores exactly the pairs
    of `blocked_pairs_sql`: each candidate carries the numbers of its pairs and one exploding blocking rule
    joins on them."""
    from splink import DuckDBAPI, Linker, block_on

    try:
        con.execute(blocked_pairs_sql())
        con.execute("""
            CREATE OR REPLACE TABLE dedupe_keyed AS
            SELECT c.*, k.pair_keys FROM dedupe_candidates c JOIN (
              SELECT id, list(pair) AS pair_keys
              FROM (SELECT row_number() OVER () AS pair, l, r FROM dedupe_blocked) p, LATERAL (SELECT unnest([p.l, p.r]) AS id)
              GROUP BY id
            ) k ON k.id = c.unique_id
        """)
        con.execute("CREATE OR REPLACE TABLE dedupe_edges (l BIGINT, r BIGINT)")
        progress(1, 4, "Mencari kemungkinan ganda: membandingkan pasangan")
        if con.execute("SELECT count(*) FROM dedupe_blocked").fetchall()[0][0]:
            settings = dict(model["splink"])
            settings["blocking_rules_to_generate_predictions"] = [block_on("pair_keys", arrays_to_explode=["pair_keys"])]
            cursor = con.cursor()  # its own cursor on the same database: results never interleave
            db_api = DuckDBAPI(connection=cursor)
            linker = Linker(db_api.register("dedupe_keyed"), settings, log_level=logging.ERROR)
            _register_name_frequencies(con, linker, db_api, model)
            predictions = linker.inference.predict(threshold_match_weight=threshold)
            con.execute(f"INSERT INTO dedupe_edges SELECT unique_id_l, unique_id_r FROM {predictions.physical_name}")
            predictions.drop_table_from_database_and_remove_from_cache()
    finally:
        # The pair lists are the width of the batch again: free them before the screening's own joins (or
        # the fallback rules) run.
        con.execute("DROP TABLE IF EXISTS dedupe_keyed")
        con.execute("DROP TABLE IF EXISTS dedupe_blocked")
    progress(2, 4, "Mencari kemungkinan ganda: mengelompokkan")
    return _cluster(con)


def _rule_pairs(con) -> int:
    """Fallback when the model cannot run: NIKs one digit apart with close names, or close names with the
    same sex born the same day (or with day and month swapped) in the same place. Candidate pairs come
    from equality joins (no cross product); the later row points at the first."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE rule_pairs AS
        WITH blocked AS (
          SELECT a.unique_id AS l, b.unique_id AS r FROM dedupe_candidates a JOIN dedupe_candidates b
            ON a.nik_wilayah_tanggal = b.nik_wilayah_tanggal AND a.unique_id < b.unique_id
          UNION
          SELECT a.unique_id, b.unique_id FROM dedupe_candidates a JOIN dedupe_candidates b
            ON a.nik_tanggal_urut = b.nik_tanggal_urut AND a.unique_id < b.unique_id
          UNION
          SELECT a.unique_id, b.unique_id FROM dedupe_candidates a JOIN dedupe_candidates b
            ON a.tanggal_lahir = b.tanggal_lahir AND a.kode_wilayah = b.kode_wilayah AND a.unique_id < b.unique_id
          UNION
          SELECT least(a.unique_id, b.unique_id), greatest(a.unique_id, b.unique_id)
          FROM dedupe_candidates a JOIN dedupe_candidates b
            ON a.lahir_tertukar = b.tanggal_lahir AND a.unique_id <> b.unique_id
        )
        SELECT p.l, p.r FROM blocked p
        JOIN dedupe_candidates a ON a.unique_id = p.l JOIN dedupe_candidates b ON b.unique_id = p.r
        WHERE a.nik <> b.nik AND length(a.nik) = length(b.nik) AND (
          (hamming(a.nik, b.nik) = 1 AND jaro_winkler_similarity(a.nama_kanon, b.nama_kanon) >= 0.88)
          OR (jaro_winkler_similarity(a.nama_kanon, b.nama_kanon) >= 0.93 AND a.jenis_kelamin = b.jenis_kelamin
              AND a.kode_wilayah = b.kode_wilayah
              AND (a.tanggal_lahir = b.tanggal_lahir OR a.lahir_tertukar = b.tanggal_lahir))
        )
    """)
    con.execute("CREATE OR REPLACE TABLE dedupe_edges AS SELECT l, r FROM rule_pairs")
    return _cluster(con)


# --- Officers' judgements and clusters --------------------------------------------------------------

def review_key(nik: object) -> str:
    """A NIK as the matcher compares it and PairReview stores it: the cleaned cell, digits only."""
    from lindung.domain.rules.evaluate import extract_key

    return re.sub(r"[^0-9]", "", extract_key(nik))


def pair_key(nik: object, other_nik: object) -> tuple[str, str]:
    """Two NIKs as PairReview keys a pair: review_key of each, the smaller first."""
    a, b = sorted((review_key(nik), review_key(other_nik)))
    return a, b


def _load_reviews(con, reviews: Iterable[tuple[str, str, str]]) -> None:
    rows = sorted({(min(a, b), max(a, b), verdict) for a, b, verdict in reviews if a and b and a != b})
    con.execute("CREATE OR REPLACE TABLE pair_reviews (nik_a VARCHAR, nik_b VARCHAR, verdict VARCHAR)")
    if rows:
        con.executemany("INSERT INTO pair_reviews VALUES (?, ?, ?)", rows)


def _reviewed(verdict: str, a: str = "a", b: str = "b") -> str:
    """SQL: the candidates `a` and `b` form a pair an officer judged `verdict`."""
    return (f"EXISTS (SELECT 1 FROM pair_reviews v WHERE v.verdict = '{verdict}' "
            f"AND v.nik_a = least({a}.nik, {b}.nik) AND v.nik_b = greatest({a}.nik, {b}.nik))")


def _cluster(con) -> int:
    """From `dedupe_edges(l, r)` (the pairs the matcher found), less the pairs officers judged two people,
    plus those they judged one person: groups of rows that are one person, each row but the group's first
    pointing at the first - or, when an officer judged those two apart, at its earliest direct partner.
    Returns the number of pairs kept. Plain DuckDB (no Splink), so the fallback rules need nothing more."""
    con.execute(f"""
        CREATE OR REPLACE TABLE dedupe_pairs AS
        SELECT least(e.l, e.r) AS l, greatest(e.l, e.r) AS r FROM dedupe_edges e
        JOIN dedupe_candidates a ON a.unique_id = e.l JOIN dedupe_candidates b ON b.unique_id = e.r
        WHERE NOT {_reviewed('berbeda')}
        UNION
        SELECT least(a.unique_id, b.unique_id), greatest(a.unique_id, b.unique_id)
        FROM pair_reviews v JOIN dedupe_candidates a ON a.nik = v.nik_a JOIN dedupe_candidates b ON b.nik = v.nik_b
        WHERE v.verdict = 'sama'
    """)
    pairs = con.execute("SELECT count(*) FROM dedupe_pairs").fetchall()[0][0]
    if not pairs:
        return 0
    con.execute("CREATE OR REPLACE TABLE dedupe_links AS SELECT l AS id, r AS other FROM dedupe_pairs "
                "UNION ALL SELECT r, l FROM dedupe_pairs")
    # Connected components by label propagation: every row takes the smallest label among its partners
    # until none changes; a group's label is then its first row. The groups are a handful of rows.
    con.execute("CREATE OR REPLACE TABLE dedupe_groups AS SELECT DISTINCT id AS unique_id, id AS first FROM dedupe_links")
    while con.execute("""
        UPDATE dedupe_groups g SET first = m.first FROM (
          SELECT k.id, min(o.first) AS first FROM dedupe_links k JOIN dedupe_groups o ON o.unique_id = k.other
          GROUP BY k.id) m
        WHERE g.unique_id = m.id AND m.first < g.first
    """).fetchall()[0][0]:
        pass
    con.execute(f"""
        INSERT INTO probable_duplicates (_baris, dup_of)
        WITH partner AS (SELECT id, min(other) AS other FROM dedupe_links GROUP BY id)
        SELECT g.unique_id, CASE WHEN {_reviewed('berbeda')} THEN p.other ELSE g.first END
        FROM dedupe_groups g JOIN dedupe_candidates a ON a.unique_id = g.first
        JOIN dedupe_candidates b ON b.unique_id = g.unique_id JOIN partner p ON p.id = g.unique_id
        WHERE g.unique_id <> g.first
    """)
    return pairs


# --- Explaining -------------------------------------------------------------------------------

def _explain(con) -> None:
    """penjelasan: why the row looks like its earlier row, in words (no ';': it goes into alasan_teks)."""
    same = """list_filter([
        CASE WHEN a.nama_asli = b.nama_asli THEN 'nama' END,
        CASE WHEN a.tanggal_lahir = b.tanggal_lahir THEN 'tanggal lahir' END,
        CASE WHEN a.no_kk = b.no_kk THEN 'nomor KK' END,
        CASE WHEN a.telepon = b.telepon THEN 'telepon' END,
        CASE WHEN a.alamat = b.alamat THEN 'alamat' END,
        CASE WHEN a.kode_wilayah = b.kode_wilayah THEN 'kelurahan' END], lambda x: x IS NOT NULL)"""
    name = f"""CASE
        WHEN a.nama_kanon IS NULL OR b.nama_kanon IS NULL THEN 'nama kosong'
        WHEN a.nama_asli = b.nama_asli THEN NULL
        WHEN a.nama_kanon = b.nama_kanon THEN 'nama sama dengan ejaan berbeda'
        WHEN a.nama_urut = b.nama_urut THEN 'nama sama dengan urutan tertukar'
        WHEN jaro_winkler_similarity(a.nama_kanon, b.nama_kanon) >= 0.88 THEN 'nama mirip'
        WHEN {NAME_PART.replace('nama_kanon_l', 'a.nama_kanon').replace('nama_kanon_r', 'b.nama_kanon')}
          THEN 'sebagian nama sama'
        ELSE 'nama berbeda' END"""
    born = """CASE
        WHEN a.tanggal_lahir IS NULL OR b.tanggal_lahir IS NULL THEN 'tanggal lahir kosong'
        WHEN a.tanggal_lahir = b.tanggal_lahir THEN NULL
        WHEN a.tanggal_lahir = b.lahir_tertukar THEN 'tanggal dan bulan lahir tertukar'
        WHEN hamming(a.tanggal_lahir, b.tanggal_lahir) = 1 THEN 'tanggal lahir beda satu angka'
        WHEN damerau_levenshtein(a.tanggal_lahir, b.tanggal_lahir) = 1 THEN 'dua angka tanggal lahir bertukar'
        WHEN damerau_levenshtein(a.tanggal_lahir, b.tanggal_lahir) = 2 THEN 'tanggal lahir beda dua angka'
        ELSE 'tanggal lahir berbeda' END"""
    nik = """CASE
        WHEN a.nik IS NULL OR b.nik IS NULL THEN 'NIK kosong'
        WHEN length(a.nik) = length(b.nik) AND hamming(a.nik, b.nik) = 1 THEN 'NIK beda satu angka'
        WHEN length(a.nik) = length(b.nik) AND damerau_levenshtein(a.nik, b.nik) = 1 THEN 'dua angka NIK bertukar'
        WHEN damerau_levenshtein(a.nik, b.nik) = 1 THEN 'NIK kurang atau lebih satu angka'
        WHEN damerau_levenshtein(a.nik, b.nik) = 2 THEN 'NIK beda dua angka'
        WHEN length(a.nik) = 16 AND length(b.nik) = 16 AND a.nik[1:6] = b.nik[1:6] AND a.nik[13:16] = b.nik[13:16]
          THEN 'NIK beda pada angka tanggal lahir'
        ELSE 'NIK berbeda' END"""
    one_address = re.sub(r"\b(alamat\w*)_([lr])\b", lambda m: f"{'a' if m[2] == 'l' else 'b'}.{m[1]}", ADDRESS_SAME)
    address = f"CASE WHEN a.alamat <> b.alamat AND ({one_address}) THEN 'alamat sama ditulis berbeda' END"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE dedupe_explained AS
        SELECT p._baris, {same} AS s, {name} AS n, {born} AS t, {nik} AS k, {address} AS al,
          CASE WHEN {_reviewed('sama')} THEN 'dinyatakan orang yang sama oleh petugas' END AS v
        FROM probable_duplicates p
        JOIN dedupe_candidates a ON a.unique_id = p.dup_of JOIN dedupe_candidates b ON b.unique_id = p._baris
    """)
    con.execute("""
        UPDATE probable_duplicates SET penjelasan = e.why FROM (
          SELECT _baris, concat_ws(', ', v,
            CASE WHEN len(s) = 1 THEN s[1] || ' sama'
                 WHEN len(s) > 1 THEN array_to_string(s[1:len(s) - 1], ', ') || ' dan ' || s[len(s)] || ' sama' END,
            al, n, t, k) AS why
          FROM dedupe_explained) e
        WHERE probable_duplicates._baris = e._baris
    """)
