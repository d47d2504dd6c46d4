# The table was created by payments' first migration (payments_testgateway_checkout); this app takes it
# over as it is, with its rows, so only the model state is created here. A database that already has
# content types for it keeps them (and their permissions), moved to this app's label.

from django.db import migrations, models


def content_type_to_testgateway(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label='testgateway', model='hostedcheckout').exists():
        ContentType.objects.using(db).filter(app_label='payments', model='hostedcheckout').update(
            app_label='testgateway'
        )


def content_type_to_payments(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label='payments', model='hostedcheckout').exists():
        ContentType.objects.using(db).filter(app_label='testgateway', model='hostedcheckout').update(
            app_label='payments'
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('payments', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HostedCheckout',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(max_length=64, unique=True)),
                        ('order_id', models.CharField(max_length=64)),
                        ('amount_ore', models.PositiveIntegerField()),
                        ('currency', models.CharField(default='DKK', max_length=3)),
                        ('description', models.CharField(max_length=300)),
                        ('return_url', models.URLField(max_length=2000)),
                        ('callback_url', models.URLField(max_length=2000)),
                        ('chosen', models.CharField(blank=True, choices=[('pending', 'Afventer'), ('paid', 'Godkendt'), ('declined', 'Afvist'), ('cancelled', 'Annulleret')], max_length=20)),
                        ('status', models.CharField(choices=[('pending', 'Afventer'), ('paid', 'Godkendt'), ('declined', 'Afvist'), ('cancelled', 'Annulleret')], default='pending', max_length=20)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('completed_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'db_table': 'payments_testgateway_checkout',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_testgateway, content_type_to_payments),
    ]
