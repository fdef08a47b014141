"""Background jobs of complaint handling (registered when the app is ready)."""

from lindung.jobs import registry

from .services import importing

registry.handler(importing.JOB_KIND)(importing.run_import_job)
