from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator


class FiguresForm(forms.Form):
    KINDS = (("workforce", _("Angka ketenagakerjaan BPS: kode_wilayah, tahun, pekerja, pekerja_informal")),
             ("aggregate", _("Agregat peserta BPJS: kode_wilayah, tahun, peserta_pu, peserta_bpu")))
    kind = forms.ChoiceField(label=_("Jenis berkas"), choices=KINDS)
    file = forms.FileField(label=_("Berkas (.csv atau .xlsx)"))
    source = forms.CharField(label=_("Sumber"), max_length=200,
                             widget=forms.TextInput(attrs={"placeholder": _("mis. BPS, Sakernas Agustus 2025")}))


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indikator"), choices=Indicator.choices)
    year = forms.IntegerField(label=_("Tahun sasaran"), min_value=2000, max_value=2100)
    percent = forms.DecimalField(label=_("Sasaran (%)"), min_value=0, max_value=100, decimal_places=2)
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Dasar"), max_length=200,
                                widget=forms.TextInput(attrs={"placeholder": _("mis. RPJMD 2025-2029")}))
