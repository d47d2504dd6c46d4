"""Administrators read the retention runs here and try a dry run (X-5); nothing is edited by hand."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from klageportal.retention.models import RetentionRun
from klageportal.retention.report import action_label, category_lines, period_lines
from klageportal.retention.services import retention_periods, retention_run


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "dry_run", "source", "action", "closed_cases", "drafts", "documents", "completed"]
    list_filter = ["dry_run", "source", "completed"]
    readonly_fields = [f.name for f in RetentionRun._meta.fields]
    change_list_template = "admin/retention/retentionrun/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RetentionRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RetentionRun | None = None) -> bool:
        return False

    @admin.display(description=_("afsluttede sager"))
    def closed_cases(self, run: RetentionRun) -> int:
        return int(run.counts.get("closed_cases", 0))

    @admin.display(description=_("kladder"))
    def drafts(self, run: RetentionRun) -> int:
        return int(run.counts.get("filing_drafts", 0)) + int(run.counts.get("ankeskema_drafts", 0))

    @admin.display(description=_("dokumenter"))
    def documents(self, run: RetentionRun) -> int:
        return int(run.counts.get("documents", 0))

    def get_urls(self) -> list[URLPattern]:
        dry_run = path(
            "proevekoersel/",
            self.admin_site.admin_view(self.dry_run_view),
            name="retention_retentionrun_dry_run",
        )
        return [dry_run, *super().get_urls()]

    def dry_run_view(self, request: HttpRequest) -> HttpResponse:
        """GET tells what a dry run is; POST runs one and shows its report. Nothing is deleted either way."""
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        report = None
        if request.method == "POST":
            report = retention_run(dry_run=True, source=RetentionRun.Source.ADMIN)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Prøvekørsel af sletning og anonymisering"),
            "report": report,
            "action": action_label(report.action if report else settings.RETENTION_CLOSED_CASE_ACTION),
            "categories": category_lines(report.counts) if report else [],
            # Lists, not the Counters: a template asking a Counter for "items" gets 0.
            "deleted_rows": sorted(report.deleted_rows.items()) if report else [],
            "anonymised_rows": sorted(report.anonymised_rows.items()) if report else [],
            "periods": period_lines(report.periods if report else retention_periods()),
        }
        return TemplateResponse(request, "admin/retention/retentionrun/dry_run.html", context)
