"""A provincial office's responsible provinces and LAOs: DLA assigns them
on the user's page (api/v1/users/{id}/responsibilities); they widen the
province user's scope everywhere at once, and removing them narrows it
again. The province user sees its area, read-only, at province/laos."""
import pytest

import support

CHIANG_MAI_LAO = "3500109"
KHON_KAEN_LAOS = ["2400101", "6400503"]


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture
def phrae_id(server, dla):
    http, _ = dla
    return http.get(server.url("/api/v1/users"), params={"q": "phrae.province"}).json()["items"][0]["id"]


def assign(server, dla, user_id, **what):
    http, csrf = dla
    return http.post(server.url(f"/api/v1/users/{user_id}/responsibilities"), json=what,
                     headers={"X-CSRF-Token": csrf})


def remove(server, dla, user_id, rid):
    http, csrf = dla
    return http.delete(server.url(f"/api/v1/users/{user_id}/responsibilities/{rid}"), headers={"X-CSRF-Token": csrf})


def balance_status(server, http, code):
    return http.get(server.url(f"/api/v1/laos/{code}/balance")).status_code


def test_assigning_an_lao_opens_it_to_the_province_user_and_removing_closes_it(server, session_for, dla, phrae_id):
    phrae, _ = session_for("phrae.province")
    assert balance_status(server, phrae, CHIANG_MAI_LAO) == 404
    r = assign(server, dla, phrae_id, lao_code=CHIANG_MAI_LAO)
    assert r.status_code == 201
    try:
        assert balance_status(server, phrae, CHIANG_MAI_LAO) == 200
    finally:
        assert remove(server, dla, phrae_id, r.json()["id"]).status_code == 200
    assert balance_status(server, phrae, CHIANG_MAI_LAO) == 404


def test_assigning_a_whole_province_opens_all_its_laos(server, session_for, dla, phrae_id):
    phrae, _ = session_for("phrae.province")
    r = assign(server, dla, phrae_id, province_code="40")
    assert r.status_code == 201
    try:
        assert [balance_status(server, phrae, c) for c in KHON_KAEN_LAOS] == [200, 200]
        assert balance_status(server, phrae, CHIANG_MAI_LAO) == 404
    finally:
        remove(server, dla, phrae_id, r.json()["id"])
    assert [balance_status(server, phrae, c) for c in KHON_KAEN_LAOS] == [404, 404]


def test_province_page_lists_the_assigned_lao_with_its_balance(server, session_for, dla, phrae_id):
    phrae, _ = session_for("phrae.province")
    r = assign(server, dla, phrae_id, lao_code=CHIANG_MAI_LAO)
    try:
        html = phrae.get(server.url("/province/laos"), params={"province_code": "50"}).text
        assert "เทศบาลเมืองแม่เหียะ" in html and CHIANG_MAI_LAO in html
        api = phrae.get(server.url("/api/v1/province/laos")).json()
        assert CHIANG_MAI_LAO in {i["lao_code"] for i in api["items"]}
        assert [x["lao_code"] for x in api["responsibilities"]] == [CHIANG_MAI_LAO]
    finally:
        remove(server, dla, phrae_id, r.json()["id"])


def test_province_page_lists_only_laos_in_scope(server, session_for, db):
    phrae, _ = session_for("phrae.province")
    api = phrae.get(server.url("/api/v1/province/laos"), params={"per_page": 500}).json()
    assert {i["province_code"] for i in api["items"]} == {"54"}
    assert api["total"] == db.scalar("SELECT COUNT(*) FROM laos WHERE province_code = '54'")


def test_an_lao_of_the_users_own_province_is_refused(server, dla, phrae_id):
    r = assign(server, dla, phrae_id, lao_code="6540302")
    assert r.status_code == 422 and "lao_code" in r.json()["errors"]


def test_the_same_lao_twice_is_refused(server, dla, phrae_id):
    first = assign(server, dla, phrae_id, lao_code=CHIANG_MAI_LAO)
    try:
        r = assign(server, dla, phrae_id, lao_code=CHIANG_MAI_LAO)
        assert r.status_code == 422 and "lao_code" in r.json()["errors"]
    finally:
        remove(server, dla, phrae_id, first.json()["id"])


def test_a_whole_province_replaces_its_single_laos(server, dla, phrae_id):
    http, _ = dla
    assign(server, dla, phrae_id, lao_code=CHIANG_MAI_LAO)
    whole = assign(server, dla, phrae_id, province_code="50").json()
    try:
        rows = http.get(server.url(f"/api/v1/users/{phrae_id}/responsibilities")).json()
        assert [(x["province_code"], x["lao_code"]) for x in rows] == [("50", None)]
    finally:
        remove(server, dla, phrae_id, whole["id"])


def test_responsibilities_of_a_non_province_user_are_refused(server, dla):
    http, _ = dla
    lao_user = http.get(server.url("/api/v1/users"), params={"q": "lao.54-1"}).json()["items"][0]["id"]
    r = assign(server, dla, lao_user, province_code="50")
    assert r.status_code == 422


def test_province_user_cannot_assign_itself(server, session_for, phrae_id):
    http, csrf = session_for("phrae.province")
    r = http.post(server.url(f"/api/v1/users/{phrae_id}/responsibilities"), json={"province_code": "50"},
                  headers={"X-CSRF-Token": csrf})
    assert r.status_code == 403


@pytest.mark.parametrize("user", ["lao.54-1", "dla.admin"])
def test_province_page_is_for_province_users_only(server, session_for, user):
    http, _ = session_for(user)
    assert http.get(server.url("/province/laos")).status_code == 403
    assert http.get(server.url("/api/v1/province/laos")).status_code == 403


def test_assignment_and_removal_are_audited(server, dla, db, phrae_id):
    r = assign(server, dla, phrae_id, lao_code=CHIANG_MAI_LAO)
    rid = str(r.json()["id"])
    remove(server, dla, phrae_id, rid)
    rows = db.query("SELECT action FROM audit_log WHERE entity = 'user_responsibility' AND entity_id = ?"
                    " ORDER BY seq DESC", (rid,))
    assert [x[0] for x in rows[:2]] == ["delete", "create"]


def test_user_page_form_adds_and_removes_a_responsibility(server, session_for, dla, phrae_id):
    http, csrf = dla
    phrae, _ = session_for("phrae.province")
    r = http.post(server.url(f"/admin/users/{phrae_id}/responsibilities"),
                  data={"csrf_token": csrf, "lao_code": CHIANG_MAI_LAO})
    assert r.status_code == 200 and "เพิ่มพื้นที่รับผิดชอบแล้ว" in r.text and "เทศบาลเมืองแม่เหียะ" in r.text
    rid = http.get(server.url(f"/api/v1/users/{phrae_id}/responsibilities")).json()[0]["id"]
    assert balance_status(server, phrae, CHIANG_MAI_LAO) == 200
    r = http.post(server.url(f"/admin/users/{phrae_id}/responsibilities/{rid}/delete"), data={"csrf_token": csrf})
    assert r.status_code == 200 and "ลบพื้นที่รับผิดชอบแล้ว" in r.text
    assert balance_status(server, phrae, CHIANG_MAI_LAO) == 404
