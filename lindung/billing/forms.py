from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.domain.calendar import Month

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
