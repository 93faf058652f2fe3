"""The sale delegated to DLA (อปท. มอบ สถ. ขาย), one behaviour per test:
DLA creates it, provincial offices add their LAOs (credits reserved), each
LAO consents or declines (a decline releases exactly its credits), DLA
uploads its documents (then adding LAOs is closed), each LAO uploads its
receipt, DLA confirms (every line sold) or deletes (every line released).
Wrong step 409, wrong actor 403, out of scope 404; nothing changes on any
refusal. Runs on SQLite and, with CARBON_TEST_PG, on PostgreSQL."""
import threading

import pytest
import requests

import support
from support import ledger_broken, project_ledger_broken, project_ledger_of
import delegated_support as ds

CREDITS = 100


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def prov(session_for):
    return session_for("phrae.province")


@pytest.fixture(scope="module")
def project(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


@pytest.fixture(scope="module")
def other_prov(server, session_for, dla):
    return session_for(ds.province_user(server, dla, "50"))


@pytest.fixture
def two_laos(server, db, session_for, dla, project):
    """Two fresh Phrae LAOs with CREDITS each: [(code, session)]."""
    out = []
    for _ in range(2):
        code, subject = ds.lao_with_credits(server, db, dla, CREDITS, project)
        out.append((code, session_for(subject)))
    return out


def pl(db, code, project):
    return project_ledger_of(db, code, project)


def assert_ledgers_exact(db):
    assert ledger_broken(db) == []
    assert project_ledger_broken(db) == []


def open_sale_with(server, dla, prov, buyer, project, laos, qty=10, unit=25000):
    t = ds.created(server, dla, buyer, project, unit=unit)
    r = ds.participants(server, prov, t["id"], [(c, qty) for c, _ in laos])
    assert r.status_code == 200, r.text[:400]
    return r.json()


def consented_sale(server, dla, prov, buyer, project, laos, qty=10, unit=25000):
    t = open_sale_with(server, dla, prov, buyer, project, laos, qty, unit)
    for _, s in laos:
        r = ds.consent(server, s, t["id"])
        assert r.status_code == 200, r.text[:400]
    return ds.get(server, dla, t["id"]).json()


# ---- create ------------------------------------------------------------------

def test_dla_creates_a_delegated_sale_without_participants(server, dla, buyer, project):
    t = ds.created(server, dla, buyer, project)
    assert t["kind"] == "delegated" and t["step"] == "participants" and t["status"] == "in_progress"
    assert t["participants"] == [] and t["quantity_tco2e"] == 0 and t["total_satang"] == 0
    assert t["order_no"] and t["lao_code"] is None
    assert [d["original_name"] for d in t["documents"]["intent_letter"]] == ["หนังสือแจ้งความประสงค์.pdf"]


@pytest.mark.parametrize("who", ["phrae.province", "lao.54-1"])
def test_only_dla_creates_a_delegated_sale(server, db, session_for, buyer, project, who):
    before = ds.trade_row_count(db)
    s = session_for(who)
    body = {"project_id": project, "buyer_id": buyer, "ordered_on": "2026-01-10", "trade_type": "transfer",
            "unit_price_satang": 100, "intent_letter_file_id": ds.file_id(server, *s)}
    r = s[0].post(server.url("/api/v1/sales/delegated"), json=body, headers={"X-CSRF-Token": s[1]}, timeout=30)
    assert r.status_code == 403
    assert ds.trade_row_count(db) == before


def test_create_with_bad_fields_is_422_in_thai_and_changes_nothing(server, db, dla, buyer, project):
    before = ds.trade_row_count(db)
    r = ds.create(server, dla, buyer, project, unit_price_satang=None, intent_letter_file_id=None,
                  ordered_on="2099-01-01")
    assert r.status_code == 422
    errors = r.json()["errors"]
    for field in ("unit_price_satang", "intent_letter_file_id", "ordered_on"):
        assert support.is_thai(errors[field]), errors
    assert ds.trade_row_count(db) == before


def test_buyer_without_tver_account_forces_cancellation(server, dla, project):
    no_account = support.create_buyer(server, *dla, tver=False)
    r = ds.create(server, dla, no_account, project, trade_type="transfer")
    assert r.status_code == 422 and "trade_type" in r.json()["errors"]
    t = ds.created(server, dla, no_account, project, trade_type=None)
    assert t["trade_type"] == "cancellation"


def test_an_intent_letter_used_elsewhere_is_refused(server, db, dla, buyer, project):
    t = ds.created(server, dla, buyer, project)
    used = t["documents"]["intent_letter"][0]["id"]
    before = ds.trade_row_count(db)
    r = ds.create(server, dla, buyer, project, intent_letter_file_id=used)
    assert r.status_code == 422 and "intent_letter_file_id" in r.json()["errors"]
    assert ds.trade_row_count(db) == before


# ---- participants ----------------------------------------------------------------

def test_province_adds_its_laos_reserving_their_credits(server, db, dla, prov, buyer, project, two_laos):
    t = open_sale_with(server, dla, prov, buyer, project, two_laos, qty=30)
    assert ds.codes(t) == sorted(c for c, _ in two_laos)
    assert all(p["consent"] == "pending" and p["role"] == "participant" for p in t["participants"])
    assert t["quantity_tco2e"] == 60 and t["total_satang"] == 60 * 25000
    for c, _ in two_laos:
        assert pl(db, c, project) == (CREDITS, CREDITS - 30, 30, 0)
    assert_ledgers_exact(db)


def test_two_provinces_add_their_own_laos_to_one_sale(server, db, session_for, dla, prov, other_prov, buyer,
                                                      project):
    phrae, phrae_user = ds.lao_with_credits(server, db, dla, CREDITS, project)
    cm, cm_user = ds.lao_with_credits(server, db, dla, CREDITS, project, province="50", district="5001",
                                      subdistrict="500101")
    t = ds.created(server, dla, buyer, project)
    assert ds.participants(server, prov, t["id"], [(phrae, 5)]).status_code == 200
    r = ds.participants(server, other_prov, t["id"], [(cm, 7)])
    assert r.status_code == 200, r.text[:300]
    assert ds.codes(r.json()) == sorted([phrae, cm])
    # Phrae replacing its own list leaves Chiang Mai's LAO alone
    r = ds.participants(server, prov, t["id"], [(phrae, 6)])
    assert ds.codes(r.json()) == sorted([phrae, cm]) and r.json()["quantity_tco2e"] == 13
    assert pl(db, cm, project)[2] == 7 and pl(db, phrae, project)[2] == 6
    assert_ledgers_exact(db)


def test_province_cannot_add_an_lao_outside_its_scope(server, db, dla, prov, buyer, project):
    cm, _ = ds.lao_with_credits(server, db, dla, CREDITS, project, province="50", district="5001",
                                subdistrict="500101")
    t = ds.created(server, dla, buyer, project)
    r = ds.participants(server, prov, t["id"], [(cm, 5)])
    assert r.status_code == 422 and cm in r.json()["errors"]["participants"]
    assert pl(db, cm, project) == (CREDITS, CREDITS, 0, 0)
    assert ds.get(server, dla, t["id"]).json()["participants"] == []


def test_quantity_above_remaining_is_refused_naming_the_lao_and_reserves_nothing(server, db, dla, prov, buyer,
                                                                                 project, two_laos):
    (a, _), (b, _) = two_laos
    t = ds.created(server, dla, buyer, project)
    r = ds.participants(server, prov, t["id"], [(a, 10), (b, CREDITS + 1)])
    assert r.status_code == 422
    assert b in r.json()["errors"]["participants"] and support.is_thai(r.json()["errors"]["participants"])
    assert pl(db, a, project) == (CREDITS, CREDITS, 0, 0) and pl(db, b, project) == (CREDITS, CREDITS, 0, 0)
    assert ds.get(server, dla, t["id"]).json()["participants"] == []


def test_an_lao_twice_is_refused(server, db, dla, prov, buyer, project, two_laos):
    (a, _), _ = two_laos
    t = ds.created(server, dla, buyer, project)
    r = ds.participants(server, prov, t["id"], [(a, 1), (a, 2)])
    assert r.status_code == 422 and pl(db, a, project)[2] == 0


def test_province_changes_a_quantity_and_removes_an_lao(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, _) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos, qty=20)
    assert ds.consent(server, sa, t["id"]).status_code == 200
    r = ds.participants(server, prov, t["id"], [(a, 25)])
    assert r.status_code == 200
    assert ds.codes(r.json()) == [a]
    line = r.json()["participants"][0]
    assert line["quantity_tco2e"] == 25 and line["consent"] == "pending"   # asked again
    assert pl(db, a, project) == (CREDITS, CREDITS - 25, 25, 0)
    assert pl(db, b, project) == (CREDITS, CREDITS, 0, 0)
    assert_ledgers_exact(db)


def test_only_a_province_adds_participants(server, db, dla, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = ds.created(server, dla, buyer, project)
    assert ds.participants(server, dla, t["id"], [(a, 1)]).status_code == 403
    assert ds.participants(server, sa, t["id"], [(a, 1)]).status_code == 404   # not its sale: unseen
    assert pl(db, a, project)[2] == 0


# ---- consent -------------------------------------------------------------------------

def test_lao_consents(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos)
    r = ds.consent(server, sa, t["id"])
    assert r.status_code == 200
    assert {p["lao_code"]: p["consent"] for p in r.json()["participants"]}[a] == "consented"
    assert ds.consent(server, sa, t["id"]).status_code == 409      # once


def test_a_decline_releases_exactly_its_credits_and_removes_the_lao(server, db, dla, prov, buyer, project,
                                                                     two_laos):
    (a, sa), (b, _) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos, qty=15)
    r = ds.consent(server, sa, t["id"], False)
    assert r.status_code == 422 and "reason" in r.json()["errors"]       # a reason is required
    assert pl(db, a, project) == (CREDITS, CREDITS - 15, 15, 0)
    r = ds.consent(server, sa, t["id"], False, "ไม่ประสงค์ร่วมขายในราคานี้")
    assert r.status_code == 200
    body = r.json()
    assert ds.codes(body) == [b]
    assert [d["lao_code"] for d in body["declined_participants"]] == [a]
    assert body["quantity_tco2e"] == 15 and body["total_satang"] == 15 * 25000
    assert pl(db, a, project) == (CREDITS, CREDITS, 0, 0)
    assert pl(db, b, project) == (CREDITS, CREDITS - 15, 15, 0)
    assert db.scalar("SELECT COUNT(*) FROM trade_events WHERE trade_id = ? AND action = 'decline'"
                     " AND note = 'ไม่ประสงค์ร่วมขายในราคานี้'", (t["id"],)) == 1
    assert_ledgers_exact(db)


def test_a_declined_lao_cannot_be_added_again(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos[:1])
    assert ds.consent(server, sa, t["id"], False, "ไม่ร่วม").status_code == 200
    r = ds.participants(server, prov, t["id"], [(a, 5)])
    assert r.status_code == 422 and pl(db, a, project)[2] == 0


def test_wrong_actors_of_consent(server, db, session_for, dla, prov, buyer, project, two_laos):
    (a, sa), (b, sb) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos[:1])
    assert ds.consent(server, dla, t["id"]).status_code == 403
    assert ds.consent(server, prov, t["id"]).status_code == 403
    assert ds.consent(server, sb, t["id"]).status_code == 404       # not in the sale
    assert ds.get(server, dla, t["id"]).json()["participants"][0]["consent"] == "pending"


# ---- DLA's documents -----------------------------------------------------------------

def test_dla_documents_wait_for_every_consent(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, _) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos)
    assert ds.consent(server, sa, t["id"]).status_code == 200
    r = ds.trade_docs(server, dla, t["id"], [a, b])
    assert r.status_code == 409 and support.is_thai(r.json()["error"])
    assert ds.get(server, dla, t["id"]).json()["step"] == "participants"
    assert db.scalar("SELECT COUNT(*) FROM record_files WHERE entity = 'trade' AND entity_id = ?"
                     " AND kind = 'payment_evidence'", (t["id"],)) == 0


def test_dla_documents_refused_without_participants(server, dla, buyer, project):
    t = ds.created(server, dla, buyer, project)
    assert ds.trade_docs(server, dla, t["id"], []).status_code == 409


def test_dla_documents_need_one_slip_per_lao(server, db, dla, prov, buyer, project, two_laos):
    (a, _), (b, _) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos)
    r = ds.trade_docs(server, dla, t["id"], [a])
    assert r.status_code == 422 and "transfer_slips" in r.json()["errors"]
    assert ds.get(server, dla, t["id"]).json()["step"] == "participants"


def test_contract_required_above_100000_baht(server, db, dla, prov, buyer, project, two_laos):
    (a, _), (b, _) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos, qty=50, unit=200000)   # 200,000 baht
    r = ds.trade_docs(server, dla, t["id"], [a, b], contract=False)
    assert r.status_code == 422 and "contract_file_id" in r.json()["errors"]
    r = ds.trade_docs(server, dla, t["id"], [a, b], contract=True)
    assert r.status_code == 200 and r.json()["step"] == "receipts"


def test_only_dla_uploads_its_documents(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, _) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos)
    http, csrf = sa
    body = {"payment_evidence_file_id": ds.file_id(server, http, csrf), "transfer_slips": []}
    assert ds.act(server, sa, t["id"], "trade", body).status_code == 403
    assert ds.act(server, prov, t["id"], "trade", body).status_code == 403
    assert ds.get(server, dla, t["id"]).json()["step"] == "participants"


def test_adding_laos_is_refused_once_dla_uploaded_its_documents(server, db, dla, prov, buyer, project, two_laos):
    (a, _), (b, _) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos[:1])
    assert ds.trade_docs(server, dla, t["id"], [a]).status_code == 200
    r = ds.participants(server, prov, t["id"], [(a, 10), (b, 5)])
    assert r.status_code == 409 and support.is_thai(r.json()["error"])
    assert pl(db, b, project)[2] == 0 and ds.codes(ds.get(server, dla, t["id"]).json()) == [a]


# ---- receipts ---------------------------------------------------------------------------

def test_a_receipt_is_refused_before_dla_documents(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos[:1])
    r = ds.receipt(server, sa, t["id"])
    assert r.status_code == 409 and "สถ." in r.json()["error"]
    assert db.scalar("SELECT COUNT(*) FROM record_files WHERE entity = 'trade_line' AND kind = 'receipt'"
                     " AND entity_id IN (SELECT id FROM trade_lines WHERE trade_id = ?)", (t["id"],)) == 0


def test_the_last_receipt_sends_the_sale_to_dla(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, sb) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos)
    assert ds.trade_docs(server, dla, t["id"], [a, b]).status_code == 200
    r = ds.receipt(server, sa, t["id"])
    assert r.status_code == 200 and r.json()["step"] == "receipts"
    assert ds.receipt(server, dla, t["id"]).status_code == 403
    r = ds.receipt(server, sb, t["id"])
    assert r.status_code == 200 and r.json()["step"] == "awaiting_dla"
    assert all(p["receipt_file_id"] for p in r.json()["participants"])


def test_confirm_before_every_receipt_is_409(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, _) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos)
    assert ds.trade_docs(server, dla, t["id"], [a, b]).status_code == 200
    assert ds.receipt(server, sa, t["id"]).status_code == 200
    r = support.confirm_sale(server, *dla, t["id"], confirmed_on="2026-02-01")
    assert r.status_code == 409
    assert pl(db, a, project)[2] == 10 and pl(db, a, project)[3] == 0


# ---- confirm and delete ------------------------------------------------------------------

def test_confirm_moves_every_line_to_sold(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, sb) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos, qty=12)
    assert ds.trade_docs(server, dla, t["id"], [a, b]).status_code == 200
    for s in (sa, sb):
        assert ds.receipt(server, s, t["id"]).status_code == 200
    assert support.confirm_sale(server, *sa, t["id"]).status_code == 403
    r = support.confirm_sale(server, *dla, t["id"], confirmed_on="2026-02-01")
    assert r.status_code == 200, r.text[:300]
    assert r.json()["status"] == "completed" and r.json()["confirmation"]["confirmed_on"] == "2026-02-01"
    for c in (a, b):
        assert pl(db, c, project) == (CREDITS, CREDITS - 12, 0, 12)
    assert db.scalar("SELECT COUNT(*) FROM trade_lines WHERE trade_id = ? AND ledger = 'sold'", (t["id"],)) == 2
    assert_ledgers_exact(db)
    # the LAO still reads it, completed, and cannot act on it any more
    assert ds.get(server, sa, t["id"]).json()["status"] == "completed"
    assert ds.receipt(server, sa, t["id"]).status_code == 409


@pytest.mark.parametrize("at", ["participants", "receipts"])
def test_delete_releases_every_line(server, db, dla, prov, buyer, project, two_laos, at):
    (a, _), (b, _) = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos, qty=9)
    if at == "receipts":
        assert ds.trade_docs(server, dla, t["id"], [a, b]).status_code == 200
    assert support.delete_sale(server, *prov, t["id"]).status_code == 403
    r = support.delete_sale(server, *dla, t["id"], reason="ผู้ซื้อยกเลิก")
    assert r.status_code == 200 and r.json()["status"] == "deleted"
    for c in (a, b):
        assert pl(db, c, project) == (CREDITS, CREDITS, 0, 0)
    assert db.scalar("SELECT COUNT(*) FROM trade_lines WHERE trade_id = ? AND ledger = 'released'",
                     (t["id"],)) == 2
    assert_ledgers_exact(db)
    assert support.delete_sale(server, *dla, t["id"]).status_code in (404, 409)


# ---- scope, lists, documents ----------------------------------------------------------------

def test_an_lao_outside_the_sale_gets_404(server, db, dla, prov, buyer, project, two_laos):
    (a, _), (b, sb) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos[:1])
    assert ds.get(server, sb, t["id"]).status_code == 404
    assert sb[0].get(server.url(f"/sales/delegated/{t['id']}"), timeout=30).status_code == 404


def test_participant_lao_reads_dla_documents_and_others_do_not(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, sb) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos[:1])
    doc = t["documents"]["intent_letter"][0]["id"]
    assert sa[0].get(server.url(f"/files/{doc}"), timeout=30).status_code == 200
    assert prov[0].get(server.url(f"/files/{doc}"), timeout=30).status_code == 200
    assert sb[0].get(server.url(f"/files/{doc}"), timeout=30).status_code == 404


def test_lists_are_scoped(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), (b, sb) = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos[:1])
    def ids(session, **q):
        r = session[0].get(server.url("/api/v1/sales/delegated"), params=q, timeout=30)
        assert r.status_code == 200, r.text[:300]
        return [i["id"] for i in r.json()["items"]]
    assert t["id"] in ids(dla, order_no=t["order_no"])
    assert t["id"] in ids(prov, order_no=t["order_no"])
    assert t["id"] in ids(sa, order_no=t["order_no"])
    assert t["id"] not in ids(sb, order_no=t["order_no"])
    assert t["id"] not in ids(dla, order_no=t["order_no"], ordered_to="2025-12-31")


def test_dla_queue_lists_delegated_sales(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos[:1])
    assert ds.trade_docs(server, dla, t["id"], [a]).status_code == 200
    assert ds.receipt(server, sa, t["id"]).status_code == 200
    html = dla[0].get(server.url("/admin/confirm"), params={"kind": "delegated", "order_no": t["order_no"]},
                      timeout=30).text
    assert t["order_no"] in html
    page = dla[0].get(server.url(f"/admin/confirm/{t['id']}"), timeout=30)
    assert page.status_code == 200 and a in page.text


def test_pages_of_each_role(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = open_sale_with(server, dla, prov, buyer, project, two_laos[:1])
    for s, marker in ((dla, "เพิ่มรายการขาย"), (prov, "อปท. มอบ สถ. ขาย"), (sa, "เลขที่คำสั่งซื้อ")):
        r = s[0].get(server.url("/sales/delegated"), timeout=30)
        assert r.status_code == 200 and marker in r.text
    assert dla[0].get(server.url("/sales/delegated/new"), timeout=30).status_code == 200
    assert sa[0].get(server.url("/sales/delegated/new"), timeout=30).status_code == 403
    page = sa[0].get(server.url(f"/sales/delegated/{t['id']}"), timeout=30).text
    assert "บันทึกและยินยอม" in page and "ไม่ยินยอม" in page
    page = prov[0].get(server.url(f"/sales/delegated/{t['id']}"), timeout=30).text
    assert f'name="qty_{a}"' in page


def test_every_step_is_audited(server, db, dla, prov, buyer, project, two_laos):
    (a, sa), _ = two_laos
    t = consented_sale(server, dla, prov, buyer, project, two_laos[:1])
    actions = {r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'trade' AND entity_id = ?",
                                      (str(t["id"]),))}
    assert {"create", "participants", "consent"} <= actions


def test_concurrent_delegated_and_self_sales_never_oversell(server, db, session_for, dla, prov, buyer, project):
    code, subject = ds.lao_with_credits(server, db, dla, 20, project)
    lao = session_for(subject)
    sales = [ds.created(server, dla, buyer, project) for _ in range(4)]
    barrier = threading.Barrier(10)
    results = []

    def delegated(trade_id):
        http = requests.Session()
        http.cookies.update(prov[0].cookies)
        barrier.wait()
        r = ds.act(server, (http, prov[1]), trade_id, "participants",
                   {"participants": [{"lao_code": code, "quantity_tco2e": 6}]})
        results.append(("d", r.status_code))

    def self_sale(_):
        http = requests.Session()
        http.cookies.update(lao[0].cookies)
        barrier.wait()
        r = support.post_sale(server, http, lao[1], support.sale_fields(buyer, quantity_tco2e=3,
                                                                        project_id=project),
                              support.sale_files())
        results.append(("s", r.status_code))

    threads = [threading.Thread(target=delegated, args=(s["id"],)) for s in sales]
    threads += [threading.Thread(target=self_sale, args=(i,)) for i in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    ok = [k for k, st in results if st in (200, 201)]
    assert all(st in (200, 201, 422, 503) for _, st in results), results
    reserved = 6 * ok.count("d") + 3 * ok.count("s")
    certified, remaining, awaiting, sold = pl(db, code, project)
    assert awaiting == reserved <= 20 and remaining == 20 - reserved and remaining >= 0
    assert reserved > 20 - 3     # nothing left unsold that a refused request could have taken
    assert_ledgers_exact(db)
