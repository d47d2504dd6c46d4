"""The answer to an upload, shared by every page that takes files."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def upload_response(request, results, *, redirect_url: str):
    """JSON for the page's uploader (one file per request, with progress); otherwise back to the page."""
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(
            {"files": [{"name": r.name, "ok": r.ok, "message": r.message, "code": r.code} for r in results]},
            status=200 if all(r.ok for r in results) else 422,
        )
    uploaded_announce(request, results)
    for result in results:
        if not result.ok:
            messages.error(request, f"{result.name}: {result.message}")
    return redirect(redirect_url)


def uploaded_announce(request, results) -> None:
    """A message for each file that was taken (the message tells a changed name)."""
    for result in results:
        if result.ok:
            uploaded = _("%(name)s er uploadet.") % {"name": result.name}
            messages.success(request, f"{uploaded} {result.message}".strip())
