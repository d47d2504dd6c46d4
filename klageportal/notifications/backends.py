"""E-mail backends of the embedded default."""

from django.core.mail.backends.base import BaseEmailBackend


class CatcherBackend(BaseEmailBackend):
    """Keep e-mails in the database instead of sending them, like a local mail catcher."""

    def send_messages(self, email_messages):
        from klageportal.notifications.models import CaughtEmail

        for message in email_messages:
            CaughtEmail.objects.create(
                to=", ".join(message.to),
                from_email=message.from_email,
                subject=message.subject,
                body=message.body,
            )
        return len(email_messages)


class FailingBackend(BaseEmailBackend):
    """Refuse every e-mail, as an SMTP server that is down would; for tests and drills."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server refused the connection")
