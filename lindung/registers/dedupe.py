"""KEMUNGKINAN_GANDA: the same person applying under another NIK (a one-digit typo, often with the name
spelt differently, sometimes with day and month of birth swapped), found with Splink on DuckDB.

Exact matching comes first: rows repeating a NIK are NIK_GANDA in the SQL screening. Splink then sees
one row per distinct NIK and scores pairs of *different* NIKs on name, birth date, sex, family card,
kelurahan and telephone, plus how far apart the two NIKs are. A model is trained on the batch itself
(u by random sampling, m by expectation maximisation on blocked pairs: no labels, no download), pairs
above the threshold are clustered, and every member of a cluster but the first row is flagged with the
first row's number. The flag means "a person should look": PERLU_VERIFIKASI, never a rejection.

Runs in the screening's DuckDB connection (reading the `applicants` relation, writing
`probable_duplicates(_baris, dup_of)`), so nothing is copied out of DuckDB.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass

from lindung.domain.progress import Progress, silent
from lindung.domain.rules import fields
from lindung.domain.rules.sql import clean, normalize_nik, q

# Pairs at or above this Splink match probability are the same person. Chosen on generated data
# (bench/README.md gives precision and recall); the rows it flags are verified by people anyway.
DEFAULT_THRESHOLD = 0.95
MIN_ROWS = 2  # fewer distinct NIKs than this: nothing to compare
# Below this many distinct NIKs, a Splink model has too few pairs to learn from (EM fails or diverges on a
# few hundred rows): explicit rules over the same signals decide instead (see _rule_pairs).
MODEL_MIN_ROWS = 10_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DedupeSummary:
    candidates: int  # distinct NIKs compared
    pairs: int  # pairs at or above the threshold
    rows_flagged: int
    threshold: float
    seconds: float

    def as_dict(self) -> dict:
        return asdict(self)


def _candidates_sql() -> str:
    """One row per distinct 16-digit NIK (its first row), with the columns the model compares."""
    name = clean("nama")
    born = clean("tanggal_lahir")
    return f"""
CREATE OR REPLACE TABLE dedupe_candidates AS
WITH keyed AS (
  SELECT _baris, {normalize_nik(clean('nik'))} AS nik,
    nullif(trim(regexp_replace(lower({name}), '[^a-z]+', ' ', 'g')), '') AS nama,
    CASE WHEN regexp_full_match({born}, {q(fields.DATE_PATTERN)}) THEN try_cast({born}[1:10] AS DATE) END AS lahir,
    upper({clean('jenis_kelamin')}) AS jenis_kelamin,
    {clean('no_kk')} AS no_kk,
    replace({clean('kode_wilayah')}, '.', '') AS kode_wilayah,
    regexp_replace({clean('telepon')}, '[^0-9]', '', 'g') AS telepon
  FROM applicants
)
SELECT _baris AS unique_id, nik, nama, CAST(lahir AS VARCHAR) AS tanggal_lahir,
  -- the same date with day and month swapped, where that is a date: clerks swap them
  CAST(try_cast(year(lahir) || '-' || day(lahir) || '-' || month(lahir) AS DATE) AS VARCHAR) AS lahir_tertukar,
  CAST(year(lahir) AS VARCHAR) AS tahun_lahir,
  jenis_kelamin, no_kk, kode_wilayah, nullif(telepon, '') AS telepon,
  nik[7:16] AS nik_tanggal_urut, nik[1:12] AS nik_wilayah_tanggal
FROM keyed
WHERE regexp_full_match(nik, '[0-9]{{16}}') AND nama IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY nik ORDER BY _baris) = 1
"""


def _settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    # Two people born on the same day in the same kecamatan get NIKs that differ only in the serial
    # (0001, 0002...): a close serial is weak evidence, a one-digit slip in the region or date part is not.
    nik = cl.CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            cll.CustomLevel("hamming(nik_l[1:12], nik_r[1:12]) = 1 AND nik_l[13:16] = nik_r[13:16]",
                            label_for_charts="Satu digit wilayah/tanggal NIK berbeda"),
            cll.CustomLevel("damerau_levenshtein(nik_l[1:12], nik_r[1:12]) = 1 AND nik_l[13:16] = nik_r[13:16]",
                            label_for_charts="Dua digit wilayah/tanggal NIK tertukar"),
            cll.CustomLevel("nik_l[1:12] = nik_r[1:12] AND hamming(nik_l[13:16], nik_r[13:16]) = 1",
                            label_for_charts="Satu digit nomor urut NIK berbeda"),
            cll.ElseLevel(),
        ],
    )
    born = cl.CustomComparison(
        output_column_name="tanggal_lahir",
        comparison_levels=[
            cll.NullLevel("tanggal_lahir"),
            cll.ExactMatchLevel("tanggal_lahir"),
            cll.CustomLevel("tanggal_lahir_l = lahir_tertukar_r", label_for_charts="Tanggal dan bulan tertukar"),
            cll.DamerauLevenshteinLevel("tanggal_lahir", 1),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            nik,
            cl.JaroWinklerAtThresholds("nama", [0.95, 0.88]),
            born,
            cl.ExactMatch("jenis_kelamin"),
            cl.ExactMatch("no_kk"),
            cl.ExactMatch("kode_wilayah"),
            cl.ExactMatch("telepon"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nama", "kode_wilayah"),
            block_on("tanggal_lahir", "kode_wilayah"),
            block_on("nik_tanggal_urut"),
            block_on("nik_wilayah_tanggal", "jenis_kelamin"),
            block_on("nama", "tahun_lahir"),
            block_on("no_kk", "tanggal_lahir"),
        ],
        additional_columns_to_retain=[],
        retain_matching_columns=False,
    )


def find_probable_duplicates(con, *, threshold: float = DEFAULT_THRESHOLD, progress: Progress = silent) -> DedupeSummary:
    """Fill `probable_duplicates(_baris, dup_of)` in `con` from its `applicants` relation."""
    started = time.perf_counter()
    progress(0, 5, "Mencari kemungkinan ganda: menyiapkan")
    con.execute(_candidates_sql())
    con.execute("CREATE OR REPLACE TABLE probable_duplicates (_baris BIGINT, dup_of BIGINT)")
    candidates = con.execute("SELECT count(*) FROM dedupe_candidates").fetchone()[0]
    if candidates < MIN_ROWS:
        return DedupeSummary(candidates, 0, 0, threshold, round(time.perf_counter() - started, 2))
    if candidates < MODEL_MIN_ROWS:
        pairs = _rule_pairs(con)
    else:
        try:
            pairs = _model_pairs(con, threshold, progress)
        except Exception:  # noqa: BLE001 - a model that cannot be trained on this batch must not lose the batch
            log.warning("Splink could not be trained on this batch; explicit rules decide instead", exc_info=True)
            con.execute("DELETE FROM probable_duplicates")
            pairs = _rule_pairs(con)
    flagged = con.execute("SELECT count(*) FROM probable_duplicates").fetchone()[0]
    progress(5, 5, "Mencari kemungkinan ganda: selesai")
    return DedupeSummary(candidates, pairs, flagged, threshold, round(time.perf_counter() - started, 2))


def _rule_pairs(con) -> int:
    """The same person under another NIK, by explicit rules: NIKs one digit apart with close names, or
    close names with the same sex born the same day (or with day and month swapped) in the same place.
    Candidate pairs come from equality joins (no cross product); the later row points at the first."""
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
        WHERE a.nik <> b.nik AND (
          (hamming(a.nik, b.nik) = 1 AND jaro_winkler_similarity(a.nama, b.nama) >= 0.88)
          OR (jaro_winkler_similarity(a.nama, b.nama) >= 0.93 AND a.jenis_kelamin = b.jenis_kelamin
              AND a.kode_wilayah = b.kode_wilayah
              AND (a.tanggal_lahir = b.tanggal_lahir OR a.lahir_tertukar = b.tanggal_lahir))
        )
    """)
    con.execute("INSERT INTO probable_duplicates SELECT r, min(l) FROM rule_pairs GROUP BY r")
    return con.execute("SELECT count(*) FROM rule_pairs").fetchone()[0]


def _model_pairs(con, threshold: float, progress: Progress) -> int:
    """Splink (DuckDB backend) trained on the batch itself; fills probable_duplicates, returns the pairs."""
    from splink import DuckDBAPI, Linker, block_on

    db_api = DuckDBAPI(connection=con.cursor())  # its own cursor on the same database: results never interleave
    linker = Linker(db_api.register("dedupe_candidates"), _settings(), log_level=logging.ERROR)
    progress(1, 5, "Mencari kemungkinan ganda: melatih model")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nama", "tanggal_lahir", "kode_wilayah")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    progress(2, 5, "Mencari kemungkinan ganda: melatih model")
    # EM on blocks where the true pairs are people registered twice: the same name in one kelurahan,
    # and the same birth date + serial. (Blocking on birth date + kelurahan would teach the model that
    # neighbours born on the same day, whose NIKs differ only in the serial, are one person.)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nama", "kode_wilayah"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik_tanggal_urut"))
    progress(3, 5, "Mencari kemungkinan ganda: membandingkan pasangan")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    pairs = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchone()[0]
    progress(4, 5, "Mencari kemungkinan ganda: mengelompokkan")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
    con.execute(f"""
        INSERT INTO probable_duplicates
        SELECT unique_id, min(unique_id) OVER (PARTITION BY cluster_id) AS first
        FROM {clusters.physical_name}
        QUALIFY unique_id <> first
    """)
    return pairs
