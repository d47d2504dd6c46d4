"""A client for a register service that answers JSON over HTTP (KP_REGISTER=http, KP_REGISTER_HTTP_URL).

    GET {url}/personer/{cpr}                → {"cpr", "name", "address", "postcode", "city"}; 404: not found
    GET {url}/virksomheder/{cvr}            → {"cvr", "name", "address", "postcode", "city"}; 404: not found
    GET {url}/virksomheder?q={text}&limit=n → a list of companies as above, best first

No answer within REGISTER_TIMEOUT_SECONDS, a failed connection, a 5xx or any other answer the client cannot
use raises RegisterUnavailable. The CPR number is part of the address it asks, so error texts are masked and
the underlying exception, which quotes the address, is not chained.
"""

from dataclasses import fields
from typing import Any, TypeVar

import requests
from django.conf import settings

from klageportal.core.masking import mask_cpr_in_text
from klageportal.registers import registry
from klageportal.registers.interfaces import CompanyRecord, PersonRecord, RegisterUnavailable

Record = TypeVar("Record", PersonRecord, CompanyRecord)


@registry.register("http")
class HttpRegister:
    def person(self, cpr: str) -> PersonRecord | None:
        data = self._get(f"personer/{cpr}")
        return None if data is None else _record(PersonRecord, data, key="cpr", number=cpr)

    def company(self, cvr: str) -> CompanyRecord | None:
        data = self._get(f"virksomheder/{cvr}")
        return None if data is None else _record(CompanyRecord, data, key="cvr", number=cvr)

    def search_companies(self, query: str, *, limit: int) -> list[CompanyRecord]:
        data = self._get("virksomheder", params={"q": query, "limit": limit})
        if not isinstance(data, list):
            raise RegisterUnavailable("the register's company search did not answer with a list")
        return [_record(CompanyRecord, item, key="cvr") for item in data[:limit]]

    def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """Return the decoded JSON answer, or None for 404."""
        base = settings.REGISTER_HTTP_URL.rstrip("/")
        if not base:
            raise RegisterUnavailable("REGISTER_HTTP_URL is not set")
        try:
            response = requests.get(
                f"{base}/{path}",
                params=params,
                headers={"Accept": "application/json"},
                timeout=settings.REGISTER_TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            raise RegisterUnavailable(mask_cpr_in_text(f"register request failed: {exc}")) from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise RegisterUnavailable(f"register answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise RegisterUnavailable("register answered with something other than JSON") from None


def _record(cls: type[Record], data: Any, *, key: str, number: str = "") -> Record:
    """Build a record from the answer, refusing one that lacks a name or is about another number."""
    if not isinstance(data, dict):
        raise RegisterUnavailable("the register's answer is not an object")
    values = {}
    for field in fields(cls):
        value = data.get(field.name, "")
        if value is None:
            value = ""
        if not isinstance(value, str | int):
            raise RegisterUnavailable(f"the register's answer has an unusable {field.name}")
        values[field.name] = str(value).strip()
    answered = values[key].replace("-", "")
    if number and answered and answered != number:
        raise RegisterUnavailable(f"the register answered about another {key.upper()} number")
    values[key] = number or answered
    if not values[key] or not values["name"]:
        raise RegisterUnavailable("the register's answer lacks a number or a name")
    return cls(**values)
