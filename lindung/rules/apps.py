from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "lindung.rules"
