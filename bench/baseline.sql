-- A hand-written DuckDB query doing the joins and the Pasal 5 checks over the benchmark files, with no
-- reading tolerance, no messages and no rule set behind it: the floor `lindung screen` is measured against
-- (DESIGN.md §5 quotes about 4.3 s / 1.4 GiB for such a query on this machine).
-- Run: .venv/bin/python -c "import duckdb; duckdb.sql(open('bench/baseline.sql').read())"
COPY (
  WITH a AS (SELECT row_number() OVER () AS r, * FROM read_csv('bench-data/applicants.csv', all_varchar = true)),
  p AS (SELECT nik, min(TRY_CAST(desil AS INTEGER)) AS desil, bool_or(miskin_ekstrem = 'ya') AS ekstrem
        FROM read_csv('bench-data/poverty.csv', all_varchar = true) WHERE nik IN (SELECT nik FROM a) GROUP BY nik),
  b AS (SELECT nik, bool_or(status = 'AKTIF') AS aktif
        FROM read_csv('bench-data/bpjs.csv', all_varchar = true) WHERE nik IN (SELECT nik FROM a) GROUP BY nik),
  f AS (SELECT a.*, p.desil, p.ekstrem, coalesce(b.aktif, false) AS aktif,
          TRY_CAST(tanggal_lahir AS DATE) AS tl, TRY_CAST(tanggal_daftar AS DATE) AS td,
          TRY_CAST(domisili_sejak AS DATE) AS ds, TRY_CAST(penghasilan_bulanan AS DECIMAL(18,2)) AS inc,
          min(r) OVER (PARTITION BY a.nik) AS first_r
        FROM a LEFT JOIN p USING (nik) LEFT JOIN b USING (nik))
  SELECT nik, nama, tanggal_lahir, kode_wilayah, pekerjaan, penghasilan_bulanan, tanggal_daftar,
    concat_ws(';',
      CASE WHEN length(nik) <> 16 OR NOT regexp_full_match(nik, '[0-9]{16}') THEN 'NIK_TIDAK_VALID' END,
      CASE WHEN first_r < r THEN 'NIK_GANDA' END,
      CASE WHEN aktif THEN 'SUDAH_TERDAFTAR' END,
      CASE WHEN desil > 4 THEN 'BUKAN_MISKIN' END,
      CASE WHEN desil IS NULL THEN 'DATA_KEMISKINAN_TIDAK_ADA' END,
      CASE WHEN date_diff('year', tl, td) NOT BETWEEN 18 AND 63 THEN 'USIA_DI_LUAR_BATAS' END,
      CASE WHEN NOT starts_with(kode_wilayah, '64.71.') THEN 'BUKAN_PENDUDUK_DAERAH' END,
      CASE WHEN ds + INTERVAL 6 MONTH > td THEN 'DOMISILI_KURANG' END,
      CASE WHEN inc >= 3856694.43 THEN 'PENGHASILAN_TIDAK_DI_BAWAH_UMK' END,
      CASE WHEN pekerjaan NOT IN ('nelayan', 'petani', 'tukang_ojek', 'sopir_angkutan_umum', 'juru_parkir',
        'pedagang_kaki_lima', 'pedagang_keliling', 'pelaku_usaha_mikro', 'relawan_sosial', 'relawan_kebencanaan',
        'petugas_rumah_ibadah', 'buruh_harian', 'tukang_mandiri', 'asisten_rumah_tangga_mandiri',
        'pekerja_serabutan', 'pemulung') THEN 'PEKERJAAN_TIDAK_TERCAKUP' END) AS alasan
  FROM f ORDER BY r
) TO 'bench-data/baseline.csv' (HEADER);
