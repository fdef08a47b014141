from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"

    def ready(self) -> None:
        from lindung.membership.signals import funding_assigned

        from . import (  # noqa: F401 - register `lindung program budget` and the dashboard
            commandline,
            dashboard,
        )
        from .services.attribution import follow_funding

        funding_assigned.connect(follow_funding, dispatch_uid="billing.follow_funding")
