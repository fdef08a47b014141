from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Messages to workers' phones (SMS or WhatsApp through a gateway), queued by the capabilities that
    decide about them, sent with retries, and their log visible to the labour agency."""

    name = "lindung.notifications"

    def ready(self) -> None:
        from . import jobs  # noqa: F401 - registers the sending job
