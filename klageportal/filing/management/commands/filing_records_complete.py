"""Give every case filed in the portal the filing flow's record of it, where it has none (cases made outside
the flow, such as the demo cases): without it the filer of a draft cannot open the draft."""

from django.core.management.base import BaseCommand

from klageportal.filing.services import filing_records_complete


class Command(BaseCommand):
    help = "Create the filing flow's record for cases filed in the portal that lack it."

    def handle(self, *args, **options):
        made = filing_records_complete()
        self.stdout.write(f"Klageforløb: {made} sager fuldstændiggjort")
