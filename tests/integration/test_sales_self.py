"""The self-operated sale (การขายคาร์บอนเครดิต (แบบดำเนินการเอง)) through the
fixed JSON API: POST api/v1/sales/self (both steps at once, multipart), GET
and POST api/v1/sales/{id} (view, edit), POST .../confirm and DELETE (DLA).

The rules of the LAO manual: required fields and documents, the forced
Cancellation Notification for a buyer without a T-VER account, no more than
the remaining credits, the sales contract above 100,000 baht, the server's
total, the document rule (.xlsx .jpg .pdf .doc by content, 512 KB), the
ledger moves (remaining -> awaiting -> sold, or back), the order number (one
sequence per Thai fiscal year), who may do what, and the ledger invariant
after every step.

The database is shared with the other suites: every seller here is a fresh
LAO (imported by DLA, credited by a certification of a 100 % project, with
its own user), and the buyers are new."""
import json
import re

import pytest

import support
from support import (confirm_sale, delete_sale, get_sale, is_thai, ledger_broken, ledger_of,
                     post_sale, sale_document, sale_fields, sale_files)

REQUIRED_TEXT = ["buyer_id", "ordered_on", "trade_type", "quantity_tco2e", "unit_price_satang"]
REQUIRED_FILES = ["intent_letter", "payment_evidence", "receipt"]
CONTRACT_LIMIT_SATANG = 10_000_000          # 100,000.00 baht


class Seller:
    """A fresh LAO with credits, its user's session, and DLA's."""

    def __init__(self, server, db, session_for, dla, project_id, credits):
        dla_http, dla_csrf = dla
        self.server, self.db = server, db
        self.code = support.fresh_lao(server, db, dla_http, dla_csrf)
        self.subject = support.fresh_lao_user(server, dla_http, dla_csrf, self.code)
        self.http, self.csrf = session_for(self.subject)
        if credits:
            support.certify_credits(server, dla_http, dla_csrf, self.code, credits, project_id)

    def sell(self, buyer, files=None, **fields):
        return post_sale(self.server, self.http, self.csrf, sale_fields(buyer, **fields),
                         sale_files(**(files or {})))

    def edit(self, trade_id, buyer, files=None, **fields):
        return post_sale(self.server, self.http, self.csrf, sale_fields(buyer, **fields),
                         files or {}, path=f"/api/v1/sales/{trade_id}")

    def ledger(self):
        """(certified, remaining, awaiting, sold)."""
        return ledger_of(self.db, self.code)


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def province(session_for):
    return session_for("phrae.province")


@pytest.fixture(scope="module")
def other_lao(session_for):
    return session_for("lao.54-2")


@pytest.fixture(scope="module")
def project_id(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def new_seller(server, db, session_for, dla, project_id):
    """new_seller(credits) -> a Seller of a fresh LAO (in Phrae) holding credits."""
    def make(credits):
        return Seller(server, db, session_for, dla, project_id, credits)
    return make


@pytest.fixture(scope="module")
def seller(new_seller):
    """The module's main seller: plenty of credits, for tests that need no exact balance."""
    return new_seller(100000)


@pytest.fixture(scope="module")
def tver_buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


@pytest.fixture(scope="module")
def plain_buyer(server, dla):
    """A buyer without a T-VER account."""
    return support.create_buyer(server, *dla, tver=False)


@pytest.fixture(autouse=True)
def ledger_invariant_after_each_test(db):
    yield
    assert ledger_broken(db) == [], "remaining + awaiting + sold != certified"


def stored(db, seller):
    """What a refused request must leave untouched."""
    return (db.count("trades"), db.count("files"), db.count("record_files"), db.count("audit_log"),
            seller.ledger())


def created(r):
    assert r.status_code == 201, f"{r.status_code} {r.text[:500]}"
    return r.json()


def refused_on(r, field):
    assert r.status_code == 422, f"{r.status_code} {r.text[:500]}"
    errors = r.json()["errors"]
    assert field in errors, errors
    assert is_thai(errors[field]), errors[field]
    return errors[field]


def documents_of(trade):
    """{kind: [file ids]} of a trade's JSON (kinds without documents left out)."""
    return {kind: [d["id"] for d in docs] for kind, docs in trade["documents"].items() if docs}


# ---- required fields ----

@pytest.mark.parametrize("field", REQUIRED_TEXT)
def test_sale_without_a_required_field_is_refused_in_thai_and_stores_nothing(db, seller, tver_buyer, field):
    before = stored(db, seller)
    r = seller.sell(tver_buyer, **{field: None})
    refused_on(r, field)
    assert stored(db, seller) == before


@pytest.mark.parametrize("field", REQUIRED_TEXT)
def test_sale_with_an_empty_required_field_is_refused_in_thai(db, seller, tver_buyer, field):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, **{field: ""}), field)
    assert stored(db, seller) == before


@pytest.mark.parametrize("field", REQUIRED_FILES)
def test_sale_without_a_required_document_is_refused_in_thai_and_stores_nothing(db, seller, tver_buyer, field):
    before = stored(db, seller)
    r = seller.sell(tver_buyer, files={field: None})
    refused_on(r, field)
    assert stored(db, seller) == before


def test_sale_without_project_takes_the_default_project(server, seller, tver_buyer):
    projects = seller.http.get(server.url("/api/v1/projects")).json()
    default = [p["id"] for p in projects if p["is_default"]]
    assert len(default) == 1
    trade = created(seller.sell(tver_buyer))
    assert get_sale(server, seller.http, trade["id"]).json()["project_id"] == default[0]


def test_sale_naming_another_project_keeps_it(server, db, dla, seller, tver_buyer, project_id):
    other = db.scalar("SELECT MAX(id) FROM projects")
    r = dla[0].post(server.url("/api/v1/certifications"), headers={"X-CSRF-Token": dla[1]}, timeout=30,
                    json={"project_id": other, "lao_code": seller.code, "period_from": "2025-01-01",
                          "period_to": "2025-06-30", "certified_on": "2025-08-01",
                          "tgo_ref": support.unique_tag("OTHER-"), "total_tco2e": 100})
    assert r.status_code == 201, r.text   # credits are per project: the seller holds some of it
    trade = created(seller.sell(tver_buyer, project_id=other))
    assert get_sale(server, seller.http, trade["id"]).json()["project_id"] == other


def test_sale_of_an_unknown_project_is_refused(db, seller, tver_buyer):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, project_id=999999999), "project_id")
    assert stored(db, seller) == before


def test_sale_to_an_unknown_buyer_is_refused(db, seller):
    before = stored(db, seller)
    refused_on(seller.sell(999999999), "buyer_id")
    assert stored(db, seller) == before


def test_sale_of_an_unknown_trade_type_is_refused(db, seller, tver_buyer):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, trade_type="gift"), "trade_type")
    assert stored(db, seller) == before


@pytest.mark.parametrize("quantity", [0, -5, "1.5", "abc"])
def test_sale_of_a_quantity_that_is_not_a_positive_whole_number_is_refused(db, seller, tver_buyer, quantity):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, quantity_tco2e=quantity), "quantity_tco2e")
    assert stored(db, seller) == before


@pytest.mark.parametrize("price", [0, -100, "12.5", "abc"])
def test_sale_of_a_price_that_is_not_a_positive_satang_amount_is_refused(db, seller, tver_buyer, price):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, unit_price_satang=price), "unit_price_satang")
    assert stored(db, seller) == before


def test_sale_with_a_malformed_order_date_is_refused(db, seller, tver_buyer):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, ordered_on="2026-02-30"), "ordered_on")
    assert stored(db, seller) == before


def test_sale_without_the_csrf_token_is_refused_and_stores_nothing(server, db, seller, tver_buyer):
    before = stored(db, seller)
    r = post_sale(server, seller.http, None, sale_fields(tver_buyer), sale_files())
    assert r.status_code == 403
    assert stored(db, seller) == before


# ---- the buyer's T-VER account decides the trade type ----

def test_buyer_without_tver_account_cannot_take_a_transfer(db, seller, plain_buyer):
    before = stored(db, seller)
    refused_on(seller.sell(plain_buyer, trade_type="transfer"), "trade_type")
    assert stored(db, seller) == before


def test_buyer_without_tver_account_buys_by_cancellation(server, seller, plain_buyer):
    trade = created(seller.sell(plain_buyer, trade_type="cancellation"))
    assert get_sale(server, seller.http, trade["id"]).json()["trade_type"] == "cancellation"


def test_buyer_without_tver_account_and_no_trade_type_gets_cancellation(server, seller, plain_buyer):
    trade = created(seller.sell(plain_buyer, trade_type=None))
    assert get_sale(server, seller.http, trade["id"]).json()["trade_type"] == "cancellation"


def test_buyer_with_tver_account_may_take_a_transfer(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, trade_type="transfer"))
    assert get_sale(server, seller.http, trade["id"]).json()["trade_type"] == "transfer"


# ---- no more than the remaining credits ----

def test_quantity_above_the_remaining_credits_is_refused_in_thai(db, new_seller, tver_buyer):
    s = new_seller(17)
    before = stored(db, s)
    message = refused_on(s.sell(tver_buyer, quantity_tco2e=18), "quantity_tco2e")
    assert "เกิน" in message
    assert stored(db, s) == before
    assert s.ledger() == (17, 17, 0, 0)


def test_quantity_equal_to_the_remaining_credits_is_accepted(db, new_seller, tver_buyer):
    s = new_seller(17)
    created(s.sell(tver_buyer, quantity_tco2e=17))
    assert s.ledger() == (17, 0, 17, 0)


def test_lao_without_credits_cannot_sell(db, new_seller, tver_buyer):
    s = new_seller(0)
    before = stored(db, s)
    assert "เกิน" in refused_on(s.sell(tver_buyer, quantity_tco2e=1), "quantity_tco2e")
    assert stored(db, s) == before


def test_credits_awaiting_confirmation_are_not_available_again(db, new_seller, tver_buyer):
    s = new_seller(10)
    created(s.sell(tver_buyer, quantity_tco2e=6))
    refused_on(s.sell(tver_buyer, quantity_tco2e=5), "quantity_tco2e")
    created(s.sell(tver_buyer, quantity_tco2e=4))
    assert s.ledger() == (10, 0, 10, 0)


# ---- the sales contract above 100,000 baht ----

def test_total_of_exactly_100000_baht_needs_no_contract(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, quantity_tco2e=1, unit_price_satang=CONTRACT_LIMIT_SATANG))
    body = get_sale(server, seller.http, trade["id"]).json()
    assert body["total_satang"] == CONTRACT_LIMIT_SATANG
    assert "contract" not in documents_of(body)


def test_total_of_100000_baht_01_without_contract_is_refused(db, seller, tver_buyer):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, quantity_tco2e=1, unit_price_satang=CONTRACT_LIMIT_SATANG + 1),
               "contract")
    assert stored(db, seller) == before


def test_total_of_100000_baht_01_with_contract_is_accepted(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, quantity_tco2e=1, unit_price_satang=CONTRACT_LIMIT_SATANG + 1,
                                files={"contract": sale_document("สัญญาซื้อขาย.doc", "doc")}))
    body = get_sale(server, seller.http, trade["id"]).json()
    assert body["total_satang"] == CONTRACT_LIMIT_SATANG + 1
    assert len(documents_of(body)["contract"]) == 1


def test_large_quantity_at_a_small_price_above_the_limit_needs_a_contract(seller, tver_buyer):
    refused_on(seller.sell(tver_buyer, quantity_tco2e=1001, unit_price_satang=10000), "contract")


# ---- the total is the server's ----

def test_total_is_computed_by_the_server_and_a_sent_total_is_ignored(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, quantity_tco2e=3, unit_price_satang=12345, total_satang=1))
    body = get_sale(server, seller.http, trade["id"]).json()
    assert (body["quantity_tco2e"], body["unit_price_satang"], body["total_satang"]) == (3, 12345, 37035)


# ---- documents ----

@pytest.mark.parametrize("field", ["intent_letter", "receipt", "related_docs", "other_docs"])
def test_html_named_pdf_is_refused_on_its_field_and_stores_nothing(db, seller, tver_buyer, field):
    before = stored(db, seller)
    fake = ("not-really.pdf", support.fixture_bytes("not-really.pdf"), "application/pdf")
    refused_on(seller.sell(tver_buyer, files={field: fake}), field)
    assert stored(db, seller) == before


def test_document_of_524289_bytes_is_refused_and_stores_nothing(db, seller, tver_buyer):
    before = stored(db, seller)
    big = ("ใหญ่เกิน.pdf", support.padded_pdf(support.UPLOAD_MAX + 1), "application/pdf")
    r = seller.sell(tver_buyer, files={"receipt": big})
    assert r.status_code in (413, 422), f"{r.status_code} {r.text[:300]}"
    if r.status_code == 422:
        assert "receipt" in r.json()["errors"]
    assert stored(db, seller) == before


def test_document_of_exactly_512_kb_is_accepted(server, seller, tver_buyer):
    edge = ("พอดี.pdf", support.padded_pdf(support.UPLOAD_MAX), "application/pdf")
    trade = created(seller.sell(tver_buyer, files={"receipt": edge}))
    assert len(documents_of(get_sale(server, seller.http, trade["id"]).json())["receipt"]) == 1


def test_every_allowed_type_is_accepted_and_documents_are_the_lao_s(server, db, seller, tver_buyer):
    files = {"intent_letter": sale_document("ความประสงค์.xlsx", "xlsx"),
             "related_docs": sale_document("ที่เกี่ยวข้อง.doc", "doc"),
             "payment_evidence": sale_document("สลิป.jpg", "jpg"),
             "receipt": sale_document("ใบเสร็จ.pdf"),
             "other_docs": sale_document("อื่น ๆ.pdf")}
    trade = created(seller.sell(tver_buyer, files=files))
    body = get_sale(server, seller.http, trade["id"]).json()
    kinds = documents_of(body)
    assert set(kinds) == set(files)
    links = db.query("SELECT kind, file_id FROM record_files WHERE entity = 'trade' AND entity_id = ?",
                     (trade["id"],))
    assert sorted((k, int(f)) for k, f in links) == sorted((k, ids[0]) for k, ids in kinds.items())
    owners = {row[0] for row in db.query(
        "SELECT f.owner_lao_code FROM files f JOIN record_files rf ON rf.file_id = f.id "
        "WHERE rf.entity = 'trade' AND rf.entity_id = ?", (trade["id"],))}
    assert owners == {seller.code}


def test_trade_documents_download_for_the_lao_and_are_404_for_another_lao(server, seller, tver_buyer, other_lao):
    trade = created(seller.sell(tver_buyer))
    file_id = documents_of(get_sale(server, seller.http, trade["id"]).json())["receipt"][0]
    own = seller.http.get(server.url(f"/files/{file_id}"))
    assert own.status_code == 200 and own.content == support.fixture_bytes("sample.pdf")
    assert other_lao[0].get(server.url(f"/files/{file_id}")).status_code == 404


def uploaded(server, session):
    """A file the session's user uploads through POST /api/v1/files (linked to nothing)."""
    r = support.upload(server, session[0], session[1], "ไฟล์.pdf", support.fixture_bytes("sample.pdf"),
                       "application/pdf")
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_own_unlinked_upload_may_be_named_as_pending_document(server, seller, tver_buyer):
    file_id = uploaded(server, (seller.http, seller.csrf))
    trade = created(post_sale(server, seller.http, seller.csrf,
                              dict(sale_fields(tver_buyer), pending_receipt=file_id), sale_files(receipt=None)))
    assert documents_of(get_sale(server, seller.http, trade["id"]).json())["receipt"] == [file_id]


def test_another_lao_s_file_cannot_be_named_as_pending_document(server, db, seller, tver_buyer, other_lao):
    file_id = uploaded(server, other_lao)
    before = stored(db, seller)
    refused_on(post_sale(server, seller.http, seller.csrf, dict(sale_fields(tver_buyer), pending_receipt=file_id),
                         sale_files(receipt=None)), "receipt")
    assert stored(db, seller) == before


def test_a_document_of_another_trade_cannot_be_named_as_pending_document(server, db, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    taken = documents_of(get_sale(server, seller.http, trade["id"]).json())["receipt"][0]
    before = stored(db, seller)
    refused_on(post_sale(server, seller.http, seller.csrf, dict(sale_fields(tver_buyer), pending_receipt=taken),
                         sale_files(receipt=None)), "receipt")
    assert stored(db, seller) == before


def test_lao_code_sent_by_the_lao_user_is_ignored(server, seller, tver_buyer):
    trade = created(post_sale(server, seller.http, seller.csrf, dict(sale_fields(tver_buyer), lao_code="5540105"),
                              sale_files()))
    assert get_sale(server, seller.http, trade["id"]).json()["lao_code"] == seller.code


# ---- saving: the ledger and the order number ----

def test_saving_moves_the_quantity_from_remaining_to_awaiting(server, new_seller, tver_buyer):
    s = new_seller(50)
    r = created(s.sell(tver_buyer, quantity_tco2e=12))
    assert r["status"] == "in_progress" and r["order_no"]
    assert s.ledger() == (50, 38, 12, 0)
    balance = s.http.get(server.url(f"/api/v1/laos/{s.code}/balance")).json()
    assert (balance["remaining_tco2e"], balance["awaiting_tco2e"], balance["sold_tco2e"]) == (38, 12, 0)


def test_saved_trade_reads_back_with_its_fields(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, ordered_on="2026-01-12", quantity_tco2e=2, unit_price_satang=30050))
    body = get_sale(server, seller.http, trade["id"]).json()
    assert body["id"] == trade["id"] and body["order_no"] == trade["order_no"]
    assert body["status"] == "in_progress"
    assert (body["buyer_id"], body["ordered_on"], body["trade_type"]) == (tver_buyer, "2026-01-12", "transfer")
    assert (body["quantity_tco2e"], body["unit_price_satang"], body["total_satang"]) == (2, 30050, 60100)
    assert body["lao_code"] == seller.code


def test_order_number_names_the_fiscal_year_of_the_order_date(server, db, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, ordered_on="2025-09-30"))
    fy = db.query("SELECT fiscal_year, order_no FROM trades WHERE id = ?", (trade["id"],))[0]
    assert int(fy[0]) == 2568 and fy[1] == trade["order_no"]
    assert re.fullmatch(r"2568-\d{5,}", trade["order_no"]), trade["order_no"]


def sequence_no(order_no):
    digits = ""
    for ch in reversed(order_no):
        if not ch.isdigit():
            break
        digits = ch + digits
    assert digits, order_no
    return int(digits)


def test_orders_on_30_september_and_1_october_use_separate_fiscal_year_sequences(db, seller, tver_buyer):
    a = created(seller.sell(tver_buyer, ordered_on="2025-09-30"))
    b = created(seller.sell(tver_buyer, ordered_on="2025-10-01"))
    c = created(seller.sell(tver_buyer, ordered_on="2024-10-01"))       # FY 2568 too
    years = dict((int(i), int(fy)) for i, fy in db.query(
        "SELECT id, fiscal_year FROM trades WHERE id IN (?, ?, ?)", (a["id"], b["id"], c["id"])))
    assert (years[a["id"]], years[b["id"]], years[c["id"]]) == (2568, 2569, 2568)
    assert sequence_no(c["order_no"]) == sequence_no(a["order_no"]) + 1
    last = dict((int(fy), int(n)) for fy, n in db.query(
        "SELECT fiscal_year, last_no FROM order_sequences WHERE fiscal_year IN (2568, 2569)"))
    assert last[2568] == sequence_no(c["order_no"]) and last[2569] == sequence_no(b["order_no"])
    assert len({a["order_no"], b["order_no"], c["order_no"]}) == 3


def test_first_order_of_a_fiscal_year_is_number_one(db, seller, tver_buyer):
    fy = 2500 + 43 + 1          # FY 2544: 1 Oct 2000 - 30 Sep 2001; no other test orders then
    if db.query("SELECT last_no FROM order_sequences WHERE fiscal_year = ?", (fy,)):
        pytest.skip("fiscal year 2544 already used on this database")
    trade = created(seller.sell(tver_buyer, ordered_on="2001-09-30"))
    assert sequence_no(trade["order_no"]) == 1


def test_refused_sale_uses_no_order_number(seller, tver_buyer):
    a = created(seller.sell(tver_buyer, ordered_on="2026-03-02"))
    refused_on(seller.sell(tver_buyer, ordered_on="2026-03-02", quantity_tco2e=10**9), "quantity_tco2e")
    refused_on(seller.sell(tver_buyer, ordered_on="2026-03-02", files={"receipt": None}), "receipt")
    b = created(seller.sell(tver_buyer, ordered_on="2026-03-02"))
    assert sequence_no(b["order_no"]) == sequence_no(a["order_no"]) + 1


def test_order_number_stays_when_the_order_date_moves_to_another_fiscal_year(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, ordered_on="2025-10-05"))
    r = seller.edit(trade["id"], tver_buyer, ordered_on="2025-09-05")
    assert r.status_code == 200, r.text
    assert get_sale(server, seller.http, trade["id"]).json()["order_no"] == trade["order_no"]


# ---- who may do what ----

def test_dla_reads_any_trade(server, seller, tver_buyer, dla):
    trade = created(seller.sell(tver_buyer))
    r = get_sale(server, dla[0], trade["id"])
    assert r.status_code == 200 and r.json()["lao_code"] == seller.code
    assert r.json()["can_confirm"] is True and r.json()["can_delete"] is True and r.json()["can_edit"] is False


def test_lao_cannot_delete_its_trade(server, db, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    assert delete_sale(server, seller.http, seller.csrf, trade["id"]).status_code == 403
    assert stored(db, seller) == before
    assert get_sale(server, seller.http, trade["id"]).json()["status"] == "in_progress"


def test_lao_cannot_confirm_its_trade(server, db, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    assert confirm_sale(server, seller.http, seller.csrf, trade["id"]).status_code == 403
    assert stored(db, seller) == before


def test_another_lao_gets_404_reading_the_trade(server, seller, tver_buyer, other_lao):
    trade = created(seller.sell(tver_buyer))
    assert get_sale(server, other_lao[0], trade["id"]).status_code == 404


def test_another_lao_gets_404_editing_the_trade(server, db, seller, tver_buyer, other_lao):
    trade = created(seller.sell(tver_buyer, quantity_tco2e=2))
    before = stored(db, seller)
    r = post_sale(server, other_lao[0], other_lao[1], sale_fields(tver_buyer, quantity_tco2e=1), {},
                  path=f"/api/v1/sales/{trade['id']}")
    assert r.status_code == 404
    assert stored(db, seller) == before


def test_unknown_trade_is_404(server, seller):
    assert get_sale(server, seller.http, 999999999).status_code == 404


def test_province_reads_the_trades_of_its_laos(server, seller, tver_buyer, province):
    trade = created(seller.sell(tver_buyer))
    r = get_sale(server, province[0], trade["id"])
    assert r.status_code == 200 and r.json()["order_no"] == trade["order_no"]


def test_province_of_another_area_gets_404(server, db, seller, tver_buyer, session_for, dla):
    trade = created(seller.sell(tver_buyer))
    subject = support.unique_tag("cm.office.")
    r = dla[0].post(server.url("/api/v1/users"), headers={"X-CSRF-Token": dla[1]},
                    json={"subject": subject, "display_name": "สำนักงานเชียงใหม่", "role": "province",
                          "province_code": "50"})
    assert r.status_code == 201, r.text
    assert get_sale(server, session_for(subject)[0], trade["id"]).status_code == 404


def test_province_cannot_edit_a_trade(server, db, seller, tver_buyer, province):
    trade = created(seller.sell(tver_buyer, quantity_tco2e=2))
    before = stored(db, seller)
    r = post_sale(server, province[0], province[1], sale_fields(tver_buyer, quantity_tco2e=1), {},
                  path=f"/api/v1/sales/{trade['id']}")
    assert r.status_code == 403
    assert stored(db, seller) == before


def test_province_cannot_confirm_a_trade(server, db, seller, tver_buyer, province):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    assert confirm_sale(server, province[0], province[1], trade["id"]).status_code == 403
    assert stored(db, seller) == before


def test_province_cannot_delete_a_trade(server, db, seller, tver_buyer, province):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    assert delete_sale(server, province[0], province[1], trade["id"]).status_code == 403
    assert stored(db, seller) == before


def test_province_cannot_create_a_self_operated_sale(server, db, seller, tver_buyer, province):
    before = db.count("trades")
    r = post_sale(server, province[0], province[1], sale_fields(tver_buyer), sale_files())
    assert r.status_code == 403
    assert db.count("trades") == before


def test_dla_cannot_create_a_self_operated_sale(server, db, tver_buyer, dla):
    before = db.count("trades")
    assert post_sale(server, dla[0], dla[1], sale_fields(tver_buyer), sale_files()).status_code == 403
    assert db.count("trades") == before


# ---- DLA: confirm and delete ----

def test_in_progress_trade_shows_no_confirmation_step(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    body = get_sale(server, seller.http, trade["id"]).json()
    assert body["status"] == "in_progress"
    assert body["confirmation"] is None
    assert "confirmation_doc" not in documents_of(body)
    assert [step["step"] for step in body["steps"]] == [1, 2]


def test_dla_confirm_moves_awaiting_to_sold_and_completes_the_trade(server, new_seller, tver_buyer, dla):
    s = new_seller(30)
    trade = created(s.sell(tver_buyer, quantity_tco2e=8))
    r = confirm_sale(server, *dla, trade["id"], confirmed_on="2026-02-03", ref="สถ. 0810/123",
                     note="ตรวจสอบเอกสารครบถ้วน")
    assert r.status_code == 200, r.text
    assert s.ledger() == (30, 22, 0, 8)
    body = get_sale(server, s.http, trade["id"]).json()
    assert body["status"] == "completed"
    step3 = body["confirmation"]
    assert (step3["confirmed_on"], step3["confirmation_ref"], step3["note"]) == \
        ("2026-02-03", "สถ. 0810/123", "ตรวจสอบเอกสารครบถ้วน")
    assert step3["document"]["id"] == documents_of(body)["confirmation_doc"][0]
    assert [step["step"] for step in body["steps"]] == [1, 2, 3]


def test_confirmation_without_its_reference_is_refused(server, db, seller, tver_buyer, dla):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    refused_on(confirm_sale(server, *dla, trade["id"], ref=""), "confirmation_ref")
    assert stored(db, seller) == before
    assert get_sale(server, seller.http, trade["id"]).json()["status"] == "in_progress"


def test_confirmation_dated_before_the_order_is_refused(server, db, seller, tver_buyer, dla):
    trade = created(seller.sell(tver_buyer, ordered_on="2026-01-10"))
    before = stored(db, seller)
    refused_on(confirm_sale(server, *dla, trade["id"], confirmed_on="2026-01-09"), "confirmed_on")
    assert stored(db, seller) == before


def test_confirmation_dated_after_today_is_refused(server, db, seller, tver_buyer, dla):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    refused_on(confirm_sale(server, *dla, trade["id"], confirmed_on="2999-01-01"), "confirmed_on")
    assert stored(db, seller) == before


def test_order_dated_after_today_is_refused(db, seller, tver_buyer):
    before = stored(db, seller)
    refused_on(seller.sell(tver_buyer, ordered_on="2999-01-01"), "ordered_on")
    assert stored(db, seller) == before


def test_dla_delete_moves_awaiting_back_to_remaining(server, new_seller, tver_buyer, dla):
    s = new_seller(30)
    trade = created(s.sell(tver_buyer, quantity_tco2e=9))
    assert s.ledger() == (30, 21, 9, 0)
    r = delete_sale(server, *dla, trade["id"])
    assert r.status_code == 200, r.text
    assert s.ledger() == (30, 30, 0, 0)


def test_deleted_trade_is_hidden_from_the_lao_and_kept_for_dla(server, new_seller, tver_buyer, dla):
    s = new_seller(5)
    trade = created(s.sell(tver_buyer, quantity_tco2e=2))
    assert delete_sale(server, *dla, trade["id"], reason="ผู้ซื้อถอนคำสั่งซื้อ").status_code == 200
    assert get_sale(server, s.http, trade["id"]).status_code == 404
    body = get_sale(server, dla[0], trade["id"]).json()
    assert body["status"] == "deleted" and body["deletion"]["deleted_reason"] == "ผู้ซื้อถอนคำสั่งซื้อ"


def test_deleted_trade_cannot_be_confirmed(server, db, new_seller, tver_buyer, dla):
    s = new_seller(5)
    trade = created(s.sell(tver_buyer, quantity_tco2e=5))
    assert delete_sale(server, *dla, trade["id"]).status_code == 200
    before = stored(db, s)
    assert confirm_sale(server, *dla, trade["id"]).status_code == 409
    assert stored(db, s) == before
    assert s.ledger() == (5, 5, 0, 0)


def test_deleted_trade_cannot_be_edited(server, db, new_seller, tver_buyer, dla):
    s = new_seller(5)
    trade = created(s.sell(tver_buyer, quantity_tco2e=2))
    assert delete_sale(server, *dla, trade["id"]).status_code == 200
    before = stored(db, s)
    assert s.edit(trade["id"], tver_buyer, quantity_tco2e=1).status_code in (403, 404, 409)
    assert stored(db, s) == before


def test_confirming_a_completed_trade_again_is_refused(server, db, new_seller, tver_buyer, dla):
    s = new_seller(10)
    trade = created(s.sell(tver_buyer, quantity_tco2e=4))
    assert confirm_sale(server, *dla, trade["id"]).status_code == 200
    before = stored(db, s)
    assert confirm_sale(server, *dla, trade["id"]).status_code == 409
    assert stored(db, s) == before
    assert s.ledger() == (10, 6, 0, 4)


def test_deleting_a_completed_trade_is_refused(server, db, new_seller, tver_buyer, dla):
    s = new_seller(10)
    trade = created(s.sell(tver_buyer, quantity_tco2e=4))
    assert confirm_sale(server, *dla, trade["id"]).status_code == 200
    before = stored(db, s)
    assert delete_sale(server, *dla, trade["id"]).status_code == 409
    assert stored(db, s) == before
    assert s.ledger() == (10, 6, 0, 4)


def test_lao_cannot_edit_a_completed_trade(server, db, new_seller, tver_buyer, dla):
    s = new_seller(10)
    trade = created(s.sell(tver_buyer, quantity_tco2e=4))
    assert confirm_sale(server, *dla, trade["id"]).status_code == 200
    before = stored(db, s)
    r = s.edit(trade["id"], tver_buyer, quantity_tco2e=3)
    assert r.status_code == 409, r.status_code
    assert is_thai(r.json().get("error", ""))
    assert stored(db, s) == before


# ---- editing an in-progress trade ----

def test_edit_lowering_the_quantity_returns_the_difference_to_remaining(server, new_seller, tver_buyer):
    s = new_seller(20)
    trade = created(s.sell(tver_buyer, quantity_tco2e=10))
    r = s.edit(trade["id"], tver_buyer, quantity_tco2e=4)
    assert r.status_code == 200, r.text
    assert s.ledger() == (20, 16, 4, 0)
    body = get_sale(server, s.http, trade["id"]).json()
    assert (body["quantity_tco2e"], body["total_satang"]) == (4, 4 * 25000)
    assert body["order_no"] == trade["order_no"] and body["status"] == "in_progress"


def test_edit_raising_the_quantity_takes_the_difference_from_remaining(new_seller, tver_buyer):
    s = new_seller(20)
    trade = created(s.sell(tver_buyer, quantity_tco2e=10))
    assert s.edit(trade["id"], tver_buyer, quantity_tco2e=20).status_code == 200
    assert s.ledger() == (20, 0, 20, 0)


def test_edits_one_after_another_all_apply(new_seller, tver_buyer):
    s = new_seller(20)
    trade = created(s.sell(tver_buyer, quantity_tco2e=10))
    for quantity in (9, 12, 7):
        r = s.edit(trade["id"], tver_buyer, quantity_tco2e=quantity)
        assert r.status_code == 200, r.text
    assert s.ledger() == (20, 13, 7, 0)


def test_edit_raising_the_quantity_beyond_remaining_is_refused(db, new_seller, tver_buyer):
    s = new_seller(20)
    trade = created(s.sell(tver_buyer, quantity_tco2e=10))
    before = stored(db, s)
    assert "เกิน" in refused_on(s.edit(trade["id"], tver_buyer, quantity_tco2e=21), "quantity_tco2e")
    assert stored(db, s) == before
    assert s.ledger() == (20, 10, 10, 0)


def test_edit_keeps_the_documents_not_sent_again(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    kinds = documents_of(get_sale(server, seller.http, trade["id"]).json())
    assert seller.edit(trade["id"], tver_buyer, unit_price_satang=26000).status_code == 200
    assert documents_of(get_sale(server, seller.http, trade["id"]).json()) == kinds


def test_edit_applies_the_same_rules_as_saving(db, seller, plain_buyer, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    before = stored(db, seller)
    refused_on(seller.edit(trade["id"], plain_buyer, trade_type="transfer"), "buyer_id")
    refused_on(seller.edit(trade["id"], tver_buyer, unit_price_satang=CONTRACT_LIMIT_SATANG + 1), "contract")
    assert stored(db, seller) == before


def test_edit_replacing_a_document_keeps_the_old_file_id_in_the_audit_trail(server, db, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    old = documents_of(get_sale(server, seller.http, trade["id"]).json())["receipt"]
    r = seller.edit(trade["id"], tver_buyer, files={"receipt": sale_document("ใบเสร็จฉบับแก้ไข.jpg", "jpg")})
    assert r.status_code == 200, r.text
    new = documents_of(get_sale(server, seller.http, trade["id"]).json())["receipt"]
    assert len(new) == 1 and new != old
    rows = db.query("SELECT before_json, after_json FROM audit_log WHERE entity = 'trade' AND entity_id = ? "
                    "AND action = 'update' ORDER BY seq", (str(trade["id"]),))
    assert rows
    before_json, after_json = (json.loads(v) for v in rows[-1])
    assert old[0] in support.trade_file_ids(before_json) and old[0] not in support.trade_file_ids(after_json)
    assert new[0] in support.trade_file_ids(after_json)
    assert db.scalar("SELECT COUNT(*) FROM files WHERE id = ?", (old[0],)) == 1


def test_edit_removing_optional_documents_drops_them(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, files={"related_docs": sale_document("ประกอบ.pdf"),
                                                   "other_docs": sale_document("อื่น.doc", "doc"),
                                                   "contract": sale_document("สัญญา.pdf")}))
    r = post_sale(server, seller.http, seller.csrf,
                  {"remove_related_docs": "1", "remove_other_docs": "1", "remove_contract": "1"}, {},
                  path=f"/api/v1/sales/{trade['id']}")
    assert r.status_code == 200, r.text
    kinds = documents_of(get_sale(server, seller.http, trade["id"]).json())
    assert set(kinds) == {"intent_letter", "payment_evidence", "receipt"}


def test_edit_cannot_remove_a_required_document(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    kinds = documents_of(get_sale(server, seller.http, trade["id"]).json())
    r = post_sale(server, seller.http, seller.csrf, {"remove_receipt": "1", "remove_intent_letter": "1"}, {},
                  path=f"/api/v1/sales/{trade['id']}")
    assert r.status_code in (200, 422), r.text
    assert documents_of(get_sale(server, seller.http, trade["id"]).json()) == kinds


def test_edit_cannot_remove_the_contract_while_the_total_needs_it(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, unit_price_satang=CONTRACT_LIMIT_SATANG + 1,
                                files={"contract": sale_document("สัญญา.pdf")}))
    contract = documents_of(get_sale(server, seller.http, trade["id"]).json())["contract"]
    r = post_sale(server, seller.http, seller.csrf, {"remove_contract": "1"}, {},
                  path=f"/api/v1/sales/{trade['id']}")
    assert r.status_code in (200, 422), r.text
    assert documents_of(get_sale(server, seller.http, trade["id"]).json())["contract"] == contract


def test_edit_sending_only_some_fields_keeps_the_others(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer, quantity_tco2e=2, unit_price_satang=31000, ordered_on="2026-01-05"))
    r = post_sale(server, seller.http, seller.csrf, {"unit_price_satang": 32000}, {},
                  path=f"/api/v1/sales/{trade['id']}")
    assert r.status_code == 200, r.text
    body = get_sale(server, seller.http, trade["id"]).json()
    assert (body["quantity_tco2e"], body["unit_price_satang"], body["total_satang"], body["ordered_on"],
            body["buyer_id"], body["trade_type"]) == (2, 32000, 64000, "2026-01-05", tver_buyer, "transfer")


def test_edit_changing_the_date_is_kept(server, seller, tver_buyer):
    trade = created(seller.sell(tver_buyer))
    r = seller.edit(trade["id"], tver_buyer, ordered_on="2026-01-20")
    assert r.status_code == 200, r.text
    body = get_sale(server, seller.http, trade["id"]).json()
    assert (body["buyer_id"], body["ordered_on"]) == (tver_buyer, "2026-01-20")


def test_edit_cannot_change_the_buyer_or_the_trade_type(server, seller, tver_buyer, plain_buyer):
    """The manual lets an edit change the project, date, quantity, price and documents only."""
    trade = created(seller.sell(tver_buyer))
    refused_on(seller.edit(trade["id"], plain_buyer, trade_type="cancellation"), "buyer_id")
    refused_on(seller.edit(trade["id"], tver_buyer, trade_type="cancellation"), "trade_type")
    body = get_sale(server, seller.http, trade["id"]).json()
    assert (body["buyer_id"], body["trade_type"]) == (tver_buyer, trade["trade_type"])


# ---- the invariant over every LAO ----

def test_ledger_invariant_holds_for_every_lao(db):
    assert ledger_broken(db) == []


def test_awaiting_credits_equal_the_in_progress_trades(db, seller):
    rows = db.query("SELECT c.lao_code FROM lao_credits c LEFT JOIN "
                    "(SELECT lao_code, SUM(quantity_tco2e) AS q FROM trade_lines WHERE ledger = 'reserved' "
                    " GROUP BY lao_code) t ON t.lao_code = c.lao_code "
                    "WHERE c.awaiting_tco2e <> COALESCE(t.q, 0)")
    assert rows == []


def test_sold_credits_equal_the_completed_trades(db, seller):
    rows = db.query("SELECT c.lao_code FROM lao_credits c LEFT JOIN "
                    "(SELECT lao_code, SUM(quantity_tco2e) AS q FROM trade_lines WHERE ledger = 'sold' "
                    " GROUP BY lao_code) t ON t.lao_code = c.lao_code "
                    "WHERE c.sold_tco2e <> COALESCE(t.q, 0)")
    assert rows == []
