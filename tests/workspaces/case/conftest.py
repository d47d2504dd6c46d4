"""The case-domain fixtures (people for every role, `make_case`) serve the case pages' tests too."""

from tests.cases.conftest import (  # noqa: F401 (fixtures)
    board,
    caseworker,
    complaint_type,
    employee,
    employee_with_right,
    fi_staff,
    make_case,
    other_authority,
    other_caseworker,
    other_company_signer,
    other_fi_staff,
    signer,
)
