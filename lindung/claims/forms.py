from django import forms
from django.utils.translation import gettext_lazy as _

from lindung.domain import nik as nik_rules

from .models import Claim

DATE = {"type": "date"}


def _programme_choices(programmes) -> list[tuple[int, str]]:
    return [(p.pk, f"{p.name} ({p.code})") for p in programmes]


class ClaimForm(forms.Form):
    """A claim as the BPJS officer enters it. The values are checked by the service with the rules of the
    claims import (lindung.domain.claims.check_claim_row); this form only reads them."""

    programme = forms.TypedChoiceField(label=_("Program"), coerce=int)
    nik = forms.CharField(label=_("NIK peserta"), max_length=24)
    kind = forms.ChoiceField(label=_("Jenis klaim"), choices=Claim.Kind.choices)
    benefit = forms.ChoiceField(label=_("Manfaat"), required=False,
                                choices=[("", _("— (JKM: santunan kematian; beasiswa: tidak perlu)"))]
                                + list(Claim.Benefit.choices),
                                help_text=_("Untuk JKK wajib dipilih: perawatan, sementara tidak mampu bekerja, cacat "
                                            "atau kematian."))
    event_date = forms.DateField(
        label=_("Tanggal kejadian"), widget=forms.DateInput(attrs=DATE),
        help_text=_("Kecelakaan kerja, atau tanggal meninggal / cacat orang tua untuk beasiswa"))
    submitted_on = forms.DateField(label=_("Tanggal pengajuan"), widget=forms.DateInput(attrs=DATE))
    status = forms.ChoiceField(label=_("Status"), choices=Claim.Status.choices, initial=Claim.Status.DIAJUKAN)
    decided_on = forms.DateField(label=_("Tanggal keputusan"), required=False, widget=forms.DateInput(attrs=DATE))
    paid_on = forms.DateField(label=_("Tanggal bayar"), required=False, widget=forms.DateInput(attrs=DATE))
    amount = forms.DecimalField(label=_("Jumlah (rupiah)"), required=False, min_value=0, max_digits=16,
                                decimal_places=2, localize=False)
    bpjs_reference = forms.CharField(label=_("Nomor referensi klaim BPJS"), max_length=60, required=False)
    note = forms.CharField(label=_("Keterangan"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = _programme_choices(programmes)

    def clean_nik(self) -> str:
        return nik_rules.normalize(self.cleaned_data["nik"])

    def clean(self):
        data = super().clean()
        if data.get("kind") == Claim.Kind.JKK and not data.get("benefit"):
            self.add_error("benefit", _("Pilih manfaat JKK: klaim kematian mengakhiri kepesertaan (Pasal 10 huruf a)."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=[(Claim.Status.DIBAYAR, Claim.Status.DIBAYAR.label),
                                                                (Claim.Status.DITOLAK, Claim.Status.DITOLAK.label)])
    decided_on = forms.DateField(label=_("Tanggal keputusan"), required=False, widget=forms.DateInput(attrs=DATE))
    paid_on = forms.DateField(label=_("Tanggal bayar"), required=False, widget=forms.DateInput(attrs=DATE))
    amount = forms.DecimalField(label=_("Jumlah dibayar (rupiah)"), required=False, min_value=0, max_digits=16,
                                decimal_places=2, localize=False)
    note = forms.CharField(label=_("Keterangan (mis. alasan penolakan)"), max_length=500, required=False)


class ImportForm(forms.Form):
    programme = forms.TypedChoiceField(label=_("Program"), coerce=int)
    file = forms.FileField(label=_("Laporan klaim BPJS (.csv atau .xlsx)"))

    def __init__(self, *args, programmes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = _programme_choices(programmes)
