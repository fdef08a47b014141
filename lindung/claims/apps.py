from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "lindung.claims"

    def ready(self) -> None:
        # The import job, the dashboard items, the person page's entries.
        from . import dashboard, jobs, timeline  # noqa: F401
