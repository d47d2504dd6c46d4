"""The catalogue is configured here by administrators, without a deployment (CAT-6)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from klageportal.catalog.models import (
    AppealsBody,
    Authority,
    Board,
    ComplaintType,
    ComplaintTypeVersion,
    DocumentCategory,
    Law,
    LawArea,
)


@admin.register(AppealsBody)
class AppealsBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "email", "phone"]
    search_fields = ["name", "cvr"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "body", "email"]
    list_filter = ["body"]
    search_fields = ["name", "short_name"]


class ComplaintTypeVersionInline(admin.TabularInline):
    """Versions are listed here and added on their own page; a version cases were filed under is frozen."""

    model = ComplaintTypeVersion
    extra = 0
    ordering = ["-valid_from"]
    fields = ("valid_from", "channel", "fee_private", "fee_company", "fee_due")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ComplaintTypeVersion)
class ComplaintTypeVersionAdmin(admin.ModelAdmin):
    list_display = ["complaint_type", "valid_from", "channel", "fee_private", "fee_company", "fee_due"]
    list_filter = ["channel", "fee_due", "complaint_type__board"]

    def has_change_permission(self, request, obj=None):
        # A version a case was filed under keeps its fee and texts (CAT-6): add a new version instead.
        if obj is not None and obj.cases.exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.cases.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ComplaintType)
class ComplaintTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "is_active", "current_fees"]
    list_filter = ["board", "is_active"]
    search_fields = ["name"]
    inlines = [ComplaintTypeVersionInline]

    @admin.display(description=_("gebyr nu (privat/virksomhed)"))
    def current_fees(self, obj):
        version = obj.version_at()
        return f"{version.fee_private} / {version.fee_company} kr." if version else "–"


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality_code", "cvr", "email", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality_code", "cvr"]


class LawAreaInline(admin.TabularInline):
    model = LawArea
    extra = 0
    fields = ["name", "paragraph", "follow_up", "catch_all", "required_documents"]


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "single_item", "position"]
    inlines = [LawAreaInline]


@admin.register(DocumentCategory)
class DocumentCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
