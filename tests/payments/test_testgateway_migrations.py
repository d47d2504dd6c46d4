"""The test gateway's table moves to its own app without losing a row (databases made before it had one)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from klageportal.payments.contrib.testgateway.models import HostedCheckout

BEFORE = [("payments", "0001_initial"), ("testgateway", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest():
    """Every app back at its latest migration, as the tests after this one expect the database."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_a_checkout_made_under_the_payments_app_is_the_test_gateways_after_migrating():
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO payments_testgateway_checkout (reference, order_id, amount_ore, currency, description,"
                " return_url, callback_url, chosen, status, created_at)"
                " VALUES ('ref-before', 'order-1', 30000, 'DKK', 'Gebyr', 'http://portal/retur/',"
                " 'http://portal/notifikation/', 'paid', 'paid', CURRENT_TIMESTAMP)"
            )
        ContentType.objects.clear_cache()
        ContentType.objects.get_or_create(app_label="payments", model="hostedcheckout")
    finally:
        migrate_to_latest()

    checkout = HostedCheckout.objects.get(reference="ref-before")
    assert (checkout.amount_ore, checkout.status) == (30000, HostedCheckout.Status.PAID)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(HostedCheckout).app_label == "testgateway"
    assert not ContentType.objects.filter(app_label="payments", model="hostedcheckout").exists()
