"""Keep CPR numbers out of the logs (X-4), in messages and in tracebacks alike; JSON lines with the request's id."""

import json
import logging
import re
from contextvars import ContextVar
from datetime import UTC, datetime

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
    """Mask the whole formatted record, so exception texts and tracebacks are covered too; a line written while a
    request is answered ends with its id (`request_id=…`), as in the JSON lines."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id:
            first, newline, rest = line.partition("\n")
            line = f"{first} request_id={request_id}{newline}{rest}"
        return mask_cpr_in_text(line)


SECRET_PATHS = [re.compile(r"^(/betal/)[^/]+")]
"""Paths that hold a secret (a payment link's token)."""


def path_for_log(path: str) -> str:
    """A request's path as logs may show it: a secret in it is replaced by "..." (the query string is never
    logged)."""
    for pattern in SECRET_PATHS:
        path = pattern.sub(r"\1...", path)
    return path


REQUEST_ID: ContextVar[str | None] = ContextVar("kp_request_id", default=None)
"""The id of the request being answered (klageportal.core.middleware.RequestIdMiddleware); None outside one."""


class RequestIdFilter(logging.Filter):
    """Give every record the id of the request it was written in (`request_id`, None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


TASK_ID: ContextVar[str | None] = ContextVar("kp_task_id", default=None)
"""The id of the Celery task being run (klageportal.celery sets it around each task); None outside one."""


class TaskIdFilter(logging.Filter):
    """Give every record the id of the Celery task it was written in (`task_id`, None outside a task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "task_id", None) is None:
            record.task_id = TASK_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request_id, in a task its task_id and, if any, the
    exception's text.

    The message and the exception are masked before they are encoded (an escape such as \\n must not hide a
    number from the mask), and the whole line once more after.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_cpr_in_text(record.getMessage()),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get(),
        }
        task_id = getattr(record, "task_id", None) or TASK_ID.get()
        if task_id:
            entry["task_id"] = task_id
        if record.exc_info:
            record.exc_text = record.exc_text or self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = mask_cpr_in_text(record.exc_text)
        if record.stack_info:
            entry["stack"] = mask_cpr_in_text(self.formatStack(record.stack_info))
        return mask_cpr_in_text(json.dumps(entry, ensure_ascii=False, default=str))
