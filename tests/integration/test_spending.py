"""Spending the revenue (การใช้จ่ายรายได้จากการขายคาร์บอนเครดิต) through the fixed
JSON API and the pages: the LAO's income from its confirmed sales, the add
rule (status required, note required when not requesting), the two steps
(step 1 รายการจ่าย commits the credit-sale budget only if it fits; step 2
ยืนยันข้อมูล completes the record), the date rules, the documents, scope
and audit. Every LAO here is fresh (its own income from one confirmed sale)."""
import datetime
import re

import pytest

import support
from spending_support import FundedLao, budget_row, item_fields, post_complete, post_item
from support import is_thai, sale_document

INCOME = 10 * 100_000        # 10 credits at 1,000.00 baht


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture
def lao(server, db, session_for, dla):
    return FundedLao(server, db, session_for, dla)


@pytest.fixture(scope="module")
def shared_lao(server, db, session_for, dla):
    return FundedLao(server, db, session_for, dla, name="องค์การบริหารส่วนตำบลทดสอบขอบเขตการใช้จ่าย")


def today():
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()


# ---- income and the budget ------------------------------------------------------

def test_confirmed_sale_becomes_the_laos_income(lao, db):
    assert budget_row(db, lao.code) == (INCOME, 0)


def test_budget_answers_income_committed_and_available(lao):
    assert lao.budget() == {"income_satang": INCOME, "committed_satang": 0, "available_satang": INCOME}


def test_income_list_names_the_confirmed_sale(server, lao):
    html = lao.http.get(server.url("/spending"), timeout=30).text
    income = html[html.index('id="income-list"'):]
    assert lao.trade["order_no"] in income and "10,000.00" in income


# ---- adding a record ------------------------------------------------------------

def test_add_requires_a_status(lao):
    r = lao.add(status=None)
    assert r.status_code == 422 and is_thai(r.json()["errors"]["status"])


def test_add_refuses_an_unknown_status(lao):
    r = lao.add(status="maybe")
    assert r.status_code == 422 and "status" in r.json()["errors"]


def test_not_requesting_requires_a_note(lao, db):
    before = db.scalar("SELECT COUNT(*) FROM spending WHERE lao_code = ?", (lao.code,))
    r = lao.add(status="no_request")
    assert r.status_code == 422 and "หมายเหตุ" in r.json()["errors"]["note"]
    assert db.scalar("SELECT COUNT(*) FROM spending WHERE lao_code = ?", (lao.code,)) == before


def test_not_requesting_with_a_note_has_no_step(lao):
    r = lao.add(status="no_request", note="ยังไม่มีโครงการ")
    assert r.status_code == 201
    assert (r.json()["status"], r.json()["step"], r.json()["has_action"]) == ("no_request", "none", False)


def test_not_requesting_record_takes_no_step_one(lao):
    rec = lao.add(status="no_request", note="ยังไม่มีโครงการ").json()
    r = lao.item(rec["id"])
    assert r.status_code == 409 and is_thai(r.json()["error"])


def test_not_requesting_record_shows_no_action_button(server, lao):
    rec = lao.add(status="no_request", note="ยังไม่มีโครงการ").json()
    html = lao.http.get(server.url("/spending"), timeout=30).text
    m = re.search(r'<tr data-spending-id="%d".*?</tr>' % rec["id"], html, re.S)
    assert m, html[-3000:]
    row = m.group(0)
    assert "data-action" not in row


def test_request_starts_at_step_item(lao):
    rec = lao.request()
    assert (rec["status"], rec["step"], rec["has_action"]) == ("request", "item", True)


def test_rounds_number_records_within_a_fiscal_year_from_one(lao):
    rounds = [lao.request(2569)["round"], lao.request(2569)["round"], lao.request(2568)["round"]]
    assert rounds == [1, 2, 1]


def test_fiscal_year_defaults_to_the_current_one(lao):
    rec = lao.request(fiscal_year=None)
    t = today()
    assert rec["fiscal_year"] == t.year + 543 + (1 if t.month >= 10 else 0)


# ---- step 1 ---------------------------------------------------------------------

@pytest.mark.parametrize("field", ["started_on", "name", "project_type", "details", "budget_credit_satang"])
def test_step_one_requires_each_field(shared_lao, field):
    rec = shared_lao.request()
    r = shared_lao.item(rec["id"], **{field: None})
    assert r.status_code == 422 and is_thai(r.json()["errors"][field])


def test_step_one_refuses_a_project_type_outside_the_code_list(shared_lao):
    r = shared_lao.item(shared_lao.request()["id"], project_type="casino")
    assert r.status_code == 422 and "project_type" in r.json()["errors"]


def test_step_one_refuses_a_zero_credit_budget(shared_lao):
    r = shared_lao.item(shared_lao.request()["id"], budget_credit_satang=0)
    assert r.status_code == 422 and "budget_credit_satang" in r.json()["errors"]


def test_step_one_one_satang_above_available_is_refused_and_commits_nothing(lao, db):
    rec = lao.request()
    r = lao.item(rec["id"], budget_credit_satang=INCOME + 1)
    assert r.status_code == 422
    assert r.json()["errors"]["budget_credit_satang"].startswith("จำนวนงบประมาณจากการขายคาร์บอนเครดิตเกินกว่า")
    assert budget_row(db, lao.code) == (INCOME, 0)
    assert support.get_sale  # the record stays at step item:
    assert lao.http.get(lao.server.url(f"/api/v1/spending/{rec['id']}"), timeout=30).json()["step"] == "item"


def test_step_one_at_exactly_available_commits_it_all(lao, db):
    r = lao.item(lao.request()["id"], budget_credit_satang=INCOME)
    assert r.status_code == 200, r.text
    assert budget_row(db, lao.code) == (INCOME, INCOME)
    assert lao.budget()["available_satang"] == 0


def test_step_one_total_is_credit_plus_other(lao):
    r = lao.item(lao.request()["id"], budget_credit_satang=123_450, budget_other_satang=50_000)
    assert r.status_code == 200
    assert (r.json()["total_satang"], r.json()["step"]) == (173_450, "confirm")


def test_step_one_reads_baht_as_typed(lao):
    r = lao.item(lao.request()["id"], budget_credit_satang=None, budget_other_satang=None,
                 budget_credit_baht="1,234.50", budget_other_baht="100")
    assert r.status_code == 200, r.text
    assert (r.json()["budget_credit_satang"], r.json()["total_satang"]) == (123_450, 133_450)


def test_second_request_cannot_take_what_the_first_committed(lao, db):
    assert lao.item(lao.request()["id"], budget_credit_satang=INCOME - 100).status_code == 200
    r = lao.item(lao.request()["id"], budget_credit_satang=101)
    assert r.status_code == 422 and budget_row(db, lao.code) == (INCOME, INCOME - 100)


def test_step_one_twice_is_refused(lao):
    rec = lao.request()
    assert lao.item(rec["id"]).status_code == 200
    assert lao.item(rec["id"]).status_code == 409


def test_step_one_keeps_the_optional_request_document(lao):
    r = lao.item(lao.request()["id"], files={"budget_request_doc": sale_document("หนังสือขอใช้เงิน.pdf")})
    assert r.status_code == 200, r.text
    assert [d["original_name"] for d in r.json()["documents"]["budget_request_doc"]] == ["หนังสือขอใช้เงิน.pdf"]


def test_step_one_takes_an_uploaded_file_by_id(server, lao):
    up = support.upload(server, lao.http, lao.csrf, "ขอใช้เงิน.pdf", support.fixture_bytes("sample.pdf"), "application/pdf")
    assert up.status_code == 201, up.text
    r = lao.item(lao.request()["id"], request_doc_file_id=up.json()["id"])
    assert r.status_code == 200, r.text
    assert [d["id"] for d in r.json()["documents"]["budget_request_doc"]] == [up.json()["id"]]


def test_step_one_refuses_a_document_whose_content_is_not_its_type(lao, db):
    r = lao.item(lao.request()["id"], files={"budget_request_doc": ("ปลอม.pdf", b"MZ not a pdf at all", "application/pdf")})
    assert r.status_code == 422 and is_thai(r.json()["errors"]["budget_request_doc"])
    assert budget_row(db, lao.code) == (INCOME, 0)


# ---- step 2 ---------------------------------------------------------------------

@pytest.fixture
def at_confirm(lao):
    rec = lao.request()
    assert lao.item(rec["id"], started_on="2026-03-01").status_code == 200
    return rec["id"]


def test_step_two_before_the_start_date_is_refused(lao, at_confirm):
    r = lao.complete(at_confirm, completed_on="2026-02-28")
    assert r.status_code == 422 and "วันที่เริ่มดำเนินการ" in r.json()["errors"]["completed_on"]


def test_step_two_on_the_start_date_is_accepted(lao, at_confirm):
    assert lao.complete(at_confirm, completed_on="2026-03-01").status_code == 200


def test_step_two_after_today_is_refused(lao, at_confirm):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    r = lao.complete(at_confirm, completed_on=tomorrow)
    assert r.status_code == 422 and is_thai(r.json()["errors"]["completed_on"])


def test_step_two_requires_the_completion_date(lao, at_confirm):
    r = lao.complete(at_confirm, completed_on=None)
    assert r.status_code == 422 and "completed_on" in r.json()["errors"]


def test_step_two_requires_the_spending_document(lao, at_confirm):
    r = lao.complete(at_confirm, files={})
    assert r.status_code == 422 and is_thai(r.json()["errors"]["spending_doc"])


def test_step_two_completes_the_record(lao, at_confirm):
    r = lao.complete(at_confirm)
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["step"], body["status_th"]) == ("completed", "completed", "ดำเนินการเสร็จสิ้น (สถ.)")
    assert len(body["documents"]["spending_doc"]) == 1


def test_completed_record_is_view_only(lao, at_confirm):
    assert lao.complete(at_confirm).status_code == 200
    assert lao.complete(at_confirm).status_code == 409
    assert lao.item(at_confirm).status_code == 409


def test_step_two_before_step_one_is_refused(lao):
    assert lao.complete(lao.request()["id"]).status_code == 409


# ---- lists ---------------------------------------------------------------------

def test_list_gives_the_laos_records_of_a_year(server, lao):
    a, b = lao.request(2569), lao.request(2568)
    r = lao.http.get(server.url(f"/api/v1/spending?lao_code={lao.code}&fiscal_year=2569"), timeout=30)
    assert r.status_code == 200
    ids = [i["id"] for i in r.json()["items"]]
    assert a["id"] in ids and b["id"] not in ids and r.json()["total"] == len(ids)


# ---- scope ---------------------------------------------------------------------

def test_another_lao_cannot_read_a_record(server, session_for, shared_lao):
    rec = shared_lao.request()
    other, _ = session_for("lao.54-1")
    assert other.get(server.url(f"/api/v1/spending/{rec['id']}"), timeout=30).status_code == 404


def test_another_lao_cannot_write_a_record(server, db, session_for, shared_lao):
    rec = shared_lao.request()
    other, csrf = session_for("lao.54-1")
    assert post_item(server, other, csrf, rec["id"]).status_code == 404
    assert budget_row(db, shared_lao.code) == (INCOME, db.scalar(
        "SELECT committed_satang FROM lao_budget WHERE lao_code = ?", (shared_lao.code,)))


def test_another_lao_cannot_read_a_budget(server, session_for, shared_lao):
    other, _ = session_for("lao.54-1")
    assert other.get(server.url(f"/api/v1/laos/{shared_lao.code}/budget"), timeout=30).status_code == 404


def test_province_reads_the_records_of_its_lao(server, session_for, shared_lao):
    rec = shared_lao.request()
    prov, _ = session_for("phrae.province")
    assert prov.get(server.url(f"/api/v1/spending/{rec['id']}"), timeout=30).status_code == 200
    assert prov.get(server.url(f"/spending?lao_code={shared_lao.code}"), timeout=30).status_code == 200


def test_province_cannot_write(server, session_for, shared_lao):
    rec = shared_lao.request()
    prov, csrf = session_for("phrae.province")
    assert post_item(server, prov, csrf, rec["id"]).status_code == 403
    r = prov.post(server.url("/api/v1/spending"), json={"status": "request"}, headers={"X-CSRF-Token": csrf}, timeout=30)
    assert r.status_code == 403


def test_lao_of_another_province_is_outside_a_provinces_scope(server, session_for):
    prov, _ = session_for("phrae.province")
    assert prov.get(server.url("/api/v1/laos/2300101/budget"), timeout=30).status_code == 404


def test_dla_reads_every_lao_but_cannot_write(server, dla, shared_lao):
    http, csrf = dla
    rec = shared_lao.request()
    assert http.get(server.url(f"/api/v1/spending/{rec['id']}"), timeout=30).status_code == 200
    assert post_complete(server, http, csrf, rec["id"]).status_code == 403


# ---- audit ---------------------------------------------------------------------

def test_every_write_is_audited(lao, db, at_confirm):
    assert lao.complete(at_confirm).status_code == 200
    actions = [r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'spending' AND entity_id = ? "
                                      "ORDER BY seq", (str(at_confirm),))]
    assert actions == ["create", "item", "complete"]


# ---- pages -----------------------------------------------------------------------

def test_page_shows_the_budget_in_baht(server, lao):
    html = lao.http.get(server.url("/spending"), timeout=30).text
    assert re.search(r'id="budget-available">10,000.00<', html)


def test_page_add_form_refusal_shows_the_note_rule(server, lao):
    r = lao.http.post(server.url("/spending"), data={"csrf_token": lao.csrf, "fiscal_year": "2569",
                                                     "status": "no_request", "note": ""}, timeout=30)
    assert r.status_code == 422 and "บังคับเมื่อเลือกสถานะไม่แจ้งขอใช้งบประมาณ" in r.text


def test_page_form_without_csrf_token_is_refused(server, lao, db):
    before = db.scalar("SELECT COUNT(*) FROM spending WHERE lao_code = ?", (lao.code,))
    r = lao.http.post(server.url("/spending"), data={"fiscal_year": "2569", "status": "request"}, timeout=30)
    assert r.status_code == 403
    assert db.scalar("SELECT COUNT(*) FROM spending WHERE lao_code = ?", (lao.code,)) == before


def test_page_steps_from_request_to_completed(server, lao, db):
    r = lao.http.post(server.url("/spending"), data={"csrf_token": lao.csrf, "fiscal_year": "2569",
                                                     "status": "request"}, timeout=30, allow_redirects=False)
    assert r.status_code == 303
    path = r.headers["Location"].split("?")[0]
    page = lao.http.get(r.headers["Location"], timeout=30).text
    assert 'id="item-form"' in page and "ด้านสิ่งแวดล้อมและการจัดการขยะ" in page, page[page.find("<main"):][:3000]
    fields = {"csrf_token": lao.csrf, "started_on": "01/03/2569", "name": "โครงการหน้าเว็บ",
              "project_type": "environment", "details": "รายละเอียด", "budget_credit_baht": "2,500.50",
              "budget_other_baht": ""}
    r = lao.http.post(path + "/item", files=support.sale_multipart(fields, {}), timeout=30, allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    page = lao.http.get(path, timeout=30).text
    assert 'id="complete-form"' in page and "2,500.50" in page
    r = lao.http.post(path + "/complete", files=support.sale_multipart(
        {"csrf_token": lao.csrf, "completed_on": "15/03/2569"},
        {"spending_doc": sale_document("เอกสารการใช้จ่าย.pdf")}), timeout=30, allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    page = lao.http.get(path, timeout=30).text
    assert "ดำเนินการเสร็จสิ้น (สถ.)" in page and 'id="complete-form"' not in page and 'id="item-form"' not in page
    assert budget_row(db, lao.code) == (INCOME, 250_050)


def test_page_step_one_refusal_keeps_values_and_says_why(server, lao):
    rec = lao.request()
    fields = {"csrf_token": lao.csrf, "started_on": "01/03/2569", "name": "โครงการ <ทดสอบ>",
              "project_type": "environment", "details": "x", "budget_credit_baht": "10,000.01"}
    r = lao.http.post(server.url(f"/spending/{rec['id']}/item"), files=support.sale_multipart(fields, {}), timeout=30)
    assert r.status_code == 422
    assert "เกินกว่างบประมาณที่มีอยู่" in r.text and "โครงการ &lt;ทดสอบ&gt;" in r.text


# ---- the to-do list (todo.c) ----

def spending_todo(server, http, record_id):
    r = http.get(server.url("/api/v1/me/todo"), timeout=30)
    assert r.status_code == 200, r.text[:300]
    return [i for i in r.json()["items"] if i["record"] == "spending" and i["id"] == record_id]


def test_to_do_asks_for_a_new_requests_items_then_its_completion(server, lao):
    rec = lao.request()
    items = spending_todo(server, lao.http, rec["id"])
    assert [i["task"] for i in items] == ["spending_item"]
    assert items[0]["url"].endswith(f"/spending/{rec['id']}")
    assert lao.item(rec["id"]).status_code == 200
    assert [i["task"] for i in spending_todo(server, lao.http, rec["id"])] == ["spending_complete"]


def test_to_do_forgets_a_request_once_completed(server, lao):
    rec = lao.request()
    assert lao.item(rec["id"]).status_code == 200
    assert lao.complete(rec["id"]).status_code == 200
    assert spending_todo(server, lao.http, rec["id"]) == []


def test_to_do_of_spending_is_the_laos_own(server, lao, shared_lao):
    rec = lao.request()
    assert spending_todo(server, shared_lao.http, rec["id"]) == []
