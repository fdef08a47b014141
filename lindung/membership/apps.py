from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "lindung.membership"

    def ready(self) -> None:
        from . import (  # noqa: F401 - `lindung program assign-funding`, person page entries
            commandline,
            timeline,
        )
