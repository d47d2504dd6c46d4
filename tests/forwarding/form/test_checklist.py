"""The checklist "Nødvendige akter" (AS-40): from the chosen areas and the answers."""

import pytest

from klageportal.forwarding.form.checklist import checklist_items, missing_items
from tests.forwarding.conftest import area, complete_answers

pytestmark = pytest.mark.django_db

BASIC = ["afgoerelse", "klage", "genvurdering", "journalnotater", "partshoering", "korrespondance"]


def _keys(answers) -> list[str]:
    return [item.key for item in checklist_items(answers)]


def _labels(answers) -> list[str]:
    return [item.label for item in checklist_items(answers)]


def test_the_basic_documents_and_the_areas_own(catalogue):
    """AS-40: decision, complaint, reassessment, journal notes, hearing, correspondence, area documents."""
    keys = _keys(complete_answers())
    assert keys[:6] == BASIC
    assert _labels(complete_answers())[6:8] == ["Lægelige oplysninger", "Tilbud eller prisoverslag på hjælpemidlet"]
    assert keys[-1] == "andre-akter"


def test_two_areas_share_a_document_once(catalogue):
    p112, p116 = area("serviceloven", "Hjælpemidler"), area("serviceloven", "Boligindretning")
    answers = complete_answers(p3={"areas": [{"law": str(a.law_id), "area": str(a.pk)} for a in (p112, p116)]})
    labels = _labels(answers)
    assert labels.count("Lægelige oplysninger") == 1
    assert "Tegninger og tilbud på boligændringen" in labels


def test_deadline_exceeded_drops_the_reassessment_and_asks_for_proof(catalogue):
    """AS-32, AS-40: no reassessment; proof of the receipt date; a delivery log for a digital decision."""
    answers = complete_answers()
    answers["4"] = {**answers["4"], "deadline_exceeded": "ja"}
    keys = _keys(answers)
    assert "genvurdering" not in keys
    assert {"dokumentation-modtagelse", "forsendelseslog"} <= set(keys)
    answers["4"]["decision_channel"] = "letter"
    assert "forsendelseslog" not in _keys(answers)
    assert "dokumentation-modtagelse" in _keys(answers)


def test_oral_decision_and_oral_complaint_need_journal_notes(catalogue):
    answers = complete_answers()
    answers["4"] = {**answers["4"], "decision_channel": "oral", "complaint_channel": "oral"}
    assert {"journalnotat-mundtlig-afgoerelse", "journalnotat-mundtlig-klage"} <= set(_keys(answers))
    assert not {"journalnotat-mundtlig-afgoerelse", "journalnotat-mundtlig-klage"} & set(_keys(complete_answers()))


def test_power_of_attorney_when_a_representative_has_one(catalogue):
    """AS-25: "Ja" to fuldmagt puts the power of attorney on the list; a standing one does not."""
    rep = {"role": "partsrepraesentant", "name": "Lind", "power_of_attorney": "ja"}
    answers = complete_answers()
    answers["2"] = {**answers["2"], "has_parties": "on", "parties": [rep]}
    assert "fuldmagt" in _keys(answers)
    answers["2"]["parties"] = [{**rep, "power_of_attorney": "nej", "standing_power": "on"}]
    assert "fuldmagt" not in _keys(answers)
    answers["2"] = {**answers["2"], "has_parties": "", "parties": [rep]}
    assert "fuldmagt" not in _keys(answers)


def test_partly_upheld_asks_for_the_new_decision_and_the_reply(catalogue):
    answers = complete_answers()
    answers["4"] = {**answers["4"], "outcome": "delvis"}
    assert {"ny-afgoerelse", "fastholdelse"} <= set(_keys(answers))


def test_what_is_missing(catalogue):
    items = checklist_items(complete_answers())
    missing = missing_items(items, {"afgoerelse", "klage", "andre-akter"})
    assert [item.key for item in missing][:4] == ["genvurdering", "journalnotater", "partshoering", "korrespondance"]
    assert all(item.required for item in missing)
    assert "andre-akter" not in [item.key for item in missing_items(items, set())]


def test_the_list_is_frozen_once_sent(catalogue):
    answers = complete_answers()
    answers["6"] = {"checklist": [{"key": "afgoerelse", "label": "Kommunens afgørelse", "hint": "", "required": True}]}
    assert _keys(answers) == ["afgoerelse"]
