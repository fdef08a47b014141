from django.contrib import admin

from .models import Agency, Occupation, OccupationAssignment, Tenant


class AgencyInline(admin.TabularInline):
    model = Agency
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region"]
    raw_id_fields = ["region"]
    inlines = [AgencyInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "tenant"]
    list_filter = ["tenant"]
    search_fields = ["name", "short_name", "code"]


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "informal"]
    list_filter = ["informal"]
    search_fields = ["code", "name"]


@admin.register(OccupationAssignment)
class OccupationAssignmentAdmin(admin.ModelAdmin):
    list_display = ["tenant", "occupation", "agency", "territorial", "valid_from", "valid_to", "legal_basis"]
    list_filter = ["tenant", "territorial", "agency"]
    search_fields = ["occupation__code", "occupation__name"]
    date_hierarchy = "valid_from"
