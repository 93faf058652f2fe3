"""Signed out, nothing but the public pages answers: every route of
router.c's table that is not public, every menu link (menu.c) and paths no
route knows give 401 (API, HTML writes) or a redirect to sign-in (HTML GET)."""

import pytest
import requests

import support

PRIVATE_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                  if "PUBLIC" not in flags]
PUBLIC_GET_ROUTES = [support.concrete(p) for m, p, flags in support.route_table()
                     if "PUBLIC" in flags and m == "GET" and p != "/lsso/callback"]
# Paths no route answers: signed out they must still not say whether they exist.
UNROUTED_PATHS = ["/no-such-page", "/admin/no-such-page", "/registry/no-such-page",
                  "/api/v1/no-such-thing", "/api/v1/laos/5540105/no-such-thing"]


def test_router_table_was_parsed():
    assert ("GET", "/api/v1/me") in PRIVATE_ROUTES
    assert "/api/v1/public/summary" in PUBLIC_GET_ROUTES


def assert_refused(server, method, path):
    r = requests.request(method, server.url(path), allow_redirects=False,
                         data={"x": "1"} if method != "GET" else None)
    if path.startswith("/api/"):
        assert r.status_code == 401, f"{method} {path}: {r.status_code}"
        assert r.headers["Content-Type"].startswith("application/json")
        assert set(r.json()) == {"error"}
    elif method in ("GET", "HEAD"):
        assert r.status_code in (302, 303), f"{method} {path}: {r.status_code}"
        assert "/lsso/callback" in requests.utils.unquote(r.headers["Location"])
    else:
        assert r.status_code in (302, 303, 401), f"{method} {path}: {r.status_code}"
    assert not support.session_cookie_of(r)


@pytest.mark.parametrize("method,path", PRIVATE_ROUTES, ids=[f"{m} {p}" for m, p in PRIVATE_ROUTES])
def test_private_route_refuses_signed_out(server, method, path):
    assert_refused(server, method, path)


@pytest.mark.parametrize("path", support.menu_links())
def test_menu_link_redirects_signed_out_browser_to_sign_in(server, path):
    assert_refused(server, "GET", path)


@pytest.mark.parametrize("path", UNROUTED_PATHS)
def test_unrouted_path_refuses_signed_out(server, path):
    assert_refused(server, "GET", path)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_unrouted_api_write_refuses_signed_out(server, method):
    assert_refused(server, method, "/api/v1/no-such-thing/1")


@pytest.mark.parametrize("path", PUBLIC_GET_ROUTES)
def test_public_route_answers_signed_out(server, path):
    r = requests.get(server.url(path), allow_redirects=False)
    assert r.status_code not in (301, 302, 303, 401, 403), f"{path}: {r.status_code}"
    assert r.status_code < 500


def test_private_api_answer_leaks_no_data_signed_out(server):
    r = requests.get(server.url("/api/v1/laos/5540105/balance"))
    assert r.status_code == 401
    assert "certified_tco2e" not in r.text


def test_signed_out_redirect_leaks_no_page_content(server):
    r = requests.get(server.url("/logout"), allow_redirects=False)
    assert r.status_code in (302, 303)
    assert "csrf_token" not in r.text


def test_garbage_session_cookie_counts_as_signed_out(server):
    r = requests.get(server.url("/api/v1/me"), cookies={support.SESSION_COOKIE: "0" * 64})
    assert r.status_code == 401


def test_malformed_session_cookie_counts_as_signed_out(server):
    r = requests.get(server.url("/api/v1/me"), cookies={support.SESSION_COOKIE: "'; DROP TABLE users;--"})
    assert r.status_code == 401
