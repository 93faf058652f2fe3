"""Sessions live in the database: they survive an Apache restart and work
on every server of a scale-out that shares the database."""
import hashlib
import secrets

import pytest
import requests

import support


def me(url_base, cookie):
    return requests.get(url_base + "/api/v1/me", cookies={support.SESSION_COOKIE: cookie})


@pytest.fixture(scope="module")
def second_server(server):
    """Another Apache, its own run folder and port, on the same database."""
    rundir = support.new_rundir("it2-")
    other = support.Server(rundir, support.free_port(), server.driver, server.target)
    try:
        other.start()
        yield other
    finally:
        other.stop()
        support.remove_tree(rundir)


def test_session_survives_apache_restart(server, session_for):
    http, _ = session_for("lao.54-3")
    cookie = http.cookies.get(support.SESSION_COOKIE)
    server.start()          # tools/devserver start again: stops and starts Apache
    r = me(server.base, cookie)
    assert r.status_code == 200
    assert r.json()["user"] == "lao.54-3"


def test_restart_keeps_the_data(server, session_for, db):
    http, csrf = session_for("lao.54-3")
    file_id = support.upload(server, http, csrf, "keep.pdf", support.fixture_bytes("sample.pdf"),
                             "application/pdf").json()["id"]
    server.start()
    assert http.get(server.url(f"/api/v1/files/{file_id}")).status_code == 200


def test_session_from_one_server_works_on_another(server, second_server, session_for):
    http, _ = session_for("phrae.province")
    cookie = http.cookies.get(support.SESSION_COOKIE)
    r = me(second_server.base, cookie)
    assert r.status_code == 200
    assert r.json()["user"] == "phrae.province"


def test_csrf_token_from_one_server_works_on_another(server, second_server, session_for):
    http, csrf = session_for("lao.54-1")
    cookie = http.cookies.get(support.SESSION_COOKIE)
    r = requests.post(second_server.url("/api/v1/files"), headers={"X-CSRF-Token": csrf},
                      cookies={support.SESSION_COOKIE: cookie},
                      files={"file": ("x.pdf", support.fixture_bytes("sample.pdf"), "application/pdf")})
    assert r.status_code == 201, r.text
    assert http.get(server.url(f"/api/v1/files/{r.json()['id']}")).status_code == 200


def test_sign_out_on_one_server_ends_the_session_on_another(server, second_server, session_for):
    http, csrf = session_for("lao.54-2")
    cookie = http.cookies.get(support.SESSION_COOKIE)
    requests.post(second_server.url("/logout"), headers={"X-CSRF-Token": csrf},
                  cookies={support.SESSION_COOKIE: cookie}, allow_redirects=False)
    assert me(server.base, cookie).status_code == 401


def test_session_cookie_is_http_only_and_scoped_to_carbon(server):
    r = requests.post(server.url("/login/dev"), data={"user": "lao.54-1"}, allow_redirects=False)
    attrs = [a.strip().lower() for a in r.headers["Set-Cookie"].split(";")]
    assert "httponly" in attrs
    assert "path=/carbon/" in attrs
    assert "samesite=lax" in attrs


def test_sign_in_replaces_a_cookie_planted_before(server):
    planted = "a" * 64
    r = requests.post(server.url("/login/dev"), data={"user": "lao.54-1"},
                      cookies={support.SESSION_COOKIE: planted}, allow_redirects=False)
    new = support.session_cookie_of(r)
    assert new and new != planted
    assert me(server.base, planted).status_code == 401


def test_signing_in_again_ends_the_previous_session(server, session_for):
    http, _ = session_for("lao.54-1")
    first = http.cookies.get(support.SESSION_COOKIE)
    http.post(server.url("/login/dev"), data={"user": "lao.54-2"}, allow_redirects=False)
    assert me(server.base, first).status_code == 401
    assert http.get(server.url("/api/v1/me")).json()["user"] == "lao.54-2"


def test_user_disabled_after_sign_in_is_signed_out(server, session_for, db):
    subject = "temp.user." + secrets.token_hex(4)
    db.execute("INSERT INTO users (subject, display_name, role, lao_code, province_code, disabled,"
               " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (subject, "ผู้ใช้ชั่วคราว", "lao", "5540105", "54", 0, "2026-01-01T00:00:00Z"))
    http, _ = session_for(subject)
    db.execute("UPDATE users SET disabled = 1 WHERE subject = ?", (subject,))
    assert http.get(server.url("/api/v1/me")).status_code == 401


def test_expired_session_is_signed_out(server, session_for, db):
    http, _ = session_for("lao.54-3")
    token = http.cookies.get(support.SESSION_COOKIE)
    digest = hashlib.sha256(token.encode()).hexdigest()
    db.execute("UPDATE sessions SET expires_at = ? WHERE token_hash = ?", ("2000-01-01T00:00:00Z", digest))
    assert http.get(server.url("/api/v1/me")).status_code == 401
