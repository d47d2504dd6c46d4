"""A step's fields as typed but not yet sent with "Næste" (autosaved, or posted after the session ran out):
shown as the step's form, exactly as typed, until the step is sent. Generic over a step's form fields: what
is kept is the posted field data, whatever the form, and the form reads it back as it reads a post."""

from django.forms import Form
from django.forms.utils import ErrorDict
from django.http import QueryDict


def as_data(fields: list[list[str]]) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in fields:
        data.appendlist(name, value)
    data._mutable = False
    return data


def show_typed(form: Form, fields: list[list[str]]) -> Form:
    """The unbound form shows the typed values instead of the saved ones, without any messages: nothing has been
    sent yet, so nothing is judged (the messages come when the person presses "Næste")."""
    form.data = as_data(fields)
    form.is_bound = True
    setattr(form, "_errors", ErrorDict())  # noqa: B010 (Django's own slot for the judged messages)
    return form
