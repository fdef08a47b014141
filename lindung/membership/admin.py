from django.contrib import admin

from .models import FundingAssignment, MembershipPeriod, Participant, TerminationProposal


class PeriodInline(admin.TabularInline):
    model = MembershipPeriod
    extra = 0
    raw_id_fields = ["ended_by"]


class FundingInline(admin.TabularInline):
    # Assignments are the allocation's (lindung.membership.services.funding.assign_funding): read only here.
    model = FundingAssignment
    extra = 0
    can_delete = False
    fields = readonly_fields = ["year", "funding_source", "code", "reason", "cost", "assigned_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["person", "programme", "kpj"]
    list_filter = ["programme"]
    search_fields = ["person__nik", "kpj"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "programme"]
    inlines = [PeriodInline, FundingInline]
    show_full_result_count = False


@admin.register(TerminationProposal)
class TerminationProposalAdmin(admin.ModelAdmin):
    list_display = ["participant", "reason", "effective_date", "source", "status"]
    list_filter = ["status", "source", "reason"]
    raw_id_fields = ["participant", "decided_by"]
    # Decisions go through lindung.membership.services.decide_proposal (audit trail, membership end).
    readonly_fields = ["status", "decided_by", "decided_at", "decision_note"]
