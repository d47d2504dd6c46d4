from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from klageportal.registers.models import RegisterLookup

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[RegisterLookup]
else:
    _ModelAdmin = admin.ModelAdmin


@admin.register(RegisterLookup)
class RegisterLookupAdmin(_ModelAdmin):
    """The audit is read, never written, in the admin."""

    list_display = ("at", "user", "organisation", "kind", "number", "result")
    list_filter = ("kind", "result")
    search_fields = ("number", "user__full_name", "organisation")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: RegisterLookup | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RegisterLookup | None = None) -> bool:
        return False
