from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "lindung.verification"

    def ready(self) -> None:
        from . import selectors  # noqa: F401 - registers the dashboard inbox provider
