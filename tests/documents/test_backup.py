"""The stored files of documents are backed up, restored and verified against the hashes the database holds."""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from klageportal.documents.backup import files_backup, files_restore, files_verify
from klageportal.documents.services import document_store
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _store(content: bytes, name: str = "bilag.pdf"):
    data = b"%PDF-1.4\n" + content
    return document_store(name=name, size=len(data), stream=io.BytesIO(data), by=CitizenFactory())


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def test_a_backup_holds_every_stored_file_once_with_a_manifest(tmp_path):
    one, two, same_as_one = _store(b"one"), _store(b"two"), _store(b"one", "kopi.pdf")

    report = files_backup(tmp_path / "backup")

    assert same_as_one.file.name == one.file.name
    assert (report.copied, report.present, report.problems) == (2, 0, [])
    assert (tmp_path / "backup" / one.file.name).read_bytes() == _read(one.file.name)
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest[two.file.name] == {"sha256": two.sha256, "size": two.size}


def test_a_second_backup_copies_only_new_files(tmp_path):
    _store(b"one")
    files_backup(tmp_path)
    _store(b"new")

    report = files_backup(tmp_path)

    assert (report.copied, report.present) == (1, 1)


def test_restore_puts_back_missing_and_damaged_files_and_verify_then_finds_nothing(tmp_path):
    lost, damaged, kept = _store(b"lost"), _store(b"damaged"), _store(b"kept")
    files_backup(tmp_path)
    default_storage.delete(lost.file.name)
    default_storage.delete(damaged.file.name)
    default_storage.save(damaged.file.name, io.BytesIO(b"garbage"))
    assert sorted(files_verify().problems) == sorted([lost.file.name, damaged.file.name])

    report = files_restore(tmp_path)

    assert (report.copied, report.present, report.problems) == (2, 1, [])
    assert _read(lost.file.name).endswith(b"lost")
    assert _read(damaged.file.name).endswith(b"damaged")
    assert _read(kept.file.name).endswith(b"kept")
    assert files_verify().problems == []


def test_a_backup_file_that_does_not_match_the_database_is_not_restored(tmp_path):
    document = _store(b"original")
    files_backup(tmp_path)
    (tmp_path / document.file.name).write_bytes(b"tampered")
    default_storage.delete(document.file.name)

    report = files_restore(tmp_path)

    assert report.problems == [document.file.name]
    assert not default_storage.exists(document.file.name)


def test_the_command_fails_when_a_file_is_missing(tmp_path, capsys):
    document = _store(b"gone")
    default_storage.delete(document.file.name)

    with pytest.raises(SystemExit) as exit_:
        call_command("files", "verify")

    assert exit_.value.code == 1
    assert document.file.name in capsys.readouterr().err
    with pytest.raises(SystemExit):  # the backup reports it too
        call_command("files", "backup", str(tmp_path))
    assert not (tmp_path / document.file.name).exists()
