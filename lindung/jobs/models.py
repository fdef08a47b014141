import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A long operation (screening, bulk import, billing run) running in the background worker.

    The page that started it polls `progress_done / progress_total` and `message`; the result (counts,
    output file) lands in `result` and `output_file` when it is done."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu")
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis"), max_length=40, db_index=True)
    title = models.CharField(_("judul"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MENUNGGU)
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.BigIntegerField(default=0)
    progress_total = models.BigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=200, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    input_file = models.CharField(max_length=500, blank=True)
    output_file = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tenant = models.ForeignKey("tenants.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Who runs it ("host:pid") and when it last showed life: a worker killed outright (kill -9, a crash, a
    # reboot) leaves the job "berjalan"; these tell such a job from a live one (lindung.jobs.services.is_stale).
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return 100 if self.status == self.Status.SELESAI else None
        return min(100, int(self.progress_done * 100 / self.progress_total))
