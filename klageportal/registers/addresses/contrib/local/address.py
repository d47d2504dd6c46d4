"""The embedded address service: a few fictitious-use addresses in the demo municipalities (Viborg, Aarhus,
København), with points near the real streets; no other server needed."""

from decimal import Decimal

from django.conf import settings

from klageportal.registers.addresses import registry
from klageportal.registers.addresses.interfaces import AddressRecord, AddressServiceUnavailable

ADDRESSES = [
    ("Skovvej 4, 8800 Viborg", "56.455120", "9.389740"),
    ("Skovvej 12, 8800 Viborg", "56.455860", "9.388410"),
    ("Industrivej 14, 8800 Viborg", "56.438210", "9.420630"),
    ("Sankt Mathias Gade 5, 8800 Viborg", "56.450720", "9.404020"),
    ("Prinsens Allé 5, 8800 Viborg", "56.448930", "9.401590"),
    ("Gl. Skivevej 8, 8800 Viborg", "56.457920", "9.380120"),
    ("Havnegade 1, 8000 Aarhus C", "56.155180", "10.213840"),
    ("Store Torv 5, 8000 Aarhus C", "56.156760", "10.210020"),
    ("Rådhuspladsen 2, 8000 Aarhus C", "56.152790", "10.203540"),
    ("Skovvej 4, 8240 Risskov", "56.190150", "10.224610"),
    ("Rådhuspladsen 1, 1550 København V", "55.675680", "12.569940"),
    ("Nørregade 10, 1165 København K", "55.680110", "12.571930"),
    ("Amagerbrogade 100, 2300 København S", "55.659870", "12.604140"),
    ("Skovvej 4, 2920 Charlottenlund", "55.752310", "12.583370"),
]


@registry.register("local")
class LocalAddressService:
    """Finds an address when every typed word begins a word of it ("skovvej 4 vib" finds Skovvej 4, Viborg)."""

    def search(self, query: str, *, limit: int) -> list[AddressRecord]:
        if settings.ADDRESS_LOCAL_UNAVAILABLE:
            raise AddressServiceUnavailable("the local address list is switched off (ADDRESS_LOCAL_UNAVAILABLE)")
        wanted = _words(query)
        found = [
            AddressRecord(text=text, lat=Decimal(lat), lon=Decimal(lon))
            for text, lat, lon in ADDRESSES
            if all(any(word.startswith(w) for word in _words(text)) for w in wanted)
        ]
        return found[:limit]


def _words(text: str) -> list[str]:
    return text.casefold().replace(",", " ").replace(".", " ").split()
