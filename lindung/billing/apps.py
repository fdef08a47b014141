from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"

    def ready(self) -> None:
        # `lindung program budget`, the dashboard cards and inbox, the person page's entries.
        from . import commandline, dashboard, timeline  # noqa: F401
