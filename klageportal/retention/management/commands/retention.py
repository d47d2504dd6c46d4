"""Run the retention rules (X-5) now; with --dry-run, only report what a run would do."""

from django.core.management.base import BaseCommand

from klageportal.retention.models import RetentionRun
from klageportal.retention.report import action_label, category_lines, period_lines
from klageportal.retention.services import retention_run


class Command(BaseCommand):
    help = "Slet eller anonymisér afsluttede sager og gamle kladder, hvis frist er udløbet (X-5)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis kun, hvad en kørsel ville slette; intet ændres."
        )

    def handle(self, *args, **options):
        report = retention_run(dry_run=options["dry_run"], source=RetentionRun.Source.COMMAND)
        title = "Prøvekørsel – intet er ændret" if report.dry_run else "Kørsel gennemført"
        self.stdout.write(title, self.style.WARNING if report.dry_run else self.style.SUCCESS)
        self.stdout.write(f"Afsluttede sager {action_label(report.action)}.")
        for label, count in category_lines(report.counts):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write("Slettede rækker:" if report.deleted_rows else "Slettede rækker: ingen")
        for table, count in sorted(report.deleted_rows.items()):
            self.stdout.write(f"  {table}: {count}")
        if report.anonymised_rows:
            self.stdout.write("Anonymiserede rækker:")
            for table, count in sorted(report.anonymised_rows.items()):
                self.stdout.write(f"  {table}: {count}")
        self.stdout.write("Frister:")
        for label, value in period_lines(report.periods):
            self.stdout.write(f"  {label}: {value}")
        self.stdout.write(f"Varighed: {report.duration_ms} ms")
