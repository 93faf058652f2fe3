"""DLA's code lists: buyer types (names and order only), business types
and spending project types (add, rename, reorder, switch off). GET
api/v1/codes/{list} gives every signed-in role the active codes, sorted;
a code switched off disappears from it but stays on old records."""
import random

import pytest

import support

ADMIN_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if "DLA" in flags and (p.startswith("/admin/codes") or p.startswith("/api/v1/codes"))]


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def new_code():
    return f"it_{random.randint(0, 10**9)}"


ADDED = []


@pytest.fixture(autouse=True)
def switch_off_test_codes(server, session_for):
    """Codes cannot be deleted: ours are switched off, so no other test's
    form offers them."""
    yield
    http, csrf = session_for("dla.admin")
    while ADDED:
        list_name, code = ADDED.pop()
        put(server, http, csrf, list_name, code, active=False)


def add(server, http, csrf, list_name, **fields):
    r = http.post(server.url(f"/api/v1/codes/{list_name}"), json=fields, headers={"X-CSRF-Token": csrf})
    if r.status_code == 201:
        ADDED.append((list_name, fields["code"]))
    return r


def put(server, http, csrf, list_name, code, **fields):
    return http.put(server.url(f"/api/v1/codes/{list_name}/{code}"), json=fields, headers={"X-CSRF-Token": csrf})


def codes(server, http, list_name, **params):
    return http.get(server.url(f"/api/v1/codes/{list_name}"), params=params).json()


def test_admin_route_table_was_found():
    assert ("GET", "/admin/codes") in ADMIN_ROUTES and ("POST", "/api/v1/codes/1") in ADMIN_ROUTES


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
@pytest.mark.parametrize("method,path", ADMIN_ROUTES, ids=[f"{m} {p}" for m, p in ADMIN_ROUTES])
def test_non_dla_gets_403_on_every_code_admin_route(server, session_for, user, method, path):
    http, csrf = session_for(user)
    r = http.request(method, server.url(path), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.status_code == 403, r.text[:200]


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province", "dla.admin"])
def test_every_role_reads_the_active_codes_sorted(server, session_for, user):
    http, _ = session_for(user)
    rows = codes(server, http, "buyer_type")
    assert [r["code"] for r in rows] == ["individual", "private", "state_enterprise", "government"]
    assert all(r["active"] is True and isinstance(r["sort"], int) for r in rows)


def test_unknown_list_is_404(server, dla):
    http, _ = dla
    assert http.get(server.url("/api/v1/codes/no_such_list")).status_code == 404


def test_added_code_is_offered(server, dla):
    http, csrf = dla
    code = new_code()
    r = add(server, http, csrf, "business_type", code=code, name_th="ธุรกิจทดสอบ")
    assert r.status_code == 201 and r.json()["active"] is True
    assert code in [c["code"] for c in codes(server, http, "business_type")]


def test_deactivated_code_is_hidden_from_api_codes(server, session_for, dla):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "spending_project_type", code=code, name_th="โครงการทดสอบ")
    assert put(server, http, csrf, "spending_project_type", code, active=False).status_code == 200
    lao, _ = session_for("lao.54-1")
    assert code not in [c["code"] for c in codes(server, lao, "spending_project_type")]
    assert code in [c["code"] for c in codes(server, http, "spending_project_type", all="1")]


def test_inactive_code_stays_readable_by_lookup(server, dla, db):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "business_type", code=code, name_th="ธุรกิจเลิกใช้")
    put(server, http, csrf, "business_type", code, active=False)
    assert db.query("SELECT name_th, active FROM code_lists WHERE list = 'business_type' AND code = ?",
                    (code,))[0][0] == "ธุรกิจเลิกใช้"


def test_reactivated_code_is_offered_again(server, dla):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "business_type", code=code, name_th="ธุรกิจกลับมา")
    put(server, http, csrf, "business_type", code, active=False)
    put(server, http, csrf, "business_type", code, active=True)
    assert code in [c["code"] for c in codes(server, http, "business_type")]


def test_rename_keeps_the_code(server, dla):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "business_type", code=code, name_th="ชื่อเดิม")
    r = put(server, http, csrf, "business_type", code, name_th="ชื่อใหม่")
    assert r.status_code == 200 and (r.json()["code"], r.json()["name_th"]) == (code, "ชื่อใหม่")


def test_buyer_type_names_change_but_codes_are_fixed(server, dla):
    http, csrf = dla
    before = {c["code"]: c["name_th"] for c in codes(server, http, "buyer_type")}
    try:
        assert put(server, http, csrf, "buyer_type", "private", name_th="บริษัทเอกชน").status_code == 200
        assert add(server, http, csrf, "buyer_type", code="ngo", name_th="มูลนิธิ").status_code == 422
        assert put(server, http, csrf, "buyer_type", "private", active=False).status_code == 422
    finally:
        put(server, http, csrf, "buyer_type", "private", name_th=before["private"])


def test_duplicate_code_is_refused(server, dla):
    http, csrf = dla
    r = add(server, http, csrf, "business_type", code="energy", name_th="ซ้ำ")
    assert r.status_code == 422 and "code" in r.json()["errors"]


def test_code_with_capitals_or_spaces_is_refused(server, dla):
    http, csrf = dla
    r = add(server, http, csrf, "business_type", code="Bad Code", name_th="ผิด")
    assert r.status_code == 422 and "code" in r.json()["errors"]


def test_sort_reorders_the_list(server, dla):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "business_type", code=code, name_th="ขึ้นก่อน", sort=0)
    assert codes(server, http, "business_type")[0]["code"] == code


def test_move_up_button_swaps_with_the_code_above(server, dla):
    http, csrf = dla
    first, second = new_code(), new_code()
    add(server, http, csrf, "spending_project_type", code=first, name_th="ลำดับหนึ่ง")
    add(server, http, csrf, "spending_project_type", code=second, name_th="ลำดับสอง")
    order = [c["code"] for c in codes(server, http, "spending_project_type")]
    assert order[-2:] == [first, second]
    r = http.post(server.url(f"/admin/codes/spending_project_type/{second}/move"),
                  data={"csrf_token": csrf, "direction": "up"})
    assert r.status_code == 200 and "เปลี่ยนลำดับแล้ว" in r.text
    assert [c["code"] for c in codes(server, http, "spending_project_type")][-2:] == [second, first]


def test_list_page_add_form_adds_the_code(server, dla):
    http, csrf = dla
    code = new_code()
    r = http.post(server.url("/admin/codes/business_type"), data={"csrf_token": csrf, "code": code,
                                                                   "name_th": "จากแบบฟอร์ม"})
    ADDED.append(("business_type", code))
    assert r.status_code == 200 and "จากแบบฟอร์ม" in r.text


def test_deactivate_button_marks_the_code_off(server, dla):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "business_type", code=code, name_th="ปุ่มปิด")
    r = http.post(server.url(f"/admin/codes/business_type/{code}/deactivate"), data={"csrf_token": csrf})
    assert r.status_code == 200 and "ปิดการใช้งานรหัสแล้ว" in r.text
    assert code not in [c["code"] for c in codes(server, http, "business_type")]


def test_code_changes_are_audited(server, dla, db):
    http, csrf = dla
    code = new_code()
    add(server, http, csrf, "business_type", code=code, name_th="ตรวจสอบ")
    put(server, http, csrf, "business_type", code, active=False)
    actions = [r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'code' AND entity_id = ? ORDER BY seq",
                                      (f"business_type/{code}",))]
    assert actions == ["create", "update"]
