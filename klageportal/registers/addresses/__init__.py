"""Address search behind one interface; the service is chosen by setting (KP-4: the place a complaint is about).

Embedded default: `local`, a small built-in list of addresses in the demo municipalities that needs no other
server (ADDRESS_LOCAL_UNAVAILABLE=1 makes it fail, to try the path for a service that does not answer).
Production: `dawa`, Danmarks Adresser's web API (ADDRESS_DAWA_URL, https://api.dataforsyningen.dk). Each is
a folder under `contrib/` whose `address.py` registers a class implementing `interfaces.AddressService`.
"""

import logging

from django.conf import settings

from klageportal.core.plugins import Registry
from klageportal.registers.addresses.interfaces import AddressRecord, AddressService, AddressServiceUnavailable

__all__ = ["AddressRecord", "AddressService", "AddressServiceUnavailable", "address_search", "registry"]

logger = logging.getLogger(__name__)

registry = Registry[AddressService](
    "address service", package="klageportal.registers.addresses.contrib", module="address", setting="KP_ADDRESS"
)

MIN_QUERY = 3
"""Fewer letters than this find too much to be of use; the search is not sent."""


def address_search(query: str, *, limit: int = 8) -> list[AddressRecord]:
    """Addresses matching the typed text, best first; [] for a text too short to search for."""
    query = " ".join((query or "").split())
    if len(query) < MIN_QUERY or limit < 1:
        return []
    try:
        found = registry.get(settings.ADDRESS_BACKEND)().search(query[:200], limit=limit)
    except AddressServiceUnavailable:
        logger.warning("address service %s unavailable", settings.ADDRESS_BACKEND)
        raise
    return found[:limit]
