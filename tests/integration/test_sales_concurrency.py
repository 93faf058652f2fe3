"""Credits are never oversold under concurrent sales: 50 self-operated sales
of 5 credits each hit one LAO holding 123 at the same moment; exactly 24 fit
and succeed, the other 26 are refused with the Thai "exceeds the available
credits" message, and remaining + awaiting + sold = certified afterwards.

A 503 (busy database, with Retry-After) is allowed only when it changes
nothing: such a request is retried a few times so that the count of
successes is exact. Runs on SQLite by default and on PostgreSQL under
tests/run-suites pg (the same file)."""
import threading
import time

import pytest
import requests

import support
from support import ledger_broken, ledger_of, sale_fields, sale_files, sale_multipart

CREDITS = 123
EACH = 5
REQUESTS = 50
FITS = CREDITS // EACH                  # 24
RETRIES_503 = 8


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def lao(server, db, session_for, dla):
    """A fresh LAO holding exactly CREDITS credits, and its user's subject."""
    http, csrf = dla
    code = support.fresh_lao(server, db, http, csrf, name="องค์การบริหารส่วนตำบลทดสอบพร้อมกัน")
    subject = support.fresh_lao_user(server, http, csrf, code)
    support.certify_credits(server, http, csrf, code, CREDITS, support.full_share_project(server, http))
    assert ledger_of(db, code) == (CREDITS, CREDITS, 0, 0)
    return code, subject


@pytest.fixture(scope="module")
def buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


def sell_at_once(server, cookies, csrf, buyer_id, n):
    """n sales of EACH credits started together (one requests.Session per
    thread, all with the LAO user's cookie and CSRF token); returns the final
    responses (after retrying 503s) and how many 503s were seen."""
    barrier = threading.Barrier(n)
    results = [None] * n
    busy = [0] * n
    body = sale_multipart(sale_fields(buyer_id, quantity_tco2e=EACH, unit_price_satang=50000), sale_files())

    def one(i):
        http = requests.Session()
        http.cookies.update(cookies)
        barrier.wait()
        for attempt in range(RETRIES_503 + 1):
            try:
                r = http.post(server.url("/api/v1/sales/self"), files=body,
                              headers={"X-CSRF-Token": csrf}, timeout=120)
            except requests.RequestException as e:          # reported, not retried
                results[i] = e
                return
            if r.status_code != 503 or attempt == RETRIES_503:
                results[i] = r
                return
            busy[i] += 1
            assert r.headers.get("Retry-After"), "503 without Retry-After"
            time.sleep(0.05 * (attempt + 1))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return results, sum(busy)


def test_concurrent_sales_never_oversell_the_lao(server, db, session_for, lao, buyer):
    code, subject = lao
    http, csrf = session_for(subject)
    trades_before = db.count("trades")

    results, busy = sell_at_once(server, http.cookies, csrf, buyer, REQUESTS)

    print(f"\nconcurrent sales: {busy} answers of 503 retried")
    errors = [r for r in results if not isinstance(r, requests.Response)]
    assert errors == [], errors
    statuses = [r.status_code for r in results]
    ok = [r for r in results if r.status_code == 201]
    refused = [r for r in results if r.status_code == 422]
    still_busy = [r for r in results if r.status_code == 503]
    assert len(ok) + len(refused) + len(still_busy) == REQUESTS, sorted(set(statuses))
    assert still_busy == [], f"{len(still_busy)} requests stayed 503 after {RETRIES_503} retries"

    assert len(ok) == FITS, f"{len(ok)} of {REQUESTS} succeeded (503s retried: {busy})"
    messages = {r.json()["errors"].get("quantity_tco2e") for r in refused}
    assert len(messages) == 1 and support.is_thai(messages.pop() or "")
    assert ledger_of(db, code) == (CREDITS, CREDITS - EACH * FITS, EACH * FITS, 0)
    assert ledger_broken(db) == []

    ids = [r.json()["id"] for r in ok]
    assert len(set(ids)) == FITS
    assert len({r.json()["order_no"] for r in ok}) == FITS
    assert db.count("trades") == trades_before + FITS
    assert db.scalar("SELECT COUNT(*) FROM trades WHERE lao_code = ?", (code,)) == FITS
    assert db.scalar("SELECT SUM(quantity_tco2e) FROM trades WHERE lao_code = ? AND status = 'in_progress'",
                     (code,)) == EACH * FITS


def test_refused_concurrent_sales_left_no_documents_behind(db, lao):
    """Only the successful sales' documents (3 each) are stored for the LAO."""
    code, _ = lao
    files = db.scalar("SELECT COUNT(*) FROM files WHERE owner_lao_code = ?", (code,))
    linked = db.scalar("SELECT COUNT(*) FROM record_files rf JOIN trades t ON t.id = rf.entity_id "
                       "WHERE rf.entity = 'trade' AND t.lao_code = ?", (code,))
    assert files == linked == 3 * FITS


def test_concurrent_confirms_and_deletes_keep_the_ledger(server, db, session_for, lao, dla):
    """DLA confirms and deletes the in-progress trades concurrently (each
    trade twice: one confirm and one delete racing): every trade ends either
    completed or deleted, never both, and the ledger adds up."""
    code, _ = lao
    ids = [int(r[0]) for r in db.query("SELECT id FROM trades WHERE lao_code = ? AND status = 'in_progress' "
                                       "ORDER BY id", (code,))]
    assert ids
    http, csrf = dla
    cookies = http.cookies
    jobs = [(i, "confirm") for i in ids] + [(i, "delete") for i in ids]
    barrier = threading.Barrier(len(jobs))
    out = {}

    def one(job):
        trade_id, what = job
        s = requests.Session()
        s.cookies.update(cookies)
        barrier.wait()
        for attempt in range(RETRIES_503 + 1):
            if what == "confirm":
                r = support.confirm_sale(server, s, csrf, trade_id, document=False)
            else:
                r = support.delete_sale(server, s, csrf, trade_id)
            if r.status_code != 503 or attempt == RETRIES_503:
                out[job] = r.status_code
                return
            time.sleep(0.05 * (attempt + 1))

    threads = [threading.Thread(target=one, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)

    for trade_id in ids:
        a, b = out[(trade_id, "confirm")], out[(trade_id, "delete")]
        assert sorted([a, b]) in ([200, 404], [200, 409]), (trade_id, a, b)
    statuses = dict((int(i), s) for i, s in db.query("SELECT id, status FROM trades WHERE lao_code = ?", (code,)))
    confirmed = [i for i in ids if out[(i, "confirm")] == 200]
    deleted = [i for i in ids if out[(i, "delete")] == 200]
    assert all(statuses[i] == "completed" for i in confirmed)
    assert all(statuses[i] == "deleted" for i in deleted)
    sold = EACH * len(confirmed)
    assert ledger_of(db, code) == (CREDITS, CREDITS - sold, 0, sold)
    assert ledger_broken(db) == []


def new_lao_with(server, db, session_for, dla, credits):
    http, csrf = dla
    code = support.fresh_lao(server, db, http, csrf, name="องค์การบริหารส่วนตำบลทดสอบแก้ไขพร้อมกัน")
    subject = support.fresh_lao_user(server, http, csrf, code)
    support.certify_credits(server, http, csrf, code, credits, support.full_share_project(server, http))
    return code, session_for(subject)


def run_together(jobs):
    """Runs the callables at once (a barrier), retrying 503s; their final responses."""
    barrier = threading.Barrier(len(jobs))
    out = [None] * len(jobs)

    def one(i):
        barrier.wait()
        for attempt in range(RETRIES_503 + 1):
            r = jobs[i]()
            if r.status_code != 503 or attempt == RETRIES_503:
                out[i] = r
                return
            time.sleep(0.05 * (attempt + 1))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return out


def cloned(http):
    s = requests.Session()
    s.cookies.update(http.cookies)
    return s


def test_concurrent_edits_raising_quantities_never_oversell(server, db, session_for, dla, buyer):
    """10 trades of 5 hold 50 of 100 credits; 10 edits raising each to 15 (+10)
    race for the other 50: exactly 5 succeed, 5 are refused in Thai."""
    code, (http, csrf) = new_lao_with(server, db, session_for, dla, 100)
    ids = []
    for _ in range(10):
        r = support.post_sale(server, http, csrf, sale_fields(buyer, quantity_tco2e=5), sale_files())
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    assert ledger_of(db, code) == (100, 50, 50, 0)

    def edit(trade_id):
        s = cloned(http)
        return lambda: support.post_sale(server, s, csrf, {"quantity_tco2e": 15}, {},
                                         path=f"/api/v1/sales/{trade_id}")

    results = run_together([edit(i) for i in ids])
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 5 + [422] * 5, statuses
    assert all(r.json()["errors"]["quantity_tco2e"] == "ปริมาณคาร์บอนเครดิตเกินกว่าปริมาณคงเหลือที่ขายได้"
               for r in results if r.status_code == 422)
    assert ledger_of(db, code) == (100, 0, 100, 0)
    quantities = sorted(int(q) for (q,) in db.query("SELECT quantity_tco2e FROM trades WHERE lao_code = ?",
                                                    (code,)))
    assert quantities == [5] * 5 + [15] * 5
    assert ledger_broken(db) == []


def test_edit_racing_the_confirmation_sells_the_final_quantity(server, db, session_for, dla, buyer):
    """Each of 8 trades (4 credits) gets an edit to 6 and DLA's confirmation at
    the same moment: the confirmation always wins or follows the edit; sold
    credits equal the completed trades' final quantities."""
    code, (http, csrf) = new_lao_with(server, db, session_for, dla, 60)
    ids = []
    for _ in range(8):
        r = support.post_sale(server, http, csrf, sale_fields(buyer, quantity_tco2e=4), sale_files())
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    dla_http, dla_csrf = dla
    jobs, kinds = [], []
    for trade_id in ids:
        s_lao, s_dla = cloned(http), cloned(dla_http)
        jobs.append(lambda t=trade_id, s=s_lao: support.post_sale(server, s, csrf, {"quantity_tco2e": 6}, {},
                                                                 path=f"/api/v1/sales/{t}"))
        jobs.append(lambda t=trade_id, s=s_dla: support.confirm_sale(server, s, dla_csrf, t, document=False))
        kinds += [("edit", trade_id), ("confirm", trade_id)]
    results = dict(zip(kinds, run_together(jobs)))
    for trade_id in ids:
        edit, confirm = results[("edit", trade_id)], results[("confirm", trade_id)]
        assert confirm.status_code == 200, confirm.text
        assert edit.status_code in (200, 409), edit.text
    rows = db.query("SELECT status, quantity_tco2e FROM trades WHERE lao_code = ?", (code,))
    assert {s for s, _ in rows} == {"completed"}
    sold = sum(int(q) for _, q in rows)
    edited = sum(1 for t in ids if results[("edit", t)].status_code == 200)
    assert sold == 4 * 8 + 2 * edited
    assert ledger_of(db, code) == (60, 60 - sold, 0, sold)
    assert ledger_broken(db) == []


def test_concurrent_edits_cannot_leave_a_large_trade_without_its_contract(server, db, session_for, dla, buyer):
    """Edit A drops the contract (allowed: total exactly 100,000 baht) while edit
    B raises the price to 100,000.01 baht (allowed: the contract is there):
    whichever order they commit in, the trade must not end above the limit
    without a contract. Tried on 30 trades."""
    code, (http, csrf) = new_lao_with(server, db, session_for, dla, 100)
    broken = []
    for _ in range(30):
        r = support.post_sale(server, http, csrf, sale_fields(buyer, unit_price_satang=10_000_000),
                              sale_files(contract=support.sale_document("สัญญา.pdf")))
        assert r.status_code == 201, r.text
        trade_id = r.json()["id"]
        path = f"/api/v1/sales/{trade_id}"
        a, b = cloned(http), cloned(http)
        run_together([lambda: support.post_sale(server, a, csrf, {"remove_contract": "1"}, {}, path=path),
                      lambda: support.post_sale(server, b, csrf, {"unit_price_satang": 10_000_001}, {}, path=path)])
        body = support.get_sale(server, http, trade_id).json()
        if body["total_satang"] > 10_000_000 and not body["documents"]["contract"]:
            broken.append(body["order_no"])
    assert broken == []
