"""Forms of the application workflow: Lampiran II (public and officers), documents, uploads, cycles, status,
the verifier's decisions and the later steps of a cycle (BPJS answer, duplicates, decree, KPJ)."""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindung.domain import nik as nik_rules
from lindung.people.models import Sex
from lindung.regions.models import Region
from lindung.tenants.models import Occupation

from .models import Application, Cycle, Document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_FIELDS = {f"doc_{kind}": label for kind, label in Document.Kind.choices}
ACCEPT = "application/pdf,image/jpeg,image/png"


def village_choices(cycles) -> list:
    """Kelurahan of the cycles' governments, grouped by kecamatan (the e-KTP address)."""
    return village_choices_in(sorted({c.programme.tenant.region_id for c in cycles}))


def village_choices_in(prefixes) -> list:
    """Kelurahan inside the given region codes, grouped by kecamatan, for a select field."""
    villages = Region.objects.none()
    for prefix in prefixes:
        villages = villages | Region.objects.filter(level=Region.Level.KELURAHAN_DESA, code__startswith=prefix + ".")
    villages = villages.select_related("parent").order_by("parent__name", "name")
    choices = [("", _("— pilih kelurahan/desa —"))]
    for district, items in groupby(villages, key=lambda v: v.parent):
        choices.append((f"Kec. {district.name}", [(v.code, v.name) for v in items]))
    return choices


class ApplicationForm(forms.Form):
    """Lampiran II: nama, NIK, tempat/tanggal lahir, alamat, telepon, pekerjaan, penghasilan."""

    cycle = forms.ModelChoiceField(queryset=Cycle.objects.none(), label=_("Program"), empty_label=None)
    name = forms.CharField(label=_("Nama lengkap (sesuai KTP)"), max_length=150)
    nik = forms.CharField(label=_("NIK"), max_length=20, help_text=_("16 digit, tertera di KTP elektronik"),
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    no_kk = forms.CharField(label=_("Nomor Kartu Keluarga"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=80)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Sex.choices, widget=forms.RadioSelect)
    address = forms.CharField(label=_("Alamat (sesuai KTP)"), max_length=250)
    kelurahan = forms.ChoiceField(label=_("Kelurahan/desa (sesuai KTP)"))
    phone = forms.CharField(label=_("Nomor telepon/HP"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    occupation = forms.ModelChoiceField(label=_("Pekerjaan saat ini (hasil pendataan)"),
                                        queryset=Occupation.objects.order_by("name"), empty_label=_("— pilih pekerjaan —"))
    ktp_occupation = forms.CharField(label=_("Pekerjaan yang tertulis di KTP (bila berbeda)"), max_length=100, required=False,
                                     help_text=_("Yang dipakai adalah pekerjaan saat ini (Pasal 6 ayat (4))."))
    monthly_income = forms.DecimalField(label=_("Penghasilan rata-rata per bulan (Rp)"), min_value=0, max_digits=14,
                                        decimal_places=2, widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}))
    domicile_since = forms.DateField(label=_("Tinggal di alamat ini sejak"), widget=DATE)
    disability = forms.BooleanField(label=_("Penyandang disabilitas"), required=False)

    def __init__(self, *args, cycles, documents: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = list(cycles)
        self.fields["cycle"].queryset = Cycle.objects.filter(pk__in=[c.pk for c in cycles]).select_related("programme")
        self.fields["cycle"].label_from_instance = lambda c: f"{c.programme.name} ({c.programme.tenant.name})"
        if len(cycles) == 1:
            self.fields["cycle"].widget = forms.HiddenInput()
            self.fields["cycle"].initial = cycles[0].pk
        self.fields["kelurahan"].choices = village_choices(cycles)
        if documents:
            for name, label in DOCUMENT_FIELDS.items():
                self.fields[name] = forms.FileField(label=label, required=False,
                                                   widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    def clean_nik(self):
        nik = nik_rules.normalize(self.cleaned_data["nik"])
        check = nik_rules.check(nik)
        if not check.is_valid:
            raise forms.ValidationError("; ".join(e.message for e in check.errors))
        return nik

    def service_data(self) -> dict:
        """The cleaned values keyed as services.submit expects them."""
        d = self.cleaned_data
        return {
            "nik": d["nik"], "no_kk": d.get("no_kk", ""), "name": d["name"], "birth_place": d["birth_place"],
            "birth_date": d["birth_date"], "sex": d["sex"], "address": d["address"], "kelurahan_id": d["kelurahan"],
            "phone": d.get("phone", ""), "occupation_id": d["occupation"].code, "ktp_occupation": d.get("ktp_occupation", ""),
            "monthly_income": d["monthly_income"], "domicile_since": d["domicile_since"], "disability": d["disability"],
        }

    def documents(self) -> list[tuple[str, object]]:
        return [(name.removeprefix("doc_"), self.cleaned_data[name]) for name in DOCUMENT_FIELDS
                if self.cleaned_data.get(name)]

    def add_service_errors(self, errors: dict[str, str]) -> None:
        """Errors from the service, beside the field they concern."""
        field_of = {"kelurahan_id": "kelurahan", "occupation_id": "occupation"}
        for key, message in errors.items():
            name = field_of.get(key, key)
            self.add_error(name if name in self.fields else None, message)


def application_initial(application: Application) -> dict:
    return {
        "cycle": application.cycle_id, "name": application.name, "nik": application.nik, "no_kk": application.no_kk,
        "birth_place": application.birth_place, "birth_date": application.birth_date, "sex": application.sex,
        "address": application.address, "kelurahan": application.kelurahan_id, "phone": application.phone,
        "occupation": application.occupation_id, "ktp_occupation": application.ktp_occupation,
        "monthly_income": application.monthly_income, "domicile_since": application.domicile_since,
        "disability": application.disability,
    }


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=Document.Kind.choices)
    file = forms.FileField(label=_("Berkas (PDF, JPEG atau PNG)"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class UploadForm(forms.Form):
    cycle = forms.ModelChoiceField(queryset=Cycle.objects.none(), label=_("Program dan tahun"), empty_label=None)
    file = forms.FileField(label=_("Berkas pendaftar (CSV atau XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles


class CycleForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=None, label=_("Program"), empty_label=None)
    year = forms.IntegerField(label=_("Tahun pendataan"), min_value=2020, max_value=2100)
    collection_start = forms.DateField(label=_("Pendataan mulai"), required=False, widget=DATE,
                                       help_text=_("Kosong: 1 Juli (triwulan ketiga, Pasal 8 ayat (1))"))
    collection_end = forms.DateField(label=_("Pendataan berakhir"), required=False, widget=DATE,
                                     help_text=_("Kosong: 30 September"))
    enrolment_date = forms.DateField(label=_("Kepesertaan mulai"), required=False, widget=DATE,
                                     help_text=_("Kosong: 1 Januari tahun berikutnya (Pasal 8 ayat (6))"))
    quota = forms.IntegerField(label=_("Kuota peserta"), required=False, min_value=0,
                               help_text=_("Kosong: dihitung dari sumber dana program"))

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class StatusForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=20,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)


# --- Verification and the later steps of a cycle -------------------------------------------------------


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


def action_forms(application: Application) -> dict:
    """The decision forms shown on an application's page to its responsible officer."""
    return {"approve_form": ApproveForm(), "reject_form": RejectForm(), "send_back_form": SendBackForm(),
            "field_visit_form": FieldVisitForm(),
            "occupation_form": OccupationForm(initial={"occupation": application.occupation_id})}
