"""Following a case (FI-9): a staff member's own list of cases whose news goes into their daily digest, and the
address that digest goes to. Following is personal: it writes no line in the case's history."""

from django.db import transaction

from klageportal.cases import policies
from klageportal.cases.models import Case, Follow
from klageportal.identity.models import User


def case_follow(*, case: Case, by: User) -> Follow:
    """Follow the case; following it again changes nothing."""
    policies.require(policies.can_follow_case(by, case))
    with transaction.atomic():
        follow, _created = Follow.objects.get_or_create(user=by, case=case)
    return follow


def case_unfollow(*, case: Case, by: User) -> None:
    """Stop following the case (also when the person may no longer see it)."""
    Follow.objects.filter(user=by, case=case).delete()


def is_following(*, case: Case, user: User) -> bool:
    return Follow.objects.filter(user=user, case=case).exists()


def digest_address(user: User) -> str:
    """Where the daily digest of followed cases goes: the notification e-mail, else the login's e-mail."""
    return user.notification_email or user.email


def notification_email_set(*, by: User, email: str) -> User:
    """FI-9: the staff member's own address for notifications, or a department mailbox; empty removes it."""
    policies.require(policies.can_use_staff_profile(by))
    by.notification_email = email.strip()
    by.save(update_fields=["notification_email"])
    return by
