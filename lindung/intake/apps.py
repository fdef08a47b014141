from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "lindung.intake"
