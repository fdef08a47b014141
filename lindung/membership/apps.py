from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "lindung.membership"

    def ready(self) -> None:
        from . import commandline, jobs  # noqa: F401 - `lindung program assign-funding`, its background job
