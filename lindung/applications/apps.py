from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """Applications from data collection to enrolment (Perwali 3/2025 Pasal 6-8)."""

    name = "lindung.applications"

    def ready(self) -> None:
        # The dashboard inbox, the bulk-intake job handler, the person page entries, the residents BPJS may open.
        from . import inbox, jobs, scopes, timeline  # noqa: F401
