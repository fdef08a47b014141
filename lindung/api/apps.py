from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API for partner systems (DESIGN §4 "REST API (contract)"): /api/v1/."""

    name = "lindung.api"
