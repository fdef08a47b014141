"""The person page's entries for applications: each application the reader may see, with its decision
and the articles behind it, the decree that fixed it, the KPJ, and its letters."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.people.timeline import Entry, timeline_provider
from lindung.platform.labels import words

from . import evaluation, letters
from .selectors import visible_applications


@timeline_provider
def application_entries(user, person) -> list[Entry]:
    out = []
    applications = (visible_applications(user).filter(nik=person.nik)
                    .select_related("cycle__programme", "decree_entry__decree").order_by("-applied_on"))
    for a in applications:
        details = [_("Penilaian: %(d)s") % {"d": words(a.keputusan)}]
        details += [f"{line.text}" + (f" ({line.cite})" if line.cite else "")
                    for line in evaluation.explain(a.findings).problems]
        if a.status_reason:
            details.append(_("Alasan: %(r)s") % {"r": a.status_reason})
        entry = getattr(a, "decree_entry", None)
        if entry is not None:
            details.append(_("Ditetapkan dengan Keputusan %(n)s tanggal %(d)s") % {
                "n": entry.decree.number, "d": entry.decree.signed_on.strftime("%d-%m-%Y")})
        if a.kpj:
            details.append(_("KPJ %(k)s") % {"k": a.kpj})
        out.append(Entry(
            a.applied_on, _("Usulan"), f"{a.reference} · {a.cycle.programme.name} {a.cycle.year}: {a.get_status_display()}",
            details, reverse("applications:detail", args=[a.pk]),
            [(_("Surat: %(k)s") % {"k": kind.replace("-", " ")}, reverse("applications:letter", args=[a.pk, kind]))
             for kind in letters.available(a)],
        ))
    return out
