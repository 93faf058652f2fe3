"""Certified credits (ข้อมูลการรับรองปริมาณคาร์บอนเครดิต): DLA records them
with documents (JSON or multipart, the API and the form), a TGO reference
once per project and LAO, the list's filters, the view with the split; an
LAO sees its own certifications in the self-sale page's certified credits
view, a provincial office those of its LAOs; documents download for the
LAO, its province and DLA, and are a 404 for another LAO."""
import re
import uuid

import pytest

import support

OWN_LAO = "6540302"       # lao.54-2 องค์การบริหารส่วนตำบลบ้านปิน (แพร่)
OTHER_LAO_USER = "lao.54-1"
FAR_LAO = "3500109"       # lao.50-1 (เชียงใหม่)
ADMIN_ROUTES = [(m, support.concrete(p)) for m, p, flags in support.route_table()
                if "DLA" in flags and (p.startswith("/admin/certifications") or p == "/api/v1/certifications")]


def unique(prefix="TGO"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def fields(**overrides):
    body = {"project_id": 1, "lao_code": OWN_LAO, "period_from": "2025-01-01", "period_to": "2025-12-31",
            "certified_on": "2026-01-15", "tgo_ref": unique(), "total_tco2e": 11}
    body.update(overrides)
    return body


def certify_json(server, http, csrf, **overrides):
    return http.post(server.url("/api/v1/certifications"), json=fields(**overrides),
                     headers={"X-CSRF-Token": csrf})


def certify_multipart(server, http, csrf, files, **overrides):
    data = {k: (None, str(v)) for k, v in fields(**overrides).items()}
    parts = list(data.items()) + [("documents", f) for f in files]
    return http.post(server.url("/api/v1/certifications"), files=parts, headers={"X-CSRF-Token": csrf})


def pdf():
    return ("หนังสือรับรอง.pdf", support.fixture_bytes("sample.pdf"), "application/pdf")


@pytest.fixture(scope="module")
def certified_with_document(server, session_for):
    """One certification of OWN_LAO with one PDF, recorded by DLA."""
    http, csrf = session_for("dla.admin")
    r = certify_multipart(server, http, csrf, [pdf()], tgo_ref=unique("DOC"))
    assert r.status_code == 201, r.text
    return r.json()


# ---- recording ----

def test_multipart_certification_stores_its_documents_linked_to_the_record(server, db, certified_with_document):
    docs = certified_with_document["documents"]
    assert len(docs) == 1 and docs[0]["original_name"] == "หนังสือรับรอง.pdf"
    rows = db.query("SELECT entity, kind FROM record_files WHERE entity_id = ? AND file_id = ?",
                    (certified_with_document["id"], docs[0]["id"]))
    assert rows == [("certification", "document")]
    owner = db.query("SELECT owner_lao_code FROM files WHERE id = ?", (docs[0]["id"],))[0][0]
    assert owner == OWN_LAO


def test_certification_of_several_documents_keeps_them_all(server, dla):
    http, csrf = dla
    xlsx = ("ผลการตรวจสอบ.xlsx", support.fixture_bytes("sample.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    jpg = ("ภาพ.jpg", support.fixture_bytes("sample.jpg"), "image/jpeg")
    doc = ("บันทึก.doc", support.fixture_bytes("sample.doc"), "application/msword")
    r = certify_multipart(server, http, csrf, [pdf(), xlsx, jpg, doc])
    assert r.status_code == 201, r.text
    assert len(r.json()["documents"]) == 4


def test_document_of_a_refused_type_stops_the_whole_certification(server, dla, db):
    http, csrf = dla
    counts = (db.count("certifications"), db.count("files"), db.count("audit_log"))
    fake = ("not-really.pdf", support.fixture_bytes("not-really.pdf"), "application/pdf")
    r = certify_multipart(server, http, csrf, [fake])
    assert r.status_code == 422
    assert "not-really.pdf" in r.json()["errors"]["documents"]
    assert (db.count("certifications"), db.count("files"), db.count("audit_log")) == counts


def test_duplicate_tgo_reference_for_the_same_project_and_lao_is_refused(server, dla, db):
    http, csrf = dla
    ref = unique("DUP")
    assert certify_json(server, http, csrf, tgo_ref=ref).status_code == 201
    count = db.count("certifications")
    r = certify_json(server, http, csrf, tgo_ref=ref)
    assert r.status_code == 422
    assert "บันทึกไว้แล้ว" in r.json()["errors"]["tgo_ref"]
    assert db.count("certifications") == count


def test_same_tgo_reference_for_another_lao_is_accepted(server, dla):
    http, csrf = dla
    ref = unique("SHARED")
    assert certify_json(server, http, csrf, tgo_ref=ref).status_code == 201
    assert certify_json(server, http, csrf, tgo_ref=ref, lao_code="5540110").status_code == 201


def test_certification_is_audited_with_its_split_and_documents(server, db, certified_with_document):
    after = db.query("SELECT after_json FROM audit_log WHERE entity = 'certification' AND entity_id = ?",
                     (str(certified_with_document["id"]),))[0][0]
    assert '"lao_share_tco2e":11' in after and '"state_share_tco2e":0' in after
    assert str(certified_with_document["documents"][0]["id"]) in after


def test_admin_route_table_was_found():
    assert ("GET", "/admin/certifications") in ADMIN_ROUTES
    assert ("POST", "/api/v1/certifications") in ADMIN_ROUTES


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
@pytest.mark.parametrize("method,path", ADMIN_ROUTES, ids=[f"{m} {p}" for m, p in ADMIN_ROUTES])
def test_only_dla_may_use_certification_admin_routes(server, session_for, db, user, method, path):
    http, csrf = session_for(user)
    count = db.count("certifications")
    r = http.request(method, server.url(path), json=fields(), headers={"X-CSRF-Token": csrf},
                     allow_redirects=False)
    assert r.status_code == 403, r.text[:200]
    assert db.count("certifications") == count


def test_lao_cannot_record_a_certification_through_the_form(server, session_for, db):
    http, csrf = session_for("lao.54-2")
    count = db.count("certifications")
    data = {k: (None, str(v)) for k, v in fields(csrf_token=csrf).items()}
    r = http.post(server.url("/admin/certifications"), files=data, allow_redirects=False)
    assert r.status_code == 403
    assert db.count("certifications") == count


# ---- the form and the pages ----

def test_form_records_a_certification_and_shows_the_split(server, dla, db):
    http, csrf = dla
    ref = unique("FORM")
    mangrove = [p for p in http.get(server.url("/api/v1/projects")).json()
                if p["sharing_rule_code"] == "dmcr_mangrove_2565" and p["lao_share_bp"] == 9000][0]
    data = {"csrf_token": csrf, "project_id": str(mangrove["id"]), "province_code": "90", "lao_pick": "2901101",
            "lao_code": "", "period_from": "01/01/2568", "period_to": "31/12/2568", "certified_on": "15/01/2569",
            "tgo_ref": ref, "total_tco2e": "101"}
    parts = [(k, (None, v)) for k, v in data.items()] + [("documents", pdf())]
    r = http.post(server.url("/admin/certifications"), files=parts, allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    page = http.get(r.headers["Location"])
    assert page.status_code == 200
    assert re.search(r'id="split-lao"><strong>90<', page.text)
    assert re.search(r'id="split-state">11<', page.text)
    assert "บันทึกข้อมูลการรับรองเรียบร้อยแล้ว" in page.text and "หนังสือรับรอง.pdf" in page.text
    stored = db.query("SELECT lao_code, period_from, certified_on FROM certifications WHERE tgo_ref = ?", (ref,))
    assert stored == [("2901101", "2025-01-01", "2026-01-15")]


def test_form_with_errors_comes_back_with_thai_messages_and_the_typed_values(server, dla, db):
    http, csrf = dla
    count = db.count("certifications")
    data = {"csrf_token": csrf, "project_id": "1", "lao_code": "12", "period_from": "31/12/2568",
            "period_to": "01/01/2568", "certified_on": "", "tgo_ref": "ค้างไว้", "total_tco2e": "0"}
    r = http.post(server.url("/admin/certifications"), files={k: (None, v) for k, v in data.items()})
    assert r.status_code == 422
    assert r.text.count('class="field-error"') >= 4
    assert 'value="ค้างไว้"' in r.text
    assert db.count("certifications") == count


def test_list_filters_by_province_lao_project_and_year(server, dla):
    http, _ = dla
    r = http.get(server.url("/api/v1/certifications"),
                 params={"province_code": "54", "lao_code": "5540105", "project_id": "1", "year": "2568"})
    items = r.json()["items"]
    assert [i["tgo_ref"] for i in items] == ["TVER-2568-0202"]
    page = http.get(server.url("/admin/certifications"), params={"province_code": "54", "year": "2567"}).text
    assert "TVER-2567-0102" in page and "TVER-2568-0202" not in page and "TVER-2567-0106" not in page


def test_list_page_shows_the_split_columns_for_dla(server, dla):
    http, _ = dla
    html = http.get(server.url("/admin/certifications")).text
    assert "ส่วนของ อปท." in html and "กรมทรัพยากรทางทะเลและชายฝั่ง" in html


def test_certification_view_of_an_unknown_id_is_404(server, dla):
    http, _ = dla
    assert http.get(server.url("/admin/certifications/999999")).status_code == 404


def test_lao_options_are_scoped_to_the_province_user(server, session_for):
    http, _ = session_for("phrae.province")
    own = http.get(server.url("/api/v1/lao-options"), params={"province_code": "54"}).json()
    assert own and all(o["province_code"] == "54" for o in own)
    assert http.get(server.url("/api/v1/lao-options"), params={"province_code": "50"}).json() == []


# ---- the LAO's certified credits view ----

def self_sale(server, http, **params):
    params.setdefault("data", "certifications")
    return http.get(server.url("/sales/self"), params=params)


def test_lao_certified_credits_view_shows_its_own_certifications(server, session_for, certified_with_document):
    http, _ = session_for("lao.54-2")
    html = self_sale(server, http).text
    assert certified_with_document["tgo_ref"] in html
    assert "TVER-2568-0204" in html and "ข้อมูลการรับรองปริมาณคาร์บอนเครดิต" in html


def test_lao_certified_credits_view_does_not_show_another_laos(server, session_for, certified_with_document):
    http, _ = session_for(OTHER_LAO_USER)
    html = self_sale(server, http).text
    assert certified_with_document["tgo_ref"] not in html
    assert "TVER-2568-0204" not in html and "TVER-2568-0202" in html


def test_lao_cannot_choose_another_lao_in_the_self_sale_page(server, session_for, certified_with_document):
    http, _ = session_for(OTHER_LAO_USER)
    html = self_sale(server, http, lao_code=OWN_LAO).text
    assert certified_with_document["tgo_ref"] not in html


def test_self_sale_page_shows_the_credit_summary_and_lao_information(server, session_for):
    http, _ = session_for("lao.54-2")
    balance = http.get(server.url(f"/api/v1/laos/{OWN_LAO}/balance")).json()
    html = self_sale(server, http).text
    assert re.search(r'id="stat-remaining">' + f"{balance['remaining_tco2e']:,}<", html)
    assert 'id="stat-awaiting">' in html and 'id="stat-sold">' in html
    assert "องค์การบริหารส่วนตำบลบ้านปิน" in html and OWN_LAO in html


def test_completed_data_type_shows_the_trade_lists_instead_of_certifications(server, session_for):
    http, _ = session_for("lao.54-2")
    html = self_sale(server, http, data="completed").text
    assert 'id="in-progress-trades"' in html and 'id="completed-trades"' in html
    assert 'id="lao-certifications"' not in html


def test_province_user_sees_the_view_of_an_lao_of_its_province(server, session_for, certified_with_document):
    http, _ = session_for("phrae.province")
    chooser = self_sale(server, http).text
    assert f'value="{OWN_LAO}"' in chooser and f'value="{FAR_LAO}"' not in chooser
    html = self_sale(server, http, lao_code=OWN_LAO).text
    assert certified_with_document["tgo_ref"] in html


def test_province_user_gets_404_for_an_lao_of_another_province(server, session_for):
    http, _ = session_for("phrae.province")
    assert self_sale(server, http, lao_code=FAR_LAO).status_code == 404


def test_dla_sees_the_view_of_any_lao(server, dla, certified_with_document):
    html = self_sale(server, dla[0], lao_code=OWN_LAO).text
    assert certified_with_document["tgo_ref"] in html


# ---- documents ----

def test_certification_documents_are_linked_from_the_lao_view(server, session_for, certified_with_document):
    http, _ = session_for("lao.54-2")
    file_id = certified_with_document["documents"][0]["id"]
    assert f'href="/carbon/files/{file_id}"' in self_sale(server, http).text


@pytest.mark.parametrize("user", ["lao.54-2", "phrae.province", "dla.admin"])
def test_certification_document_downloads_for_the_lao_its_province_and_dla(server, session_for, user,
                                                                         certified_with_document):
    http, _ = session_for(user)
    r = http.get(server.url(f"/files/{certified_with_document['documents'][0]['id']}"))
    assert r.status_code == 200
    assert r.content == support.fixture_bytes("sample.pdf")


@pytest.mark.parametrize("user", ["lao.54-1", "lao.50-1"])
def test_certification_document_is_404_for_another_lao(server, session_for, user, certified_with_document):
    http, _ = session_for(user)
    assert http.get(server.url(f"/files/{certified_with_document['documents'][0]['id']}")).status_code == 404


def test_certification_json_is_scoped(server, session_for, certified_with_document):
    cid = certified_with_document["id"]
    own, _ = session_for("lao.54-2")
    other, _ = session_for(OTHER_LAO_USER)
    assert own.get(server.url(f"/api/v1/certifications/{cid}")).json()["tgo_ref"] == certified_with_document["tgo_ref"]
    assert other.get(server.url(f"/api/v1/certifications/{cid}")).status_code == 404
