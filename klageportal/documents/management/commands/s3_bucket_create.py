"""Create the S3 bucket of the storage of documents (KP_S3_BUCKET) unless it exists; with local files, nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from klageportal.documents.storage import storage_bucket_ensure


class Command(BaseCommand):
    help = "Create the S3 bucket named by KP_S3_BUCKET unless it exists (setup_portal runs this too)."

    def handle(self, *args, **options):
        if not settings.S3_BUCKET:
            self.stdout.write("Lokale filer: ingen bucket at oprette")
        elif storage_bucket_ensure():
            self.stdout.write(f"S3: bucket {settings.S3_BUCKET} oprettet")
        else:
            self.stdout.write(f"S3: bucket {settings.S3_BUCKET} findes")
