"""`manage.py files backup DIR`, `files restore DIR`, `files verify`: the stored files of documents (see
klageportal/documents/backup.py). Exits with status 1 when a file is missing or does not match its hash."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klageportal.documents.backup import files_backup, files_restore, files_verify


class Command(BaseCommand):
    help = "Back up, restore or verify the stored files of documents against the database."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["backup", "restore", "verify"])
        parser.add_argument("folder", nargs="?", type=Path, help="The backup folder (backup and restore).")

    def handle(self, *args, action: str, folder: Path | None, **options):
        if action == "verify":
            report = files_verify()
        elif folder is None:
            raise CommandError(f"'{action}' needs the backup folder")
        elif action == "backup":
            folder.mkdir(parents=True, exist_ok=True)
            report = files_backup(folder)
        else:
            if not folder.is_dir():
                raise CommandError(f"{folder} is not a folder")
            report = files_restore(folder)
        self.stdout.write(f"copied: {report.copied}\npresent: {report.present}\nproblems: {len(report.problems)}")
        for name in report.problems:
            self.stderr.write(f"missing or damaged: {name}")
        if report.problems:
            raise SystemExit(1)
