"""The one upload form of the portal, fed by the limits in force where it is shown (DOC-2, DOC-4, AS-41)."""

from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat

from klageportal.documents import validation

register = template.Library()


@register.simple_tag
def upload_form_id(key: str = "") -> str:
    """The id of the upload form named `key` (none: the page's only one), for a button's `form` attribute."""
    return f"upload-form_{key}" if key else "upload-form"


@register.inclusion_tag("documents/_upload.html")
def upload_form(
    *,
    action: str,
    limits: validation.Limits | None = None,
    max_total_bytes: int | None = None,
    key: str = "",
    label: str = "",
    pdf_hint: bool = False,
    video_note: bool = True,
    of_acts: bool = False,
    assets: bool = True,
    errors: list[str] | None = None,
    labels: Any = None,
) -> dict[str, Any]:
    """Render the upload form posting to `action`, with complaint filing's limits unless others are given.

    `key` and `label` name one of several upload forms on a page (the checklist of the web appeal form);
    `pdf_hint` asks for one PDF with the youngest page first (AS-41); `video_note` says where video goes
    instead (DOC-1); `of_acts` calls the page's list of files "akter" (the web appeal form's word) in the
    progress messages;
    `assets=False` where the page loads the uploader's script and style itself (several forms on one page);
    `errors` are shown at the file field (files refused when the page's "Næste" sent them, DKFDS error state);
    `labels`, a form with a `categories` field, adds its checkbox group: the categories every chosen file gets (FI-3).

    The form's id is `form_id`: a page's own "Næste" button names it in its `form` attribute to send the files
    still chosen in the field with the step, also without JavaScript.
    """
    limits = limits or validation.filing_limits()
    suffix = f"_{key}" if key else ""
    return {
        "action": action,
        "form_id": upload_form_id(key),
        "field_id": f"id_files{suffix}",
        "errors": errors or [],
        "labels": labels,
        "label": label,
        "pdf_hint": pdf_hint,
        "video_note": video_note,
        "of_acts": of_acts,
        "assets": assets,
        "max_file": filesizeformat(limits.max_bytes),
        "max_name": limits.max_name_length,
        "max_total": filesizeformat(max_total_bytes) if max_total_bytes else "",
        "allowed": ", ".join(f".{extension}" for extension in validation.ALLOWED_EXTENSIONS),
        "accept": ",".join(f".{extension}" for extension in validation.ALLOWED_EXTENSIONS),
    }
