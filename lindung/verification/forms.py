from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.intake.forms import DATE
from lindung.tenants.models import Occupation

REASON = forms.Textarea(attrs={"rows": 3})


class ApproveForm(forms.Form):
    note = forms.CharField(label=_("Catatan (boleh kosong)"), required=False, max_length=2000, widget=REASON)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan (dibaca pemohon)"), max_length=2000, widget=REASON)


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Yang harus diperbaiki (dibaca pemohon)"), max_length=2000, widget=REASON)


class FieldVisitForm(forms.Form):
    on = forms.DateField(label=_("Tanggal kunjungan"), widget=DATE, initial=timezone.localdate)
    confirms = forms.TypedChoiceField(label=_("Hasil"), coerce=lambda v: v == "ya", widget=forms.RadioSelect,
                                      choices=[("ya", _("Memenuhi syarat")), ("tidak", _("Tidak memenuhi syarat"))])
    note = forms.CharField(label=_("Yang dilihat di lapangan"), max_length=2000, widget=REASON)


class OccupationForm(forms.Form):
    occupation = forms.ModelChoiceField(label=_("Pekerjaan hasil pendataan (Pasal 6 ayat (4))"),
                                        queryset=Occupation.objects.order_by("name"))
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


def parse_mapping(text: str) -> dict[str, str]:
    """'Header di berkas = kolom' per line -> {header: column}."""
    mapping = {}
    for line in (text or "").splitlines():
        header, sep, column = line.partition("=")
        if sep and header.strip() and column.strip():
            mapping[header.strip()] = column.strip()
    return mapping


class MappingField(forms.CharField):
    def __init__(self, columns: str, **kwargs):
        super().__init__(label=_("Pemetaan kolom (bila judul kolom berbeda)"), required=False, widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "No Identitas = nik\nStatus Kepesertaan = status"}),
            help_text=_("Satu baris per kolom: judul di berkas = kolom baku (%(columns)s).") % {"columns": columns},
            **kwargs)

    def clean(self, value):
        return parse_mapping(super().clean(value))


class BpjsAnswerForm(forms.Form):
    file = forms.FileField(label=_("Berkas jawaban BPJS (CSV atau XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    mapping = MappingField("nik, kpj, segmen, status")
    absent_means_not_participant = forms.BooleanField(
        label=_("NIK yang tidak tercantum berarti belum menjadi peserta"), required=False,
        help_text=_("Centang bila berkas BPJS hanya memuat calon yang sudah menjadi peserta."))


class DecideCaseForm(forms.Form):
    keep = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Dasar keputusan"), max_length=2000, widget=REASON)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), _("Pertahankan %(ref)s — %(name)s, %(agency)s") % {
            "ref": a.reference, "name": a.name, "agency": a.agency or _("Kelurahan %(k)s") % {"k": a.kelurahan.name}})
            for a in case.applications.all()]
        if case.other:
            choices.append(("lain", _("Biarkan program lain yang menanggung (%(other)s)") % {"other": case.other}))
        choices.append(("", _("Bukan orang yang sama: semua dilanjutkan")))
        self.fields["keep"].choices = choices
        self.fields["keep"].required = False


class DecreeForm(forms.Form):
    number = forms.CharField(label=_("Nomor Keputusan"), max_length=100)
    signed_on = forms.DateField(label=_("Tanggal penetapan"), widget=DATE)


class AmendmentForm(forms.Form):
    number = forms.CharField(label=_("Nomor Keputusan perubahan"), max_length=100)
    signed_on = forms.DateField(label=_("Tanggal penetapan"), widget=DATE)
    niks = forms.CharField(label=_("NIK penerima yang dicabut (satu per baris)"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Alasan perubahan"), max_length=300)

    def clean_niks(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["niks"].replace(",", "\n").splitlines() if line.strip()]


class KpjForm(forms.Form):
    file = forms.FileField(label=_("Berkas nomor KPJ dari BPJS (CSV atau XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
    mapping = MappingField("nik, kpj, nama")
