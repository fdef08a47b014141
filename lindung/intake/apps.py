from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "lindung.intake"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the bulk-intake job handler
