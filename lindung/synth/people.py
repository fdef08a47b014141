"""Synthetic residents of Balikpapan, a whole batch (one Polars frame) at a time.

Shared by applicants and participants. Distributions are assumptions chosen to exercise every rule
of the Perwali, not statistics: most people qualify, and a realistic minority fails each criterion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from . import regions
from .identity import SLOT_BITS, IdentityBatches, issuing_districts
from .names import BIRTHPLACES, CITY_STYLE_WEIGHTS, STYLE_ORDER, NameColumns
from .random_source import Choice, Draws, GroupedLists, WeightedTable, stream

# code: (weight among men, weight among women, median monthly income in rupiah). About 8% of people
# work in occupations no pekerja-rentan rule covers (UNCOVERED_OCCUPATIONS). With INCOME_SPREAD the
# medians put ~12% of applicants at or above the 2026 UMK (Rp3,856,694.43).
OCCUPATIONS = {
    "buruh_harian": (17, 10, 2_300_000),
    "pekerja_serabutan": (11, 11, 1_850_000),
    "pedagang_kaki_lima": (8, 14, 2_500_000),
    "tukang_ojek": (13, 1, 2_700_000),
    "pelaku_usaha_mikro": (6, 12, 2_800_000),
    "nelayan": (9, 1, 2_500_000),
    "tukang_mandiri": (10, 0.3, 2_900_000),
    "pedagang_keliling": (5, 7, 2_150_000),
    "asisten_rumah_tangga_mandiri": (0.5, 14, 1_750_000),
    "petani": (4, 3, 2_150_000),
    "sopir_angkutan_umum": (5, 0.1, 2_900_000),
    "pemulung": (2, 2, 1_300_000),
    "juru_parkir": (3, 0.3, 2_250_000),
    "petugas_rumah_ibadah": (2, 1, 1_600_000),
    "relawan_sosial": (0.7, 1.5, 1_500_000),
    "relawan_kebencanaan": (0.7, 0.3, 1_700_000),
    "karyawan_swasta": (4.5, 4.5, 4_800_000),
    "pengusaha": (1.3, 1.0, 7_000_000),
    "pns": (0.8, 0.8, 5_500_000),
    "tni_polri": (0.7, 0.1, 6_000_000),
    "tidak_bekerja": (0.5, 1.5, 700_000),
}
UNCOVERED_OCCUPATIONS = frozenset({"karyawan_swasta", "pengusaha", "pns", "tni_polri", "tidak_bekerja"})
INCOME_SPREAD = 0.30  # sigma of the log-normal around each occupation's median
EXACTLY_MINIMUM_WAGE_SHARE = 0.004  # people who state exactly the UMK: the boundary "below" is strict about
DISABILITY_SHARE = 0.03
UPPERCASE_NAME_SHARE = 0.10  # names typed in capitals, as printed on the e-KTP
BORN_IN_CITY_SHARE = 0.55  # of people whose NIK was issued in Balikpapan
BORN_IN_NIK_REGENCY_SHARE = 0.85  # of migrants: born where their NIK was issued
SAME_KECAMATAN_SHARE = 0.6  # of Balikpapan NIK holders: still live in the kecamatan that issued it
APPLICANT_FAMILY_SERIALS = 4999  # applicants' KK serials are 0001-4999 (other families' start at 5000)

# fmt: off
STREETS = (
    # Streets of Balikpapan
    "Jenderal Sudirman", "MT Haryono", "Soekarno-Hatta", "Mulawarman", "Ahmad Yani", "Marsma R. Iswahyudi",
    "Pangeran Antasari", "Letjen Suprapto", "Syarifuddin Yoes", "Gunung Malang", "Pupuk Raya", "Indrakila",
    "Ruhui Rahayu", "Mayjen Sutoyo", "Gatot Subroto", "Letjen S. Parman", "Telaga Sari", "Pattimura",
    "Cipto Mangunkusumo", "Pelita", "Mekar Sari", "Batu Ampar", "Sepinggan Raya", "Manggar", "Lamaru",
    "Teritip", "Kariangau", "Prapatan", "Klandasan", "Karang Jati", "Gunung Sari", "Damai", "Beller",
    # Street names every Indonesian town has
    "Melati", "Mawar", "Anggrek", "Kenanga", "Flamboyan", "Cendana", "Merdeka", "Sejahtera", "Karya Bakti",
    "Gotong Royong", "Swadaya", "Masjid", "Pesantren", "Kebun Sayur", "Pasar Baru", "Pelabuhan",
    "Nelayan", "Perintis", "Harapan Baru", "Sumber Rejo", "Padat Karya", "Tanjung", "Kampung Baru",
)
HOUSING_ESTATES = ("Perum Griya Permata", "Perum Batu Ampar Lestari", "Perum Wika", "Perum Korpri", "BDS II",
                   "Perum Graha Indah", "Perum Pondok Karya Lestari", "Perum Balikpapan Baru")
# Mobile prefixes after "08" (Telkomsel, Indosat, XL, Axis, Tri, Smartfren).
PHONE_PREFIXES = ("11", "12", "13", "21", "22", "23", "51", "52", "53", "14", "15", "16", "55", "56", "57",
                  "58", "17", "18", "19", "59", "77", "78", "31", "32", "38", "95", "96", "97", "98", "99",
                  "81", "82", "83", "85", "87", "88")
# fmt: on

# fmt: off
COLUMNS = (
    "nik", "no_kk", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "alamat", "kode_wilayah",
    "telepon", "pekerjaan", "penghasilan_bulanan", "domisili_sejak", "disabilitas", "tanggal_daftar",
)
# fmt: on


@dataclass(frozen=True)
class Cohort:
    """Who a batch of people is: when they registered and who among them comes forward at all."""

    first_day: date  # registration window
    last_day: date
    age_weights: Sequence[float]  # relative chance that a person of each age (index) registers
    female_weight: float = 0.85  # relative chance for women (informal workers are more often men)
    outside_share: float = 0.03  # e-KTP address outside the city
    covered_only: bool = False  # only occupations the programme covers
    minimum_wage: Decimal = Decimal(0)  # the UMK some people state as their exact income


def _occupation_table(sex_column: int, covered_only: bool) -> WeightedTable:
    codes = [c for c in OCCUPATIONS if not (covered_only and c in UNCOVERED_OCCUPATIONS)]
    return WeightedTable(codes, [OCCUPATIONS[c][sex_column] for c in codes])


class PeopleBatches:
    """Draws batches of synthetic residents of one population from one random stream."""

    def __init__(self, seed: int, population: str, year: int, *labels: str):
        self.draws = Draws(stream(seed, population, *labels, "people"))
        self.identities = IdentityBatches(seed, population, year, *labels)
        districts, _ = issuing_districts()
        origins = regions.origin_of_regency()
        style_index = {style: i for i, style in enumerate(STYLE_ORDER)}

        def origin(district: str):
            return origins.get(district[:5])

        # Per issuing kecamatan: its naming tradition (-1: the city's mix) and its towns of birth.
        self.district_style = pl.Series(
            [style_index.get(origin(d).style, -1) if origin(d) else -1 for d in districts], dtype=pl.Int64
        )
        self.origin_birthplaces = GroupedLists(
            [origin(d).birthplaces if origin(d) else () for d in districts]
        )
        self.city_style = WeightedTable(
            [style_index[s] for s in CITY_STYLE_WEIGHTS], list(CITY_STYLE_WEIGHTS.values())
        )
        self.style_birthplaces = GroupedLists([BIRTHPLACES[s] for s in STYLE_ORDER])
        self.names = NameColumns()
        city_districts = list(regions.CITY_DISTRICT_WEIGHTS)
        self.city_district = WeightedTable(
            list(range(len(city_districts))), list(regions.CITY_DISTRICT_WEIGHTS.values())
        )
        self.city_district_of = pl.Series(
            [city_districts.index(d) if d in city_districts else -1 for d in districts], dtype=pl.Int64
        )
        self.city_villages = GroupedLists([regions.city_villages()[d] for d in city_districts])
        self.outside_village = WeightedTable(*regions.outside_villages())
        self.streets, self.estates, self.phone_prefixes = (
            Choice(STREETS),
            Choice(HOUSING_ESTATES),
            Choice(PHONE_PREFIXES),
        )
        self.medians = {code: spec[2] for code, spec in OCCUPATIONS.items()}

    def draw(self, n: int, cohort: Cohort) -> pl.DataFrame:
        """`n` people, typed: dates are Date, disabilitas Boolean, penghasilan_bulanan text (rupiah)."""
        people = self._identities(n, cohort)
        people = people.with_columns(self._names_and_birthplaces(people))
        people = people.with_columns(kode_wilayah=self._residence(people, cohort.outside_share))
        people = people.with_columns(domisili_sejak=self._domicile_since(people))
        people = people.with_columns(
            no_kk=self._family_card(people),
            alamat=self._address(n),
            telepon=self._phone(n),
            pekerjaan=self._occupation(people["sex"], cohort.covered_only),
        )
        people = people.with_columns(
            penghasilan_bulanan=self._income(people["pekerjaan"], cohort.minimum_wage),
            disabilitas=self.draws.chance(n, DISABILITY_SHARE),
        )
        return people.rename(
            {"birth_date": "tanggal_lahir", "sex": "jenis_kelamin", "registered": "tanggal_daftar"}
        )

    def _identities(self, n: int, cohort: Cohort) -> pl.DataFrame:
        """Identities paired with a registration date, kept with the cohort's chance for their age and
        sex. Refused candidates are used up, never reissued: that keeps every NIK unique."""
        first, last = _day_number(cohort.first_day), _day_number(cohort.last_day)
        age_weights = pl.Series(list(cohort.age_weights), dtype=pl.Float64)
        accepted: list[pl.DataFrame] = []
        found = 0
        while found < n:
            candidates = max(n - found, 64) * 5 // 2  # about 40% of candidates are kept
            batch = self.identities.frame(self.draws.below(candidates, 1 << SLOT_BITS))
            registered = first + self.draws.below(candidates, last - first + 1)
            batch = batch.with_columns(registered=registered.cast(pl.Int32).cast(pl.Date))
            age = _completed_years(batch["birth_date"], batch["registered"])
            weight = age_weights.gather(age.clip(0, len(age_weights) - 1))
            weight = pl.select(
                pl.when(age < 0)  # born after registering
                .then(0.0)
                .when(batch["sex"] == "P")
                .then(weight * cohort.female_weight)
                .otherwise(weight)
            ).to_series()
            kept = batch.filter(self.draws.chance(candidates, weight))
            accepted.append(kept)
            found += kept.height
        return pl.concat(accepted).head(n)

    def _names_and_birthplaces(self, people: pl.DataFrame) -> list[pl.Series]:
        n = people.height
        district = people["district_index"]
        origin_style = self.district_style.gather(district)
        style = pl.select(
            pl.when(origin_style >= 0).then(origin_style).otherwise(self.city_style.draw(self.draws.ints(n)))
        ).to_series()
        nama = self.names.names(style, people["sex"] == "P", self.draws)
        nama = pl.select(
            pl.when(self.draws.chance(n, UPPERCASE_NAME_SHARE)).then(nama.str.to_uppercase()).otherwise(nama)
        ).to_series()
        in_city = self.city_district_of.gather(district) >= 0
        # Natives were mostly born in the city; migrants mostly in a town of the regency of their NIK.
        birthplace = pl.select(
            pl.when(in_city & self.draws.chance(n, BORN_IN_CITY_SHARE))
            .then(pl.lit(regions.CITY_NAME))
            .when(~in_city & self.draws.chance(n, BORN_IN_NIK_REGENCY_SHARE))
            .then(self.origin_birthplaces.pick(district, self.draws.ints(n)))
            .otherwise(self.style_birthplaces.pick(style, self.draws.ints(n)))
        ).to_series()
        born_here = in_city & (birthplace == regions.CITY_NAME)
        return [nama.alias("nama"), birthplace.alias("tempat_lahir"), born_here.alias("born_here")]

    def _residence(self, people: pl.DataFrame, outside_share: float) -> pl.Series:
        """The kelurahan of the e-KTP address: mostly in the city, often in the kecamatan of the NIK."""
        n = people.height
        nik_district = self.city_district_of.gather(people["district_index"])
        district = pl.select(
            pl.when((nik_district >= 0) & self.draws.chance(n, SAME_KECAMATAN_SHARE))
            .then(nik_district)
            .otherwise(self.city_district.draw(self.draws.ints(n)))
        ).to_series()
        return pl.select(
            pl.when(self.draws.chance(n, outside_share))
            .then(self.outside_village.draw(self.draws.ints(n)))
            .otherwise(self.city_villages.pick(district, self.draws.ints(n)))
        ).to_series()

    def _domicile_since(self, people: pl.DataFrame) -> pl.Series:
        """Most have lived in the city for years (natives since birth); ~4% under six months before
        registering, a few exactly six months (the boundary of Pasal 5 ayat (1) huruf e)."""
        n = people.height
        registered, born = people["registered"], people["birth_date"]
        six_months = _day_number_series(registered.dt.offset_by("-6mo"))
        recent = six_months + 1 + self.draws.below(n, _day_number_series(registered) - six_months)
        earliest = pl.select(
            pl.max_horizontal(
                _day_number_series(born.dt.offset_by("15y")),
                _day_number_series(registered.dt.offset_by("-35y")),
            )
        ).to_series()
        latest = six_months - 30
        arrival = self.draws.between(earliest, pl.select(pl.max_horizontal(latest, earliest)).to_series())
        shape = self.draws.unit(n)
        return pl.select(
            pl.when(shape < 0.04)
            .then(recent)
            .when(shape < 0.045)
            .then(six_months)
            .when(people["born_here"] | (earliest >= latest))
            .then(_day_number_series(born))
            .otherwise(arrival)
            .cast(pl.Int32)
            .cast(pl.Date)
        ).to_series()

    def _family_card(self, people: pl.DataFrame) -> pl.Series:
        """A KK number: kecamatan of the family's address + issue date (DDMMYY) + serial. KKs are
        reissued on every move or family change, so the card is issued after the move."""
        n = people.height
        registered = _day_number_series(people["registered"])
        earliest = pl.select(
            pl.max_horizontal(
                _day_number_series(people["domisili_sejak"]),
                registered - 15 * 365,
            )
        ).to_series()
        latest = registered - 7
        issued = self.draws.between(pl.select(pl.min_horizontal(earliest, latest)).to_series(), latest)
        district = (
            people["kode_wilayah"].str.slice(0, 8).str.replace_all(".", "", literal=True).cast(pl.Int64)
        )
        return family_card_number(district, issued, 1 + self.draws.below(n, APPLICANT_FAMILY_SERIALS))

    def _address(self, n: int) -> pl.Series:
        d = self.draws
        parts = pl.DataFrame(
            {
                "street": self.streets.draw(d.ints(n)),
                "second_street": self.streets.draw(d.ints(n)),
                "estate": self.estates.draw(d.ints(n)),
                "house": 1 + d.below(n, 150),
                "alley_house": 1 + d.below(n, 60),
                "block": pl.Series(list("ABCDEFGH")).gather(d.below(n, 8))
                + (1 + d.below(n, 30)).cast(pl.String),
                "rt": (1 + d.below(n, 80)).cast(pl.String).str.zfill(3),
                "shape": d.unit(n),
            }
        )
        return parts.select(
            pl.when(pl.col("shape") < 0.55)
            .then(pl.format("Jl. {} No. {} RT {}", "street", "house", "rt"))
            .when(pl.col("shape") < 0.80)
            .then(pl.format("Jl. {} Gg. {} No. {} RT {}", "street", "second_street", "alley_house", "rt"))
            .when(pl.col("shape") < 0.90)
            .then(pl.format("{} Blok {} No. {} RT {}", "estate", "block", "alley_house", "rt"))
            .otherwise(pl.format("Jl. {} RT {}", "street", "rt"))
        ).to_series()

    def _phone(self, n: int) -> pl.Series:
        d = self.draws
        length = pl.Series([7, 8, 8, 8, 9]).gather(d.below(n, 5)).cast(pl.Int64)
        number = d.below(n, 10**length)
        prefix = self.phone_prefixes.draw(d.ints(n))
        return (
            pl.DataFrame({"prefix": prefix, "number": number, "length": length})
            .select(
                pl.concat_str(
                    [
                        pl.lit("08"),
                        pl.col("prefix"),
                        pl.col("number").cast(pl.String).str.zfill(pl.col("length")),
                    ]
                )
            )
            .to_series()
        )

    def _occupation(self, sex: pl.Series, covered_only: bool) -> pl.Series:
        n = len(sex)
        men, women = _occupation_table(0, covered_only), _occupation_table(1, covered_only)
        uniform = self.draws.ints(n)
        return pl.select(
            pl.when(sex == "P").then(women.draw(uniform)).otherwise(men.draw(uniform))
        ).to_series()

    def _income(self, occupation: pl.Series, minimum_wage: Decimal) -> pl.Series:
        """Monthly income as people state it: round figures scattered around the occupation's median."""
        n = len(occupation)
        d = self.draws
        amount = (
            occupation.replace_strict(self.medians, return_dtype=pl.Float64)
            * (INCOME_SPREAD * d.gauss(n)).exp()
        )
        step = pl.select(
            pl.when(d.chance(n, 0.7)).then(50_000).when(d.chance(n, 0.6)).then(100_000).otherwise(1_000)
        ).to_series()
        rounded = pl.select(
            pl.max_horizontal(step, (amount / step).round(0).cast(pl.Int64) * step)
        ).to_series()
        return pl.select(
            pl.when(d.chance(n, EXACTLY_MINIMUM_WAGE_SHARE))
            .then(pl.lit(format(minimum_wage, "f")))
            .otherwise(rounded.cast(pl.String))
        ).to_series()


_EPOCH = date(1970, 1, 1)


def family_card_number(district: pl.Series, issued_day: pl.Series, serial: pl.Series) -> pl.Series:
    """KK numbers: kecamatan (6 digits) + issue date as DDMMYY + serial (4 digits), built as one
    16-digit integer (kecamatan codes start at 11) and turned into text once. `issued_day` counts
    days since 1970-01-01."""
    issued = issued_day.cast(pl.Int32).cast(pl.Date)
    ddmmyy = (
        issued.dt.day().cast(pl.Int64) * 10_000
        + issued.dt.month().cast(pl.Int64) * 100
        + issued.dt.year() % 100
    )
    return ((district * 1_000_000 + ddmmyy) * 10_000 + serial).cast(pl.String)


def _day_number(day: date) -> int:
    return (day - _EPOCH).days


def _day_number_series(dates: pl.Series) -> pl.Series:
    return dates.cast(pl.Int32).cast(pl.Int64)


def _completed_years(born: pl.Series, on: pl.Series) -> pl.Series:
    """Age in completed years (calendar.age_on, a column at a time): born 29 Feb turns older on 1 Mar."""
    before_birthday = (on.dt.month().cast(pl.Int64) * 100 + on.dt.day()) < (
        born.dt.month().cast(pl.Int64) * 100 + born.dt.day()
    )
    return on.dt.year().cast(pl.Int64) - born.dt.year().cast(pl.Int64) - before_birthday.cast(pl.Int64)
