"""The S3 backend's own options (no server needed): fast failure and the part size of uploads."""

from klageportal.documents.storage import S3Storage, signed_downloads
from tests.storage_s3.conftest import storage_settings

MB = 1024 * 1024


def test_the_backend_fails_fast_and_sends_uploads_in_parts_of_the_configured_size():
    options = storage_settings(bucket="kp-docs", endpoint="http://127.0.0.1:9")["OPTIONS"]
    storage = S3Storage(**{**options, "connect_timeout": 3, "max_attempts": 2, "part_size": 6 * MB})
    config = storage.client_config
    assert (config.connect_timeout, config.read_timeout) == (3, 60)
    assert config.retries == {"total_max_attempts": 2, "mode": "standard"}
    assert config.s3 == {"addressing_style": "path"} and config.signature_version == "s3v4"
    transfer = storage.transfer_config
    assert transfer.multipart_threshold == transfer.multipart_chunksize == 6 * MB
    assert transfer.max_in_memory_upload_chunks == transfer.max_request_concurrency == 4


def test_downloads_are_signed_urls_only_when_asked_for_and_on_s3(settings):
    settings.S3_SIGNED_DOWNLOADS = True
    assert not signed_downloads()  # local files (the embedded default) are always streamed
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket="kp", endpoint="http://127.0.0.1:9")}
    assert signed_downloads()
    settings.S3_SIGNED_DOWNLOADS = False
    assert not signed_downloads()
