"""Every page of a signed-in user carries the Thai menu tree of MISSION.md,
the user id and a sign-out link; DLA also sees its confirmation menu.
Signing out goes through a confirmation form."""
import re
from html import unescape

import pytest
import requests

MENU_TREE = [
    "การขาย Carbon Credit",
    "ข้อมูลพื้นฐาน",
    "ทะเบียนผู้ซื้อคาร์บอนเครดิต",
    "การดำเนินการ",
    "การขายคาร์บอนเครดิต (แบบดำเนินการเอง)",
    "การขายคาร์บอนเครดิต (แบบรวมกลุ่ม)",
    "การขายคาร์บอนเครดิต (อปท. มอบ สถ. ขาย)",
    "การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต",
    "รายงาน",
    "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต",
]
DLA_MENU = "ยืนยันการขาย อปท."
ROLES = ["lao.54-1", "phrae.province", "dla.admin"]
FIXED_PAGES = ["/", "/provinces/54", "/laos/5540105", "/logout", "/files/999999999"]
HREF = re.compile(r'<a\s[^>]*href="([^"]+)"')
NAV = re.compile(r"<nav\b.*?</nav>", re.S)


def menu_text(html):
    return unescape(" ".join(NAV.findall(html)))


def pages_of(server, http):
    """The fixed pages plus every link of the menu (whatever they answer)."""
    home = http.get(server.url("/")).text
    links = [unescape(h) for h in HREF.findall(" ".join(NAV.findall(home)))]
    menu_pages = sorted({h[len("/carbon"):] for h in links
                         if h.startswith("/carbon/") and h not in ("/carbon/", "/carbon/logout")})
    assert len(menu_pages) >= 6, menu_pages
    return FIXED_PAGES + menu_pages


@pytest.mark.parametrize("user", ROLES)
def test_every_page_shows_the_thai_menu_tree(server, session_for, user):
    http, _ = session_for(user)
    for path in pages_of(server, http):
        r = http.get(server.url(path), allow_redirects=False)
        assert r.status_code < 500 and r.headers["Content-Type"].startswith("text/html"), path
        menu = menu_text(r.text)
        for label in MENU_TREE:
            assert label in menu, (path, label)


@pytest.mark.parametrize("user", ROLES)
def test_every_page_shows_user_id_and_sign_out_link(server, session_for, user):
    http, _ = session_for(user)
    for path in pages_of(server, http):
        html = http.get(server.url(path), allow_redirects=False).text
        assert user in html, path
        assert 'href="/carbon/logout"' in html, path


def test_dla_sees_sales_confirmation_menu(server, session_for):
    http, _ = session_for("dla.admin")
    for path in FIXED_PAGES:
        assert DLA_MENU in menu_text(http.get(server.url(path)).text), path


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
def test_non_dla_does_not_see_sales_confirmation_menu(server, session_for, user):
    http, _ = session_for(user)
    assert DLA_MENU not in menu_text(http.get(server.url("/")).text)


def test_menu_marks_the_current_page(server, session_for):
    http, _ = session_for("lao.54-1")
    html = http.get(server.url("/registry/buyers")).text
    assert re.search(r'href="/carbon/registry/buyers"[^>]*aria-current="page"', html)


def test_signed_out_dashboard_has_no_menu_tree(server):
    html = requests.get(server.url("/")).text
    assert "ทะเบียนผู้ซื้อคาร์บอนเครดิต" not in menu_text(html)


def test_get_logout_shows_a_confirmation_form(server, session_for):
    http, csrf = session_for("lao.54-1")
    r = http.get(server.url("/logout"))
    assert r.status_code == 200
    form = re.search(r"<form\b[^>]*>.*?</form>", r.text, re.S).group(0)
    assert re.search(r'method="post"', form, re.I)
    assert 'action="/carbon/logout"' in form
    assert re.search(rf'name="csrf_token"\s+value="{csrf}"', form)
    assert "ออกจากระบบ" in r.text


def test_get_logout_does_not_sign_out(server, session_for):
    http, _ = session_for("lao.54-1")
    http.get(server.url("/logout"))
    assert http.get(server.url("/api/v1/me")).status_code == 200


def test_confirming_the_logout_form_lands_on_public_dashboard(server, session_for):
    http, csrf = session_for("lao.54-1")
    r = http.post(server.url("/logout"), data={"csrf_token": csrf})
    assert r.status_code == 200
    assert r.url.rstrip("/") == server.base
    assert http.get(server.url("/api/v1/me")).status_code == 401
