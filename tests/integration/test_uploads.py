"""POST /carbon/api/v1/files: only .pdf .jpg .doc .xlsx whose content
matches the extension, at most 512 KB (524,288 bytes); a refused upload
stores nothing and writes no audit row."""
import hashlib
import re

import pytest

import support

THAI = re.compile("[\u0e00-\u0e7f]")

ACCEPTED = [
    ("sample.pdf", "application/pdf"),
    ("sample.jpg", "image/jpeg"),
    ("sample.doc", "application/msword"),
    ("sample.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
]


@pytest.fixture
def lao(session_for):
    return session_for("lao.54-1")


@pytest.fixture
def unchanged(db):
    """Asserts, after the test, that no file and no audit row was added."""
    before = (db.count("files"), db.count("audit_log"))
    yield
    assert (db.count("files"), db.count("audit_log")) == before


def raw_post(server, http, csrf, body, content_type):
    return http.post(server.url("/api/v1/files"), data=body,
                     headers={"X-CSRF-Token": csrf, "Content-Type": content_type})


@pytest.mark.parametrize("name,mime", ACCEPTED, ids=[n for n, _ in ACCEPTED])
def test_real_file_of_an_allowed_type_is_accepted(server, lao, name, mime):
    http, csrf = lao
    content = support.fixture_bytes(name)
    r = support.upload(server, http, csrf, name, content, "application/octet-stream")
    assert r.status_code == 201, r.text
    body = r.json()
    assert isinstance(body["id"], int)
    assert body["mime_type"] == mime
    assert body["size_bytes"] == len(content)


def test_accepted_upload_writes_one_file_and_one_audit_row(server, lao, db):
    http, csrf = lao
    files, audit = db.count("files"), db.count("audit_log")
    r = support.upload(server, http, csrf, "sample.pdf", support.fixture_bytes("sample.pdf"))
    assert r.status_code == 201
    assert db.count("files") == files + 1
    assert db.count("audit_log") == audit + 1


def test_accepted_upload_keeps_size_and_sha256(server, lao):
    http, csrf = lao
    content = support.fixture_bytes("sample.xlsx")
    file_id = support.upload(server, http, csrf, "sample.xlsx", content).json()["id"]
    meta = http.get(server.url(f"/api/v1/files/{file_id}")).json()
    assert meta["size_bytes"] == len(content)
    assert meta["sha256"] == hashlib.sha256(content).hexdigest()


def test_pdf_name_with_html_content_is_refused_in_thai(server, lao, unchanged):
    http, csrf = lao
    r = support.upload(server, http, csrf, "not-really.pdf", support.fixture_bytes("not-really.pdf"),
                       "application/pdf")
    assert r.status_code == 422
    assert THAI.search(r.json()["errors"]["file"])


def test_jpg_content_named_pdf_is_refused(server, lao, unchanged):
    http, csrf = lao
    r = support.upload(server, http, csrf, "photo.pdf", support.fixture_bytes("sample.jpg"),
                       "application/pdf")
    assert r.status_code == 422
    assert THAI.search(r.json()["errors"]["file"])


def test_disallowed_extension_is_refused(server, lao, unchanged):
    http, csrf = lao
    r = support.upload(server, http, csrf, "page.html", b"<html><body>x</body></html>", "text/html")
    assert r.status_code == 422
    assert THAI.search(r.json()["errors"]["file"])


def test_empty_file_is_refused(server, lao, unchanged):
    http, csrf = lao
    r = support.upload(server, http, csrf, "empty.pdf", b"", "application/pdf")
    assert r.status_code in (400, 422)


def test_upload_without_file_part_is_refused(server, lao, unchanged):
    http, csrf = lao
    r = http.post(server.url("/api/v1/files"), headers={"X-CSRF-Token": csrf},
                  files={"other": (None, "value")})
    assert r.status_code == 422
    assert THAI.search(r.json()["errors"]["file"])


def test_file_of_524289_bytes_is_refused(server, lao, unchanged):
    http, csrf = lao
    r = support.upload(server, http, csrf, "big.pdf", support.padded_pdf(support.UPLOAD_MAX + 1),
                       "application/pdf")
    assert r.status_code in (413, 422), r.status_code
    message = r.json().get("error") or r.json()["errors"]["file"]
    assert THAI.search(message)


def test_file_of_exactly_524288_bytes_is_accepted(server, lao):
    http, csrf = lao
    content = support.padded_pdf(support.UPLOAD_MAX)
    assert len(content) == support.UPLOAD_MAX
    r = support.upload(server, http, csrf, "exact.pdf", content, "application/pdf")
    assert r.status_code == 201, r.text
    assert r.json()["size_bytes"] == support.UPLOAD_MAX


def test_multipart_with_wrong_boundary_is_refused(server, lao, unchanged):
    http, csrf = lao
    body = (b"--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + support.fixture_bytes("sample.pdf")
            + b"\r\n--other--\r\n")
    r = raw_post(server, http, csrf, body, "multipart/form-data; boundary=expected")
    assert r.status_code == 400


def test_multipart_without_boundary_parameter_is_refused(server, lao, unchanged):
    http, csrf = lao
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
            + support.fixture_bytes("sample.pdf") + b"\r\n--b--\r\n")
    r = raw_post(server, http, csrf, body, "multipart/form-data")
    assert r.status_code in (400, 415)


def test_truncated_multipart_is_refused(server, lao, unchanged):
    http, csrf = lao
    body = (b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n" + support.fixture_bytes("sample.pdf"))
    r = raw_post(server, http, csrf, body, "multipart/form-data; boundary=xyz")
    assert r.status_code == 400


def test_multipart_cut_inside_part_headers_is_refused(server, lao, unchanged):
    http, csrf = lao
    body = b"--xyz\r\nContent-Disposition: form-data; name=\"fi"
    r = raw_post(server, http, csrf, body, "multipart/form-data; boundary=xyz")
    assert r.status_code == 400


def test_multipart_part_without_content_disposition_is_refused(server, lao, unchanged):
    http, csrf = lao
    body = (b"--xyz\r\nContent-Type: application/pdf\r\n\r\n" + support.fixture_bytes("sample.pdf")
            + b"\r\n--xyz--\r\n")
    r = raw_post(server, http, csrf, body, "multipart/form-data; boundary=xyz")
    assert r.status_code in (400, 422)


def test_non_multipart_upload_is_refused(server, lao, unchanged):
    http, csrf = lao
    r = raw_post(server, http, csrf, support.fixture_bytes("sample.pdf"), "application/pdf")
    assert r.status_code in (400, 415)


def test_refusal_message_is_thai(server, lao):
    http, csrf = lao
    body = b"--xyz\r\nContent-Disposition: form-data; name=\"fi"
    r = raw_post(server, http, csrf, body, "multipart/form-data; boundary=xyz")
    assert THAI.search(r.json()["error"])
