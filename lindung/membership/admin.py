from django.contrib import admin

from .models import MembershipPeriod, Participant, TerminationProposal


class PeriodInline(admin.TabularInline):
    model = MembershipPeriod
    extra = 0
    raw_id_fields = ["ended_by"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["person", "programme", "kpj", "funding_source"]
    list_filter = ["programme"]
    search_fields = ["person__nik", "kpj"]
    raw_id_fields = ["person", "funding_source"]
    list_select_related = ["person", "programme", "funding_source"]
    inlines = [PeriodInline]
    show_full_result_count = False


@admin.register(TerminationProposal)
class TerminationProposalAdmin(admin.ModelAdmin):
    list_display = ["participant", "reason", "effective_date", "source", "status"]
    list_filter = ["status", "source", "reason"]
    raw_id_fields = ["participant", "decided_by"]
    # Decisions go through lindung.membership.services.decide_proposal (audit trail, membership end).
    readonly_fields = ["status", "decided_by", "decided_at", "decision_note"]
