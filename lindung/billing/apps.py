from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"

    def ready(self) -> None:
        from . import (  # noqa: F401 - register `lindung program budget` and the dashboard
            commandline,
            dashboard,
        )
