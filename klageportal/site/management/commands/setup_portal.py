"""Prepare a database for use: the S3 bucket when KP_S3_BUCKET is set, catalogue defaults, the development
login's client, and demo data.

Idempotent: a second run creates nothing and changes nothing.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from klageportal.catalog.services import catalog_load_defaults


class Command(BaseCommand):
    help = "Load the catalogue and, in development, the demo data and the development login's client."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="Do not create demo cases.")

    def handle(self, *args, **options):
        if settings.S3_BUCKET:
            call_command("s3_bucket_create", stdout=self.stdout)
        created = catalog_load_defaults()
        self.stdout.write(f"Katalog: {sum(created.values())} nye rækker")
        if settings.DEVIDP_ENABLED:
            from klageportal.identity.devidp.services import client_ensure

            client_ensure()
            self.stdout.write("Udviklings-login: klient registreret")
        if settings.DEV_TOOLS and not options["no_demo"]:
            from klageportal.site.demo import demo_load

            made = demo_load()
            self.stdout.write(f"Demodata: {made} nye sager")
