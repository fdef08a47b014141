from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Shared plumbing (see the package docstring); an app only for its templates and template tags."""

    name = "lindung.platform"
