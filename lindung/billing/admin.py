from django.contrib import admin

from .models import BeritaAcara, BillingMonth, Payment


@admin.register(BillingMonth)
class BillingMonthAdmin(admin.ModelAdmin):
    """Read-only: a month changes only through lindung.billing.services (locks, audit trail)."""

    list_display = ["programme", "month", "payer", "status", "bill_count", "bill_amount", "excluded_count"]
    list_filter = ["status", "programme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BeritaAcara, Payment)
class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
