"""The sending job, queued after messages are (lindung.jobs, database queue: no broker)."""

from lindung.jobs import registry

from . import services


@registry.handler(services.JOB_KIND)
def run_delivery(job, progress) -> dict:
    return services.deliver_due()
