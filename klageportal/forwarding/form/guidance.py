"""Deadlines shown on page 4 as guidance (AS-32, AS-33): computed from the answers, never a block."""

from dataclasses import asdict, dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klageportal.cases import deadlines
from klageportal.catalog.models import Authority
from klageportal.forwarding.constants import DecisionChannel, Outcome, YesNo
from klageportal.forwarding.form.forms import partly_upheld_reply_late

INFO, WARNING = "info", "warning"


@dataclass(frozen=True)
class Guidance:
    key: str
    level: str
    text: str

    def as_json(self) -> dict:
        return asdict(self)


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def computed_complaint_deadline(answers: dict, *, authority: Authority | None) -> date | None:
    """The last day to complain: 4 weeks from when the decision counts as received (SPEC §12).

    The one rule for page 4, the summary and the receipt: a letter counts as received the authority's
    configured number of days after its date, so the authority is always asked for. None when the dates
    give no deadline, also when it would fall beyond the calendar (a date typed in the year 9999)."""
    try:
        return _complaint_deadline(answers, authority=authority)
    except deadlines.DateOutOfRange:
        return None


def _complaint_deadline(answers: dict, *, authority: Authority | None) -> date | None:
    decided = _date(answers.get("decision_date"))
    method = answers.get("decision_channel")
    if decided is None or method not in DecisionChannel.values:
        return None
    letter_days = authority.letter_receipt_days if authority is not None else 0
    received = deadlines.received_on(decided, method=method, letter_days=letter_days)
    return deadlines.complaint_deadline(received)


def page4_guidance(answers: dict, *, authority: Authority | None, today: date | None = None) -> list[Guidance]:
    """What page 4 shows beside the caseworker's answers: the deadlines and where they disagree."""
    try:
        return _page4_guidance(answers, authority=authority, today=today or timezone.localdate())
    except deadlines.DateOutOfRange:
        return [
            Guidance(
                "out_of_range",
                WARNING,
                _("Fristerne kan ikke beregnes ud fra de oplyste datoer. Kontrollér datoerne."),
            )
        ]


def _page4_guidance(answers: dict, *, authority: Authority | None, today: date) -> list[Guidance]:
    result: list[Guidance] = []
    deadline = _complaint_deadline(answers, authority=authority)
    complained = _date(answers.get("complaint_date"))
    exceeded = answers.get("deadline_exceeded")
    if deadline:
        result.append(
            Guidance(
                "complaint_deadline",
                INFO,
                (
                    _(
                        "Klagefristen er 4 uger fra, at borgeren fik afgørelsen. Efter de oplyste datoer udløb "
                        "klagefristen den %(day)s kl. 23.59."
                    )
                    if deadline < today
                    else _(
                        "Klagefristen er 4 uger fra, at borgeren fik afgørelsen. Efter de oplyste datoer udløber "
                        "klagefristen den %(day)s kl. 23.59."
                    )
                )
                % {"day": day(deadline)},
            )
        )
        if complained:
            late = complained > deadline
            if late and exceeded == YesNo.NO:
                result.append(
                    Guidance(
                        "disagree",
                        WARNING,
                        _(
                            "Efter datoerne er klagen modtaget efter klagefristen, men kommunen har svaret, at "
                            "fristen ikke er overskredet. Kontrollér datoerne og svaret. Ankestyrelsen afgør, om "
                            "der er klaget rettidigt."
                        ),
                    )
                )
            elif not late and exceeded == YesNo.YES:
                result.append(
                    Guidance(
                        "disagree",
                        WARNING,
                        _(
                            "Efter datoerne er klagen modtaget inden for klagefristen, men kommunen har svaret, at "
                            "fristen er overskredet. Kontrollér datoerne og svaret. Ankestyrelsen afgør, om der er "
                            "klaget rettidigt."
                        ),
                    )
                )
    if exceeded != YesNo.NO:
        return result
    outcome = answers.get("outcome")
    if outcome == Outcome.MAINTAINED and complained:
        due = deadlines.reassessment_deadline(complained)
        reassessed = _date(answers.get("reassessment_date"))
        result.append(
            Guidance(
                "reassessment_deadline",
                INFO,
                _(
                    "Genvurderingen skal ske inden 4 uger efter, at kommunen har modtaget klagen, dog straks, hvis "
                    "klagen haster: senest den %(day)s."
                )
                % {"day": day(due)},
            )
        )
        if (reassessed and reassessed > due) or (not reassessed and deadlines.deadline_passed(due)):
            result.append(Guidance("reassessment_late", WARNING, _("Fristen for genvurderingen er overskredet.")))
    if outcome == Outcome.PARTLY_UPHELD:
        new_decision, maintained = _date(answers.get("new_decision_date")), _date(answers.get("maintained_date"))
        if partly_upheld_reply_late(new_decision, maintained):
            result.append(
                Guidance(
                    "reply_late",
                    WARNING,
                    _("Klageren har meddelt, at klagen fastholdes, mere end 4 uger efter den nye afgørelse."),
                )
            )
        if maintained:
            due = deadlines.forwarding_deadline_after_partial_upheld(maintained)
            result.append(
                Guidance(
                    "forwarding_deadline",
                    INFO,
                    _(
                        "Sagen skal sendes til Ankestyrelsen inden 14 dage efter, at klageren har fastholdt klagen: "
                        "senest den %(day)s."
                    )
                    % {"day": day(due)},
                )
            )
            if due < today:
                result.append(
                    Guidance(
                        "forwarding_late",
                        WARNING,
                        _("Fristen for at sende sagen til Ankestyrelsen er overskredet (%(day)s).") % {"day": day(due)},
                    )
                )
    return result
