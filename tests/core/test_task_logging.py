"""Worker logs go through LOGGING: a line written in a Celery task carries the task's id."""

import json
import logging

from klageportal.celery import app
from klageportal.core.logging import JsonFormatter, TaskIdFilter


def _line(records: list[logging.LogRecord]) -> dict:
    return json.loads(JsonFormatter().format(records[-1]))


def test_a_log_line_written_in_a_task_has_the_tasks_id_and_one_outside_has_none(settings):
    assert app.conf.worker_hijack_root_logger is False
    assert app.conf.task_reject_on_worker_lost is True
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger("klageportal.tests.task_logging")
    handler = Keep()
    handler.addFilter(TaskIdFilter())
    logger.addHandler(handler)
    try:

        @app.task(name="tests.task_logging.log_something")
        def log_something():
            logger.warning("in a task")

        log_something.apply(task_id="task-42")
        assert _line(records)["task_id"] == "task-42"
        logger.warning("outside")
        assert "task_id" not in _line(records)
    finally:
        logger.removeHandler(handler)
