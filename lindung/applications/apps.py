from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Applications from data collection to enrolment (Perwali 3/2025 Pasal 6-8)."""

    name = "lindung.applications"

    def ready(self) -> None:
        from . import inbox, jobs  # noqa: F401 - register the dashboard inbox and the bulk-intake job handler
