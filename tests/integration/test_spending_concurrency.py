"""The budget is never over-committed under concurrent requests: 50 step-1
requests of 300.00 baht each hit one LAO whose income is 10,000.00 baht at
the same moment; exactly 33 fit and succeed, the other 17 are refused with
the Thai "above the available budget" message, and committed never exceeds
income. A 503 (busy database, with Retry-After) is allowed only when it
changes nothing, and is retried. Runs on SQLite by default and on
PostgreSQL with CARBON_TEST_PG (the same file)."""
import threading
import time

import pytest
import requests

from spending_support import FundedLao, budget_row, item_fields

INCOME = 10 * 100_000
EACH = 30_000
REQUESTS = 50
FITS = INCOME // EACH            # 33
RETRIES_503 = 8


@pytest.fixture(scope="module")
def lao(server, db, session_for):
    dla = session_for("dla.admin")
    return FundedLao(server, db, session_for, dla, name="องค์การบริหารส่วนตำบลทดสอบใช้จ่ายพร้อมกัน")


def test_concurrent_requests_never_commit_more_than_the_income(server, db, lao):
    records = [lao.request()["id"] for _ in range(REQUESTS)]
    barrier = threading.Barrier(REQUESTS)
    results = [None] * REQUESTS

    def one(i):
        barrier.wait()
        for attempt in range(RETRIES_503 + 1):
            http = requests.Session()          # a fresh connection per attempt, closed after it
            http.cookies.update(lao.http.cookies)
            r = http.post(server.url(f"/api/v1/spending/{records[i]}/item"),
                          json=item_fields(budget_credit_satang=EACH), headers={"X-CSRF-Token": lao.csrf, "Connection": "close"}, timeout=120)
            if r.status_code != 503 or attempt == RETRIES_503:
                results[i] = r
                return
            assert r.headers.get("Retry-After")
            time.sleep(0.05 * (attempt + 1))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(REQUESTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    codes = [r.status_code for r in results]
    assert codes.count(200) == FITS, codes
    assert codes.count(422) == REQUESTS - FITS, codes
    for r in results:
        if r.status_code == 422:
            assert r.json()["errors"]["budget_credit_satang"].startswith("จำนวนงบประมาณจากการขายคาร์บอนเครดิตเกินกว่า")
    income, committed = budget_row(db, lao.code)
    assert (income, committed) == (INCOME, FITS * EACH)
    assert db.scalar("SELECT COUNT(*) FROM spending WHERE lao_code = ? AND step = 'confirm'", (lao.code,)) == FITS
    assert db.scalar("SELECT COALESCE(SUM(budget_credit_satang), 0) FROM spending WHERE lao_code = ?",
                     (lao.code,)) == committed


def test_no_budget_anywhere_is_negative_or_over_committed(db):
    assert db.query("SELECT lao_code FROM lao_budget WHERE committed_satang > income_satang "
                    "OR committed_satang < 0 OR income_satang < 0") == []
