"""`manage.py serve` (what `make run` starts) points links in e-mails and payment addresses at its own port."""

import threading

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command


@pytest.fixture
def served(monkeypatch, settings):
    """Run the command without serving: record the base address the server would have used."""
    import waitress

    seen: dict[str, object] = {}

    def fake_serve(application, **options):
        seen.update(options, base_url=django_settings.PORTAL_BASE_URL)

    monkeypatch.setattr(waitress, "serve", fake_serve)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # no scheduler thread
    settings.PORTAL_BASE_URL = django_settings.PORTAL_BASE_URL  # what the command sets is undone afterwards
    return seen


def test_serving_on_another_port_puts_that_port_in_e_mail_links(served, monkeypatch):
    monkeypatch.delenv("KP_BASE_URL", raising=False)

    call_command("serve", "--port", "8101")

    assert served["port"] == 8101
    assert served["base_url"] == "http://127.0.0.1:8101"


def test_a_configured_base_address_is_kept_whatever_the_port(served, monkeypatch, settings):
    monkeypatch.setenv("KP_BASE_URL", "https://klageportal.example")
    settings.PORTAL_BASE_URL = "https://klageportal.example"

    call_command("serve", "--port", "8101")

    assert served["base_url"] == "https://klageportal.example"


def test_e_mails_written_while_serving_link_to_the_served_port(served, monkeypatch, db):
    from klageportal.notifications.services import email_queue

    monkeypatch.delenv("KP_BASE_URL", raising=False)
    call_command("serve", "--port", "8101")

    email = email_queue(
        to="klager@example.org",
        reason="test",
        subject="Godkend klagen",
        template="notifications/email/news.txt",
        context={"case_number": "K-1", "link": "/mine-klager/"},
    )

    assert "http://127.0.0.1:8101/mine-klager/" in email.body
    assert ":8000" not in email.body


# --- The in-process scheduler: interval entries and the daily digest's time of day ------------------------

RUNS: list[str] = []


def _task_that_stops() -> None:
    """A scheduled task for the tests below: records its run and stops the scheduler."""
    RUNS.append("ran")
    STOP.set()


STOP = threading.Event()


def test_the_daily_entry_is_due_next_at_its_time_of_day_in_copenhagen():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from celery.schedules import crontab

    from klageportal.site.management.commands.serve import next_daily_run

    cph = ZoneInfo("Europe/Copenhagen")
    six = crontab(hour=6, minute=0)

    assert next_daily_run(six, datetime(2026, 12, 4, 5, 59, tzinfo=cph)) == datetime(2026, 12, 4, 6, 0, tzinfo=cph)
    assert next_daily_run(six, datetime(2026, 12, 4, 6, 0, tzinfo=cph)) == datetime(2026, 12, 5, 6, 0, tzinfo=cph)
    # The night summer time begins: still six o'clock on the wall.
    assert next_daily_run(six, datetime(2026, 3, 28, 23, 0, tzinfo=cph)) == datetime(2026, 3, 29, 6, 0, tzinfo=cph)


def test_the_digest_is_scheduled_daily_at_the_configured_time(settings):
    from celery.schedules import crontab

    entry = django_settings.CELERY_BEAT_SCHEDULE["digest-send-daily"]

    assert entry["task"] == "klageportal.casework.digest_tasks.digest_send_daily"
    assert isinstance(entry["schedule"], crontab)
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})


def test_the_scheduler_starts_a_daily_thread_for_a_crontab_entry_and_runs_it_when_due(monkeypatch):
    from datetime import timedelta

    from celery.schedules import crontab
    from django.utils import timezone

    from klageportal.site.management.commands import serve

    monkeypatch.setattr(serve, "next_daily_run", lambda schedule, now: timezone.now() - timedelta(seconds=1))
    STOP.clear()
    RUNS.clear()
    threads = serve.scheduler_threads(
        STOP,
        {
            "daily": {"task": f"{__name__}._task_that_stops", "schedule": crontab(hour=6, minute=0)},
            "often": {"task": f"{__name__}._task_that_stops", "schedule": timedelta(hours=1)},
        },
    )
    assert [thread._target for thread in threads] == [serve._run_daily, serve._run_scheduler]  # type: ignore[attr-defined]

    threads[0].start()
    threads[0].join(timeout=10)

    assert not threads[0].is_alive()
    assert RUNS == ["ran"]


def test_serve_starts_the_daily_scheduler_in_the_embedded_default(served, settings, monkeypatch):
    from klageportal.site.management.commands import serve

    started: list[str] = []
    monkeypatch.setattr(threading.Thread, "start", lambda thread: started.append(thread._target.__name__))
    settings.CELERY_TASK_ALWAYS_EAGER = True

    call_command("serve", "--port", "8101")

    assert started.count(serve._run_daily.__name__) == 1
    assert started.count(serve._run_scheduler.__name__) == len(django_settings.CELERY_BEAT_SCHEDULE) - 1
