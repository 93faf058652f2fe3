"""ยืนยันการขาย อปท. (DLA): the queue of trades waiting for confirmation
(/admin/confirm) with its filters, pages and status switch; one trade
read-only with its documents and the LAO's balance; the confirmation form
(step 3: awaiting -> sold) and the delete form (a reason, awaiting ->
remaining); no action on a trade that is no longer in progress.

Trades are made through the fixed API by fresh LAOs (their own credits and
users) for fresh buyers: the database is shared with the other suites."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest

import support
from confirm_support import (ORDERED_ON_BE, Seller, buyer_named, confirm_form, delete_form, element_text,
                             field_error, main_of, row_ids, status_of, text_of, unique_buyer)

QUEUE = "/admin/confirm"


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def project_id(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def new_seller(server, db, session_for, dla, project_id):
    def make(credits=1000, **where):
        return Seller(server, db, session_for, dla, project_id, credits, **where)
    return make


@pytest.fixture(scope="module")
def seller(new_seller):
    """An LAO in Phrae (54) with plenty of credits."""
    return new_seller(100000)


@pytest.fixture(scope="module")
def far_seller(new_seller):
    """An LAO in Chiang Mai (50)."""
    return new_seller(1000, province="50", district="5001", subdistrict="500101",
                      name="องค์การบริหารส่วนตำบลทดสอบเชียงใหม่")


@pytest.fixture(scope="module")
def buyer(server, dla):
    return unique_buyer(server, dla)


@pytest.fixture(autouse=True)
def ledger_invariant_after_each_test(db):
    yield
    assert support.ledger_broken(db) == [], "remaining + awaiting + sold != certified"


def queue(server, http, **params):
    r = http.get(server.url(QUEUE), params=params)
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
    return r.text


def trade_page(server, http, trade_id):
    r = http.get(server.url(f"{QUEUE}/{trade_id}"))
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
    return r.text


# ---- who may use it ----

@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
def test_queue_is_refused_to_non_dla_users(server, session_for, user):
    http, _ = session_for(user)
    assert http.get(server.url(QUEUE)).status_code == 403


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
def test_trade_page_is_refused_to_non_dla_users(server, session_for, seller, buyer, user):
    trade = seller.sell(buyer[0])
    http, _ = session_for(user)
    assert http.get(server.url(f"{QUEUE}/{trade['id']}")).status_code == 403


def test_seller_lao_cannot_post_the_confirmation_form(server, db, seller, buyer):
    trade = seller.sell(buyer[0])
    r = confirm_form(server, seller.http, seller.csrf, trade["id"])
    assert r.status_code == 403
    assert status_of(db, trade["id"]) == "in_progress"


def test_queue_is_in_the_dla_menu(server, dla):
    html = dla[0].get(server.url("/")).text
    assert 'href="/carbon/admin/confirm"' in html


# ---- the queue ----

def test_queue_lists_an_in_progress_trade_with_its_kind(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    html = queue(server, dla[0], lao_code=seller.code, province_code="54")
    assert trade["id"] in row_ids(html)
    row = re.search(rf'<tr data-trade-id="{trade["id"]}".*?</tr>', html, re.S).group(0)
    assert "แบบดำเนินการเอง" in row and trade["order_no"] in row


def test_queue_lists_oldest_order_first(server, dla, new_seller, buyer):
    s = new_seller(100)
    newer = s.sell(buyer[0], ordered_on="2026-03-01")
    older = s.sell(buyer[0], ordered_on="2026-02-01")
    assert row_ids(queue(server, dla[0], lao_code=s.code)) == [older["id"], newer["id"]]


def test_queue_shows_the_number_waiting(server, dla, seller, buyer):
    seller.sell(buyer[0])
    waiting = int(element_text(queue(server, dla[0]), "waiting-count").replace(",", ""))
    assert waiting >= 1


def test_queue_filter_by_province_leaves_out_other_provinces(server, dla, seller, far_seller, buyer):
    near = seller.sell(buyer[0])
    far = far_seller.sell(buyer[0])
    ids = row_ids(queue(server, dla[0], province_code="50", per_page=100))
    assert far["id"] in ids and near["id"] not in ids


def test_queue_filter_by_lao_lists_only_that_lao(server, dla, seller, far_seller, buyer):
    seller.sell(buyer[0])
    far = far_seller.sell(buyer[0])
    html = queue(server, dla[0], province_code="50", lao_code=far_seller.code, per_page=100)
    ids = row_ids(html)
    assert far["id"] in ids
    assert set(ids) <= set(db_ids_of_lao(far_seller))


def db_ids_of_lao(seller):
    return [int(r[0]) for r in seller.db.query("SELECT id FROM trades WHERE lao_code = ?", (seller.code,))]


def test_queue_filter_by_province_offers_that_provinces_laos(server, dla, far_seller):
    html = queue(server, dla[0], province_code="50")
    assert f'<option value="{far_seller.code}"' in html


def test_queue_filter_by_order_number(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert row_ids(queue(server, dla[0], order_no=trade["order_no"])) == [trade["id"]]


def test_queue_filter_by_part_of_the_buyer_name(server, dla, seller):
    buyer_id, name = unique_buyer(server, dla)
    trade = seller.sell(buyer_id)
    part = name.split()[2]           # the unique tag in the middle of the name
    assert row_ids(queue(server, dla[0], buyer=part)) == [trade["id"]]


def test_queue_filter_by_order_dates_in_buddhist_era(server, dla, new_seller, buyer):
    s = new_seller(100)
    s.sell(buyer[0], ordered_on="2026-01-05")
    march = s.sell(buyer[0], ordered_on="2026-03-15")
    s.sell(buyer[0], ordered_on="2026-05-20")
    html = queue(server, dla[0], lao_code=s.code, ordered_from="01/03/2569", ordered_to="31/03/2569")
    assert row_ids(html) == [march["id"]]


def test_queue_date_filter_keeps_the_typed_buddhist_era_text(server, dla):
    html = queue(server, dla[0], ordered_from="01/03/2569")
    assert 'name="ordered_from" value="01/03/2569"' in html


def test_queue_bad_date_filter_is_answered_in_thai_next_to_the_field(server, dla):
    r = dla[0].get(server.url(QUEUE), params={"ordered_from": "31/02/2569"})
    assert r.status_code == 422
    assert support.is_thai(field_error(r.text, "f-from"))


def test_queue_dates_in_the_wrong_order_are_refused(server, dla):
    r = dla[0].get(server.url(QUEUE), params={"ordered_from": "01/04/2569", "ordered_to": "01/03/2569"})
    assert r.status_code == 422
    assert support.is_thai(field_error(r.text, "f-to"))


def test_queue_is_paginated(server, dla, new_seller, buyer):
    s = new_seller(100)
    first = s.sell(buyer[0], ordered_on="2026-01-01")
    second = s.sell(buyer[0], ordered_on="2026-01-02")
    page1 = queue(server, dla[0], lao_code=s.code, per_page=1)
    page2 = queue(server, dla[0], lao_code=s.code, per_page=1, page=2)
    assert (row_ids(page1), row_ids(page2)) == ([first["id"]], [second["id"]])
    assert 'rel="next"' in page1 and f"lao_code={s.code}" in re.search(r'<a [^>]*rel="next"', page1).group(0)


def test_queue_kind_filter_for_group_sales_leaves_out_self_sales(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert trade["id"] not in row_ids(queue(server, dla[0], kind="group", per_page=100))


def test_completed_switch_lists_confirmed_trades_with_a_view_link_only(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    html = queue(server, dla[0], status="completed", order_no=trade["order_no"])
    assert row_ids(html) == [trade["id"]]
    assert "ตรวจสอบ</a>" not in main_of(html).split("<tbody>")[1]


def test_confirmed_trade_leaves_the_waiting_queue(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    assert row_ids(queue(server, dla[0], order_no=trade["order_no"])) == []


def test_queue_escapes_buyer_names(server, dla, seller):
    name = '<script>alert("x")</script> บริษัท & ลูก'
    trade = seller.sell(buyer_named(server, dla, name))
    html = queue(server, dla[0], order_no=trade["order_no"])
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; บริษัท &amp; ลูก" in html


# ---- one trade ----

def test_trade_page_shows_step_1_and_step_2_documents_for_download(server, dla, seller, buyer):
    trade = seller.sell(buyer[0], files={"related_docs": support.sale_document("แผนที่.xlsx", "xlsx")})
    html = trade_page(server, dla[0], trade["id"])
    links = re.findall(r'<a class="doc-link" href="/carbon/files/(\d+)"', html)
    assert len(links) == 4       # intent letter, related document, payment evidence, receipt
    for file_id in links:
        assert dla[0].get(server.url(f"/files/{file_id}")).status_code == 200


def test_trade_page_shows_the_sale_read_only(server, dla, seller, buyer):
    trade = seller.sell(buyer[0], quantity_tco2e=7, unit_price_satang=123450)
    html = main_of(trade_page(server, dla[0], trade["id"]))
    text = text_of(html)
    assert buyer[1] in text and "1,234.50" in text and "8,641.50" in text
    assert "ข้อมูลคาร์บอนเครดิต" in text and "รายละเอียดการขาย" in text
    step_sections = re.findall(r'<section class="card trade-step" id="step-[12]">.*?</section>', html, re.S)
    assert len(step_sections) == 2 and not any("<input" in s or "<select" in s for s in step_sections)


def test_trade_page_shows_the_lao_balance(server, dla, new_seller, buyer):
    s = new_seller(50)
    trade = s.sell(buyer[0], quantity_tco2e=12)
    html = trade_page(server, dla[0], trade["id"])
    assert (element_text(html, "balance-remaining"), element_text(html, "balance-awaiting"),
            element_text(html, "balance-sold")) == ("38", "12", "0")


def test_transfer_trade_asks_for_the_tver_transfer_reference(server, dla, seller, buyer):
    trade = seller.sell(buyer[0], trade_type="transfer")
    assert "เลขที่อ้างอิงการโอน (T-VER)" in text_of(trade_page(server, dla[0], trade["id"]))


def test_cancellation_trade_asks_for_the_cancellation_reference(server, dla, seller):
    plain, _ = unique_buyer(server, dla, tver=False)
    trade = seller.sell(plain, trade_type="cancellation")
    text = text_of(trade_page(server, dla[0], trade["id"]))
    assert "เลขที่อ้างอิงการแจ้งยกเลิก (Cancellation Notification)" in text


def test_in_progress_trade_page_has_both_actions_and_no_step_3(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    html = trade_page(server, dla[0], trade["id"])
    assert 'id="confirm-form"' in html and 'id="delete-link"' in html
    assert 'id="step-3"' not in html


def test_confirmation_date_defaults_to_today_in_buddhist_era(server, dla, seller, buyer):
    import datetime
    trade = seller.sell(buyer[0])
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()
    expected = f"{today.day:02d}/{today.month:02d}/{today.year + 543}"
    assert f'name="confirmed_on" value="{expected}"' in trade_page(server, dla[0], trade["id"])


def test_unknown_trade_is_not_found(server, dla):
    assert dla[0].get(server.url(f"{QUEUE}/999999999")).status_code == 404


# ---- confirming through the form ----

def test_confirm_form_moves_the_quantity_from_awaiting_to_sold(server, dla, new_seller, buyer):
    s = new_seller(40)
    trade = s.sell(buyer[0], quantity_tco2e=15)
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    assert s.ledger() == (40, 25, 0, 15)
    assert status_of(s.db, trade["id"]) == "completed"


def test_confirm_form_returns_to_the_filtered_queue_with_a_thai_notice(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    r = confirm_form(server, *dla, trade["id"], query="?province_code=54&buyer=abc")
    assert r.status_code == 303
    location = urlsplit(r.headers["Location"])
    assert location.path == "/carbon/admin/confirm"
    assert parse_qs(location.query) == {"province_code": ["54"], "buyer": ["abc"], "confirmed": [str(trade["id"])]}
    notice = element_text(dla[0].get(r.headers["Location"]).text, "action-notice")
    assert notice and "ยืนยันการขาย" in notice and trade["order_no"] in notice


def test_confirmed_trade_shows_step_3_with_reference_note_and_document(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    ref = support.unique_tag("สถ.0810/")
    assert confirm_form(server, *dla, trade["id"], confirmation_ref=ref, note="เอกสารครบ ตรวจแล้ว").status_code == 303
    html = trade_page(server, dla[0], trade["id"])
    assert 'id="step-3"' in html
    assert element_text(html, "confirmation-ref") == ref
    assert element_text(html, "confirmation-note") == "เอกสารครบ ตรวจแล้ว"
    assert element_text(html, "confirmation-document") == "หนังสือยืนยันการขาย.pdf"
    assert element_text(html, "confirmed-on") == "10 มกราคม 2569"


def test_confirmation_document_is_stored_with_the_trade_and_downloadable(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    rows = db.query("SELECT file_id FROM record_files WHERE entity = 'trade' AND entity_id = ?"
                    " AND kind = 'confirmation_doc'", (trade["id"],))
    assert len(rows) == 1
    assert seller.http.get(server.url(f"/files/{rows[0][0]}")).status_code == 200


def test_confirm_form_without_a_document_is_accepted(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"], document=False).status_code == 303
    assert status_of(db, trade["id"]) == "completed"


def test_confirm_form_without_reference_is_refused_in_thai_and_changes_nothing(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    before = (seller.ledger(), db.count("audit_log"))
    r = confirm_form(server, *dla, trade["id"], confirmation_ref="", document=False)
    assert r.status_code == 422
    assert support.is_thai(field_error(r.text, "c-ref"))
    assert (seller.ledger(), db.count("audit_log")) == before
    assert status_of(db, trade["id"]) == "in_progress"


def test_refused_confirm_form_keeps_what_was_typed(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    r = confirm_form(server, *dla, trade["id"], confirmation_ref="", note="บันทึกที่พิมพ์ไว้", document=False)
    assert r.status_code == 422
    assert "บันทึกที่พิมพ์ไว้</textarea>" in r.text


def test_confirm_form_with_a_future_date_is_refused(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    r = confirm_form(server, *dla, trade["id"], confirmed_on="01/01/2600", document=False)
    assert r.status_code == 422
    assert status_of(db, trade["id"]) == "in_progress"


def test_refused_confirm_form_keeps_the_document_for_the_next_try(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    r = confirm_form(server, *dla, trade["id"], confirmation_ref="")
    assert r.status_code == 422
    pending = re.search(r'name="pending_confirmation_doc" value="(\d+)"', r.text)
    assert pending and "หนังสือยืนยันการขาย.pdf" in element_text(r.text, "pending-document")
    again = confirm_form(server, *dla, trade["id"], document=False, pending_confirmation_doc=pending.group(1))
    assert again.status_code == 303
    rows = db.query("SELECT file_id FROM record_files WHERE entity = 'trade' AND entity_id = ?"
                    " AND kind = 'confirmation_doc'", (trade["id"],))
    assert [int(r[0]) for r in rows] == [int(pending.group(1))]


def test_confirm_form_refuses_a_document_of_the_wrong_type(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    fake = ("not-really.pdf", support.fixture_bytes("not-really.pdf"), "application/pdf")
    r = dla[0].post(server.url(f"{QUEUE}/{trade['id']}/confirm"), allow_redirects=False,
                    files=[("csrf_token", (None, dla[1])), ("confirmed_on", (None, ORDERED_ON_BE)),
                           ("confirmation_ref", (None, "REF-1")), ("confirmation_doc", fake)])
    assert r.status_code == 422
    assert "not-really.pdf" in text_of(r.text)
    assert status_of(db, trade["id"]) == "in_progress"


def test_confirm_form_without_the_csrf_token_is_refused(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    r = confirm_form(server, dla[0], "", trade["id"])
    assert r.status_code == 403
    assert status_of(db, trade["id"]) == "in_progress"


# ---- a trade that is no longer in progress ----

def test_confirmed_trade_page_has_no_confirm_or_delete_form(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    html = trade_page(server, dla[0], trade["id"])
    assert 'id="confirm-form"' not in html and 'id="delete-link"' not in html
    assert 'action="/carbon/admin/confirm/' not in html


def test_forged_confirm_post_on_a_confirmed_trade_is_refused(server, db, dla, new_seller, buyer):
    s = new_seller(20)
    trade = s.sell(buyer[0], quantity_tco2e=5)
    assert confirm_form(server, *dla, trade["id"], confirmation_ref="FIRST").status_code == 303
    before = (s.ledger(), db.count("audit_log"), db.count("record_files"))
    r = confirm_form(server, *dla, trade["id"], confirmation_ref="SECOND")
    assert r.status_code == 409
    assert support.is_thai(element_text(r.text, "trade-alert"))
    assert (s.ledger(), db.count("audit_log"), db.count("record_files")) == before
    assert db.query("SELECT ref FROM trade_events WHERE trade_id = ? AND action = 'confirm'", (trade["id"],))[0][0] == "FIRST"


def test_forged_delete_post_on_a_confirmed_trade_is_refused(server, db, dla, new_seller, buyer):
    s = new_seller(20)
    trade = s.sell(buyer[0], quantity_tco2e=5)
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    before = (s.ledger(), db.count("audit_log"))
    assert delete_form(server, *dla, trade["id"]).status_code == 409
    assert (s.ledger(), db.count("audit_log")) == before
    assert status_of(db, trade["id"]) == "completed"


def test_delete_page_of_a_confirmed_trade_offers_no_form(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    r = dla[0].get(server.url(f"{QUEUE}/{trade['id']}/delete"))
    assert r.status_code == 409 and 'id="delete-form"' not in r.text


# ---- deleting through the form ----

def test_delete_page_asks_for_a_reason_before_deleting(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    html = dla[0].get(server.url(f"{QUEUE}/{trade['id']}/delete")).text
    assert 'id="delete-form"' in html and 'name="reason"' in html and "ยืนยันการลบ" in html
    assert status_of(db, trade["id"]) == "in_progress"


def test_delete_without_a_reason_is_refused_in_thai_and_changes_nothing(server, db, dla, new_seller, buyer):
    s = new_seller(20)
    trade = s.sell(buyer[0], quantity_tco2e=6)
    before = (s.ledger(), db.count("audit_log"))
    r = delete_form(server, *dla, trade["id"], reason="  ")
    assert r.status_code == 422
    assert support.is_thai(field_error(r.text, "d-reason"))
    assert (s.ledger(), db.count("audit_log")) == before
    assert status_of(db, trade["id"]) == "in_progress"


def test_delete_with_a_reason_moves_awaiting_back_to_remaining(server, db, dla, new_seller, buyer):
    s = new_seller(20)
    trade = s.sell(buyer[0], quantity_tco2e=6)
    assert s.ledger() == (20, 14, 6, 0)
    r = delete_form(server, *dla, trade["id"], reason="เอกสารไม่ถูกต้อง")
    assert r.status_code == 303 and f"deleted={trade['id']}" in r.headers["Location"]
    assert s.ledger() == (20, 20, 0, 0)
    assert db.query("SELECT t.status, e.note FROM trades t JOIN trade_events e ON e.trade_id = t.id "
                    "AND e.action = 'delete' WHERE t.id = ?", (trade["id"],))[0] == \
        ("deleted", "เอกสารไม่ถูกต้อง")


def test_deleted_trade_leaves_the_queue_with_a_thai_notice(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    html = dla[0].get(delete_form(server, *dla, trade["id"]).headers["Location"]).text
    assert "ลบรายการ" in element_text(html, "action-notice")
    assert row_ids(queue(server, dla[0], order_no=trade["order_no"])) == []


def test_deleted_switch_lists_the_deleted_trade_with_its_reason(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert delete_form(server, *dla, trade["id"], reason="ผู้ซื้อขอยกเลิก").status_code == 303
    assert row_ids(queue(server, dla[0], status="deleted", order_no=trade["order_no"])) == [trade["id"]]
    html = trade_page(server, dla[0], trade["id"])
    assert element_text(html, "deleted-reason") == "ผู้ซื้อขอยกเลิก"
    assert 'id="confirm-form"' not in html


def test_deleted_trade_cannot_be_confirmed_by_a_forged_post(server, db, dla, new_seller, buyer):
    s = new_seller(20)
    trade = s.sell(buyer[0], quantity_tco2e=3)
    assert delete_form(server, *dla, trade["id"]).status_code == 303
    assert confirm_form(server, *dla, trade["id"]).status_code == 409
    assert s.ledger() == (20, 20, 0, 0)


def test_delete_form_without_the_csrf_token_is_refused(server, db, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert delete_form(server, dla[0], "", trade["id"]).status_code == 403
    assert status_of(db, trade["id"]) == "in_progress"


def test_notice_flag_for_a_trade_still_in_progress_shows_no_notice(server, dla, seller, buyer):
    trade = seller.sell(buyer[0])
    assert 'id="action-notice"' not in queue(server, dla[0], confirmed=trade["id"])
