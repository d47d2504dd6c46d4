"""The steps of the complaint filing flow, in order: the one table that views, services and templates read
(KP-1..5). A step's value is its slug in the page address; its label is its title."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from klageportal.payments.fees import fee_rule

if TYPE_CHECKING:
    from klageportal.filing.models import FilingDraft


class Step(models.TextChoices):
    CAPACITY = "klager", _("Klagen")
    CONTACT = "kontakt", _("Klagers kontaktoplysninger")
    COMPLAINANTS = "klagere", _("Klagere")
    DECISION = "afgoerelse", _("Afgørelsen")
    DOCUMENTS = "dokumenter", _("Dokumenter")
    SUMMARY = "opsummering", _("Opsummering")
    PAYMENT = "betaling", _("Betaling")


def _always(draft: "FilingDraft") -> bool:
    return True


def _when_representing_others(draft: "FilingDraft") -> bool:
    """Only someone who complains for persons or companies names them; an association is its own complainant,
    and a municipality filing for an exempt citizen names the citizen on the first step (KP-3)."""
    return draft.represents_others


def _when_fee_due_at_filing(draft: "FilingDraft") -> bool:
    """The fee is paid in the flow, after "Indsend", when the complaint type asks for it at filing (PAY-6)."""
    case = getattr(draft, "case", None)
    return case is not None and fee_rule(case.type_version).asked_at_filing


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One row of the table: the step (its slug and title), its page's template, and when it applies."""

    step: Step
    template: str
    applies: Callable[["FilingDraft"], bool] = _always
    """Whether the step is part of the flow for the capacity chosen in the draft."""


# A municipality filing for an exempt citizen (KP-2, KP-3) goes through the same table: the first step names
# the citizen ("Repræsenterer") and the exemption, the contact step is the citizen's, there is no step for the
# filer, and the payment step lets a relative pay by link (PAY-3).
STEPS: tuple[StepSpec, ...] = (
    StepSpec(Step.CAPACITY, "filing/step_form.html"),
    StepSpec(Step.CONTACT, "filing/step_form.html"),
    StepSpec(Step.COMPLAINANTS, "filing/step_complainants.html", applies=_when_representing_others),
    StepSpec(Step.DECISION, "filing/step_form.html"),
    StepSpec(Step.DOCUMENTS, "filing/step_documents.html"),
    StepSpec(Step.SUMMARY, "filing/step_summary.html"),
    StepSpec(Step.PAYMENT, "filing/step_payment.html", applies=_when_fee_due_at_filing),
)
"""Every step, in the order of the flow."""

FIRST_STEP = STEPS[0].step

_BY_STEP = {spec.step: spec for spec in STEPS}


def step_spec(step: Step) -> StepSpec:
    return _BY_STEP[step]


def step_title(draft: "FilingDraft", step: Step) -> str | Promise:
    """The step's title for this draft: the contact details are the filer's own when they represent others."""
    if step == Step.CONTACT and draft.represents_others:
        return _("Dine kontaktoplysninger")
    return step.label


def steps_for(draft: "FilingDraft") -> list[Step]:
    """The steps of this draft's flow, in order."""
    return [spec.step for spec in STEPS if spec.applies(draft)]


def step_from_slug(draft: "FilingDraft", slug: str) -> Step | None:
    """The step a page address names, if it is part of this draft's flow."""
    return next((step for step in steps_for(draft) if step == slug), None)


def step_after(draft: "FilingDraft", step: Step) -> Step:
    """The step that follows in this draft's flow; the last step is followed by itself."""
    steps = steps_for(draft)
    later = [s for s in steps if _index(s) > _index(step)]
    return later[0] if later else steps[-1]


def step_before(draft: "FilingDraft", step: Step) -> Step | None:
    """The step that comes before in this draft's flow; None for the first."""
    earlier = [s for s in steps_for(draft) if _index(s) < _index(step)]
    return earlier[-1] if earlier else None


def _index(step: Step) -> int:
    return STEPS.index(_BY_STEP[step])
