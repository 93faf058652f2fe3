"""DLA's list of LAOs: search and pages, the edit form and PUT with
geography that must fit together, the CSV export; every admin route
refuses other roles; the JSON list and one LAO are scoped reads."""
import re

import pytest

import support

ADMIN_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if "DLA" in flags and (p.startswith("/admin/laos") or p.startswith("/api/v1/laos/import")
                                       or (p.startswith("/api/v1/laos/") and m == "PUT"))]
EDIT_LAO = "6540702"      # สรอย (Phrae), no user and no credits in the demo data


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def put_lao(server, http, csrf, code, **fields):
    return http.put(server.url(f"/api/v1/laos/{code}"), json=fields, headers={"X-CSRF-Token": csrf})


def current(server, http, code):
    lao = http.get(server.url(f"/api/v1/laos/{code}")).json()
    return {k: lao[k] for k in ("name_th", "lao_type", "province_code", "district_code", "subdistrict_code")}


def test_admin_route_table_was_found():
    assert ("GET", "/admin/laos") in ADMIN_ROUTES and ("POST", "/api/v1/laos/import") in ADMIN_ROUTES


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
@pytest.mark.parametrize("method,path", ADMIN_ROUTES, ids=[f"{m} {p}" for m, p in ADMIN_ROUTES])
def test_non_dla_gets_403_on_every_lao_admin_route(server, session_for, user, method, path):
    http, csrf = session_for(user)
    r = http.request(method, server.url(path), headers={"X-CSRF-Token": csrf}, allow_redirects=False)
    assert r.status_code == 403, r.text[:200]


def test_search_by_name_finds_the_lao(server, dla):
    http, _ = dla
    body = http.get(server.url("/api/v1/laos"), params={"q": "ทุ่งโฮ้ง"}).json()
    assert [i["lao_code"] for i in body["items"]] == ["5540105"] and body["total"] == 1


def test_search_by_code_type_province_and_district_combine(server, dla):
    http, _ = dla
    body = http.get(server.url("/api/v1/laos"), params={"q": "654", "lao_type": "sao", "province_code": "54",
                                                        "district_code": "5403"}).json()
    assert [i["lao_code"] for i in body["items"]] == ["6540302"]


def test_search_treats_percent_as_a_plain_character(server, dla):
    http, _ = dla
    assert http.get(server.url("/api/v1/laos"), params={"q": "%"}).json()["total"] == 0


def test_list_is_paged(server, dla, db):
    http, _ = dla
    total = db.count("laos")
    first = http.get(server.url("/api/v1/laos"), params={"per_page": 5}).json()
    second = http.get(server.url("/api/v1/laos"), params={"per_page": 5, "page": 2}).json()
    assert first["total"] == total and len(first["items"]) == 5 and second["page"] == 2
    assert not {i["lao_code"] for i in first["items"]} & {i["lao_code"] for i in second["items"]}


def test_list_page_shows_matches_and_a_pager_that_keeps_the_filter(server, dla, db):
    http, _ = dla
    pages = -(-db.scalar("SELECT COUNT(*) FROM laos WHERE province_code = '54'") // 2)
    html = http.get(server.url("/admin/laos"), params={"province_code": "54", "per_page": 2}).text
    assert f"หน้า 1 จาก {pages}" in html
    assert 'href="/carbon/admin/laos?province_code=54&amp;per_page=2&amp;page=2"' in html
    assert 'value="5401"' in html     # the districts of the chosen province are offered


def test_lao_user_lists_only_its_own_lao(server, session_for):
    http, _ = session_for("lao.54-1")
    body = http.get(server.url("/api/v1/laos")).json()
    assert [i["lao_code"] for i in body["items"]] == ["5540105"]


def test_lao_user_gets_404_for_another_lao(server, session_for):
    http, _ = session_for("lao.54-1")
    assert http.get(server.url("/api/v1/laos/6540302")).status_code == 404


def test_put_changes_name_type_and_place(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    try:
        r = put_lao(server, http, csrf, EDIT_LAO, name_th="เทศบาลตำบลสรอย", lao_type="subdistrict_municipality",
                    province_code="54", district_code="5407", subdistrict_code="540701")
        assert r.status_code == 200
        assert current(server, http, EDIT_LAO) == {"name_th": "เทศบาลตำบลสรอย", "lao_type": "subdistrict_municipality",
                                                   "province_code": "54", "district_code": "5407",
                                                   "subdistrict_code": "540701"}
    finally:
        put_lao(server, http, csrf, EDIT_LAO, **before)


def test_put_refuses_a_district_of_another_province(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    r = put_lao(server, http, csrf, EDIT_LAO, **dict(before, district_code="5001", subdistrict_code=None))
    assert r.status_code == 422 and "district_code" in r.json()["errors"]
    assert current(server, http, EDIT_LAO) == before


def test_put_refuses_a_subdistrict_of_another_district(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    r = put_lao(server, http, csrf, EDIT_LAO, **dict(before, subdistrict_code="540105"))
    assert r.status_code == 422 and "subdistrict_code" in r.json()["errors"]


def test_put_refuses_an_unknown_type_and_a_name_without_thai(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    r = put_lao(server, http, csrf, EDIT_LAO, **dict(before, lao_type="county", name_th="Sroi"))
    assert r.status_code == 422 and {"lao_type", "name_th"} <= set(r.json()["errors"])


def test_put_of_unknown_lao_is_404(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    assert put_lao(server, http, csrf, "9999998", **before).status_code == 404


def test_edit_is_audited_with_before_and_after(server, dla, db):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    try:
        put_lao(server, http, csrf, EDIT_LAO, **dict(before, name_th="องค์การบริหารส่วนตำบลสรอยตรวจสอบ"))
        rows = db.query("SELECT before_json, after_json FROM audit_log WHERE entity = 'lao' AND entity_id = ?"
                        " ORDER BY seq DESC", (EDIT_LAO,))
        assert "สรอยตรวจสอบ" in rows[0][1] and before["name_th"] in rows[0][0]
    finally:
        put_lao(server, http, csrf, EDIT_LAO, **before)


def test_edit_form_saves_and_shows_a_note(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    form = {k: v or "" for k, v in before.items()}
    try:
        r = http.post(server.url(f"/admin/laos/{EDIT_LAO}"), data=dict(form, csrf_token=csrf, name_th="อบต.สรอยแบบฟอร์ม"))
        assert r.status_code == 200 and "บันทึกข้อมูลเรียบร้อยแล้ว" in r.text
        assert current(server, http, EDIT_LAO)["name_th"] == "อบต.สรอยแบบฟอร์ม"
    finally:
        put_lao(server, http, csrf, EDIT_LAO, **before)


def test_edit_form_with_a_wrong_district_shows_the_error_next_to_it(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    form = {k: v or "" for k, v in before.items()}
    r = http.post(server.url(f"/admin/laos/{EDIT_LAO}"), data=dict(form, csrf_token=csrf, district_code="5001"))
    assert r.status_code == 422
    assert re.search(r'has-error">\s*<label for="lao-district"', r.text)


def test_edit_form_refresh_redraws_districts_without_saving(server, dla):
    http, csrf = dla
    before = current(server, http, EDIT_LAO)
    form = {k: v or "" for k, v in before.items()}
    r = http.post(server.url(f"/admin/laos/{EDIT_LAO}"), data=dict(form, csrf_token=csrf, province_code="50",
                                                                     refresh="1"))
    assert r.status_code == 200 and 'value="5001"' in r.text
    assert current(server, http, EDIT_LAO) == before


def test_export_is_a_csv_in_the_import_format(server, dla):
    http, _ = dla
    r = http.get(server.url("/admin/laos/export.csv"))
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "code,name_th,lao_type,province_code,district_code,subdistrict_code"
    assert "5540105,เทศบาลตำบลทุ่งโฮ้ง,subdistrict_municipality,54,5401,540105" in lines
