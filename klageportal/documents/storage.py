"""Where the bytes of documents live: the default storage (settings.STORAGES["default"]), a local folder in the
embedded default, an S3-compatible bucket through django-storages when KP_S3_BUCKET is set.

On top of django-storages' S3Storage the portal's backend
- sends an uploaded file from its temporary file on disk in parts (a multipart upload above the part size), so a
  large upload is never held whole in memory;
- fails fast when the storage cannot be reached (connect timeout and attempts are settings), so that the person
  who uploads hears so at once instead of waiting;
- reads a stored file as a stream (`open_stream`) for downloads, instead of copying it to a temporary file first.
"""

from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.utils.http import content_disposition_header
from storages.backends import s3
from storages.utils import clean_name

MB = 1024 * 1024


class S3Storage(s3.S3Storage):
    """django-storages' S3Storage with bounded memory on upload, streamed reads and fast failure."""

    # Set from the options by django-storages' BaseStorage (get_default_settings names them).
    client_config: Any
    transfer_config: Any
    connect_timeout: float
    read_timeout: float
    max_attempts: int
    part_size: int
    max_concurrency: int

    def get_default_settings(self) -> dict[str, Any]:
        return {
            **super().get_default_settings(),
            "connect_timeout": 5.0,
            "read_timeout": 60.0,
            "max_attempts": 3,
            "part_size": 8 * MB,
            "max_concurrency": 4,
        }

    def __init__(self, **options: Any) -> None:
        own_transfer = "transfer_config" in options
        super().__init__(**options)
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config

        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                # Attempts in all, the first included: 1 means no retry.
                retries={"total_max_attempts": self.max_attempts, "mode": "standard"},
            )
        )
        if not own_transfer:
            self.transfer_config = TransferConfig(
                multipart_threshold=self.part_size,
                multipart_chunksize=self.part_size,
                max_concurrency=self.max_concurrency,
            )
            # A stream that is not a file on disk is read a part at a time: at most this many parts in memory.
            self.transfer_config.max_in_memory_upload_chunks = self.max_concurrency

    def _save(self, name: str, content: Any) -> str:
        """An uploaded file goes up from its temporary file, part by part (boto3 reads each part from disk)."""
        temporary_file_path = getattr(content, "temporary_file_path", None)
        if temporary_file_path is None or self.gzip:
            return cast(str, super()._save(name, content))
        cleaned_name = clean_name(name)
        key = self._normalize_name(cleaned_name)
        params = self._get_write_parameters(key, content)
        self.bucket.Object(key).upload_file(temporary_file_path(), ExtraArgs=params, Config=self.transfer_config)
        return cast(str, cleaned_name)

    def open_stream(self, name: str) -> BinaryIO:
        """The stored bytes as they come from the bucket, read as they are asked for."""
        from botocore.exceptions import ClientError

        key = self._normalize_name(clean_name(name))
        try:
            return cast(BinaryIO, self.bucket.Object(key).get()["Body"])
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(name) from None
            raise

    def signed_download_url(self, name: str, *, filename: str, content_type: str) -> str:
        """A short-lived URL (KP_S3_SIGNED_URL_SECONDS) that serves the file as an attachment with its name."""
        parameters = {
            "ResponseContentDisposition": content_disposition_header(as_attachment=True, filename=filename),
            "ResponseContentType": content_type,
        }
        return cast(str, self.url(name, parameters=parameters))


def storage_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean the storage could not take or give a file (down, unreachable, refusing)."""
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover (boto3 is a base requirement)
        return errors
    return (*errors, BotoCoreError, ClientError, Boto3Error)


def storage_bucket_ensure(storage: Storage | None = None) -> bool:
    """Create the S3 bucket of the default storage unless it exists; whether it was created.

    Nothing to do with local files (the embedded default). Run by `manage.py s3_bucket_create` and `setup_portal`.
    """
    storage = storage or default_storage
    if not isinstance(storage, s3.S3Storage):
        return False
    from botocore.exceptions import ClientError

    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
        return False
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] != 404:
            raise
    options: dict[str, Any] = {"Bucket": storage.bucket_name}
    region = client.meta.region_name
    if region and region != "us-east-1":  # us-east-1 is S3's default and refuses to be named
        options["CreateBucketConfiguration"] = {"LocationConstraint": region}
    client.create_bucket(**options)
    return True


def signed_downloads() -> bool:
    """Whether a download is answered with a redirect to a signed URL (KP_S3_SIGNED_DOWNLOADS, S3 only)."""
    return bool(settings.S3_SIGNED_DOWNLOADS) and hasattr(default_storage, "signed_download_url")
