from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "role", "tenant", "agency", "region", "is_active"]
    list_filter = ["tenant", "role", "is_active"]
    raw_id_fields = ["region"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Peran dan cakupan"), {"fields": ["tenant", "role", "agency", "is_head", "region"]}),)
