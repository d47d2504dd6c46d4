"""Back up and restore the stored files of documents, through the storage in use (local files or an S3 bucket).

The database says which files exist: every `Document.file`. Files are named by their content's SHA-256 and never
overwritten, so a backup taken right AFTER a database dump holds every file that dump names (a file stored in
between is extra, and harmless). A restore puts back the files that are missing and checks every byte against
the hash the database holds. `files_verify` is the same check without a backup: a file missing or changed.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from klageportal.documents.models import Document

CHUNK = 1024 * 1024
MANIFEST = "manifest.json"


@dataclass
class FilesReport:
    copied: int = 0
    present: int = 0
    """Already there with the right size (a backup) or the right content (a restore)."""
    problems: list[str] = field(default_factory=list)
    """Names of files missing or not matching their hash; never a document's name or its case."""


def _stored_files() -> dict[str, tuple[str, int]]:
    """Each stored file's name with its SHA-256 and size, once (documents with the same content share a file)."""
    rows = Document.objects.order_by("file").values_list("file", "sha256", "size").distinct()
    return {name: (sha256, size) for name, sha256, size in rows.iterator(chunk_size=5000) if name}


def _copy_hashed(source, target) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def files_backup(destination: Path) -> FilesReport:
    """Copy every stored file into `destination` (a folder: a mounted volume, say), with a manifest of names,
    hashes and sizes. A file already in the folder with the right size is not copied again, so a nightly run
    copies only the new files."""
    report = FilesReport()
    files = _stored_files()
    for name, (sha256, size) in files.items():
        target = destination / name
        if target.is_file() and target.stat().st_size == size:
            report.present += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        try:
            with default_storage.open(name, "rb") as source, partial.open("wb") as out:
                got = _copy_hashed(source, out)
        except OSError:
            partial.unlink(missing_ok=True)
            report.problems.append(name)
            continue
        if got != sha256:
            partial.unlink()
            report.problems.append(name)
            continue
        partial.replace(target)
        report.copied += 1
    manifest = {name: {"sha256": sha256, "size": size} for name, (sha256, size) in files.items()}
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True))
    return report


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _matches(name: str, sha256: str) -> bool:
    try:
        with default_storage.open(name, "rb") as stored:
            return _sha256(stored) == sha256
    except OSError:  # FileNotFoundError too
        return False


def files_restore(source: Path) -> FilesReport:
    """Put back into the storage every file the database names that is missing or damaged, from a folder made
    by `files_backup`; each is checked against the database's hash before it is stored."""
    report = FilesReport()
    for name, (sha256, _size) in _stored_files().items():
        if _matches(name, sha256):
            report.present += 1
            continue
        backup = source / name
        if not backup.is_file():
            report.problems.append(name)
            continue
        with backup.open("rb") as handle:
            if _sha256(handle) != sha256:
                report.problems.append(name)
                continue
            handle.seek(0)
            if default_storage.exists(name):
                default_storage.delete(name)  # damaged: the same name must hold the right bytes
            saved = default_storage.save(name, File(handle, name=Path(name).name))
        if saved != name:  # pragma: no cover - a storage that renamed it would break every link
            default_storage.delete(saved)
            report.problems.append(name)
            continue
        report.copied += 1
    return report


def files_verify() -> FilesReport:
    """Check that every file the database names is stored with the content its hash says."""
    report = FilesReport()
    for name, (sha256, _size) in _stored_files().items():
        if _matches(name, sha256):
            report.present += 1
        else:
            report.problems.append(name)
    return report
