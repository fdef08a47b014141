from django.apps import AppConfig


class EngineConfig(AppConfig):
    name = "lindung.engine"

    def ready(self) -> None:
        from . import handlers  # noqa: F401 - registers the background job handlers
