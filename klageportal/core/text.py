"""Text as typed, made storable: PostgreSQL keeps no NUL character in text or JSON, SQLite does."""

from typing import Any


def without_nul(value: Any) -> Any:
    """The value with every NUL character removed from its strings, inside dicts and lists too."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_nul(item) for item in value]
    return value
