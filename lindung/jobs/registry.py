"""Job handlers by kind. An app registers `@handler("screening")` on a function
`(job, progress) -> dict` that does the work and returns the result summary."""

from collections.abc import Callable

_HANDLERS: dict[str, Callable] = {}


def handler(kind: str):
    def register(func: Callable) -> Callable:
        _HANDLERS[kind] = func
        return func

    return register


def get(kind: str) -> Callable:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"no job handler for {kind!r}; registered: {sorted(_HANDLERS)}") from None
