"""Keep CPR numbers out of the logs (X-4), in messages and in tracebacks alike."""

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


class MaskCprFormatter(logging.Formatter):
    """Mask the whole formatted record, so exception texts and tracebacks are covered too."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_cpr_in_text(super().format(record))
