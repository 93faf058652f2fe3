"""Output escaping: text from the database, the client's file names and
request data never come back as live HTML."""
import secrets
from urllib.parse import quote, unquote

import pytest
import requests

import support

SCRIPT_NAME = '<script>alert("x")</script>'
EVIL_FILENAME = "<img src=x onerror=alert(1)>.pdf"
XSS_USER = "xss.user." + secrets.token_hex(4)   # unique: the database may be reused


@pytest.fixture(scope="module")
def xss_user(server, db):
    """A Phrae LAO user whose display name is a script, planted in the database."""
    db.execute("INSERT INTO users (subject, display_name, role, lao_code, province_code, disabled,"
               " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (XSS_USER, SCRIPT_NAME, "lao", "6540302", "54", 0, "2026-01-01T00:00:00Z"))
    return XSS_USER


def test_planted_user_signs_in(server, session_for, xss_user):
    http, _ = session_for(xss_user)
    assert http.get(server.url("/api/v1/me")).json()["display_name"] == SCRIPT_NAME


@pytest.mark.parametrize("path", ["/", "/logout", "/provinces/54", "/no-such-page"])
def test_script_display_name_is_escaped_in_pages(server, session_for, xss_user, path):
    http, _ = session_for(xss_user)
    r = http.get(server.url(path))
    assert r.headers["Content-Type"].startswith("text/html")
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;alert(" in r.text


def test_script_display_name_is_escaped_on_dev_login_page(server, xss_user):
    r = requests.get(server.url("/login"))
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;alert(" in r.text


def test_pages_send_a_content_security_policy(server):
    csp = requests.get(server.url("/")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


@pytest.fixture(scope="module")
def evil_file(server):
    http, csrf = support.sign_in(server, "lao.54-1")
    r = support.upload(server, http, csrf, EVIL_FILENAME, support.fixture_bytes("sample.pdf"),
                       "application/pdf")
    assert r.status_code == 201, r.text
    return r.json()


def test_evil_file_name_is_sanitised_in_upload_answer(evil_file):
    name = evil_file["original_name"]
    assert "<" not in name and ">" not in name
    assert name.endswith(".pdf")


def test_evil_file_name_is_sanitised_in_metadata(server, session_for, evil_file):
    http, _ = session_for("lao.54-1")
    r = http.get(server.url(f"/api/v1/files/{evil_file['id']}"))
    assert "<img" not in r.text and "\\u003c" not in r.text.lower()
    assert "<" not in r.json()["original_name"]


def test_evil_file_name_is_harmless_in_download_header(server, session_for, evil_file):
    http, _ = session_for("lao.54-1")
    disposition = http.get(server.url(f"/files/{evil_file['id']}")).headers["Content-Disposition"]
    assert "<" not in disposition and ">" not in disposition
    assert "<" not in unquote(disposition)
    assert disposition.count('"') == 2


def test_html_in_path_is_not_reflected_raw(server, session_for):
    http, _ = session_for("lao.54-1")
    r = http.get(server.base + "/laos/" + quote("<script>alert(1)</script>"))
    assert r.status_code == 404
    assert "<script>alert(1)" not in r.text


def test_html_in_next_is_escaped_on_login_page(server):
    r = requests.get(server.url("/login"), params={"next": '/"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in r.text
    assert '"><script' not in r.text


def test_html_in_next_is_escaped_in_lsso_link(server):
    r = requests.get(server.url("/login"), params={"next": '/x"onmouseover="alert(1)'})
    assert 'onmouseover="alert' not in r.text
