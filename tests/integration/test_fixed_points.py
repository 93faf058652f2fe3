"""The HTTP fixed points of FIXED-POINTS.md, as `make run` serves them."""
import re

import requests

import support

THAI = re.compile("[\u0e00-\u0e7f]")
SUMMARY_FIELDS = ("certified_tco2e", "sold_tco2e", "awaiting_tco2e", "remaining_tco2e",
                  "laos_with_credits")
PROVINCE_INT_FIELDS = ("certified_tco2e", "sold_tco2e", "remaining_tco2e", "laos_with_credits")
BALANCE_FIELDS = ("certified_tco2e", "awaiting_tco2e", "sold_tco2e", "remaining_tco2e")


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def test_public_dashboard_is_thai_html_without_sign_in(server):
    r = requests.get(server.url("/"), allow_redirects=False)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert 'lang="th"' in r.text
    assert len(THAI.findall(r.text)) > 100


def test_public_summary_has_integer_totals(server):
    r = requests.get(server.url("/api/v1/public/summary"))
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    for field in SUMMARY_FIELDS:
        assert is_int(body[field]), field
    assert body["certified_tco2e"] > 0
    assert body["laos_with_credits"] > 0


def test_public_provinces_lists_77_provinces(server):
    provinces = requests.get(server.url("/api/v1/public/provinces")).json()
    assert isinstance(provinces, list)
    assert len(provinces) == 77
    assert len({p["province_code"] for p in provinces}) == 77


def test_public_province_codes_are_two_digit_strings(server):
    provinces = requests.get(server.url("/api/v1/public/provinces")).json()
    for p in provinces:
        assert isinstance(p["province_code"], str)
        assert re.fullmatch(r"\d\d", p["province_code"]), p["province_code"]
    assert "10" in {p["province_code"] for p in provinces}    # Bangkok


def test_public_provinces_has_phrae_as_54(server):
    provinces = requests.get(server.url("/api/v1/public/provinces")).json()
    phrae = [p for p in provinces if p["province_code"] == "54"]
    assert len(phrae) == 1
    assert phrae[0]["name_th"] == "แพร่"


def test_public_provinces_totals_are_integers(server):
    for p in requests.get(server.url("/api/v1/public/provinces")).json():
        assert isinstance(p["name_th"], str) and THAI.search(p["name_th"])
        for field in PROVINCE_INT_FIELDS:
            assert is_int(p[field]), (p["province_code"], field)


def test_dev_login_redirects_and_sets_session_cookie(server):
    r = requests.post(server.url("/login/dev"), data={"user": "lao.54-1"}, allow_redirects=False)
    assert r.status_code in (302, 303)
    assert r.headers["Location"].startswith(server.base + "/")
    cookie = support.session_cookie_of(r)
    assert cookie
    set_cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie


def test_dev_login_cookie_works_for_html_pages(server):
    http, _ = support.sign_in(server, "lao.54-1")
    r = http.get(server.url("/logout"), allow_redirects=False)
    assert r.status_code == 200
    assert "lao.54-1" in r.text


def test_dev_login_cookie_works_for_api(server):
    http, _ = support.sign_in(server, "lao.54-1")
    r = http.get(server.url("/api/v1/laos/5540105/balance"))
    assert r.status_code == 200


def test_dev_login_of_unknown_user_is_refused(server):
    r = requests.post(server.url("/login/dev"), data={"user": "nobody.here"}, allow_redirects=False)
    assert r.status_code == 403
    assert not support.session_cookie_of(r)


def test_dev_users_lists_demo_users_with_roles(server):
    users = requests.get(server.url("/api/v1/dev/users")).json()
    assert isinstance(users, list)
    by_name = {u["user"]: u for u in users}
    for u in users:
        assert u["role"] in ("lao", "province", "dla")
    assert {u["role"] for u in users} == {"lao", "province", "dla"}
    assert by_name["dla.admin"]["role"] == "dla"
    assert by_name["phrae.province"]["role"] == "province"
    assert by_name["phrae.province"]["province_code"] == "54"
    assert by_name["lao.54-1"]["role"] == "lao"
    assert by_name["lao.54-1"]["lao_code"] == "5540105"
    assert by_name["lao.54-1"]["province_code"] == "54"


def test_dev_users_leaves_out_disabled_users(server):
    users = requests.get(server.url("/api/v1/dev/users")).json()
    assert "disabled.user" not in {u["user"] for u in users}


def test_me_returns_user_role_and_organisation(server):
    http, _ = support.sign_in(server, "lao.54-2")
    me = http.get(server.url("/api/v1/me")).json()
    assert me["user"] == "lao.54-2"
    assert me["role"] == "lao"
    assert me["province_code"] == "54"
    assert me["lao_code"] == "6540302"
    assert isinstance(me["csrf_token"], str) and len(me["csrf_token"]) >= 32


def test_me_of_province_user_has_province_and_no_lao(server):
    http, _ = support.sign_in(server, "phrae.province")
    me = http.get(server.url("/api/v1/me")).json()
    assert me["role"] == "province"
    assert me["province_code"] == "54"
    assert "lao_code" in me and me["lao_code"] is None


def test_me_of_dla_user_has_role_dla(server):
    http, _ = support.sign_in(server, "dla.admin")
    me = http.get(server.url("/api/v1/me")).json()
    assert me["user"] == "dla.admin"
    assert me["role"] == "dla"
    assert "province_code" in me and "lao_code" in me


def test_me_is_401_signed_out(server):
    r = requests.get(server.url("/api/v1/me"))
    assert r.status_code == 401
    assert r.headers["Content-Type"].startswith("application/json")
    assert THAI.search(r.json()["error"])


def test_balance_has_integer_fields(server):
    http, _ = support.sign_in(server, "lao.54-1")
    body = http.get(server.url("/api/v1/laos/5540105/balance")).json()
    for field in BALANCE_FIELDS:
        assert is_int(body[field]), field
    assert body["certified_tco2e"] > 0


def test_logout_ends_the_session(server):
    http, csrf = support.sign_in(server, "lao.54-1")
    r = http.post(server.url("/logout"), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.status_code in (302, 303)
    assert http.get(server.url("/api/v1/me")).status_code == 401


def test_logout_makes_the_old_cookie_useless(server):
    http, csrf = support.sign_in(server, "lao.54-1")
    old_cookie = http.cookies.get(support.SESSION_COOKIE)
    http.post(server.url("/logout"), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    replay = requests.get(server.url("/api/v1/me"), cookies={support.SESSION_COOKIE: old_cookie})
    assert replay.status_code == 401


def test_logout_lands_on_public_dashboard(server):
    http, csrf = support.sign_in(server, "lao.54-1")
    r = http.post(server.url("/logout"), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.headers["Location"].rstrip("/") == server.base
