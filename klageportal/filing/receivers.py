"""The filing channel listens for a paid fee: the payment may be the last condition for Indsendt."""

from django.dispatch import receiver

from klageportal.payments.signals import fee_paid


@receiver(fee_paid)
def advance_when_fee_paid(sender, case, **kwargs):
    from klageportal.filing.services import complaint_advance

    complaint_advance(case=case)
