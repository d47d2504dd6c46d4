"""People and cases for the case-domain tests: one authority, one board, and someone for every role."""

import pytest
from django.utils import timezone

from klageportal.cases.models import Case, PartyKind, PartyRole, Status
from klageportal.cases.workflow import CLOSED, FORWARDED
from klageportal.identity.models import Right
from tests.factories import (
    AuthorityFactory,
    AuthorityUserFactory,
    BoardFactory,
    BodyStaffFactory,
    CaseFactory,
    CompanyUserFactory,
    ComplaintTypeFactory,
    PartyFactory,
)

COMPANY_CVR = "37042374"
OTHER_CVR = "29876541"

SUBMITTED = {
    Status.INDSENDT,
    Status.GENOPTAGET,
    Status.VIDERESENDT,
    Status.UNDER_BEHANDLING,
    Status.AFVENTER_NAEVN,
    Status.AFGJORT,
    Status.AFVIST,
    Status.AFSLUTTET,
}


@pytest.fixture
def complaint_type(db):
    return ComplaintTypeFactory()


@pytest.fixture
def board(complaint_type):
    return complaint_type.board


@pytest.fixture
def other_authority(db):
    return AuthorityFactory()


@pytest.fixture
def signer(db):
    """An employee of the complaining company with signing authority (tegningsret)."""
    return CompanyUserFactory(cvr=COMPANY_CVR, full_name="Lars Tegningsberettiget")


@pytest.fixture
def employee(db):
    """An employee of the complaining company without signing authority."""
    return CompanyUserFactory(cvr=COMPANY_CVR, full_name="Sofie Medarbejder", rights=[])


@pytest.fixture
def employee_with_right(db):
    """An employee of the complaining company without signing authority, given the complaint-cases right."""
    return CompanyUserFactory(cvr=COMPANY_CVR, full_name="Mads Klagesager", rights=[Right.COMPLAINT_CASES.value])


@pytest.fixture
def other_company_signer(db):
    return CompanyUserFactory(
        cvr=OTHER_CVR, full_name="Anden Virksomhed", organisation_name="Anden ApS", rights=[Right.SIGNING.value]
    )


@pytest.fixture
def fi_staff(authority):
    """A caseworker at the authority whose decision is appealed."""
    return AuthorityUserFactory(authority=authority, full_name="Birgitte Kommune")


@pytest.fixture
def other_fi_staff(other_authority):
    return AuthorityUserFactory(authority=other_authority, full_name="Anders Nabokommune")


@pytest.fixture
def caseworker(board):
    """A caseworker of the board the complaints go to."""
    return BodyStaffFactory(boards=[board], full_name="Maja Nævn")


@pytest.fixture
def other_caseworker(db):
    return BodyStaffFactory(boards=[BoardFactory()], full_name="Niels Andet Nævn")


@pytest.fixture
def make_case(complaint_type, authority, filer, complainant):
    """Build a case in a status, filed by a representative for a citizen (by CPR) and a company (by CVR)."""

    def make(status: Status = Status.KLADDE, **fields) -> Case:
        now = timezone.now()
        fields.setdefault("submitted_at", now if status in SUBMITTED else None)
        fields.setdefault("forwarded_at", now if status in FORWARDED else None)
        fields.setdefault("closed_at", now if status in CLOSED else None)
        case = CaseFactory(
            status=status,
            complaint_type=complaint_type,
            authority=authority,
            created_by=filer,
            filer__role=PartyRole.REPRESENTATIVE,
            **fields,
        )
        PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.PERSON, cpr=complainant.cpr, name="Karla")
        PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.COMPANY, cvr=COMPANY_CVR, name="Firma")
        return case

    return make
