"""DLA's news (ข่าวสาร/ประชาสัมพันธ์): add, edit, publish and withdraw,
delete after a confirmation page. The public dashboard shows published
news only, as escaped plain text with the body's line breaks kept."""
import uuid

import pytest
import requests

import support

ADMIN_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if "DLA" in flags and (p.startswith("/admin/news") or p.startswith("/api/v1/news"))]


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def title():
    return f"ข่าวทดสอบ {uuid.uuid4().hex[:8]}"


CREATED = []


@pytest.fixture(autouse=True)
def delete_test_news(server, session_for):
    """The dashboard shows the latest news: leave none of ours behind."""
    yield
    http, csrf = session_for("dla.admin")
    while CREATED:
        http.delete(server.url(f"/api/v1/news/{CREATED.pop()}"), headers={"X-CSRF-Token": csrf})


def create(server, http, csrf, **fields):
    fields.setdefault("body_th", "เนื้อหาข่าวทดสอบ")
    r = http.post(server.url("/api/v1/news"), json=fields, headers={"X-CSRF-Token": csrf})
    if r.status_code == 201:
        CREATED.append(r.json()["id"])
    return r


def public_titles(server):
    return {n["title_th"] for n in requests.get(server.url("/api/v1/public/news")).json()}


def test_admin_route_table_was_found():
    assert ("GET", "/admin/news") in ADMIN_ROUTES and ("POST", "/api/v1/news") in ADMIN_ROUTES


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
@pytest.mark.parametrize("method,path", ADMIN_ROUTES, ids=[f"{m} {p}" for m, p in ADMIN_ROUTES])
def test_non_dla_gets_403_on_every_news_admin_route(server, session_for, user, method, path):
    http, csrf = session_for(user)
    r = http.request(method, server.url(path), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.status_code == 403, r.text[:200]


def test_published_news_shows_on_the_public_dashboard(server, dla):
    http, csrf = dla
    t = title()
    r = create(server, http, csrf, title_th=t, published_on="2099-01-01")
    assert r.status_code == 201 and r.json()["published"] is True
    assert t in requests.get(server.url("/")).text


def test_unpublished_news_leaves_the_public_dashboard_and_comes_back_when_published(server, dla):
    http, csrf = dla
    t = title()
    item = create(server, http, csrf, title_th=t, published_on="2099-01-02").json()
    http.post(server.url(f"/api/v1/news/{item['id']}/unpublish"), headers={"X-CSRF-Token": csrf})
    assert t not in requests.get(server.url("/")).text and t not in public_titles(server)
    http.post(server.url(f"/api/v1/news/{item['id']}/publish"), headers={"X-CSRF-Token": csrf})
    assert t in requests.get(server.url("/")).text


def test_news_saved_unpublished_is_not_shown(server, dla):
    http, csrf = dla
    t = title()
    create(server, http, csrf, title_th=t, published=False, published_on="2099-01-03")
    assert t not in public_titles(server)


def test_dashboard_escapes_markup_and_keeps_line_breaks(server, dla):
    http, csrf = dla
    t = title() + " <b>หนา</b>"
    create(server, http, csrf, title_th=t, body_th="บรรทัดแรก\r\n<script>alert(1)</script>\nบรรทัดสาม",
           published_on="2099-01-04")
    html = requests.get(server.url("/")).text
    assert "&lt;b&gt;หนา&lt;/b&gt;" in html and "<b>หนา</b>" not in html
    assert "บรรทัดแรก\n&lt;script&gt;alert(1)&lt;/script&gt;\nบรรทัดสาม" in html
    css = requests.get(server.url("/static/carbon.css")).text
    assert ".news-item p:not(.date) { white-space: pre-line;" in css


def test_edit_changes_title_and_body(server, dla):
    http, csrf = dla
    item = create(server, http, csrf, title_th=title()).json()
    t = title()
    r = http.put(server.url(f"/api/v1/news/{item['id']}"), headers={"X-CSRF-Token": csrf},
                 json={"title_th": t, "body_th": "แก้ไขแล้ว", "published_on": "01/02/2569"})
    assert r.status_code == 200
    assert (r.json()["title_th"], r.json()["body_th"], r.json()["published_on"]) == (t, "แก้ไขแล้ว", "2026-02-01")


def test_missing_title_and_body_are_refused_in_thai(server, dla):
    http, csrf = dla
    r = http.post(server.url("/api/v1/news"), json={"title_th": " ", "body_th": "\n"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422
    assert set(r.json()["errors"]) == {"title_th", "body_th"}


def test_delete_needs_a_confirmation_page_then_removes_the_news(server, dla, db):
    http, csrf = dla
    t = title()
    item = create(server, http, csrf, title_th=t).json()
    page = http.get(server.url(f"/admin/news/{item['id']}/delete"))
    assert page.status_code == 200 and "ยืนยันการลบ" in page.text and t in page.text
    assert db.scalar("SELECT COUNT(*) FROM news WHERE id = ?", (item["id"],)) == 1
    r = http.post(server.url(f"/admin/news/{item['id']}/delete"), data={"csrf_token": csrf})
    assert r.status_code == 200 and "ลบข่าวแล้ว" in r.text
    assert db.scalar("SELECT COUNT(*) FROM news WHERE id = ?", (item["id"],)) == 0


def test_news_changes_are_audited(server, dla, db):
    http, csrf = dla
    item = create(server, http, csrf, title_th=title()).json()
    http.post(server.url(f"/api/v1/news/{item['id']}/unpublish"), headers={"X-CSRF-Token": csrf})
    http.delete(server.url(f"/api/v1/news/{item['id']}"), headers={"X-CSRF-Token": csrf})
    actions = [r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'news' AND entity_id = ? ORDER BY seq",
                                      (str(item["id"]),))]
    assert actions[-3:] == ["create", "unpublish", "delete"]


def test_add_form_saves_and_lists_the_news(server, dla):
    http, csrf = dla
    t = title()
    r = http.post(server.url("/admin/news"), data={"csrf_token": csrf, "title_th": t, "body_th": "หนึ่ง\r\nสอง",
                                                    "published_on": "15/01/2569", "published": "1"})
    assert r.status_code == 200 and "บันทึกข่าวเรียบร้อยแล้ว" in r.text
    CREATED.append(int(r.url.rsplit("/", 1)[1].split("?")[0]))
    assert t in http.get(server.url("/admin/news"), params={"per_page": 200}).text


def test_add_form_with_a_bad_date_shows_the_error(server, dla):
    http, csrf = dla
    r = http.post(server.url("/admin/news"), data={"csrf_token": csrf, "title_th": title(), "body_th": "x",
                                                    "published_on": "31/02/2569"})
    assert r.status_code == 422 and "วันที่ประกาศ" in r.text
