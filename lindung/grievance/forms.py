"""Forms of complaint handling: the public form (DARING), the desk entry (LISAN, TERTULIS), tracking, and
the handling office's steps. The forms read what was typed; the services decide (and say why not)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import User
from lindung.applications.forms import ACCEPT, village_choices_in
from lindung.tenants.models import Agency, Occupation, Tenant

from .models import Category, Channel
from .services.receive import Received

# In words a worker understands, beside each category of the public form.
CATEGORY_HELP = {
    Category.KEPESERTAAN: _("Kartu atau status kepesertaan BPJS Ketenagakerjaan, data peserta"),
    Category.KECELAKAAN_KERJA: _("Kecelakaan saat bekerja: ditangani pada hari kerja yang sama"),
    Category.KLAIM_MANFAAT: _("Pengajuan atau pembayaran klaim JKK, JKM, atau beasiswa"),
    Category.PENDATAAN: _("Pendaftaran, kelayakan, atau perbaikan data calon peserta"),
    Category.IURAN: _("Pembayaran iuran oleh pemerintah daerah"),
    Category.PUNGLI: _("Pungutan liar atau penyalahgunaan wewenang: identitas Anda dirahasiakan"),
    Category.LAINNYA: _("Hal lain tentang program ini"),
}
MAX_TEXT = 10_000


class CategoryRadio(forms.RadioSelect):
    option_template_name = "grievance/_category_option.html"

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["help"] = CATEGORY_HELP.get(option["value"], "")
        return option


class ComplaintForm(forms.Form):
    """What a worker tells: the public form. Everything about the worker is optional but the phone
    number, which is the key to follow the complaint (with the ticket number)."""

    tenant = forms.ModelChoiceField(queryset=Tenant.objects.none(), label=_("Pemerintah daerah"), empty_label=None)
    category = forms.ChoiceField(label=_("Tentang apa pengaduan Anda?"), choices=Category.choices, widget=CategoryRadio)
    text = forms.CharField(label=_("Isi pengaduan"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Ceritakan apa yang terjadi, kapan, dan di mana."))
    name = forms.CharField(label=_("Nama"), max_length=150, required=False)
    phone = forms.CharField(label=_("Nomor telepon/HP"), max_length=30,
                            help_text=_("Untuk melacak pengaduan bersama nomor pengaduan, dan untuk menghubungi Anda."),
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    nik = forms.CharField(label=_("NIK (bila ada)"), max_length=20, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kelurahan = forms.ChoiceField(label=_("Kelurahan tempat tinggal"), required=False)
    occupation = forms.ModelChoiceField(label=_("Pekerjaan"), queryset=Occupation.objects.order_by("name"),
                                        required=False, empty_label=_("— pilih pekerjaan —"))
    application_reference = forms.CharField(label=_("Nomor usulan (bila pengaduan tentang usulan Anda)"), max_length=20,
                                            required=False)
    attachment = forms.FileField(label=_("Lampiran (PDF, JPEG atau PNG; paling besar 5 MB)"), required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    channel = Channel.DARING

    def __init__(self, *args, tenants, **kwargs):
        super().__init__(*args, **kwargs)
        tenants = list(tenants)
        self.fields["tenant"].queryset = Tenant.objects.filter(pk__in=[t.pk for t in tenants])
        if len(tenants) == 1:
            self.fields["tenant"].widget = forms.HiddenInput()
            self.fields["tenant"].initial = tenants[0].pk
        self.fields["kelurahan"].choices = village_choices_in(sorted({t.region_id for t in tenants}))

    def received(self) -> Received:
        d = self.cleaned_data
        return Received(
            channel=self.channel, category=d["category"], text=d["text"], received_at=self.received_at(),
            name=d.get("name", ""), nik=d.get("nik", ""), phone=d.get("phone", ""), kelurahan=d.get("kelurahan", ""),
            occupation=d["occupation"].code if d.get("occupation") else "",
            application_reference=d.get("application_reference", ""),
        )

    def received_at(self):
        return timezone.now()

    def attachments(self) -> list:
        return [self.cleaned_data["attachment"]] if self.cleaned_data.get("attachment") else []

    # The service's field names, as this form calls them.
    service_fields: dict[str, str] = {}

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Errors from the service, beside the field they concern."""
        for key, message in errors.items():
            name = self.service_fields.get(key, key)
            self.add_error(name if name in self.fields else None, message)


class DeskForm(ComplaintForm):
    """An officer records what was said at the desk or on the phone (LISAN), or a letter (TERTULIS,
    with its scan), with the moment it was received."""

    channel_choice = forms.ChoiceField(label=_("Saluran"), choices=[(Channel.LISAN, Channel.LISAN.label),
                                                                   (Channel.TERTULIS, Channel.TERTULIS.label)],
                                       widget=forms.RadioSelect, initial=Channel.LISAN)
    received_when = forms.DateTimeField(label=_("Diterima pada"), input_formats=["%Y-%m-%dT%H:%M"],
                                        widget=forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                                   format="%Y-%m-%dT%H:%M"))
    field_order = ["tenant", "channel_choice", "received_when", "category", "text"]
    service_fields = {"received_at": "received_when", "channel": "channel_choice"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False
        self.fields["phone"].help_text = _("Dengan nomor ini dan nomor pengaduan, pelapor dapat melacak pengaduannya.")
        self.fields["category"].label = _("Kategori")
        self.fields["category"].widget = forms.Select(choices=[("", _("— pilih kategori —")), *Category.choices])
        self.fields["attachment"].label = _("Pindaian surat atau lampiran (PDF, JPEG atau PNG; paling besar 5 MB)")
        self.fields["received_when"].initial = timezone.localtime().replace(second=0, microsecond=0)

    @property
    def channel(self):
        return self.cleaned_data["channel_choice"]

    def received_at(self):
        return self.cleaned_data["received_when"]


class TrackForm(forms.Form):
    number = forms.CharField(label=_("Nomor pengaduan"), max_length=30, help_text=_("Contoh: PGD-26-7KQ2M4H"))
    phone = forms.CharField(label=_("Nomor telepon/HP yang Anda berikan"), max_length=30,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))


class ReplyForm(forms.Form):
    decision = forms.ChoiceField(choices=[("terima", _("Jawaban menyelesaikan masalah saya")),
                                          ("buka", _("Belum selesai: buka kembali"))], widget=forms.RadioSelect,
                                 label=_("Tanggapan Anda atas jawaban"))
    reason = forms.CharField(label=_("Mengapa belum selesai?"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))


# --- The handling office's steps -------------------------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan (tidak wajib)"), max_length=MAX_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Jawaban untuk pelapor"), max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Ditampilkan kepada pelapor pada halaman lacak pengaduan."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Catatan"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))
    for_reporter = forms.BooleanField(label=_("Untuk pelapor (bukan catatan internal)"), required=False)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Petugas"), queryset=User.objects.none(), empty_label=None)
    reason = forms.CharField(label=_("Alasan (wajib bila mengganti petugas)"), max_length=2000, required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda u: u.get_full_name() or u.username


class ForwardForm(forms.Form):
    handler = forms.ChoiceField(label=_("Teruskan kepada"))
    reason = forms.CharField(label=_("Alasan penerusan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = [(a.code, a.name) for a in Agency.objects.filter(tenant=tenant).order_by("name")]
        villages = [(f"kelurahan:{code}", label) for group, items in village_choices_in([tenant.region_id])[1:]
                    for code, label in items]
        self.fields["handler"].choices = [("bpjs", _("BPJS Ketenagakerjaan")), (_("Perangkat daerah"), agencies),
                                          (_("Kelurahan"), villages)]


class ResolutionForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Berkas (PDF, JPEG atau PNG; paling besar 5 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class LinkForm(forms.Form):
    application_reference = forms.CharField(label=_("Nomor usulan"), max_length=20, required=False)
    nik = forms.CharField(label=_("atau NIK"), max_length=20, required=False)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Sampai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("Tanggal akhir sebelum tanggal awal."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas pengaduan (CSV atau XLSX)"),
                           help_text=_("Kolom: nomor_lapor, diterima_pada, saluran, kategori, nama, nik, telepon, "
                                       "kode_wilayah, pekerjaan, isi. Ekspor SP4N-LAPOR! dikenali dari judul "
                                       "kolomnya."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
