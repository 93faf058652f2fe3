"""Writes need the session's CSRF token, in the X-CSRF-Token header or, for
a form, in the csrf_token field; without it they are refused with 403 and
change nothing."""
import pytest
import requests

import support


def me_status(server, http):
    return http.get(server.url("/api/v1/me")).status_code


def test_logout_without_csrf_token_is_refused(server, session_for):
    http, _ = session_for("lao.54-1")
    r = http.post(server.url("/logout"), allow_redirects=False)
    assert r.status_code == 403


def test_logout_without_csrf_token_keeps_the_session(server, session_for):
    http, _ = session_for("lao.54-1")
    http.post(server.url("/logout"), allow_redirects=False)
    assert me_status(server, http) == 200


def test_logout_form_without_csrf_field_is_refused(server, session_for):
    http, _ = session_for("lao.54-1")
    r = http.post(server.url("/logout"), data={"x": "1"}, allow_redirects=False)
    assert r.status_code == 403
    assert me_status(server, http) == 200


def test_logout_with_wrong_csrf_token_is_refused(server, session_for):
    http, csrf = session_for("lao.54-1")
    wrong = ("0" if csrf[0] != "0" else "1") + csrf[1:]
    r = http.post(server.url("/logout"), headers={"X-CSRF-Token": wrong}, allow_redirects=False)
    assert r.status_code == 403
    assert me_status(server, http) == 200


def test_logout_with_another_sessions_csrf_token_is_refused(server, session_for):
    http, _ = session_for("lao.54-1")
    _, other_csrf = session_for("lao.54-1")
    r = http.post(server.url("/logout"), data={"csrf_token": other_csrf}, allow_redirects=False)
    assert r.status_code == 403
    assert me_status(server, http) == 200


def test_logout_with_csrf_form_field_ends_the_session(server, session_for):
    http, csrf = session_for("lao.54-1")
    r = http.post(server.url("/logout"), data={"csrf_token": csrf}, allow_redirects=False)
    assert r.status_code in (302, 303)
    assert me_status(server, http) == 401


def test_csrf_token_is_refused_after_sign_out(server, session_for):
    http, csrf = session_for("lao.54-1")
    cookie = http.cookies.get(support.SESSION_COOKIE)
    http.post(server.url("/logout"), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    r = requests.post(server.url("/api/v1/files"), headers={"X-CSRF-Token": csrf},
                      cookies={support.SESSION_COOKIE: cookie},
                      files={"file": ("a.pdf", support.fixture_bytes("sample.pdf"), "application/pdf")})
    assert r.status_code == 401


def test_upload_without_csrf_token_is_refused(server, session_for):
    http, _ = session_for("lao.54-1")
    r = support.upload(server, http, None, "sample.pdf", support.fixture_bytes("sample.pdf"),
                       "application/pdf")
    assert r.status_code == 403
    assert "error" in r.json()


def test_upload_without_csrf_token_stores_nothing(server, session_for, db):
    http, _ = session_for("lao.54-1")
    files, audit = db.count("files"), db.count("audit_log")
    support.upload(server, http, None, "sample.pdf", support.fixture_bytes("sample.pdf"),
                   "application/pdf")
    assert db.count("files") == files
    assert db.count("audit_log") == audit


def test_upload_with_wrong_csrf_form_field_stores_nothing(server, session_for, db):
    http, _ = session_for("lao.54-1")
    files = db.count("files")
    r = http.post(server.url("/api/v1/files"), data={"csrf_token": "x" * 64},
                  files={"file": ("sample.pdf", support.fixture_bytes("sample.pdf"), "application/pdf")})
    assert r.status_code == 403
    assert db.count("files") == files


def test_upload_with_csrf_form_field_is_stored(server, session_for, db):
    http, csrf = session_for("lao.54-1")
    files = db.count("files")
    r = http.post(server.url("/api/v1/files"), data={"csrf_token": csrf},
                  files={"file": ("sample.pdf", support.fixture_bytes("sample.pdf"), "application/pdf")})
    assert r.status_code == 201, r.text
    assert db.count("files") == files + 1
    assert http.get(server.url(f"/api/v1/files/{r.json()['id']}")).status_code == 200


def test_json_write_without_csrf_header_is_refused(server, session_for):
    http, _ = session_for("lao.54-1")
    r = http.post(server.url("/api/v1/files"), json={"file": "x"})
    assert r.status_code == 403


WRITE_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if m in ("POST", "PUT", "PATCH", "DELETE") and "NO_CSRF" not in flags
                and "PUBLIC" not in flags]
BODIES = {
    "form": {"data": {"csrf_token": "", "id": "1", "quantity_tco2e": "1"}},
    "multipart": {"files": {"file": ("a.pdf", support.fixture_bytes("sample.pdf"), "application/pdf"),
                            "quantity_tco2e": (None, "1")}},
    "json": {"json": {"id": 1, "quantity_tco2e": 1}},
}


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province", "dla.admin"])
@pytest.mark.parametrize("body", sorted(BODIES))
@pytest.mark.parametrize("method,path", WRITE_ROUTES, ids=[f"{m} {p}" for m, p in WRITE_ROUTES])
def test_every_write_route_refuses_a_request_without_csrf_token(server, session_for, db, user,
                                                               body, method, path):
    """A cross-site form can send any body but never the token: nothing may
    succeed or change, whatever the route and the body's type."""
    http, _ = session_for(user)
    audit, files = db.count("audit_log"), db.count("files")
    r = http.request(method, server.url(path), allow_redirects=False, **BODIES[body])
    assert r.status_code >= 400, f"{method} {path} ({body}, {user}): {r.status_code}"
    assert (db.count("audit_log"), db.count("files")) == (audit, files)
    assert http.get(server.url("/api/v1/me")).status_code == 200
