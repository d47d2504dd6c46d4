"""Forms of the case's pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from klageportal.catalog.models import DocumentCategory
from klageportal.core.forms import DkfdsForm
from klageportal.documents.selectors import label_choices


class DocumentLabelsForm(DkfdsForm):
    """The categories of one document, a group of checkboxes (upload form and the pencil's page alike)."""

    categories = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Kategorier"),
        queryset=DocumentCategory.objects.none(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple(attrs={"columns": True}),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Vælg kategorier fra listen.")},
    )

    def __init__(self, *args: Any, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = label_choices()
        field.help_text = hint
