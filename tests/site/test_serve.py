"""`manage.py serve` (what `make run` starts) points links in e-mails and payment addresses at its own port."""

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
