from django.apps import AppConfig


class GrievanceConfig(AppConfig):
    """Complaints (Perwali 3/2025 Pasal 13): received on every channel, routed, answered within service
    levels counted in working days, tracked by the reporter."""

    name = "lindung.grievance"

    def ready(self) -> None:
        from . import dashboard, jobs, timeline  # noqa: F401 - dashboard cards and inbox, the import job, person page
