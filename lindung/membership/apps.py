from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "lindung.membership"

    def ready(self) -> None:
        # `lindung program assign-funding`, its background job, the person page's entries.
        from . import commandline, jobs, timeline  # noqa: F401
