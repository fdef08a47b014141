from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "lindung.billing"

    def ready(self) -> None:
        from lindung.membership.signals import funding_assigned

        # `lindung program budget`, the dashboard cards and inbox, the person page's entries.
        from . import commandline, dashboard, timeline  # noqa: F401
        from .services.attribution import follow_funding

        funding_assigned.connect(follow_funding, dispatch_uid="billing.follow_funding")
