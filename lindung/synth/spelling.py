"""Spelling variants of Indonesian names, the way clerks and forms really differ: old spellings (oe, dj,
tj), y/i, a doubled or dropped letter, swapped letters, an initial for a middle name, abbreviations
("Muhammad" -> "M."), capitals, stray spaces. The generator uses them to make probable duplicates."""

from __future__ import annotations

import random
import re

# --- Spelling variants ------------------------------------------------------------------------
# How one person's name comes out differently on two forms: abbreviations, old (pre-1972) spelling,
# a dropped or doubled letter, capitals copied from the e-KTP, a stray space.
_ABBREVIATIONS = {
    "Muhammad": ("Muhamad", "Mohammad", "Mohamad", "Moh.", "M.", "Muhammat"),
    "Ahmad": ("Achmad", "Akhmad", "Ahmat"),
    "Abdul": ("Abd.", "Abdoel"),
    "Siti": ("St.", "Sitti"),
    "Sitti": ("Siti",),
    "Nur": ("Noor", "Nor"),
    "Noor": ("Nur",),
    "Andi": ("A.",),
    "Yohanes": ("Johanes", "Yohannes"),
    "Yohanis": ("Johanis",),
}
_OLD_SPELLINGS = (("u", "oe"), ("j", "dj"), ("y", "j"), ("c", "tj"), ("kh", "ch"), ("sy", "sj"))
_VOWELS = set("aiueoAIUEO")


def _replace_word(name: str, rng: random.Random) -> str | None:
    words = name.split(" ")
    known = [i for i, word in enumerate(words) if word in _ABBREVIATIONS]
    if not known:
        return None
    i = rng.choice(known)
    words[i] = rng.choice(_ABBREVIATIONS[words[i]])
    return " ".join(words)


def _old_spelling(name: str, rng: random.Random) -> str | None:
    candidates = [(new, old) for new, old in _OLD_SPELLINGS if new in name.lower()]
    candidates += [(old, new) for new, old in _OLD_SPELLINGS if old in name.lower()]
    if not candidates:
        return None
    source, target = rng.choice(candidates)
    positions = [m.start() for m in re.finditer(source, name.lower())]
    at = rng.choice(positions)
    replacement = target.capitalize() if name[at].isupper() else target
    return name[:at] + replacement + name[at + len(source) :]


def _y_i(name: str, rng: random.Random) -> str | None:
    positions = [i for i, ch in enumerate(name) if ch in "yi" and i > 0 and name[i - 1] != " "]
    if not positions:
        return None
    at = rng.choice(positions)
    return name[:at] + ("i" if name[at] == "y" else "y") + name[at + 1 :]


def _letter_positions(name: str) -> list[int]:
    # Inside a word, never its first letter: that one is rarely mistyped.
    return [i for i, ch in enumerate(name) if ch.isalpha() and i > 0 and name[i - 1] != " "]


def _drop_letter(name: str, rng: random.Random) -> str | None:
    positions = _letter_positions(name)
    if not positions:
        return None
    at = rng.choice(positions)
    return name[:at] + name[at + 1 :]


def _double_letter(name: str, rng: random.Random) -> str | None:
    positions = [i for i in _letter_positions(name) if name[i] not in _VOWELS or rng.random() < 0.3]
    if not positions:
        return None
    at = rng.choice(positions)
    return name[:at] + name[at] + name[at:]


def _swap_letters(name: str, rng: random.Random) -> str | None:
    positions = [i for i in _letter_positions(name) if i + 1 < len(name) and name[i + 1].isalpha()]
    if not positions:
        return None
    at = rng.choice(positions)
    return name[:at] + name[at + 1] + name[at] + name[at + 2 :]


def _initial_middle(name: str, rng: random.Random) -> str | None:
    words = name.split(" ")
    if len(words) < 3:
        return None
    i = rng.randrange(1, len(words) - 1)
    words[i] = words[i][0] + "."
    return " ".join(words)


def _drop_second(name: str, rng: random.Random) -> str | None:
    words = name.split(" ")
    return " ".join(words[:-1]) if len(words) >= 3 else None


def _upper(name: str, rng: random.Random) -> str | None:
    return name.upper()


def _stray_space(name: str, rng: random.Random) -> str | None:
    return name + " " if rng.random() < 0.5 else name.replace(" ", "  ", 1)


# (variant, weight): spelling differences first, layout differences last.
_VARIANTS = (
    (_replace_word, 4),
    (_old_spelling, 2),
    (_y_i, 2),
    (_drop_letter, 3),
    (_double_letter, 2),
    (_swap_letters, 2),
    (_initial_middle, 1),
    (_drop_second, 1),
    (_upper, 1),
    (_stray_space, 1),
)
_VARIANT_FUNCTIONS = tuple(v for v, _ in _VARIANTS)
_VARIANT_WEIGHTS = tuple(w for _, w in _VARIANTS)


def spelling_variant(name: str, rng: random.Random) -> str:
    """The same name as another clerk might have typed it (always a different string)."""
    for _ in range(10):
        variant = rng.choices(_VARIANT_FUNCTIONS, _VARIANT_WEIGHTS)[0](name, rng)
        if variant and variant != name:
            return variant
    return name + " "
