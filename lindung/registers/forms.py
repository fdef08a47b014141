from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.domain.exchange import canonical
from lindung.domain.rules import available, load

from .models import ReferenceDataset


def ruleset_choices() -> list[tuple[str, str]]:
    return [(rid, f"{load(rid).instrument} ({rid})") for rid in available()]


class ScreeningForm(forms.Form):
    applicants = forms.FileField(label=_("Berkas pendaftar (.csv atau .xlsx)"))
    ruleset = forms.ChoiceField(label=_("Aturan"))
    # Probable duplicates under another NIK are looked for by default (as `lindung screen`); this skips them.
    no_dedupe = forms.BooleanField(
        label=_("Lewati pemeriksaan kemungkinan orang yang sama dengan NIK berbeda"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruleset"].choices = ruleset_choices()


class DatasetImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis data"), choices=ReferenceDataset.Kind.choices)
    file = forms.FileField(label=_("Berkas (.csv atau .xlsx)"))
    snapshot_date = forms.DateField(label=_("Tanggal keadaan data"), widget=forms.DateInput(attrs={"type": "date"}))
    mapping = forms.CharField(
        label=_("Pemetaan kolom (jika judul kolom berbeda)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "NO_INDUK=nik\nSTATUS_PST=status"}),
        help_text=_("Satu per baris: judul kolom di berkas = kolom kontrak."),
    )

    def clean_mapping(self) -> dict[str, str]:
        mapping = {}
        for line in self.cleaned_data["mapping"].splitlines():
            if not line.strip():
                continue
            header, sep, column = line.partition("=")
            if not sep or not header.strip() or not column.strip():
                raise forms.ValidationError(_("Tulis setiap baris sebagai: judul kolom = kolom kontrak"))
            mapping[header.strip()] = canonical(column)
        return mapping
