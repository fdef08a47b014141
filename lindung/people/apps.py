from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lindung.people"

    def ready(self) -> None:
        from . import dashboard  # noqa: F401 - registers the register's dashboard cards
