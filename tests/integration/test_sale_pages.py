"""The self-operated sale pages of the LAO (การขายคาร์บอนเครดิต (แบบดำเนินการเอง)):
the list page with its data-type switch, the two-step add / edit form posted
as an HTML form (multipart with the csrf_token field, real PDF and JPG
fixtures), the re-rendered form after a refusal (values kept, files that
passed kept as pending uploads), and the read-only view (step 3 only once
DLA confirmed; never a delete button for the LAO).

Every seller is a fresh LAO with its own user and credits; buyers are new."""
import datetime
import html as htmllib
import re

import pytest

import support
from support import confirm_sale, fixture_bytes, get_sale, ledger_broken, ledger_of

PDF = ("หนังสือแจ้งความประสงค์.pdf", fixture_bytes("sample.pdf"), "application/pdf")
JPG = ("หลักฐานการชำระเงิน.jpg", fixture_bytes("sample.jpg"), "image/jpeg")
RECEIPT = ("ใบเสร็จรับเงิน.pdf", fixture_bytes("sample.pdf"), "application/pdf")
FAKE_PDF = ("ปลอม.pdf", fixture_bytes("not-really.pdf"), "application/pdf")


class Lao:
    """A fresh LAO with credits and the signed-in session of its user."""

    def __init__(self, server, db, session_for, dla, project_id, credits=1000):
        self.server, self.db = server, db
        self.code = support.fresh_lao(server, db, dla[0], dla[1])
        self.subject = support.fresh_lao_user(server, dla[0], dla[1], self.code)
        self.http, self.csrf = session_for(self.subject)
        support.certify_credits(server, dla[0], dla[1], self.code, credits, project_id)

    def page(self, path, **params):
        return self.http.get(self.server.url(path), params=params, timeout=30)

    def post_form(self, path, fields, files=None):
        """The form as a browser posts it: multipart, the token as a field."""
        parts = [("csrf_token", (None, self.csrf))]
        for name, value in fields.items():
            for one in (value if isinstance(value, list) else [value]):
                parts.append((name, (None, str(one))))
        for name, value in (files or {}).items():
            for one in (value if isinstance(value, list) else [value]):
                parts.append((name, one))
        return self.http.post(self.server.url(path), files=parts, allow_redirects=False, timeout=60)

    def ledger(self):
        return ledger_of(self.db, self.code)


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def project_id(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def new_lao(server, db, session_for, dla, project_id):
    def make(credits=1000):
        return Lao(server, db, session_for, dla, project_id, credits)
    return make


@pytest.fixture(scope="module")
def lao(new_lao):
    return new_lao(100000)


@pytest.fixture(scope="module")
def tver_buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


@pytest.fixture(scope="module")
def plain_buyer(server, dla):
    return support.create_buyer(server, *dla, tver=False)


@pytest.fixture(autouse=True)
def ledger_invariant_after_each_test(db):
    yield
    assert ledger_broken(db) == []


def today_be():
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=7)).date()
    return f"{today.day:02d}/{today.month:02d}/{today.year + 543}"


def form_fields(buyer_id, **overrides):
    """The text fields of the HTML form (price in baht, date in BE)."""
    fields = {"project_id": "", "buyer_id": buyer_id, "ordered_on": "10/01/2569", "trade_type": "transfer",
              "quantity_tco2e": "4", "unit_price_baht": "250.50"}
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def form_files(**overrides):
    files = {"intent_letter": PDF, "payment_evidence": JPG, "receipt": RECEIPT}
    files.update(overrides)
    return {k: v for k, v in files.items() if v is not None}


def default_project(lao):
    rows = lao.db.query("SELECT id FROM projects WHERE is_default = 1")
    return str(rows[0][0])


def saved_id(r):
    assert r.status_code == 303, f"{r.status_code} {r.text[:800]}"
    m = re.search(r"/sales/self/(\d+)\?saved=1$", r.headers["Location"])
    assert m, r.headers["Location"]
    return int(m.group(1))


def create(lao, buyer_id, files=None, **fields):
    f = form_fields(buyer_id, **fields)
    f["project_id"] = f["project_id"] or default_project(lao)
    return saved_id(lao.post_form("/sales/self", f, form_files(**(files or {}))))


def text_of(page):
    return htmllib.unescape(page)


def pending_ids(page, kind):
    return [int(x) for x in re.findall(rf'name="pending_{kind}" value="(\d+)"', page)]


def field_value(page, name):
    m = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    return htmllib.unescape(m.group(1)) if m else None


def field_error(page, kind):
    """The Thai message shown inside the field of a document kind (or None)."""
    start = page.index(f'data-doc-kind="{kind}"')
    end = min([i for i in (page.find("data-doc-kind=", start + 1), page.find("</fieldset>", start)) if i > 0])
    m = re.search(r'<span class="field-error">([^<]*)</span>', page[start:end])
    return htmllib.unescape(m.group(1)) if m else None


def trade_count(db):
    return db.count("trades")


# ---- the list page ----

def test_lao_page_has_the_add_button(lao):
    page = lao.page("/sales/self").text
    assert 'id="add-sale"' in page and "เพิ่มข้อมูล" in page
    assert 'href="/carbon/sales/self/new"' in page


def test_province_user_gets_no_add_button(server, session_for):
    http, _ = session_for("phrae.province")
    page = http.get(server.url("/sales/self"), params={"lao_code": "5540105"}).text
    assert 'id="add-sale"' not in page


def test_in_progress_list_shows_the_trade_with_view_and_edit(lao, tver_buyer):
    trade_id = create(lao, tver_buyer, quantity_tco2e="3", unit_price_baht="1,000")
    page = lao.page("/sales/self").text
    row = re.search(rf'<tr data-trade-id="{trade_id}">(.*?)</tr>', page, re.S).group(1)
    order_no = get_sale(lao.server, lao.http, trade_id).json()["order_no"]
    assert order_no in row and "ระหว่างดำเนินการ" in row and "3,000.00" in row
    assert f'href="/carbon/sales/self/{trade_id}"' in row
    assert f'href="/carbon/sales/self/{trade_id}/edit"' in row


def test_data_type_switch_defaults_to_certified_credits(lao):
    page = lao.page("/sales/self").text
    assert 'id="lao-certifications"' in page and 'id="completed-trades"' not in page
    assert 'value="completed"' in page and 'value="certifications"' in page


def test_data_type_switch_shows_completed_trades_view_only(lao, tver_buyer, dla):
    trade_id = create(lao, tver_buyer)
    r = confirm_sale(lao.server, dla[0], dla[1], trade_id)
    assert r.status_code == 200, r.text
    page = lao.page("/sales/self", data="completed").text
    assert 'id="completed-trades"' in page and 'id="lao-certifications"' not in page
    completed = page[page.index('id="completed-trades"'):]
    row = re.search(rf'<tr data-trade-id="{trade_id}">(.*?)</tr>', completed, re.S).group(1)
    assert "ดำเนินการเสร็จสิ้น (สถ.)" in row
    assert f'href="/carbon/sales/self/{trade_id}"' in row
    assert "/edit" not in row
    in_progress = page[page.index('id="in-progress-trades"'):page.index('id="completed-trades"')]
    assert f'data-trade-id="{trade_id}"' not in in_progress


def test_completed_trades_are_listed_a_page_at_a_time(new_lao, tver_buyer, dla):
    seller = new_lao(1000)
    ids = []
    for _ in range(52):
        r = support.post_sale(seller.server, seller.http, seller.csrf, support.sale_fields(tver_buyer, quantity_tco2e=1),
                              support.sale_files())
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
        assert confirm_sale(seller.server, dla[0], dla[1], ids[-1]).status_code == 200
    first = seller.page("/sales/self", data="completed").text
    second = seller.page("/sales/self", data="completed", page="2").text
    listed = lambda page: set(map(int, re.findall(r'<tr data-trade-id="(\d+)"', page[page.index('id="completed-trades"'):])))
    assert len(listed(first)) == 50 and len(listed(second)) == 2
    assert listed(first) | listed(second) == set(ids)
    assert "หน้า 1 จาก 2" in first and "page=2" in first


# ---- the form ----

def test_new_form_has_two_steps_and_its_defaults(lao):
    page = lao.page("/sales/self/new").text
    assert 'data-step-panel="1"' in page and 'data-step-panel="2"' in page
    assert "ขั้นที่ 1 ข้อมูลคาร์บอนเครดิต" in page and "ขั้นที่ 2 รายละเอียดการขาย" in page
    assert field_value(page, "ordered_on") == today_be()
    default = default_project(lao)
    assert re.search(rf'<option value="{default}" selected', page)
    assert '<dialog id="buyer-dialog"' in page and 'data-buyers-url="/carbon/api/v1/buyers"' in page
    assert 'href="/carbon/registry/buyers/new"' in page
    assert re.search(r'id="available">[\d,]+<', page)
    for kind in ("intent_letter", "related_docs", "payment_evidence", "receipt", "contract", "other_docs"):
        assert f'name="{kind}"' in page
    assert 'name="related_docs" multiple' in page and 'name="other_docs" multiple' in page


def test_form_round_trip_saves_the_trade_with_real_pdf_and_jpg(lao, tver_buyer, db):
    before = lao.ledger()
    trade_id = create(lao, tver_buyer, quantity_tco2e="4", unit_price_baht="1,250.50",
                      files={"related_docs": [PDF, ("แผนที่.jpg", fixture_bytes("sample.jpg"), "image/jpeg")]})
    trade = get_sale(lao.server, lao.http, trade_id).json()
    assert (trade["quantity_tco2e"], trade["unit_price_satang"], trade["total_satang"]) == (4, 125050, 500200)
    assert trade["ordered_on"] == "2026-01-10" and trade["status"] == "in_progress"
    names = {k: [d["original_name"] for d in v] for k, v in trade["documents"].items() if v}
    assert names["intent_letter"] == [PDF[0]] and names["payment_evidence"] == [JPG[0]]
    assert names["receipt"] == [RECEIPT[0]] and sorted(names["related_docs"]) == sorted([PDF[0], "แผนที่.jpg"])
    assert lao.ledger()[1:3] == (before[1] - 4, before[2] + 4)
    view = lao.page(f"/sales/self/{trade_id}", saved=1).text
    assert "บันทึกข้อมูลเรียบร้อยแล้ว" in view and trade["order_no"] in view
    for doc in trade["documents"]["payment_evidence"] + trade["documents"]["related_docs"]:
        assert f'href="/carbon/files/{doc["id"]}"' in view
    got = lao.http.get(lao.server.url(f"/files/{trade['documents']['payment_evidence'][0]['id']}"))
    assert got.status_code == 200 and got.content == fixture_bytes("sample.jpg")


def test_form_without_the_csrf_field_is_refused(lao, tver_buyer, db):
    before = trade_count(db)
    f = form_fields(tver_buyer, project_id=default_project(lao))
    parts = [(k, (None, v)) for k, v in f.items()] + list(form_files().items())
    r = lao.http.post(lao.server.url("/sales/self"), files=parts, allow_redirects=False)
    assert r.status_code == 403
    assert trade_count(db) == before


def test_refused_form_keeps_every_value_and_shows_thai_messages(lao, tver_buyer, db):
    before = (trade_count(db), lao.ledger())
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="12x",
                         unit_price_baht="1,250.50", ordered_on="31/02/2569")
    r = lao.post_form("/sales/self", fields, form_files(receipt=None))
    assert r.status_code == 422
    page = r.text
    assert field_value(page, "quantity_tco2e") == "12x"
    assert field_value(page, "unit_price_baht") == "1,250.50"
    assert field_value(page, "ordered_on") == "31/02/2569"
    assert field_value(page, "buyer_id") == str(tver_buyer)
    assert re.search(r'value="transfer" id="trade_type_transfer" checked', page)
    assert "ไม่สามารถบันทึกได้" in page
    assert "วันที่สั่งซื้อไม่ถูกต้อง" in text_of(page)
    assert "กรุณาแนบใบเสร็จรับเงิน" in text_of(page)
    assert 'data-first-error-step="1"' in page
    assert (trade_count(db), lao.ledger()) == before


def test_refused_form_keeps_the_files_that_passed_as_pending_uploads(lao, tver_buyer, db):
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="")
    r = lao.post_form("/sales/self", fields, form_files(receipt=None))
    assert r.status_code == 422
    page = text_of(r.text)
    assert f"แนบแล้ว: <strong>{PDF[0]}</strong>" in page
    assert f"แนบแล้ว: <strong>{JPG[0]}</strong>" in page
    intent, payment = pending_ids(r.text, "intent_letter"), pending_ids(r.text, "payment_evidence")
    assert len(intent) == 1 and len(payment) == 1
    owners = db.query("SELECT owner_lao_code, original_name FROM files WHERE id IN (?, ?)", (intent[0], payment[0]))
    assert {o[0] for o in owners} == {lao.code}
    assert db.scalar("SELECT COUNT(*) FROM record_files WHERE file_id IN (?, ?)", (intent[0], payment[0])) == 0


def test_resubmitting_with_the_pending_files_saves_without_sending_them_again(lao, tver_buyer, db):
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="x")
    refused = lao.post_form("/sales/self", fields, form_files(receipt=None))
    assert refused.status_code == 422
    intent, payment = pending_ids(refused.text, "intent_letter"), pending_ids(refused.text, "payment_evidence")
    fields.update(quantity_tco2e="2", pending_intent_letter=intent[0], pending_payment_evidence=payment[0])
    trade_id = saved_id(lao.post_form("/sales/self", fields, {"receipt": RECEIPT}))
    docs = get_sale(lao.server, lao.http, trade_id).json()["documents"]
    assert [d["id"] for d in docs["intent_letter"]] == intent
    assert [d["id"] for d in docs["payment_evidence"]] == payment
    assert len(docs["receipt"]) == 1


def test_a_new_file_replaces_a_pending_one_of_the_same_kind(lao, tver_buyer):
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="x")
    refused = lao.post_form("/sales/self", fields, form_files(receipt=None))
    intent = pending_ids(refused.text, "intent_letter")
    fields.update(quantity_tco2e="1", pending_intent_letter=intent[0])
    other = ("หนังสือฉบับแก้ไข.pdf", fixture_bytes("sample.pdf"), "application/pdf")
    trade_id = saved_id(lao.post_form("/sales/self", fields, form_files(intent_letter=other)))
    docs = get_sale(lao.server, lao.http, trade_id).json()["documents"]["intent_letter"]
    assert [d["original_name"] for d in docs] == [other[0]]


def test_pending_upload_of_another_lao_user_is_refused(lao, new_lao, tver_buyer, db):
    stranger = new_lao(50)
    fields = form_fields(tver_buyer, project_id=default_project(stranger), quantity_tco2e="x")
    refused = stranger.post_form("/sales/self", fields, form_files(receipt=None))
    foreign = pending_ids(refused.text, "intent_letter")[0]
    before = trade_count(db)
    fields = form_fields(tver_buyer, project_id=default_project(lao), pending_intent_letter=foreign)
    r = lao.post_form("/sales/self", fields, form_files(intent_letter=None))
    assert r.status_code == 422
    assert field_error(r.text, "intent_letter")
    assert trade_count(db) == before
    assert db.scalar("SELECT COUNT(*) FROM record_files WHERE file_id = ?", (foreign,)) == 0


def test_bad_file_is_refused_on_its_field_and_not_kept(lao, tver_buyer, db):
    fields = form_fields(tver_buyer, project_id=default_project(lao))
    before = trade_count(db)
    r = lao.post_form("/sales/self", fields, form_files(receipt=FAKE_PDF))
    assert r.status_code == 422
    assert field_error(r.text, "receipt") and FAKE_PDF[0] in field_error(r.text, "receipt")
    assert FAKE_PDF[0] not in re.sub(r'<span class="field-error">[^<]*</span>', "", text_of(r.text))
    assert pending_ids(r.text, "receipt") == []
    assert trade_count(db) == before


def test_buyer_without_tver_account_locks_the_trade_type_in_the_form(lao, plain_buyer):
    fields = form_fields(plain_buyer, project_id=default_project(lao), trade_type="cancellation",
                         quantity_tco2e="x")
    page = lao.post_form("/sales/self", fields, form_files()).text
    assert re.search(r'value="transfer" id="trade_type_transfer"[^>]* disabled', page)
    assert re.search(r'value="cancellation" id="trade_type_cancellation" checked', page)
    assert 'id="trade-type-locked" hidden' not in page


def test_contract_is_required_above_100000_baht_in_the_form(lao, tver_buyer):
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="400",
                         unit_price_baht="250.01")
    r = lao.post_form("/sales/self", fields, form_files())
    assert r.status_code == 422
    assert "100,000" in field_error(r.text, "contract")
    assert 'id="total_baht" value="100,004.00"' in r.text


# ---- the view ----

def test_in_progress_view_shows_steps_1_and_2_but_never_step_3(lao, tver_buyer):
    trade_id = create(lao, tver_buyer)
    page = lao.page(f"/sales/self/{trade_id}").text
    assert 'id="step-1"' in page and 'id="step-2"' in page
    assert 'id="step-3"' not in page and "ขั้นที่ 3" not in page and "ยืนยันการขาย</li>" not in page
    assert 'id="edit-sale"' in page


def test_completed_view_shows_step_3_with_the_confirmation_and_no_edit_button(lao, tver_buyer, dla):
    trade_id = create(lao, tver_buyer)
    ref = support.unique_tag("TVER-CANCEL-")
    r = confirm_sale(lao.server, dla[0], dla[1], trade_id, ref=ref, note="โอนครบแล้ว")
    assert r.status_code == 200, r.text
    page = lao.page(f"/sales/self/{trade_id}").text
    assert 'id="step-3"' in page and "ขั้นที่ 3 ยืนยันการขาย" in page
    assert ref in page and "โอนครบแล้ว" in page
    doc = r.json()["confirmation"]["document"]
    assert f'href="/carbon/files/{doc["id"]}"' in page
    assert 'id="edit-sale"' not in page and "/edit" not in page


def test_edit_page_of_a_completed_trade_is_refused(lao, tver_buyer, dla):
    trade_id = create(lao, tver_buyer)
    assert confirm_sale(lao.server, dla[0], dla[1], trade_id).status_code == 200
    assert lao.page(f"/sales/self/{trade_id}/edit").status_code == 409
    r = lao.post_form(f"/sales/self/{trade_id}", {"quantity_tco2e": "1"})
    assert r.status_code == 409


def test_lao_pages_never_offer_a_delete_button(lao, tver_buyer):
    trade_id = create(lao, tver_buyer)
    for path in ("/sales/self", f"/sales/self/{trade_id}", f"/sales/self/{trade_id}/edit",
                 "/sales/self/new"):
        page = lao.page(path).text
        assert "btn-danger" not in page, path
        assert not re.search(r">\s*ลบ(ข้อมูล|รายการ)?\s*<", page), path


def test_another_lao_gets_404_for_the_view_and_the_edit_page(lao, tver_buyer, session_for):
    trade_id = create(lao, tver_buyer)
    http, _ = session_for("lao.54-2")
    assert http.get(lao.server.url(f"/sales/self/{trade_id}")).status_code == 404
    assert http.get(lao.server.url(f"/sales/self/{trade_id}/edit")).status_code == 404


def test_province_sees_the_view_but_cannot_edit(lao, tver_buyer, session_for):
    trade_id = create(lao, tver_buyer)
    http, _ = session_for("phrae.province")
    view = http.get(lao.server.url(f"/sales/self/{trade_id}"))
    assert view.status_code == 200 and 'id="edit-sale"' not in view.text
    assert http.get(lao.server.url(f"/sales/self/{trade_id}/edit")).status_code == 403


# ---- editing through the form ----

def test_edit_form_shows_the_stored_values(lao, tver_buyer):
    trade_id = create(lao, tver_buyer, quantity_tco2e="7", unit_price_baht="1,234.5", ordered_on="05/01/2569")
    page = lao.page(f"/sales/self/{trade_id}/edit").text
    assert field_value(page, "quantity_tco2e") == "7"
    assert field_value(page, "unit_price_baht") == "1,234.50"
    assert field_value(page, "ordered_on") == "05/01/2569"
    assert field_value(page, "buyer_id") == str(tver_buyer)
    trade = get_sale(lao.server, lao.http, trade_id).json()
    assert trade["order_no"] in page
    assert f'href="/carbon/files/{trade["documents"]["receipt"][0]["id"]}"' in page
    assert f'action="/carbon/sales/self/{trade_id}"' in page


def test_edit_form_round_trip_changes_quantity_and_replaces_one_document(lao, tver_buyer):
    trade_id = create(lao, tver_buyer, quantity_tco2e="5")
    old = get_sale(lao.server, lao.http, trade_id).json()["documents"]
    before = lao.ledger()
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="8")
    new_receipt = ("ใบเสร็จฉบับใหม่.jpg", fixture_bytes("sample.jpg"), "image/jpeg")
    r = lao.post_form(f"/sales/self/{trade_id}", fields, {"receipt": new_receipt})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/sales/self/{trade_id}?saved=1")
    docs = get_sale(lao.server, lao.http, trade_id).json()["documents"]
    assert [d["original_name"] for d in docs["receipt"]] == [new_receipt[0]]
    assert docs["intent_letter"] == old["intent_letter"]
    assert lao.ledger()[1:3] == (before[1] - 3, before[2] + 3)


def test_refused_edit_keeps_values_and_the_current_documents(lao, tver_buyer):
    trade_id = create(lao, tver_buyer, quantity_tco2e="2")
    fields = form_fields(tver_buyer, project_id=default_project(lao), quantity_tco2e="99999999")
    r = lao.post_form(f"/sales/self/{trade_id}", fields, {"other_docs": PDF})
    assert r.status_code == 422
    assert "เกิน" in text_of(r.text)
    assert field_value(r.text, "quantity_tco2e") == "99999999"
    assert len(pending_ids(r.text, "other_docs")) == 1
    assert "เอกสารปัจจุบัน" in text_of(r.text)
    assert get_sale(lao.server, lao.http, trade_id).json()["quantity_tco2e"] == 2


def test_busy_database_answers_503_with_retry_after_and_stores_nothing(lao, tver_buyer, db):
    """SQLite only: a write lock held past the driver's retries."""
    if db.is_pg:
        pytest.skip("SQLITE_BUSY is SQLite's")
    import sqlite3
    before = (trade_count(db), db.count("files"), lao.ledger())
    fields = form_fields(tver_buyer, project_id=default_project(lao))
    con = sqlite3.connect(db.target, timeout=1, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        r = lao.post_form("/sales/self", fields, form_files())
    finally:
        con.execute("ROLLBACK")
        con.close()
        db._give_sqlite_files_to_www_data()
    assert r.status_code == 503 and r.headers.get("Retry-After")
    assert "ลองใหม่" in r.text
    assert (trade_count(db), db.count("files"), lao.ledger()) == before
