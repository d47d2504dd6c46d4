"""Danmarks Adresser's web API, DAWA (KP_ADDRESS=dawa; ADDRESS_DAWA_URL, default https://api.dataforsyningen.dk):

    GET {url}/adresser?q={text}&struktur=mini&per_side={n}
        → [{"betegnelse": "Skovvej 4, 8800 Viborg", "x": 9.38974, "y": 56.45512, ...}, ...]

x and y are longitude and latitude (WGS84, the API's default srid 4326). No answer within
ADDRESS_TIMEOUT_SECONDS, a failed connection, an answer other than 200 or one the client cannot read raises
AddressServiceUnavailable; the person then types the address.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

import requests
from django.conf import settings

from klageportal.registers.addresses import registry
from klageportal.registers.addresses.interfaces import AddressRecord, AddressServiceUnavailable


@registry.register("dawa")
class DawaAddressService:
    def search(self, query: str, *, limit: int) -> list[AddressRecord]:
        base = settings.ADDRESS_DAWA_URL.rstrip("/")
        try:
            response = requests.get(
                f"{base}/adresser",
                params={"q": query, "struktur": "mini", "per_side": str(limit)},
                headers={"Accept": "application/json"},
                timeout=settings.ADDRESS_TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            raise AddressServiceUnavailable(f"DAWA request failed: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise AddressServiceUnavailable(f"DAWA answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            raise AddressServiceUnavailable("DAWA answered with something other than JSON") from None
        if not isinstance(data, list):
            raise AddressServiceUnavailable("DAWA's answer is not a list")
        return [_record(item) for item in data[:limit]]


def _record(item: Any) -> AddressRecord:
    if not isinstance(item, dict):
        raise AddressServiceUnavailable("an address in DAWA's answer is not an object")
    text = item.get("betegnelse")
    if not isinstance(text, str) or not text.strip():
        raise AddressServiceUnavailable("an address in DAWA's answer has no text")
    try:
        lon, lat = Decimal(str(item["x"])), Decimal(str(item["y"]))
    except (KeyError, InvalidOperation):
        raise AddressServiceUnavailable("an address in DAWA's answer has no usable point") from None
    if not (lon.is_finite() and lat.is_finite()):
        raise AddressServiceUnavailable("an address in DAWA's answer has no usable point")
    return AddressRecord(
        text=text.strip(), lat=lat.quantize(Decimal("0.000001")), lon=lon.quantize(Decimal("0.000001"))
    )
