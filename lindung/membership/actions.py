"""Audit actions of membership: the codes written to the audit trail, and their words on the audit page.
Codes are stored: change a value only with a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    FUNDING_ASSIGN = "funding.assign", _("Peserta dibagi ke sumber dana")
    MEMBERSHIP_AGE_LIMIT = "membership.age_limit", _("Kepesertaan berakhir karena batas usia")
    MEMBERSHIP_END = "membership.end", _("Kepesertaan diakhiri")
    PARTICIPANT_LETTER = "participant.letter", _("Surat keterangan kepesertaan dicetak")
    PARTICIPANTS_IMPORT = "participants.import", _("Daftar peserta diimpor")
    PERSON_DEATH = "person.death", _("Kematian penduduk dicatat")
    TERMINATION_DECIDE = "termination.decide", _("Usulan penghentian diputuskan")
    TERMINATION_IMPORT = "termination.import", _("Usulan penghentian diimpor")
    TERMINATION_PROPOSE = "termination.propose", _("Penghentian kepesertaan diusulkan")
