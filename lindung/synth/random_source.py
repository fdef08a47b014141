"""Deterministic randomness: named random streams, vectorised draws and keyed permutations.

Every generated file is a function of (seed, sizes, options) and nothing else. Each part of a file
draws from its own stream, named by labels, so that `lindung synth all` writes the same bytes as the
single commands run with the same seed.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Iterator, Sequence

import polars as pl
import pyarrow as pa

if sys.byteorder != "little":  # pragma: no cover - every platform Lindung ships on is little-endian
    raise ImportError("the synthetic-data generator reads random bytes as little-endian integers")

_TWO_32 = 1 << 32


def stream(seed: int, *labels: str) -> random.Random:
    """A random stream for one purpose. `random.Random` hashes a str seed with SHA-512, so the
    stream is the same in every process and Python version (PYTHONHASHSEED plays no part)."""
    return random.Random(":".join(("lindung-synth", str(seed), *labels)))


def chunk_sizes(largest: int = 1 << 16) -> Iterator[int]:
    """Sizes of the chunks rows are made in: small first (the first rows come at once), growing to
    `largest`. Whole chunks are always made and cut afterwards, and column-wise draws depend on the
    chunk size, so this fixed schedule is what makes the first k rows the same whatever the total."""
    size = 256
    while size < largest:
        yield size
        size *= 4
    yield from itertools.repeat(largest)


class Draws:
    """Vectorised uniform draws from one stream: whole columns per call, no per-row Python."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def ints(self, n: int) -> pl.Series:
        """`n` uniform integers in [0, 2**32) (Int64), from Mersenne Twister bytes."""
        buffer = pa.py_buffer(self.rng.randbytes(4 * n))
        return pl.Series(pa.Array.from_buffers(pa.uint32(), n, [None, buffer])).cast(pl.Int64)

    def below(self, n: int, bound) -> pl.Series:
        """Uniform integers in [0, bound); `bound` (at most 2**31) may be a Series, one bound per row."""
        return (self.ints(n) * bound) // _TWO_32

    def between(self, low: pl.Series, high: pl.Series) -> pl.Series:
        """Uniform integers in [low, high], row by row (high >= low)."""
        return low + self.below(len(low), high - low + 1)

    def chance(self, n: int, probability) -> pl.Series:
        """True with `probability` (a float, or a Series of them)."""
        return self.ints(n) < probability * _TWO_32

    def unit(self, n: int) -> pl.Series:
        """Uniform floats in (0, 1]."""
        return (self.ints(n) + 1) / _TWO_32

    def gauss(self, n: int) -> pl.Series:
        """Standard normal draws (Box-Muller)."""
        radius = (-2.0 * self.unit(n).log()).sqrt()
        return radius * (2 * math.pi * self.unit(n)).cos()


def apportion(weights: dict, total: int) -> dict:
    """Split `total` whole slots in proportion to `weights` (largest remainder; ties by key)."""
    scale = sum(weights.values())
    exact = {key: total * w / scale for key, w in weights.items()}
    counts = {key: int(x) for key, x in exact.items()}
    short = total - sum(counts.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - counts[k]), str(k)))[:short]:
        counts[key] += 1
    return counts


class WeightedTable:
    """Vectorised weighted choice: 2**bits equally likely slots, shared out by weight."""

    def __init__(self, values: Sequence, weights: Sequence[float], bits: int = 12):
        counts = apportion(dict(enumerate(weights)), 1 << bits)
        self.bits = bits
        self.table = pl.Series([values[i] for i in range(len(values)) for _ in range(counts[i])])

    def draw(self, uniform: pl.Series) -> pl.Series:
        """One value per uniform [0, 2**32) integer."""
        return self.table.gather(uniform // (1 << (32 - self.bits)))


class Choice:
    """Vectorised uniform choice among a few values."""

    def __init__(self, values: Sequence):
        self.values = pl.Series(list(values))

    def draw(self, uniform: pl.Series) -> pl.Series:
        return self.values.gather(uniform * len(self.values) // _TWO_32)


class GroupedLists:
    """Several lists of values side by side, so a column can pick "a random item of list g" per row.

    `pick(group, uniform)` gives, for each row, an item of the list numbered `group`, or null when that
    list is empty.
    """

    def __init__(self, lists: Sequence[Sequence]):
        offsets, flat = [], []
        for items in lists:
            offsets.append(len(flat))
            flat.extend(items)
        self.values = pl.Series(flat or [""])
        self.offsets = pl.Series(offsets, dtype=pl.Int64)
        self.counts = pl.Series([len(items) for items in lists], dtype=pl.Int64)

    def pick(self, group: pl.Series, uniform: pl.Series) -> pl.Series:
        counts = self.counts.gather(group)
        index = self.offsets.gather(group) + (uniform * counts) // _TWO_32
        picked = self.values.gather(index.clip(0, len(self.values) - 1))
        return pl.select(pl.when(counts > 0).then(picked)).to_series()


class Permutation:
    """A keyed pseudo-random bijection of range(4**half_bits): a four-round Feistel network.

    It hands out identifiers that are unique by construction yet look random, without remembering
    the ones already issued: the i-th item gets `permutation(i)`. The same code runs on Python ints
    (row by row) and on eager Polars Int64 Series (a million rows at a time), because it uses only
    +, *, //, % and ^, and every intermediate value stays below 2**63. A Series may also be given as
    a round key (one key per row), which runs many permutations side by side. (Pass Series, not lazy
    expressions: each round reuses its input twice, so an expression tree would grow 2**rounds.)
    """

    ROUNDS = 4
    _MULTIPLIER_1 = 0x9E3779B1
    _MULTIPLIER_2 = 0x2C1B3C6D  # below 2**30, so (value < 2**32) * it fits in a signed 64-bit integer

    def __init__(self, half_bits: int, keys):
        if not 1 <= half_bits <= 24:
            raise ValueError("half_bits must be 1..24")
        if len(keys) != self.ROUNDS:
            raise ValueError(f"a permutation needs {self.ROUNDS} round keys")
        self.half = 1 << half_bits
        self.size = self.half * self.half
        self.keys = tuple(keys)

    @classmethod
    def keyed(cls, half_bits: int, seed: int, *labels: str) -> Permutation:
        return cls(half_bits, cls.round_keys(seed, *labels))

    @classmethod
    def round_keys(cls, seed: int, *labels: str) -> tuple[int, ...]:
        rng = stream(seed, "permutation", *labels)
        return tuple(rng.getrandbits(32) for _ in range(cls.ROUNDS))

    def __call__(self, index):
        left, right = index // self.half, index % self.half
        for key in self.keys:
            left, right = right, left ^ self._mix(right, key)
        return left * self.half + right

    def _mix(self, value, key):
        mixed = (value * self._MULTIPLIER_1 + key) % _TWO_32
        mixed = mixed ^ (mixed // (1 << 16))
        mixed = (mixed * self._MULTIPLIER_2) % _TWO_32
        mixed = mixed ^ (mixed // (1 << 13))
        return mixed % self.half
