from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "lindung.membership"

    def ready(self) -> None:
        from . import commandline  # noqa: F401 - registers `lindung program assign-funding`
