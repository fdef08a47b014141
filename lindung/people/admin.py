from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_nik", "kelurahan", "occupation", "birth_date"]
    search_fields = ["nik", "name_search"]
    raw_id_fields = ["kelurahan", "created_by"]
    list_select_related = ["kelurahan", "occupation"]
    show_full_result_count = False  # never COUNT(*) a million-row table on every page
