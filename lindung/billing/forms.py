from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.domain.calendar import Month
from lindung.programs.models import FundingSource
from lindung.tenants.models import Occupation, Tenant

from .models import BeritaAcara, Payment


class OpenMonthForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Program"), coerce=int)
    month = forms.CharField(label=_("Bulan"), widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}))

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(p.pk, f"{p.name} ({p.code})") for p in programmes]

    def clean_month(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["month"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class InvoiceForm(forms.Form):
    invoice = forms.FileField(label=_("Tagihan BPJS (.csv atau .xlsx)"))


class BeritaAcaraForm(forms.ModelForm):
    class Meta:
        model = BeritaAcara
        fields = ["number", "date", "labour_head_name", "labour_head_title", "labour_head_nip", "bpjs_branch",
                  "bpjs_officer_name", "bpjs_officer_title"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["sp2d_number", "sp2d_date", "amount"]
        widgets = {"sp2d_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Alasan membuka kembali"), max_length=300)


class FundingSourceForm(forms.Form):
    """A funding source of a budget year (lindung.programs.services.add_funding_source checks the rest)."""

    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Sumber dana"), choices=FundingSource.Kind.choices)
    label = forms.CharField(label=_("Keterangan"), max_length=200, required=False,
                            help_text=_("Mis. DPA Disnaker 2027, atau nama perusahaan CSR"))
    payer = forms.ModelChoiceField(label=_("Pemerintah pembayar"), queryset=Tenant.objects.order_by("name"),
                                   required=False, to_field_name="code",
                                   help_text=_("Kosong: pemerintah daerah pemilik program"))
    amount = forms.DecimalField(label=_("Pagu (APBD murni)"), min_value=0, max_digits=16, decimal_places=2)
    revision_amount = forms.DecimalField(label=_("Tambahan pagu APBD-P"), min_value=0, max_digits=16, decimal_places=2,
                                         required=False)
    fixed_quota = forms.IntegerField(label=_("Kuota peserta"), min_value=0, required=False,
                                     help_text=_("Kosong: dibatasi pagu saja"))
    occupations = forms.ModelMultipleChoiceField(label=_("Hanya untuk pekerjaan"), queryset=Occupation.objects.order_by("name"),
                                                 required=False, to_field_name="code")
    regions = forms.CharField(label=_("Hanya untuk wilayah"), required=False,
                              help_text=_("Kode wilayah Kemendagri dipisah koma, mis. 64.71.01, 64.71.02.1001"))
    preference = forms.IntegerField(label=_("Urutan penggunaan"), min_value=0, max_value=99, required=False,
                                    help_text=_("Kecil dipakai lebih dulu; kosong: sumber berbatasan sebelum sumber umum"))

    def clean_regions(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["regions"].split(",") if c.strip()]


def cleaned(form: forms.Form) -> dict:
    """The form's data, or ValueError naming each field (by its label) and what is wrong with it."""
    if form.is_valid():
        return dict(form.cleaned_data)
    raise ValueError("; ".join(f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
                               for k, v in form.errors.items()))
