"""Sign-in hardening (issue 11): the LSSO callback takes a token only for a
sign-in this browser began (state cookie), builds its return URL from the
configuration and not the Host header, checks iss when CarbonLssoIssuer is
set; sessions end after an idle time; the dev sign-in refuses another
origin; Apache knows the signed-in user (%u of the access log)."""
import hashlib
import time
from urllib.parse import parse_qs, urlsplit

import requests

import support


def me(server, http):
    return http.get(server.url("/api/v1/me"), timeout=30)


def test_token_pasted_into_another_browser_does_not_switch_its_session(server, token, session_for):
    victim, _ = session_for("lao.54-2")
    # The attacker began a sign-in in their own browser and has its state
    # and a token of their own; the victim's browser never began it.
    attacker = requests.Session()
    state = support.lsso_begin(server.base, attacker)
    r = victim.get(server.url("/lsso/callback"), allow_redirects=False, timeout=30,
                   params={"token": token("dla.admin"), "state": state, "next": "/"})
    assert r.status_code == 401
    assert support.is_thai(r.text)
    assert not support.session_cookie_of(r)
    assert me(server, victim).json()["user"] == "lao.54-2"


def test_lsso_return_url_ignores_the_host_header(server):
    r = requests.get(server.url("/registry/buyers"), headers={"Host": "evil.example"},
                     allow_redirects=False, timeout=30)
    assert r.status_code in (302, 303)
    back = urlsplit(parse_qs(urlsplit(r.headers["Location"]).query)["return"][0])
    assert back.netloc == f"127.0.0.1:{server.port}"


def test_token_of_another_issuer_is_refused_when_the_issuer_is_set(server, token):
    r = support.lsso_callback(server.base, token("lao.54-1", iss="https://evil.example/"))
    assert r.status_code == 401
    assert not support.session_cookie_of(r)


def test_session_ends_after_the_idle_timeout(server, session_for, db):
    http, _ = session_for("lao.54-3")
    cookie = http.cookies.get(support.SESSION_COOKIE)
    digest = hashlib.sha256(cookie.encode()).hexdigest()
    # CarbonSessionIdleTimeout 1800 (conf/httpd-dev.conf.in); the lifetime is 8 hours.
    idle_since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1801))
    db.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", (idle_since, digest))
    assert me(server, http).status_code == 401


def test_dev_sign_in_posted_from_another_origin_is_refused(server):
    r = requests.post(server.url("/login/dev"), data={"user": "dla.admin"}, allow_redirects=False,
                      headers={"Origin": "http://evil.example"}, timeout=30)
    assert r.status_code == 403
    assert not support.session_cookie_of(r)


def test_access_log_names_the_signed_in_user(server, session_for):
    http, _ = session_for("phrae.province")
    marker = "/api/v1/me?" + support.unique_tag("log")  # %U leaves the query out: one more request
    assert http.get(server.url(marker), timeout=30).status_code == 200
    time.sleep(0.2)
    lines = [line for line in (server.rundir / "access.log").read_text().splitlines()
             if "GET /carbon/api/v1/me " in line]
    assert lines and lines[-1].split()[1] == "phrae.province"


def test_module_log_lines_carry_the_module_name(server, session_for):
    # LogLevel warn carbon:info: the sign-in line (CARBON41, info) is kept
    # only when the line is the module's own.
    session_for("lao.30-1")
    time.sleep(0.2)
    assert any("[carbon:info]" in line and "CARBON41: signed in: lao.30-1" in line
               for line in server.error_log().splitlines())
