"""Signals other apps listen to; payments never imports the channels."""

from django.dispatch import Signal

fee_paid = Signal()
"""Sent after commit when a case's fee has become paid in full. Arguments: case, payment.

The filing channel listens to move the case on from Udfyldt when nothing else is missing (KP-6).
"""
