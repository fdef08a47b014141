"""Progress reporting shared by every long operation (CLI and background jobs).

A long operation takes a `progress` callable and calls it as `progress(done, total, message)`;
`total` may be None when unknown. The CLI passes a `TerminalProgress`; background jobs pass one that
writes to the Job row the web page polls. Nothing here knows which.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[int, int | None, str], None]


def silent(done: int, total: int | None, message: str = "") -> None:
    """A progress callback that reports nothing (tests, nested calls)."""


class TerminalProgress:
    """Writes progress to stderr: an updating line on a terminal, a line every 10% (or 5 s) otherwise."""

    def __init__(self, stream: TextIO | None = None, min_interval: float = 5.0):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.min_interval = min_interval
        self._last_time = 0.0
        self._last_decile = -1
        self._last_message = ""

    def __call__(self, done: int, total: int | None, message: str = "") -> None:
        now = time.monotonic()
        if total:
            pct = min(100, int(done * 100 / total))
            text = f"{message} {done:,}/{total:,} ({pct}%)".strip()
            decile = pct // 10
        else:
            text = f"{message} {done:,}".strip()
            decile = self._last_decile
        if self.tty:
            self.stream.write("\r\033[K" + text)
            if total and done >= total:
                self.stream.write("\n")
            self.stream.flush()
            return
        if decile != self._last_decile or message != self._last_message or now - self._last_time >= self.min_interval:
            self.stream.write(text + "\n")
            self.stream.flush()
            self._last_time, self._last_decile, self._last_message = now, decile, message
