from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation (Pasal 12): the TVEM's figures, coverage indicators, money and
    service, the province view, reports and the public transparency page."""

    name = "lindung.monitoring"

    def ready(self) -> None:
        from . import commandline, dashboard, handlers  # noqa: F401 - job handler, `lindung report`, dashboard card
