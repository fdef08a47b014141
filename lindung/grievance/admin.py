"""The administrator edits each tenant's complaint rules (Django admin): overrides of the shipped
routing, service levels and labour agency, checked by the domain before they are saved, and the days
off (cuti bersama) the `holidays` package does not know. Complaints themselves are not in the admin:
they hold reporters' identities and are read through the scoped pages only."""

from __future__ import annotations

import yaml
from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.audit import services as audit
from lindung.domain.params import ParameterFileError
from lindung.domain.workdays import national_holidays, package_cuti_bersama

from .actions import Action
from .models import DayOff, PolicyOverride
from .tenant_rules import policy_of


class PolicyOverrideForm(forms.ModelForm):
    """The value is written in YAML (as lindung/data/grievance.yaml writes it) and checked by the domain
    together with the tenant's other overrides: an override that unseals illegal-levy reports, names an
    unknown category or a float is refused with the domain's message."""

    value = forms.CharField(label=_("Nilai (YAML)"), widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
                            help_text=_("Contoh service_levels: {default: {response: 3, follow_up: 5, auto_close: 10, "
                                        "at_risk: 1, escalate_at: TERLAMBAT}, KECELAKAAN_KERJA: {response: 0}}"))

    class Meta:
        model = PolicyOverride
        fields = ["tenant", "parameter", "valid_from", "value", "ref"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["value"] = yaml.safe_dump(self.instance.value, allow_unicode=True, sort_keys=False)

    def clean_value(self):
        try:
            return yaml.safe_load(self.cleaned_data["value"])
        except yaml.YAMLError as exc:
            raise forms.ValidationError(_("YAML tidak terbaca: %(e)s") % {"e": getattr(exc, "problem", exc)}) from None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        candidate = PolicyOverride(pk=self.instance.pk, **{k: data[k] for k in self.Meta.fields})
        try:
            policy_of(data["tenant"], extra=candidate)
        except ParameterFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(PolicyOverride)
class PolicyOverrideAdmin(admin.ModelAdmin):
    form = PolicyOverrideForm
    list_display = ["tenant", "parameter", "valid_from", "ref"]
    list_filter = ["tenant", "parameter"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(request.user, Action.COMPLAINT_POLICY_CHANGE, obj, tenant=obj.tenant,
                     after={"parameter": obj.parameter, "valid_from": obj.valid_from, "value": obj.value,
                            "ref": obj.ref})


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    list_display = ["tenant", "date", "name", "working_day", "ref"]
    list_filter = ["tenant", "working_day"]
    date_hierarchy = "date"

    def changelist_view(self, request, extra_context=None):
        """Beside the tenant's list, what the package already knows for this year and the next, so the
        administrator enters only what is missing."""
        year = timezone.localdate().year
        known = [(y, sorted({**national_holidays(y), **package_cuti_bersama(y)}.items())) for y in (year, year + 1)]
        return super().changelist_view(request, {**(extra_context or {}), "package_days": known})

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit.record(request.user, Action.DAY_OFF_CHANGE, obj, tenant=obj.tenant,
                     after={"date": obj.date, "name": obj.name, "working_day": obj.working_day})

    def delete_model(self, request, obj):
        audit.record(request.user, Action.DAY_OFF_CHANGE, obj, tenant=obj.tenant,
                     before={"date": obj.date, "name": obj.name, "working_day": obj.working_day},
                     after={"deleted": True})
        super().delete_model(request, obj)
