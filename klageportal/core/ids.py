"""Ids and indexes that arrive as text (a button's value, a row in a JSON answer) are read here, bounded."""

MAX_ID = 2**63 - 1
"""The largest id a database column holds (a signed 64-bit integer)."""


def as_id(value: object) -> int | None:
    """The number in ASCII digits, if it fits a database id; None for anything else ("", "²", "9" * 400)."""
    text = str(value if value is not None else "")
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if number <= MAX_ID else None
