"""Writes on users: a login brings the identity provider's view of the person up to date."""

import hashlib

from django.db import IntegrityError, transaction

from klageportal.catalog.models import AppealsBody, Authority, Board
from klageportal.identity.claims import Identity
from klageportal.identity.models import CASEWORKER_RIGHT_PREFIX, Right, Role, User


def role_for(identity: Identity) -> tuple[str, Authority | None, AppealsBody | None, list[Board]]:
    """Derive the role, and the organisation the person works for, from CVR and rights."""
    if Right.ADMINISTRATOR in identity.rights:
        return Role.ADMIN, None, None, []
    if identity.cvr:
        body = AppealsBody.objects.filter(cvr=identity.cvr).first()
        if body is not None:
            slugs = [
                r.removeprefix(CASEWORKER_RIGHT_PREFIX)
                for r in identity.rights
                if r.startswith(CASEWORKER_RIGHT_PREFIX)
            ]
            boards = list(Board.objects.filter(body=body, slug__in=slugs))
            if boards:
                return Role.BODY_STAFF, None, body, boards
        authority = Authority.objects.filter(cvr=identity.cvr).first()
        if authority is not None:
            return Role.AUTHORITY, authority, None, []
        return Role.COMPANY, None, None, []
    return Role.CITIZEN, None, None, []


def username_for(sub: str) -> str:
    return "oidc-" + hashlib.sha256(sub.encode()).hexdigest()[:40]


def _user_for_subject(sub: str) -> User:
    """The user of a login subject, made the first time; two first logins at once make one user."""
    existing = User.objects.select_for_update().filter(oidc_sub=sub).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            user = User(username=username_for(sub), oidc_sub=sub)
            user.set_unusable_password()
            user.save()
            return user
    except IntegrityError:
        # Another request made the user between the look-up and the insert: take theirs.
        return User.objects.select_for_update().get(oidc_sub=sub)


def user_sync_from_identity(*, identity: Identity, user: User | None = None) -> User:
    """Create or update the portal user for a login; nothing of the identity is typed by the person."""
    role, authority, body, boards = role_for(identity)
    with transaction.atomic():
        if user is None:
            user = _user_for_subject(identity.sub)
        user.full_name = identity.name
        user.cpr = identity.cpr
        user.cvr = identity.cvr
        user.organisation_name = identity.organisation_name
        user.rights = identity.rights
        user.role = role
        user.authority = authority
        user.appeals_body = body
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.save()
        user.boards.set(boards)
    return user
