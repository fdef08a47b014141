from django.contrib import admin

from .models import ColumnMapping, FundingSource, Programme


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0
    filter_horizontal = ["occupations"]
    raw_id_fields = ["payer"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tenant", "year", "ruleset_id", "coverage_start", "coverage_end"]
    list_filter = ["tenant", "year"]
    search_fields = ["code", "name"]
    inlines = [FundingSourceInline]
    readonly_fields = ["benefits"]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["programme", "layout"]
