"""CPR numbers are shown masked except where the work needs them (X-4)."""

import re

CPR_PATTERN = re.compile(r"(?<!\d)(\d{6})[- ]?(\d{4})(?!\d)")


def mask_cpr(cpr: str) -> str:
    """Return "DDMMYY-xxxx" for a CPR number, or "" when there is none."""
    digits = re.sub(r"\D", "", cpr or "")
    if len(digits) != 10:
        return "" if not digits else "******-****"
    return f"{digits[:6]}-xxxx"


def mask_cpr_in_text(text: str) -> str:
    """Mask every CPR-like number inside free text (journal numbers, log lines)."""
    return CPR_PATTERN.sub(lambda m: f"{m.group(1)}-xxxx", text)
