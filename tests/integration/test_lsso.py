"""Signing in through LSSO: the callback takes a signed token (HS256 or
RS256, audience DLA_CC, expiry checked), maps its subject to a user, starts
a session and goes back to the page asked for; everything else is refused
without a session, and the token is never written to error.log."""
import base64
import json
import secrets
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

import support

NEXT = "/registry/buyers"


def callback(server, token, next_path=NEXT):
    """The callback of a sign-in this (new) browser began, as LSSO sends it back."""
    return support.lsso_callback(server.base, token, next_path)


def cookie_signs_in(server, cookie):
    r = requests.get(server.url("/api/v1/me"), cookies={support.SESSION_COOKIE: cookie})
    return r.status_code == 200 and r.json()


def assert_signed_in(server, r, user):
    assert r.status_code in (302, 303), f"{r.status_code} {r.text[:300]}"
    cookie = support.session_cookie_of(r)
    assert cookie
    me = cookie_signs_in(server, cookie)
    assert me and me["user"] == user


def assert_not_signed_in(server, r, token):
    assert r.status_code in (401, 403), f"{r.status_code}"
    assert r.headers["Content-Type"].startswith("text/html")
    assert "Location" not in r.headers
    cookie = support.session_cookie_of(r)
    assert not cookie or not cookie_signs_in(server, cookie)
    assert token not in r.text
    log = server.error_log()
    assert token not in log
    signature = token.split(".")[-1]
    if len(signature) >= 16:
        assert signature not in log


@pytest.fixture(scope="module")
def other_secret(tmp_path_factory):
    path = tmp_path_factory.mktemp("lsso") / "other-secret"
    path.write_text("f" * 64 + "\n")
    return path


@pytest.fixture(scope="module")
def other_rsa_key(tmp_path_factory, lsso_ready):
    folder = tmp_path_factory.mktemp("rsa")
    subprocess.run([str(support.LSSO_ISSUE), "--gen-rsa", str(folder / "private.pem"),
                    str(folder / "public.pem")], check=True, capture_output=True)
    return folder / "private.pem"


def test_good_hs256_token_signs_in(server, token):
    r = callback(server, token("lao.54-1"))
    assert_signed_in(server, r, "lao.54-1")


def test_good_rs256_token_signs_in(server, token):
    r = callback(server, token("phrae.province", alg="RS256"))
    assert_signed_in(server, r, "phrae.province")


def test_good_token_redirects_to_next(server, token):
    r = callback(server, token("lao.54-1"), next_path=NEXT)
    assert r.headers["Location"] == server.base + NEXT


def test_good_token_without_next_goes_home(server, token):
    r = callback(server, token("lao.54-1"), next_path=None)
    assert r.headers["Location"].rstrip("/") == server.base


def test_good_token_posted_as_form_signs_in(server, token):
    r = support.lsso_callback(server.base, token("dla.admin"), "/", post=True)
    assert_signed_in(server, r, "dla.admin")


def test_signed_in_session_has_the_subjects_role(server, token):
    cookie = support.session_cookie_of(callback(server, token("dla.admin", alg="RS256")))
    assert cookie_signs_in(server, cookie)["role"] == "dla"


def test_token_used_a_second_time_is_refused(server, token):
    t = token("lao.54-1")
    assert_signed_in(server, callback(server, t), "lao.54-1")
    assert_not_signed_in(server, callback(server, t), t)


def test_token_in_the_callback_url_is_not_written_to_the_access_log(server, token):
    t = token("lao.54-1")
    callback(server, t)
    log = (server.rundir / "access.log").read_text(errors="replace")
    assert "/lsso/callback" in log
    assert t.split(".")[-1] not in log


def test_expired_token_is_refused(server, token):
    t = token("lao.54-1", exp_in=-3600)
    assert_not_signed_in(server, callback(server, t), t)


def test_token_for_another_audience_is_refused(server, token):
    t = token("lao.54-1", aud="OTHER_APP")
    assert_not_signed_in(server, callback(server, t), t)


def test_hs256_token_with_wrong_secret_is_refused(server, token, other_secret):
    t = token("lao.54-1", secret_file=other_secret)
    assert_not_signed_in(server, callback(server, t), t)


def test_rs256_token_with_wrong_key_is_refused(server, token, other_rsa_key):
    t = token("lao.54-1", alg="RS256", key_file=other_rsa_key)
    assert_not_signed_in(server, callback(server, t), t)


def test_token_with_tampered_subject_is_refused(server, token):
    head, payload, sig = token("lao.54-1").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "dla.admin"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    t = ".".join([head, forged_payload, sig])
    assert_not_signed_in(server, callback(server, t), t)


def test_alg_none_token_is_refused(server, token):
    t = token("dla.admin", alg_header="none")
    assert_not_signed_in(server, callback(server, t), t)


def test_alg_none_token_with_a_signature_is_refused(server, token):
    head, payload, _ = token("dla.admin", alg_header="none").split(".")
    t = ".".join([head, payload, token("dla.admin").split(".")[2]])
    assert_not_signed_in(server, callback(server, t), t)


def test_not_yet_valid_token_is_refused(server, token):
    t = token("lao.54-1", nbf_in=3600, exp_in=7200)
    assert_not_signed_in(server, callback(server, t), t)


def test_token_of_unknown_subject_is_refused(server, token):
    t = token("nobody.unknown")
    r = callback(server, t)
    assert r.status_code == 403
    assert_not_signed_in(server, r, t)


def test_token_of_disabled_user_is_refused(server, token):
    t = token("disabled.user")
    r = callback(server, t)
    assert r.status_code == 403
    assert_not_signed_in(server, r, t)


def test_garbage_token_is_refused(server):
    t = "garbage-" + secrets.token_hex(24)
    assert_not_signed_in(server, callback(server, t), t)


def test_callback_without_token_does_not_sign_in(server):
    r = requests.get(server.url("/lsso/callback"), params={"next": "/"}, allow_redirects=False)
    assert r.status_code in (400, 401)
    assert not support.session_cookie_of(r)


@pytest.mark.parametrize("evil_next", [
    "//evil.example", "//evil.example/carbon/", "http://evil", "https://evil.example/x",
    "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "/%2F%2Fevil.example",
    "/x\r\nLocation: http://evil", "@evil.example", " //evil.example",
])
def test_next_off_site_is_not_followed(server, token, evil_next):
    r = callback(server, token("lao.54-1"), next_path=evil_next)
    assert r.status_code in (302, 303)
    location = urlsplit(r.headers["Location"])
    assert (location.scheme, location.netloc) == ("http", f"127.0.0.1:{server.port}")
    assert location.path.startswith("/carbon/")
    assert "evil" not in location.netloc


def test_dev_login_next_off_site_is_not_followed(server):
    r = requests.post(server.url("/login/dev"), data={"user": "lao.54-1", "next": "//evil.example"},
                      allow_redirects=False)
    location = urlsplit(r.headers["Location"])
    assert location.netloc == f"127.0.0.1:{server.port}"


def sign_in_redirect(server, path):
    r = requests.get(server.url(path), allow_redirects=False)
    assert r.status_code in (302, 303)
    return urlsplit(r.headers["Location"])


def test_signed_out_page_redirects_to_lsso_login_url(server):
    location = sign_in_redirect(server, NEXT)
    configured = [line.split(None, 1)[1].strip().strip('"')
                  for line in (server.rundir / "httpd.conf").read_text().splitlines()
                  if line.startswith("CarbonLssoLoginURL")][0]
    assert f"{location.scheme}://{location.netloc}{location.path}" == configured


def test_signed_out_redirect_names_service_dla_cc(server):
    query = parse_qs(sign_in_redirect(server, NEXT).query)
    assert query["service"] == ["DLA_CC"]


def test_signed_out_redirect_returns_to_callback_with_next_page(server):
    query = parse_qs(sign_in_redirect(server, NEXT + "?fiscal_year=2568").query)
    back = urlsplit(query["return"][0])
    assert (back.scheme, back.netloc, back.path) == ("http", f"127.0.0.1:{server.port}",
                                                     "/carbon/lsso/callback")
    assert parse_qs(back.query)["next"] in ([NEXT + "?fiscal_year=2568"],
                                            ["/carbon" + NEXT + "?fiscal_year=2568"])


def test_lsso_round_trip_lands_on_the_page_asked_for(server, token):
    browser = requests.Session()
    r = browser.get(server.url(NEXT), allow_redirects=False)
    back = parse_qs(urlsplit(r.headers["Location"]).query)["return"][0]
    r = browser.get(back, params={"token": token("lao.54-1")}, allow_redirects=False)
    assert r.headers["Location"] == server.base + NEXT
    assert support.session_cookie_of(r)


def test_login_page_links_to_lsso_with_service_dla_cc(server):
    r = requests.get(server.url("/login"), params={"next": NEXT})
    assert r.status_code == 200
    assert "service=DLA_CC" in r.text


def test_accepted_token_is_not_written_to_error_log(server, token):
    t = token("lao.54-1")
    callback(server, t)
    log = server.error_log()
    assert t not in log
    assert t.split(".")[2] not in log
