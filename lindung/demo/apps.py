from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city (`lindung demo`): a running programme with participants, bills and an open cycle."""

    name = "lindung.demo"
