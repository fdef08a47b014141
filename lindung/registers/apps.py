from django.apps import AppConfig


class RegistersConfig(AppConfig):
    """Reference registers (DTSEN poverty extract, BPJS registry extract), bulk screening on DuckDB and
    probable-duplicate matching."""

    name = "lindung.registers"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 - registers the background job handlers
