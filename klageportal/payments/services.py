"""Writes on payments: start a payment, settle it exactly once, send and use payment links (PAY-1..4).

Lock order, everywhere: the case, then the payment link, then the payment. Every settlement of a case's
payments queues on the case row, so "was the fee paid before this one?" has one answer.
"""

import logging
import secrets
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases.models import Case, CaseEvent, Party, PartyKind, PartyRole
from klageportal.cases.policies import require
from klageportal.cases.selectors import filer_party, own_party
from klageportal.cases.services.events import case_event_add
from klageportal.cases.services.parties import party_add
from klageportal.core.phrases import Kroner, phrase
from klageportal.identity.models import User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue
from klageportal.payments import conf
from klageportal.payments.fees import fee_status
from klageportal.payments.gateways import gateway_get
from klageportal.payments.interfaces import FINAL_STATUSES, GatewayError, GatewayStatus, PaymentGateway
from klageportal.payments.models import GatewayNotification, Payment, PaymentLink, Refund
from klageportal.payments.policies import can_refund_fee, is_fee_side, payment_link_problem
from klageportal.payments.selectors import payment_link_token_hash, refund_overview
from klageportal.payments.signals import fee_paid

logger = logging.getLogger(__name__)


class PaymentError(Exception):
    pass


class FeeNotPayable(PaymentError):
    """Nothing is outstanding, or the case is not where the fee is asked for."""


class PaymentLinkUnusable(PaymentError):
    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


class PaymentNotFound(PaymentError):
    """No payment has this reference at this gateway."""


class AmountMismatch(PaymentError):
    """The gateway reports another amount than the payment was opened for; nothing is recorded."""


def _kroner(amount_ore: int) -> Kroner:
    return Kroner(amount_ore // 100)


def _case_lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _payment_create(
    *,
    case: Case,
    gateway: PaymentGateway,
    payer: Party | None,
    created_by: User | None,
    link: PaymentLink | None = None,
) -> Payment:
    fee = fee_status(case)
    amount_ore = fee.outstanding_ore
    if amount_ore <= 0 or not fee.payable_now:
        raise FeeNotPayable(case.number)
    return Payment.objects.create(
        case=case, amount_ore=amount_ore, gateway=gateway.name, payer=payer, link=link, created_by=created_by
    )


def _checkout_open(*, payment: Payment, gateway: PaymentGateway, return_url: str, callback_url: str) -> str:
    """Open the payment at the gateway, outside any transaction; a failure leaves it Created (never sent)."""
    checkout = gateway.create_checkout(
        order_id=str(payment.pk),
        amount_ore=payment.amount_ore,
        currency=payment.currency,
        description=_("Klagegebyr for sag %(number)s") % {"number": payment.case.number},
        return_url=return_url,
        callback_url=callback_url,
    )
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        locked.gateway_reference = checkout.reference
        if locked.state == Payment.State.CREATED:
            locked.state = Payment.State.PENDING
        locked.save(update_fields=["gateway_reference", "state", "updated_at"])
    payment.gateway_reference, payment.state = locked.gateway_reference, locked.state
    if locked.state != Payment.State.PENDING:
        # The fee was paid while this one was being opened: close it again before anyone can pay it.
        gateway.cancel_checkout(reference=checkout.reference)
        raise FeeNotPayable(payment.case.number)
    return checkout.redirect_url


def payment_start(*, case: Case, by: User, payer_party: Party | None = None, return_url: str, callback_url: str) -> str:
    """Open a card payment of the outstanding fee; return the URL of the gateway's hosted page (PAY-1).

    The payer is the given party, else the person's own party on the case, else the filer.
    """
    gateway = gateway_get()
    with transaction.atomic():
        case = _case_lock(case)
        require(is_fee_side(by, case))
        if payer_party is not None and payer_party.case_id != case.pk:
            raise ValueError("the payer must be a party on the case")
        payer = payer_party or own_party(case=case, user=by) or filer_party(case=case)
        payment = _payment_create(case=case, gateway=gateway, payer=payer, created_by=by)
    return _checkout_open(payment=payment, gateway=gateway, return_url=return_url, callback_url=callback_url)


def payment_settle(
    *,
    gateway: str,
    reference: str,
    status: str,
    event_id: str | None = None,
    amount_ore: int | None = None,
    payload: dict[str, Any] | None = None,
) -> Payment:
    """Record what the gateway says about a payment, exactly once (PAY-4).

    A replayed event id changes nothing; paid is final, so a decline, cancel or expiry arriving after it
    (out of order) does not undo it; a paid arriving after a decline wins, since money has moved. The fee
    becomes paid once, with one history line and one `fee_paid` signal after commit.
    """
    status = GatewayStatus(status)
    found = Payment.objects.filter(gateway=gateway, gateway_reference=reference).values_list("pk", "case_id").first()
    if found is None:
        raise PaymentNotFound(reference)
    payment_id, case_id = found
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        payment = Payment.objects.select_for_update(of=("self",)).select_related("link").get(pk=payment_id)
        if amount_ore is not None and amount_ore != payment.amount_ore:
            raise AmountMismatch(f"{reference}: {amount_ore} != {payment.amount_ore}")
        notification = None
        if event_id is not None:
            try:
                with transaction.atomic():
                    notification = GatewayNotification.objects.create(
                        gateway=gateway, event_id=event_id, payment=payment, status=status, payload=payload or {}
                    )
            except IntegrityError:
                logger.info("Payment notification %s from %s replayed; ignored", event_id, gateway)
                return payment
        if _payment_apply(case=case, payment=payment, status=status) and notification is not None:
            notification.applied = True
            notification.save(update_fields=["applied"])
    return payment


def _payment_apply(*, case: Case, payment: Payment, status: GatewayStatus) -> bool:
    """Move the payment to the reported status if that is a move forward; return whether it moved."""
    if payment.state == Payment.State.PAID or status == GatewayStatus.PENDING:
        return False
    if status == GatewayStatus.PAID:
        _payment_mark_paid(case=case, payment=payment)
        return True
    if not payment.is_open:
        return False  # the first final answer stands; only a paid may follow it
    payment.state = Payment.State(str(status))
    payment.save(update_fields=["state", "updated_at"])
    return True


def _overpayment_add(*, case: Case, excess_ore: int, data: dict[str, Any], by: User | None = None) -> None:
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.PAYMENT,
        text=phrase(
            gettext_noop("Der er betalt %(excess)s kr. mere end gebyret; beløbet skal tilbagebetales til betaleren."),
            excess=_kroner(excess_ore),
        ),
        actor=by,
        data={"action": "overpaid", "excess_ore": excess_ore, **data},
    )


def fee_overpayment_record(*, case: Case, by: User | None = None) -> int:
    """After the fee has gone down (a company complainant taken off the complaint), record what is now paid
    beyond it and not recorded before, to be refunded; the øre newly recorded."""
    recorded = sum(
        int(event.data.get("excess_ore", 0))
        for event in case.events.filter(kind=CaseEvent.Kind.PAYMENT, data__action="overpaid")
    )
    excess = fee_status(case).excess_ore - recorded
    if excess <= 0:
        return 0
    _overpayment_add(case=case, excess_ore=excess, data={"fee_lowered": True}, by=by)
    return excess


def _payment_mark_paid(*, case: Case, payment: Payment) -> None:
    was_paid = fee_status(case).is_paid
    now = timezone.now()
    link = payment.link
    if link is not None:
        if link.used_at is None:
            link.used_at = now
            link.save(update_fields=["used_at"])
        if link.register_as_payer and payment.payer_id is None:
            # PAY-2: the recipient is registered as payer, so a later refund goes to them.
            payment.payer = party_add(
                case=case,
                by=None,
                role=PartyRole.PAYER,
                kind=PartyKind.PERSON,
                name=link.payer_name or link.email,
                address=link.payer_address,
                email=link.email,
            )
    payment.state = Payment.State.PAID
    payment.paid_at = now
    payment.save(update_fields=["state", "paid_at", "payer", "updated_at"])

    amount = _kroner(payment.amount_ore)
    if link is not None:
        text = phrase(
            gettext_noop("Klagegebyret på %(amount)s kr. er betalt via betalingslink af %(name)s."),
            amount=amount,
            name=link.payer_name or link.email,
        )
    else:
        text = phrase(gettext_noop("Klagegebyret på %(amount)s kr. er betalt med kort."), amount=amount)
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.PAYMENT,
        text=text,
        actor=payment.created_by,
        data={
            "action": "paid",
            "payment": payment.pk,
            "amount_ore": payment.amount_ore,
            "gateway": payment.gateway,
            "reference": payment.gateway_reference,
            "payer": payment.payer_id,
            "link": link.pk if link else None,
        },
    )
    fee = fee_status(case)
    excess = fee.excess_ore
    if excess > 0:
        # Two payments opened side by side can both be approved at the gateway; record it, never hide it.
        _overpayment_add(case=case, excess_ore=min(excess, payment.amount_ore), data={"payment": payment.pk})
    if not was_paid and fee.is_paid:

        def send_fee_paid() -> None:
            fee_paid.send(sender=Payment, case=case, payment=payment)

        def close_other_payments() -> None:
            open_payments_close(case_id=case.pk)

        # Robust: a failing listener is logged and must not turn the gateway's notification into an error.
        transaction.on_commit(send_fee_paid, robust=True)
        transaction.on_commit(close_other_payments, robust=True)


def open_payments_close(*, case_id: int) -> None:
    """Once the fee is paid, close the case's other open payments at the gateway so none can be paid too (PAY-4).

    One that the payer had already approved is settled as what it is; an overpayment is then on record.
    """
    for payment in Payment.objects.filter(case_id=case_id, state__in=[Payment.State.CREATED, Payment.State.PENDING]):
        if not payment.gateway_reference:
            # Never reached the gateway, so nothing can be paid through it.
            Payment.objects.filter(pk=payment.pk, state=Payment.State.CREATED).update(
                state=Payment.State.CANCELLED, updated_at=timezone.now()
            )
            continue
        try:
            closed = gateway_get(payment.gateway).cancel_checkout(reference=payment.gateway_reference)
        except GatewayError as exc:
            logger.warning("Payment %s could not be closed at the gateway: %s", payment.pk, exc)
            continue
        if closed:
            payment_settle(gateway=payment.gateway, reference=payment.gateway_reference, status=GatewayStatus.CANCELLED)
        else:
            payment_refresh(payment=payment)


def payment_refresh(*, payment: Payment) -> Payment:
    """Ask the gateway about an open payment and settle a final answer through `payment_settle`.

    Used when the browser returns before the notification: the return itself proves nothing.
    """
    if not payment.is_open or not payment.gateway_reference:
        return payment
    try:
        status = gateway_get(payment.gateway).fetch_status(reference=payment.gateway_reference)
    except GatewayError as exc:
        logger.warning("Payment %s: the gateway could not tell its status: %s", payment.pk, exc)
        return payment
    if status not in FINAL_STATUSES:
        return payment
    return payment_settle(gateway=payment.gateway, reference=payment.gateway_reference, status=status)


def payment_link_send(*, case: Case, by: User, email: str, register_as_payer: bool) -> PaymentLink:
    """E-mail someone a single-use link to pay the fee (PAY-2); only the token's hash is kept.

    The returned link carries the token in `link.token` for the caller; it is never stored.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        case = _case_lock(case)
        require(is_fee_side(by, case))
        fee = fee_status(case)
        if not fee.payable_now:
            raise FeeNotPayable(case.number)
        expires_at = timezone.now() + timedelta(days=conf.payment_link_days())
        link = PaymentLink.objects.create(
            case=case,
            token_hash=payment_link_token_hash(token),
            email=email,
            register_as_payer=register_as_payer,
            expires_at=expires_at,
            created_by=by,
        )
        if register_as_payer:
            msgid = gettext_noop("Betalingslink sendt til %(email)s. Modtageren registreres som betaler.")
        else:
            msgid = gettext_noop("Betalingslink sendt til %(email)s. Den, der har oprettet klagen, er fortsat betaler.")
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PAYMENT,
            text=phrase(msgid, email=email),
            actor=by,
            data={"action": "link_sent", "link": link.pk, "register_as_payer": register_as_payer},
        )
        email_queue(
            to=email,
            reason=OutboxEmail.Reason.PAYMENT_LINK,
            subject=_("Betalingslink: klagegebyr for sag %(number)s") % {"number": case.number},
            template="payments/email/payment_link.txt",
            context={
                "sender_name": by.display_name,
                "case_number": case.number,
                "board_name": case.board.name,
                "amount": _kroner(fee.outstanding_ore),
                "register_as_payer": register_as_payer,
                "link": reverse("payments:link_pay", kwargs={"token": token}),
                "expires_at": timezone.localtime(expires_at),
            },
            case=case,
        )
    link.token = token
    return link


def payment_link_start(
    *, link: PaymentLink, payer_name: str, payer_address: str, return_url: str, callback_url: str
) -> str:
    """Record the recipient's name and address and open the payment; return the hosted page's URL (PAY-2, PAY-4)."""
    gateway = gateway_get()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=link.case_id)
        link = PaymentLink.objects.select_for_update().get(pk=link.pk)
        link.case = case
        problem = payment_link_problem(link, fee=fee_status(case))
        if problem is not None:
            raise PaymentLinkUnusable(problem)
        link.payer_name = payer_name.strip()
        link.payer_address = payer_address.strip()
        link.save(update_fields=["payer_name", "payer_address"])
        # Not registered: the filer stays the payer. Registered: the recipient becomes it when the payment is made.
        payer = None if link.register_as_payer else filer_party(case=case)
        payment = _payment_create(case=case, gateway=gateway, payer=payer, created_by=None, link=link)
    return _checkout_open(payment=payment, gateway=gateway, return_url=return_url, callback_url=callback_url)


def fee_request_at_forwarding(*, case: Case) -> OutboxEmail | None:
    """PAY-6: the case of a type whose fee falls due at forwarding has just been forwarded: ask the registered
    payer to pay, by e-mail with a link. The caller holds the case's row lock.

    The payer is the party a payment link registered as payer, else the filer. One who can log in is sent to
    the case's page, where they pay; one who cannot gets a single-use payment link. A payer without e-mail is
    written to by post by the appeals body; nothing is sent then, and the history says so.
    """
    fee = fee_status(case)
    if not fee.due_at_forwarding or not fee.payable_now:
        return None
    payer = case.parties.filter(role=PartyRole.PAYER, removed_at__isnull=True).order_by("-pk").first() or filer_party(
        case=case
    )
    amount = _kroner(fee.outstanding_ore)
    if payer is None or payer.no_email or not payer.email:
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PAYMENT,
            text=phrase(
                gettext_noop("Klagegebyret på %(amount)s kr. skal nu betales. Betaleren har ingen e-mail."),
                amount=amount,
            ),
            data={"action": "fee_due", "payer": payer.pk if payer else None},
        )
        return None
    expires_at = None
    if payer.user_id is not None:
        link = reverse("payments:pay", kwargs={"number": case.number})
    else:
        token = secrets.token_urlsafe(32)
        expires_at = timezone.now() + timedelta(days=conf.payment_link_days())
        PaymentLink.objects.create(
            case=case,
            token_hash=payment_link_token_hash(token),
            email=payer.email,
            register_as_payer=False,
            expires_at=expires_at,
        )
        link = reverse("payments:link_pay", kwargs={"token": token})
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.PAYMENT,
        text=phrase(
            gettext_noop("Klagegebyret på %(amount)s kr. skal nu betales. %(name)s er bedt om at betale."),
            amount=amount,
            name=payer.name,
        ),
        data={"action": "fee_due", "payer": payer.pk, "party": payer.pk},
    )
    return email_queue(
        to=payer.email,
        reason=OutboxEmail.Reason.FEE_DUE,
        subject=_("Betal klagegebyret for sag %(number)s") % {"number": case.number},
        template="payments/email/fee_due_at_forwarding.txt",
        context={
            "case_number": case.number,
            "board_name": case.board.name,
            "amount": amount,
            "link": link,
            "expires_at": timezone.localtime(expires_at) if expires_at else None,
        },
        case=case,
    )


class RefundRefused(PaymentError):
    """The refund cannot be made as asked: nothing is recorded and the gateway is not called."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RefundFailed(PaymentError):
    """The gateway did not refund; the refund is recorded as failed and can be retried with the same key."""

    def __init__(self, refund: Refund):
        super().__init__(refund.error)
        self.refund = refund


def _amount_text(amount_ore: int) -> Kroner | str:
    """Whole kroner as Kroner (digit grouping when shown); øre with a decimal comma."""
    if amount_ore % 100 == 0:
        return _kroner(amount_ore)
    return f"{amount_ore // 100},{amount_ore % 100:02d}"


def fee_refund(
    *,
    case: Case,
    amount_ore: int | None = None,
    kind: str = Refund.Kind.FEE,
    by: User,
    idempotency_key: str,
) -> Refund:
    """Pay back the fee, or part of it, to the registered payer through the gateway it was paid with (PAY-5).

    `amount_ore` None is the rest: what is left of the payment (for an overpayment: what is outstanding of it).
    Completed and pending refunds never come to more than was paid. The key is made when the form is shown:
    the same key again records nothing new and asks the gateway with the same key, so a double submit, a
    retry after a failure or a lost answer refunds once. The refund is recorded (and committed) before the
    gateway is asked, and completed with a history line when it answers; there is no e-mail: the refund is
    news, not something to act on, and the digest reads the history.
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise ValueError("a refund needs an idempotency key of at most 64 characters")
    if amount_ore is not None and amount_ore <= 0:
        raise RefundRefused(_("Beløbet skal være større end 0 kr."))
    kind = Refund.Kind(kind)
    with transaction.atomic():
        case = _case_lock(case)
        require(can_refund_fee(by, case))
        refund = Refund.objects.select_for_update().filter(idempotency_key=key).first()
        if refund is not None:
            if (
                refund.case_id != case.pk
                or refund.kind != kind
                or (amount_ore is not None and amount_ore != refund.amount_ore)
            ):
                raise RefundRefused(_("Tilbagebetalingen er allerede behandlet. Start forfra fra sagens side."))
            if refund.state == Refund.State.COMPLETED:
                return refund
            if refund.state == Refund.State.FAILED:
                # A retry takes its share of what was paid again: check that it is still there.
                overview = refund_overview(case=case)
                if refund.amount_ore > min(overview.remaining_of(refund.payment), overview.refundable_ore):
                    raise RefundRefused(_("Der er ikke længere så meget at betale tilbage."))
                refund.state = Refund.State.REQUESTED
                refund.error = ""
                refund.save(update_fields=["state", "error"])
        else:
            refund = _refund_create(case=case, amount_ore=amount_ore, kind=kind, by=by, key=key)
    return _refund_send(refund=refund, by=by)


def _refund_create(*, case: Case, amount_ore: int | None, kind: Refund.Kind, by: User, key: str) -> Refund:
    overview = refund_overview(case=case)
    if overview.refundable_ore <= 0:
        raise RefundRefused(_("Der er intet betalt gebyr at betale tilbage."))
    ceiling = overview.refundable_ore
    if kind == Refund.Kind.OVERPAYMENT:
        ceiling = overview.overpayment_outstanding_ore
        if ceiling <= 0:
            raise RefundRefused(_("Der er ikke betalt for meget på sagen."))
    payment = overview.payment_for(amount_ore)
    if amount_ore is None:
        assert payment is not None  # something is refundable, so some payment has something left
        amount_ore = min(overview.remaining_of(payment), ceiling)
    elif amount_ore > ceiling:
        raise RefundRefused(
            _("Du kan højst betale %(amount)s kr. tilbage.") % {"amount": _amount_text(ceiling)}
            if kind == Refund.Kind.FEE
            else _("Der er kun betalt %(amount)s kr. for meget.") % {"amount": _amount_text(ceiling)}
        )
    elif payment is None:
        # Two payments: a refund goes back through one of them, so at most what is left of the larger one.
        most = max(overview.remaining_of(p) for p in overview.payments)
        raise RefundRefused(
            _("Gebyret er betalt i flere betalinger. Betal højst %(amount)s kr. tilbage ad gangen.")
            % {"amount": _amount_text(most)}
        )
    return Refund.objects.create(
        payment=payment, case=case, amount_ore=amount_ore, kind=kind, idempotency_key=key, created_by=by
    )


def _refund_send(*, refund: Refund, by: User) -> Refund:
    """Ask the gateway, outside any transaction, then record its answer under the case's lock."""
    payment = refund.payment
    try:
        if not payment.gateway_reference:
            raise GatewayError("the payment has no reference at the gateway")
        result = gateway_get(payment.gateway).refund(
            reference=payment.gateway_reference, amount_ore=refund.amount_ore, idempotency_key=refund.idempotency_key
        )
    except GatewayError as exc:
        logger.warning("Refund %s failed at the gateway: %s", refund.pk, exc)
        with transaction.atomic():
            _case_lock(refund.case)
            refund = Refund.objects.select_for_update().get(pk=refund.pk)
            if refund.state == Refund.State.REQUESTED:
                refund.state = Refund.State.FAILED
                refund.error = str(exc)[:500]
                refund.save(update_fields=["state", "error"])
        if refund.state == Refund.State.COMPLETED:
            return refund  # another request with the same key got the gateway's answer first
        raise RefundFailed(refund) from exc
    with transaction.atomic():
        case = _case_lock(refund.case)
        refund = Refund.objects.select_for_update(of=("self",)).select_related("payment__payer").get(pk=refund.pk)
        if refund.state == Refund.State.COMPLETED:
            return refund
        refund.state = Refund.State.COMPLETED
        refund.gateway_reference = result.reference
        refund.error = ""
        refund.completed_at = timezone.now()
        refund.save(update_fields=["state", "gateway_reference", "error", "completed_at"])
        payer = refund_overview(case=case).payer
        payer_name = payer.name if payer else phrase(gettext_noop("betaleren"))
        if refund.kind == Refund.Kind.OVERPAYMENT:
            msgid = gettext_noop("%(amount)s kr., der var betalt for meget, er betalt tilbage til %(name)s.")
        else:
            msgid = gettext_noop("%(amount)s kr. af klagegebyret er betalt tilbage til %(name)s.")
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PAYMENT,
            text=phrase(msgid, amount=_amount_text(refund.amount_ore), name=payer_name),
            actor=by,
            data={
                "action": "refunded",
                "refund": refund.pk,
                "refund_kind": refund.kind,
                "amount_ore": refund.amount_ore,
                "payment": refund.payment_id,
                "payer": payer.pk if payer else None,
                "reference": refund.gateway_reference,
            },
        )
    return refund
