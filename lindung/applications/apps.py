from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Applications from data collection to enrolment (Perwali 3/2025 Pasal 6-8)."""

    name = "lindung.applications"

    def ready(self) -> None:
        from . import (  # noqa: F401 - register the inbox, the bulk-intake job, the person page entries
            inbox,
            jobs,
            timeline,
        )
