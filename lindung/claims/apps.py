from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "lindung.claims"

    def ready(self) -> None:
        from . import (  # noqa: F401 - register the import job, the dashboard items and the person panel
            dashboard,
            jobs,
            panels,
        )
