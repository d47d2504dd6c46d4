"""Keep CPR numbers out of the logs (X-4)."""

import logging

from klageportal.core.masking import mask_cpr_in_text


class MaskCprFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_cpr_in_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
