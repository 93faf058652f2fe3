"""Projects, DLA's master data: the default project exists and comes first
in GET api/v1/projects for every role, exactly one default (setting
another unsets the previous in the same write, the default cannot be
unset), every change audited, only DLA writes; the list and form pages."""
import json
import re
import uuid

import pytest

import support

DEFAULT_NAME = "โครงการถังขยะเปียก ลดโลกร้อน"
ADMIN_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if "DLA" in flags and (p.startswith("/admin/projects") or p.startswith("/api/v1/projects"))]


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def project_body(**overrides):
    body = {"name_th": unique("โครงการทดสอบ"), "registrant_name": "หน่วยงานทดสอบ",
            "tver_registrant_no": unique("T-VER"), "sharing_rule_code": "dla_programme"}
    body.update(overrides)
    return body


def create(server, http, csrf, **overrides):
    return http.post(server.url("/api/v1/projects"), json=project_body(**overrides),
                     headers={"X-CSRF-Token": csrf})


def update(server, http, csrf, pid, **fields):
    return http.put(server.url(f"/api/v1/projects/{pid}"), json=fields, headers={"X-CSRF-Token": csrf})


def projects(server, http):
    r = http.get(server.url("/api/v1/projects"))
    assert r.status_code == 200
    return r.json()


def default_id(server, http):
    return [p["id"] for p in projects(server, http) if p["is_default"]]


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province", "dla.admin"])
def test_default_project_exists_and_is_first_for_every_role(server, session_for, user):
    http, _ = session_for(user)
    first = projects(server, http)[0]
    assert first["name_th"] == DEFAULT_NAME and first["is_default"] is True
    assert {"id", "name_th", "registrant_name", "tver_registrant_no"} <= set(first)
    assert first["registrant_name"] and first["tver_registrant_no"]


def test_exactly_one_project_is_default(server, dla):
    assert len(default_id(server, dla[0])) == 1


def test_dla_creates_a_project_with_its_rule(server, dla):
    http, csrf = dla
    r = create(server, http, csrf, sharing_rule_code="rfd_2567_6_5")
    assert r.status_code == 201, r.text
    p = r.json()
    assert (p["lao_share_bp"], p["developer_share_bp"], p["state_share_bp"]) == (2000, 7000, 1000)
    assert p["is_default"] is False
    assert http.get(server.url(f"/api/v1/projects/{p['id']}")).json()["name_th"] == p["name_th"]


def test_project_creation_is_audited(server, dla, db):
    http, csrf = dla
    r = create(server, http, csrf)
    rows = db.query("SELECT action, after_json FROM audit_log WHERE entity = 'project' AND entity_id = ?",
                    (str(r.json()["id"]),))
    assert len(rows) == 1 and rows[0][0] == "create"
    assert json.loads(rows[0][1])["name_th"] == r.json()["name_th"]


def test_project_edit_keeps_other_fields_and_is_audited_with_before_and_after(server, dla, db):
    http, csrf = dla
    p = create(server, http, csrf, sharing_rule_code="dmcr_mangrove_2565", lao_share_bp=8500).json()
    r = update(server, http, csrf, p["id"], registrant_name="ผู้ขึ้นทะเบียนใหม่")
    assert r.status_code == 200, r.text
    assert r.json()["registrant_name"] == "ผู้ขึ้นทะเบียนใหม่" and r.json()["lao_share_bp"] == 8500
    before, after = db.query("SELECT before_json, after_json FROM audit_log WHERE entity = 'project' "
                             "AND entity_id = ? AND action = 'update'", (str(p["id"]),))[0]
    assert json.loads(before)["registrant_name"] == "หน่วยงานทดสอบ"
    assert json.loads(after)["registrant_name"] == "ผู้ขึ้นทะเบียนใหม่"


def test_changing_the_rule_takes_the_new_rules_shares(server, dla):
    http, csrf = dla
    p = create(server, http, csrf, sharing_rule_code="dmcr_mangrove_2565", lao_share_bp=8500).json()
    r = update(server, http, csrf, p["id"], sharing_rule_code="rfd_2567_6_1_4")
    assert r.status_code == 200, r.text
    assert (r.json()["lao_share_bp"], r.json()["state_share_bp"]) == (9000, 1000)


def test_adjusting_the_dmcr_share_outside_0_to_90_percent_is_refused_on_edit(server, dla):
    http, csrf = dla
    p = create(server, http, csrf, sharing_rule_code="dmcr_mangrove_2565").json()
    r = update(server, http, csrf, p["id"], lao_share_bp=9500)
    assert r.status_code == 422
    assert "lao_share_bp" in r.json()["errors"]
    assert http.get(server.url(f"/api/v1/projects/{p['id']}")).json()["lao_share_bp"] == 9000


def test_setting_another_default_unsets_the_previous_one(server, dla, db):
    http, csrf = dla
    old = default_id(server, http)[0]
    p = create(server, http, csrf, is_default=True).json()
    try:
        assert p["is_default"] is True
        assert default_id(server, http) == [p["id"]]
        assert projects(server, http)[0]["id"] == p["id"]
        audit = db.query("SELECT after_json FROM audit_log WHERE entity = 'project' AND entity_id = ? "
                         "AND action = 'update' ORDER BY seq DESC", (str(old),))
        assert json.loads(audit[0][0])["is_default"] is False
    finally:
        assert update(server, http, csrf, old, is_default=True).status_code == 200
    assert default_id(server, http) == [old]


def test_the_default_project_cannot_be_unset(server, dla):
    http, csrf = dla
    old = default_id(server, http)[0]
    r = update(server, http, csrf, old, is_default=False)
    assert r.status_code == 422
    assert "is_default" in r.json()["errors"]
    assert default_id(server, http) == [old]


def test_duplicate_project_name_is_refused_in_thai(server, dla):
    http, csrf = dla
    name = unique("โครงการชื่อซ้ำ")
    assert create(server, http, csrf, name_th=name).status_code == 201
    r = create(server, http, csrf, name_th=name)
    assert r.status_code == 422
    assert "มีโครงการชื่อนี้อยู่แล้ว" in r.json()["errors"]["name_th"]


def test_missing_fields_are_refused_in_thai(server, dla):
    http, csrf = dla
    r = http.post(server.url("/api/v1/projects"), json={}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) >= {"name_th", "registrant_name", "tver_registrant_no", "sharing_rule_code"}
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in m) for m in errors.values())


def test_unknown_project_is_404(server, dla):
    http, csrf = dla
    assert http.get(server.url("/api/v1/projects/999999")).status_code == 404
    assert update(server, http, csrf, 999999, name_th="x").status_code == 404


def test_admin_route_table_was_found():
    assert ("GET", "/admin/projects") in ADMIN_ROUTES and ("PUT", "/api/v1/projects/1") in ADMIN_ROUTES


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
@pytest.mark.parametrize("method,path", ADMIN_ROUTES, ids=[f"{m} {p}" for m, p in ADMIN_ROUTES])
def test_only_dla_may_use_project_admin_routes(server, session_for, db, user, method, path):
    http, csrf = session_for(user)
    count = db.count("projects")
    r = http.request(method, server.url(path), json=project_body(), headers={"X-CSRF-Token": csrf},
                     allow_redirects=False)
    assert r.status_code == 403, r.text[:200]
    assert db.count("projects") == count


def test_projects_page_lists_projects_with_their_shares_and_rules(server, dla):
    http, _ = dla
    html = http.get(server.url("/admin/projects")).text
    assert DEFAULT_NAME in html and "โครงการตั้งต้น" in html
    assert "ข้อ 14" in html and "ปัดเศษลง" in html


def test_project_form_saves_a_typed_percentage(server, dla):
    http, csrf = dla
    name = unique("ป่าชายเลนจากแบบฟอร์ม")
    r = http.post(server.url("/admin/projects"), allow_redirects=False,
                  data={"csrf_token": csrf, "name_th": name, "registrant_name": "ทช.",
                        "tver_registrant_no": "T-VER-F-1", "sharing_rule_code": "dmcr_mangrove_2565",
                        "lao_share_pct": "87.5"})
    assert r.status_code == 303, r.text[:300]
    saved = [p for p in projects(server, http) if p["name_th"] == name][0]
    assert (saved["lao_share_bp"], saved["state_share_bp"]) == (8750, 1250)


def test_project_form_ignores_the_percentage_under_a_fixed_rule(server, dla):
    http, csrf = dla
    name = unique("ป่าไม้จากแบบฟอร์ม")
    r = http.post(server.url("/admin/projects"), allow_redirects=False,
                  data={"csrf_token": csrf, "name_th": name, "registrant_name": "ปม.",
                        "tver_registrant_no": "T-VER-F-2", "sharing_rule_code": "rfd_2567_6_5",
                        "lao_share_pct": "85"})
    assert r.status_code == 303
    saved = [p for p in projects(server, http) if p["name_th"] == name][0]
    assert (saved["lao_share_bp"], saved["developer_share_bp"]) == (2000, 7000)


def test_project_form_shows_the_thai_error_next_to_the_share(server, dla, db):
    http, csrf = dla
    count = db.count("projects")
    r = http.post(server.url("/admin/projects"),
                  data={"csrf_token": csrf, "name_th": unique("เกินร้อยละ 90"), "registrant_name": "ทช.",
                        "tver_registrant_no": "T-VER-F-3", "sharing_rule_code": "dmcr_mangrove_2565",
                        "lao_share_pct": "95"})
    assert r.status_code == 422
    assert re.search(r'class="field-error">[^<]*0 ถึง 90', r.text)
    assert 'value="95"' in r.text
    assert db.count("projects") == count


def test_edit_form_of_the_default_project_keeps_it_default(server, dla):
    http, csrf = dla
    pid = default_id(server, http)[0]
    page = http.get(server.url(f"/admin/projects/{pid}/edit")).text
    assert 'name="is_default" value="1"' in page
    current = http.get(server.url(f"/api/v1/projects/{pid}")).json()
    r = http.post(server.url(f"/admin/projects/{pid}"), allow_redirects=False,
                  data={"csrf_token": csrf, "name_th": current["name_th"],
                        "registrant_name": current["registrant_name"],
                        "tver_registrant_no": current["tver_registrant_no"],
                        "sharing_rule_code": current["sharing_rule_code"], "is_default": "1"})
    assert r.status_code == 303
    assert default_id(server, http) == [pid]
