"""DLA's user list: an LSSO subject mapped to a role and an organisation
that must fit it (an LAO for lao, a province for province, none for dla),
no duplicate subject; disabling ends the user's sessions at once."""
import uuid

import pytest

import support

ADMIN_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if "DLA" in flags and (p.startswith("/admin/users") or p.startswith("/api/v1/users"))]


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def subject():
    return f"it.{uuid.uuid4().hex[:10]}"


def create(server, http, csrf, **fields):
    return http.post(server.url("/api/v1/users"), json=fields, headers={"X-CSRF-Token": csrf})


def user_row(db, subject_):
    rows = db.query("SELECT role, lao_code, province_code, disabled FROM users WHERE subject = ?", (subject_,))
    return rows[0] if rows else None


def test_admin_route_table_was_found():
    assert ("GET", "/admin/users") in ADMIN_ROUTES and ("POST", "/api/v1/users") in ADMIN_ROUTES


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
@pytest.mark.parametrize("method,path", ADMIN_ROUTES, ids=[f"{m} {p}" for m, p in ADMIN_ROUTES])
def test_non_dla_gets_403_on_every_user_admin_route(server, session_for, user, method, path):
    http, csrf = session_for(user)
    r = http.request(method, server.url(path), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.status_code == 403, r.text[:200]


def test_lao_user_is_created_with_its_laos_province(server, dla, db):
    http, csrf = dla
    s = subject()
    r = create(server, http, csrf, subject=s, display_name="เจ้าหน้าที่ทดสอบ", role="lao", lao_code="6501306")
    assert r.status_code == 201
    assert r.json()["lao_code"] == "6501306" and r.json()["province_code"] == "50"
    assert tuple(map(str, user_row(db, s))) == ("lao", "6501306", "50", "0")


def test_new_user_can_sign_in(server, dla):
    http, csrf = dla
    s = subject()
    create(server, http, csrf, subject=s, display_name="เจ้าหน้าที่ สถ. ทดสอบ", role="dla")
    user_http, _ = support.sign_in(server, s)
    assert user_http.get(server.url("/api/v1/me")).json()["role"] == "dla"


def test_lao_role_without_lao_code_is_refused(server, dla, db):
    http, csrf = dla
    s = subject()
    r = create(server, http, csrf, subject=s, display_name="ทดสอบ", role="lao")
    assert r.status_code == 422 and "lao_code" in r.json()["errors"]
    assert user_row(db, s) is None


def test_lao_role_with_the_province_of_another_lao_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="lao", lao_code="6501306",
               province_code="54")
    assert r.status_code == 422 and "province_code" in r.json()["errors"]


def test_lao_role_with_unknown_lao_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="lao", lao_code="9999997")
    assert r.status_code == 422 and "lao_code" in r.json()["errors"]


def test_province_role_with_an_lao_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="province", province_code="50",
               lao_code="6501306")
    assert r.status_code == 422 and "lao_code" in r.json()["errors"]


def test_province_role_without_province_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="province")
    assert r.status_code == 422 and "province_code" in r.json()["errors"]


def test_dla_role_with_a_province_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="dla", province_code="54")
    assert r.status_code == 422 and "province_code" in r.json()["errors"]


def test_unknown_role_is_refused_in_thai(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="admin")
    assert r.status_code == 422 and "บทบาท" in r.json()["errors"]["role"]


def test_duplicate_subject_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject="lao.54-1", display_name="ซ้ำ", role="dla")
    assert r.status_code == 422 and "subject" in r.json()["errors"]


def test_subject_with_spaces_is_refused(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, subject="two words", display_name="ทดสอบ", role="dla")
    assert r.status_code == 422 and "subject" in r.json()["errors"]


def test_edit_changes_role_and_organisation(server, dla):
    http, csrf = dla
    created = create(server, http, csrf, subject=subject(), display_name="ทดสอบ", role="dla").json()
    r = http.put(server.url(f"/api/v1/users/{created['id']}"), headers={"X-CSRF-Token": csrf},
                 json={"subject": created["subject"], "display_name": "สถจ. ทดสอบ", "role": "province",
                       "province_code": "40"})
    assert r.status_code == 200
    assert (r.json()["role"], r.json()["province_code"], r.json()["display_name"]) == ("province", "40", "สถจ. ทดสอบ")


def test_disable_takes_effect_on_an_existing_session(server, dla):
    http, csrf = dla
    s = subject()
    created = create(server, http, csrf, subject=s, display_name="ทดสอบระงับ", role="lao", lao_code="6400503").json()
    user_http, _ = support.sign_in(server, s)
    assert user_http.get(server.url("/api/v1/me")).status_code == 200
    r = http.post(server.url(f"/api/v1/users/{created['id']}/disable"), headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json()["disabled"] is True
    assert user_http.get(server.url("/api/v1/me")).status_code == 401


def test_enabled_again_the_user_can_sign_in(server, dla):
    http, csrf = dla
    s = subject()
    created = create(server, http, csrf, subject=s, display_name="ทดสอบเปิด", role="dla").json()
    http.post(server.url(f"/api/v1/users/{created['id']}/disable"), headers={"X-CSRF-Token": csrf})
    http.post(server.url(f"/api/v1/users/{created['id']}/enable"), headers={"X-CSRF-Token": csrf})
    user_http, _ = support.sign_in(server, s)
    assert user_http.get(server.url("/api/v1/me")).status_code == 200


def test_dla_cannot_disable_itself(server, session_for, dla):
    http, csrf = dla
    me = http.get(server.url("/api/v1/users"), params={"q": "dla.admin"}).json()["items"][0]
    r = http.post(server.url(f"/api/v1/users/{me['id']}/disable"), headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422
    assert http.get(server.url("/api/v1/me")).status_code == 200


def test_user_changes_are_audited(server, dla, db):
    http, csrf = dla
    created = create(server, http, csrf, subject=subject(), display_name="ทดสอบบันทึก", role="dla").json()
    http.post(server.url(f"/api/v1/users/{created['id']}/disable"), headers={"X-CSRF-Token": csrf})
    actions = [r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'user' AND entity_id = ? ORDER BY seq",
                                      (str(created["id"]),))]
    assert actions == ["create", "disable"]


def test_search_finds_users_by_role_and_status(server, dla):
    http, _ = dla
    body = http.get(server.url("/api/v1/users"), params={"role": "lao", "status": "disabled", "q": "disabled.user"}).json()
    assert [u["subject"] for u in body["items"]] == ["disabled.user"]


def test_add_form_creates_the_user_and_shows_it(server, dla, db):
    http, csrf = dla
    s = subject()
    r = http.post(server.url("/admin/users"), data={"csrf_token": csrf, "subject": s, "display_name": "แบบฟอร์ม",
                                                     "role": "province", "province_code": "90"})
    assert r.status_code == 200 and "บันทึกข้อมูลเรียบร้อยแล้ว" in r.text and s in r.text
    role, _, province, _ = user_row(db, s)
    assert (role, province) == ("province", "90")


def test_add_form_with_inconsistent_role_shows_thai_errors(server, dla, db):
    http, csrf = dla
    s = subject()
    r = http.post(server.url("/admin/users"), data={"csrf_token": csrf, "subject": s, "display_name": "แบบฟอร์ม",
                                                     "role": "dla", "lao_code": "6501306"})
    assert r.status_code == 422 and "ไม่ต้องระบุ อปท." in r.text
    assert user_row(db, s) is None


def test_list_page_shows_users_and_their_status(server, dla):
    http, _ = dla
    html = http.get(server.url("/admin/users"), params={"q": "disabled.user"}).text
    assert "disabled.user" in html and "ระงับการใช้งาน" in html
