from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"

    def ready(self) -> None:
        from . import dashboard  # noqa: F401 - registers the dashboard inbox items
