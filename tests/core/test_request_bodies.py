"""A body larger than the page takes is refused with 413 before anything reads it."""

import io

import pytest
from django.test import RequestFactory, override_settings

from klageportal.core.middleware import RequestBodyLimitMiddleware


def _post(path: str, length: int, *, data: bytes = b"") -> tuple:
    stream = io.BytesIO(data)  # its position tells whether it was read
    request = RequestFactory().generic("POST", path, b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(length)
    request.META["wsgi.input"] = stream
    reached = []
    response = RequestBodyLimitMiddleware(lambda r: reached.append(r) or "passed")(request)
    return response, reached, stream


@override_settings(REQUEST_MAX_BODY_BYTES=1024 * 1024, REQUEST_MAX_UPLOAD_BODY_BYTES=10 * 1024 * 1024)
def test_a_body_above_the_small_limit_to_a_page_without_files_is_refused_unread():
    response, reached, stream = _post("/", 1024 * 1024 + 1, data=b"x" * 100)
    assert response.status_code == 413
    assert "1,0 MB" in response.content.decode().replace("\xa0", " ")
    assert reached == [] and stream.tell() == 0


@override_settings(REQUEST_MAX_BODY_BYTES=1024 * 1024, REQUEST_MAX_UPLOAD_BODY_BYTES=10 * 1024 * 1024)
def test_a_body_at_the_small_limit_passes():
    response, reached, _ = _post("/", 1024 * 1024)
    assert response == "passed" and len(reached) == 1


@override_settings(REQUEST_MAX_BODY_BYTES=1024 * 1024, REQUEST_MAX_UPLOAD_BODY_BYTES=10 * 1024 * 1024)
def test_a_page_that_takes_files_takes_up_to_the_upload_limit_and_no_more():
    path = "/sag/NH-2026-000001/dokumenter/"
    response, reached, _ = _post(path, 10 * 1024 * 1024)
    assert response == "passed"
    response, reached, stream = _post(path, 10 * 1024 * 1024 + 1)
    assert response.status_code == 413 and reached == [] and stream.tell() == 0


@override_settings(REQUEST_MAX_BODY_BYTES=1024 * 1024)
def test_a_path_no_page_answers_gets_the_small_limit():
    response, reached, _ = _post("/findes-ikke/", 2 * 1024 * 1024)
    assert response.status_code == 413 and reached == []


@pytest.mark.parametrize(
    "name", ["workspaces:case_documents", "filing:step", "forwarding:upload", "forwarding:supplement"]
)
def test_every_page_named_as_taking_files_exists(settings, name):
    from django.urls import get_resolver

    assert name in settings.UPLOAD_URL_NAMES
    namespace, url_name = name.split(":")
    assert url_name in get_resolver().namespace_dict[namespace][1].reverse_dict


def test_the_whole_stack_refuses_a_large_post_to_the_start_page_with_413(client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1024
    response = client.post("/", data=b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413
