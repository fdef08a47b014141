"""Indonesian names for synthetic people, and the spelling variants real forms are full of.

Lists are grouped by naming tradition ("style") because Balikpapan is a city of migrants: Javanese,
Bugis, Banjar, Kutai, Dayak, Batak, Sundanese and Christian families from eastern Indonesia live side
by side. The lists are hand-written (no Faker); a name is assembled from them, so even modest lists
give hundreds of thousands of distinct names. Names are assembled a column at a time (NameColumns);
spelling variants, needed for a few rows only, one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from .random_source import Draws, GroupedLists


@dataclass(frozen=True)
class NameStyle:
    male: tuple[str, ...]
    female: tuple[str, ...]
    second: tuple[str, ...]  # second or family names (a Batak marga, a Minahasa fam, a Javanese second name)
    female_second: tuple[str, ...] = ()  # second names only women carry (else `second` is used)
    second_share: float = 0.6  # how often a second name follows the given name
    muslim: bool = True  # may start with Muhammad / Ahmad / Siti / Nur
    male_titles: tuple[str, ...] = ()  # hereditary titles carried as part of the name (Andi, Aji)
    female_titles: tuple[str, ...] = ()


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


STYLES: dict[str, NameStyle] = {
    "jawa": NameStyle(
        male=_split(
            "Agus Budi Bambang Joko Slamet Sugeng Supriyadi Wahyu Eko Dwi Heru Hadi Purnomo Sutrisno "
            "Suparman Wahyudi Teguh Setyo Bayu Adi Rudi Yusuf Sugiarto Suwarno Sumarno Wawan Hendro Darmanto "
            "Mulyono Sukirman Parjo Gunawan Haryanto Kusnadi Suyitno Triyono Sukardi Legiman Paijo Suroso "
            "Nanang Bagus Rizky Fajar Ilham Arif Dedi Anton Nugroho Prasetyo Imam Sholeh Ridwan Taufik Tri "
            "Yanto"
        ),
        female=_split(
            "Sri Endang Dewi Wulan Rahayu Ningsih Sulastri Suryani Yuliani Puji Lestari Wahyuni Kartini "
            "Sumiati Ratna Indah Ayu Dian Sumarni Tumini Suminah Sarinah Painem Partini Sukarti Murni Yati "
            "Suparmi Tutik Ani Eni Sutini Rini Nanik Siswati Lilis Fitri Retno Anik Kasiyem Winarsih Mariyam "
            "Novi Putri Intan Anisa Rina Wiwik"
        ),
        second=_split(
            "Santoso Wibowo Susanto Prasetyo Nugroho Setiawan Kurniawan Hidayat Saputra Pratama Wijaya Utomo "
            "Purwanto Raharjo Sulistyo Hartono Suharto Sugiharto Widodo Wicaksono Firmansyah Hermawan Riyadi "
            "Subagyo Mulyadi Sutanto Supriyanto Hariyadi Budiman Priyanto"
        ),
        female_second=_split(
            "Lestari Rahayu Wulandari Handayani Astuti Wahyuningsih Pertiwi Puspitasari Susanti Kusumawati "
            "Anggraini Ningrum Setyowati Rahmawati Safitri Nurhayati Sulistyowati Purwaningsih Widyastuti "
            "Yuliana Kurniasih Hartati Maryani Suprihatin"
        ),
        second_share=0.55,
    ),
    "sunda": NameStyle(
        male=_split(
            "Asep Ujang Dede Cecep Dadang Iwan Yayan Ade Enjang Agus Dadan Ujang Engkos Otong Usep Wawan "
            "Jajang Deden Aceng Maman Nandang Ridwan Iman Rizal Hendra"
        ),
        female=_split(
            "Euis Neneng Iis Enok Yanti Cucu Imas Elis Eneng Nining Tati Lilis Nenden Rina Yuyun Dedeh Siti "
            "Popon Ai Ela Nunung Teti"
        ),
        second=_split(
            "Sunarya Hidayat Suhendar Supriatna Kurnia Permana Gunawan Saepudin Sopian Ruhiyat Suryana "
            "Hermawan Setiadi Mulyana Nugraha Rukmana Sumpena Somantri Ramdani Firdaus"
        ),
        female_second=_split(
            "Kurniasih Rosita Nurlela Sumiati Komalasari Rahmawati Handayani Maryati Sukaesih"
        ),
        second_share=0.75,
    ),
    "bugis": NameStyle(
        male=_split(
            "Syamsul Syahrir Amiruddin Jufri Basri Hasanuddin Arifin Rusli Nasrullah Baharuddin Sudirman "
            "Jamaluddin Zainal Irwan Ismail Ramli Rahman Safaruddin Asdar Kamaruddin Abdullah Herman "
            "Syarifuddin Hamzah Mustafa Sulaiman Anwar Darwis Akbar Fadli Ilham Rusdi Taufik Yusran Hasbi "
            "Mursalim Nurdin Salman Alimuddin Baso Sahabuddin Haeruddin Risal Ardi Asrul"
        ),
        female=_split(
            "Nurhayati Hasnah Rosmini Hasriani Nurdiana Sitti Hamsiah Rahmawati Fitriani Mardiana Husnawati "
            "Nurjannah Megawati Haslinda Nurmiati Hasmawati Jumriani Hartina Suriani Asmawati Nurhaeda "
            "Rosdiana Syamsiah Marlina Hasnawati Ratnasari Satriani Nurlina Mulyani Sumarni Halijah "
            "Darmawati"
        ),
        second=_split(
            "Amir Ramli Saleh Ali Latif Hamzah Tahir Rahman Salam Mappaseng Daeng Baso Mattola Sanusi Husain "
            "Mahmud Kadir Jafar Ibrahim Rauf Syukur Pawelloi Makkawaru Lamappa Sultan Hasan"
        ),
        second_share=0.55,
        male_titles=("Andi",),
        female_titles=("Andi",),
    ),
    "banjar": NameStyle(
        male=_split(
            "Rahmadi Fahrurrazi Syahrani Jumberi Zainal Riduan Mahyuni Rusdiansyah Norhadi Supiani Rahmat "
            "Hairil Ahmadi Fahmi Gazali Hamdani Syaifullah Muhyar Jainuddin Mawardi Abdurrahman Syarwani "
            "Arsyad Irfansyah Hairani Zakaria Masrani Jailani Hasbullah Khairullah Rizali Murjani"
        ),
        female=_split(
            "Masitah Rusmiati Jumiati Rabiatul Norhayati Mahmudah Hairiah Rahmah Fatimah Mariana Zubaidah "
            "Norlaila Aminah Salamah Mahliani Jamilah Halimah Noorjannah Rusmilawati Nurul Fauziah Hamidah "
            "Saidah Mardiah Siti"
        ),
        second=_split(
            "Noor Syahrani Rahman Hamdi Ansyari Hidayatullah Rahmadani Irawan Fauzi Rasyid Gazali Arsyad "
            "Hakim Wahyudi Basuni Effendi Saputra Maulana"
        ),
        female_second=_split("Norhasanah Hayati Rahmaniah Fitriani Khadijah Mahrita Hidayah Rahmawati"),
        second_share=0.5,
        male_titles=("Gusti",),
        female_titles=("Gusti",),
    ),
    "kutai": NameStyle(
        male=_split(
            "Ridwan Syahrul Fadli Rizal Hendra Firman Zulkifli Iskandar Azhar Khairul Syahrudin Hamdan "
            "Ruslan Idrus Masdar Salehuddin Jumadi Basrun Sofyan Amran Hasyim Helmi Nasrun"
        ),
        female=_split(
            "Fitriani Aisyah Zahra Nadia Khairunnisa Syarifah Nurul Salmah Rosnani Hayati Jumiah Asmah "
            "Rohani Sariah Maimunah Masniah Rusnah Darmiah Nursiah"
        ),
        second=_split(
            "Syahputra Effendi Syahrani Idris Hamdani Sulaiman Anshari Rasyid Kadir Bakri Ismail Yusuf Usman"
        ),
        second_share=0.5,
        male_titles=("Aji", "Awang"),
        female_titles=("Aji", "Dayang"),
    ),
    "dayak": NameStyle(
        male=_split(
            "Yohanes Petrus Stefanus Yosef Markus Lukas Paulus Antonius Agustinus Sebastianus Fransiskus "
            "Ignatius Andreas Simon Benediktus Ajang Ding Bilung Lawai Ngang Jalung Lahang Usat Ngau Ubang"
        ),
        female=_split(
            "Maria Yuliana Theresia Agnes Veronika Fransiska Margaretha Lusia Elisabeth Katarina Monika Ping "
            "Uyang Ingan Bua Lenjau Ireng Yeq Ubung"
        ),
        second=_split(
            "Lawing Ding Jalung Lahang Anye Ajang Ngau Bilung Lencau Lejau Usat Ubang Belareq Ibau Luhat "
            "Hanyeq Lenjau Ipui Apui Juk"
        ),
        second_share=0.8,
        muslim=False,
    ),
    "batak": NameStyle(
        male=_split(
            "Tongam Parlindungan Hotman Marihot Poltak Sahat Bonar Binsar Daniel Jhonson Robert Rudolf Jonni "
            "Hendrik Martin Benny Roy Ricardo Togar Parulian Horas Saut Torang Mangasi"
        ),
        female=_split(
            "Rosmawati Tiurma Dameria Lasma Nurmala Rotua Sondang Erna Lamria Rosdiana Melati Hotmaida Dewi "
            "Ruth Tetty Lenny Rumondang Masta Roslina Ida"
        ),
        second=_split(
            "Simanjuntak Siregar Nasution Lubis Harahap Hutagalung Sitompul Panjaitan Sihombing Situmorang "
            "Sinaga Simatupang Manurung Pardede Hutapea Tambunan Silalahi Napitupulu Pasaribu Sirait Sitorus "
            "Hutabarat Marpaung Siahaan Damanik Purba Ginting Tarigan"
        ),
        second_share=0.97,
        muslim=False,
    ),
    "timur": NameStyle(
        male=_split(
            "Yohanis Frans Daniel Samuel Yakob Oktavianus Rony Stevanus Jefri Marthen Yulius Alfons Hendrik "
            "Charles Ferdinand Arnold Novri Jacky Ronald Johny Viktor Yoel Melkias Obed"
        ),
        female=_split(
            "Yuliana Meyske Natalia Debora Grace Olivia Marlin Yohana Selfi Vivi Mery Priskila Agustina "
            "Martha Rut Welmince Yosina Ester Fransina Magdalena"
        ),
        second=_split(
            "Lumowa Sondakh Rumengan Wowor Pangemanan Tumbelaka Mandagi Rompas Palinggi Pasulu Tandirerung "
            "Rante Sampe Bulo Pakiding Ndolu Manafe Tefa Lodo Lewier Pattinama Tuhumury Latuheru Sahetapy"
        ),
        second_share=0.9,
        muslim=False,
    ),
}

# Naming traditions among residents whose NIK was issued in Balikpapan itself.
CITY_STYLE_WEIGHTS = {
    "jawa": 31,
    "bugis": 22,
    "banjar": 16,
    "kutai": 5,
    "dayak": 4,
    "batak": 4,
    "timur": 8,
    "sunda": 6,
}

_MUSLIM_MALE_FIRST = ("Muhammad", "Ahmad", "Abdul", "Muhammad", "Nur")
_MUSLIM_FEMALE_FIRST = ("Siti", "Nur", "Siti", "Nurul")

# Towns people of each tradition were born in, for residents born outside Balikpapan.
BIRTHPLACES = {
    "jawa": _split(
        "Surabaya Malang Kediri Jember Lamongan Banyuwangi Semarang Solo Yogyakarta Blitar Tulungagung "
        "Ponorogo Madiun Pati"
    ),
    "sunda": _split("Bandung Garut Tasikmalaya Cianjur Sukabumi Bogor Kuningan Ciamis"),
    "bugis": _split(
        "Makassar Watampone Sengkang Sidrap Soppeng Pinrang Parepare Bulukumba Sinjai Barru Palopo"
    ),
    "banjar": _split("Banjarmasin Martapura Kandangan Barabai Amuntai Kotabaru Tanjung Rantau"),
    "kutai": _split("Tenggarong Samarinda Muara Kaman Sanga-Sanga Anggana Loa Kulu"),
    "dayak": (
        "Long Bagun",
        "Long Iram",
        "Melak",
        "Sendawar",
        "Malinau",
        "Tanjung Selor",
        "Data Dian",
        "Long Pahangai",
    ),
    "batak": _split("Medan Pematangsiantar Tarutung Balige Sibolga Padangsidimpuan Kabanjahe"),
    "timur": _split("Manado Tomohon Makale Bitung Kupang Ambon Rantepao Ende Maumere"),
}


STYLE_ORDER = tuple(STYLES)
MIDDLE_NAME_SHARE = 0.3  # "Dewi Ayu Lestari", "Muhammad Rizky Pratama": a second given name


class NameColumns:
    """Assembles whole columns of names: [title] [Muhammad/Siti...] given [middle] [second]."""

    def __init__(self):
        groups = [(STYLES[style], female) for style in STYLE_ORDER for female in (False, True)]
        self.given = GroupedLists([s.female if female else s.male for s, female in groups])
        self.second = GroupedLists([s.second for s, _ in groups])
        self.female_second = GroupedLists([s.female_second if female else () for s, female in groups])
        self.titles = GroupedLists([s.female_titles if female else s.male_titles for s, female in groups])
        self.first = GroupedLists(
            [
                (_MUSLIM_FEMALE_FIRST if female else _MUSLIM_MALE_FIRST) if s.muslim else ()
                for s, female in groups
            ]
        )
        self.second_share = pl.Series([s.second_share for s, _ in groups])

    def names(self, style: pl.Series, female: pl.Series, draws: Draws) -> pl.Series:
        """One name per row, for a style index (into STYLE_ORDER) and sex."""
        n = len(style)
        group = style * 2 + female.cast(pl.Int64)
        parts = pl.DataFrame(
            {
                "title": self.titles.pick(group, draws.ints(n)),
                "has_title": draws.chance(n, 0.06),
                "first": self.first.pick(group, draws.ints(n)),
                "has_first": draws.chance(n, 0.22),
                "given": self.given.pick(group, draws.ints(n)),
                "middle": self.given.pick(group, draws.ints(n)),
                "has_middle": draws.chance(n, MIDDLE_NAME_SHARE),
                "second": self.second.pick(group, draws.ints(n)),
                "female_second": self.female_second.pick(group, draws.ints(n)),
                "prefer_female_second": draws.chance(n, 0.6),
                "has_second": draws.chance(n, self.second_share.gather(group)),
            }
        )
        second = (
            pl.when(pl.col("prefer_female_second") & pl.col("female_second").is_not_null())
            .then(pl.col("female_second"))
            .otherwise(pl.col("second"))
        )
        return parts.select(
            pl.concat_str(
                [
                    pl.when(pl.col("has_title")).then(pl.col("title")),
                    pl.when(pl.col("has_first")).then(pl.col("first")),
                    pl.col("given"),
                    pl.when(pl.col("has_middle") & (pl.col("middle") != pl.col("given"))).then(
                        pl.col("middle")
                    ),
                    # "Baso Baso": a word that is both a given and a second name is not repeated
                    pl.when(pl.col("has_second") & (second != pl.col("given"))).then(second),
                ],
                separator=" ",
                ignore_nulls=True,
            ).alias("nama")
        ).to_series()
