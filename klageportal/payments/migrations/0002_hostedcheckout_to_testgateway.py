# The test gateway's table belongs to its own app (testgateway) from now on. Only the model state leaves
# this app: the table itself (payments_testgateway_checkout) stays where it is, with its rows, and the
# testgateway app's first migration takes it over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('payments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='HostedCheckout')],
            database_operations=[],
        ),
    ]
