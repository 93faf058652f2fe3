"""Credits are kept per LAO and project (FIXED-POINTS, "Credits per
project"): a sale of project P draws only on the LAO's credits of P, and
its confirmation, deletion or edit moves only P's row, never another
project's, although the LAO's totals (lao_credits) would cover it.

GET api/v1/laos/{lao}/balance keeps the LAO's totals and lists `projects`:
[{project_id, certified_tco2e, awaiting_tco2e, sold_tco2e, remaining_tco2e}],
each adding up on its own and summing to the totals.

Every seller is a fresh LAO certified under two 100 % projects: A (the
default project) and B (a project DLA creates for this module). The
concurrency test runs 50 sales split between A and B at once; it runs on
SQLite and, under CARBON_TEST_PG, on PostgreSQL (the same file)."""
import threading
import time

import pytest
import requests

import support
from support import (CARBON_TRADE_EXCEEDS_TH, balance_nonzero_projects, balance_of, balance_project,
                     balance_projects, balance_totals,
                     confirm_sale, delete_sale, get_sale, ledger_broken, ledger_of, post_sale,
                     project_ledger_broken, project_ledger_of, sale_fields, sale_files, sale_multipart)

RETRIES_503 = 8


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def projects(server, dla):
    """(A, B): the default 100 % project and a new 100 % project."""
    a = support.full_share_project(server, dla[0])
    b = support.new_full_share_project(server, *dla)
    assert a != b
    return a, b


@pytest.fixture(scope="module")
def buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


class Seller:
    """A fresh LAO certified a_credits of project A and b_credits of B, with its user's session."""

    def __init__(self, server, db, session_for, dla, projects, a_credits, b_credits):
        http, csrf = dla
        self.server, self.db = server, db
        self.a, self.b = projects
        self.code = support.fresh_lao(server, db, http, csrf, name="องค์การบริหารส่วนตำบลทดสอบแยกโครงการ")
        self.subject = support.fresh_lao_user(server, http, csrf, self.code)
        self.http, self.csrf = session_for(self.subject)
        for project, credits in ((self.a, a_credits), (self.b, b_credits)):
            if credits:
                support.certify_credits(server, http, csrf, self.code, credits, project)

    def sell(self, buyer, project, quantity, **fields):
        return post_sale(self.server, self.http, self.csrf,
                         sale_fields(buyer, project_id=project, quantity_tco2e=quantity, **fields), sale_files())

    def edit(self, trade_id, **fields):
        return post_sale(self.server, self.http, self.csrf, fields, {}, path=f"/api/v1/sales/{trade_id}")

    def rows(self):
        """(LAO totals, A's row, B's row), each (certified, remaining, awaiting, sold), from the database."""
        return (ledger_of(self.db, self.code), project_ledger_of(self.db, self.code, self.a),
                project_ledger_of(self.db, self.code, self.b))

    def stored(self):
        """What a refused request must leave untouched."""
        return (self.rows(), self.db.count("trades"), self.db.count("trade_lines"), self.db.count("audit_log"))


@pytest.fixture(scope="module")
def new_seller(server, db, session_for, dla, projects):
    def make(a_credits, b_credits):
        return Seller(server, db, session_for, dla, projects, a_credits, b_credits)
    return make


@pytest.fixture(autouse=True)
def ledgers_add_up_after_each_test(db):
    yield
    assert ledger_broken(db) == [], "lao_credits: remaining + awaiting + sold != certified"
    assert project_ledger_broken(db) == [], "project_credits do not add up or do not sum to lao_credits"


def created(r):
    assert r.status_code == 201, f"{r.status_code} {r.text[:500]}"
    return r.json()


def ok(r):
    assert r.status_code == 200, f"{r.status_code} {r.text[:500]}"
    return r


def refused_for_quantity(r):
    assert r.status_code == 422, f"{r.status_code} {r.text[:500]}"
    assert r.json()["errors"].get("quantity_tco2e") == CARBON_TRADE_EXCEEDS_TH, r.json()


# ---- a sale draws only on its project's credits ----

def test_sale_beyond_its_project_s_credits_is_refused_though_the_lao_total_covers_it(new_seller, buyer):
    s = new_seller(100, 50)
    before = s.stored()
    assert before[0] == ((150, 150, 0, 0), (100, 100, 0, 0), (50, 50, 0, 0))
    refused_for_quantity(s.sell(buyer, s.b, 60))
    assert s.stored() == before


def test_sale_of_all_of_project_b_empties_b_and_leaves_a_untouched(new_seller, buyer):
    s = new_seller(100, 50)
    created(s.sell(buyer, s.b, 50))
    assert s.rows() == ((150, 100, 50, 0), (100, 100, 0, 0), (50, 0, 50, 0))


def test_project_b_emptied_refuses_one_more_credit_of_b_and_still_sells_a(new_seller, buyer):
    s = new_seller(100, 50)
    created(s.sell(buyer, s.b, 50))
    before = s.stored()
    refused_for_quantity(s.sell(buyer, s.b, 1))
    assert s.stored() == before
    created(s.sell(buyer, s.a, 100))
    assert s.rows() == ((150, 0, 150, 0), (100, 0, 100, 0), (50, 0, 50, 0))


def test_sale_stores_the_project_it_draws_on(server, new_seller, buyer):
    s = new_seller(10, 10)
    trade = created(s.sell(buyer, s.b, 3))
    assert get_sale(server, s.http, trade["id"]).json()["project_id"] == s.b


# ---- the balance lists the projects ----

def test_balance_keeps_the_lao_totals(server, new_seller, buyer):
    s = new_seller(100, 50)
    created(s.sell(buyer, s.a, 30))
    balance = balance_of(server, s.http, s.code)
    assert balance_totals(balance) == (150, 120, 30, 0)
    assert all(isinstance(balance[k], int) for k in support.BALANCE_FIELDS)


def test_balance_lists_each_project_with_its_own_credits(server, new_seller, buyer, dla):
    s = new_seller(100, 50)
    created(s.sell(buyer, s.a, 30))
    sold = created(s.sell(buyer, s.b, 20))
    ok(confirm_sale(server, *dla, sold["id"]))
    balance = balance_of(server, s.http, s.code)
    rows = balance["projects"]
    assert isinstance(rows, list)
    assert all(set(r) >= {"project_id", *support.BALANCE_FIELDS} for r in rows), rows
    assert all(isinstance(r[k], int) for r in rows for k in ("project_id", *support.BALANCE_FIELDS))
    assert balance_nonzero_projects(balance) == {s.a: (100, 70, 30, 0), s.b: (50, 30, 0, 20)}


def test_balance_project_rows_each_add_up_and_sum_to_the_totals(server, new_seller, buyer, dla):
    s = new_seller(40, 25)
    created(s.sell(buyer, s.a, 7))
    gone = created(s.sell(buyer, s.b, 5))
    ok(delete_sale(server, *dla, gone["id"]))
    ok(confirm_sale(server, *dla, created(s.sell(buyer, s.b, 4))["id"]))
    for http in (s.http, dla[0]):
        balance = balance_of(server, http, s.code)
        rows = balance_projects(balance)
        assert all(c == r + a + so for c, r, a, so in rows.values()), rows
        assert all(min(v) >= 0 for v in rows.values()), rows
        sums = tuple(sum(v[i] for v in rows.values()) for i in range(4))
        assert sums == balance_totals(balance) == (65, 54, 7, 4)


def test_balance_project_rows_are_the_database_s(server, db, new_seller, buyer):
    s = new_seller(12, 9)
    created(s.sell(buyer, s.b, 9))
    rows = balance_projects(balance_of(server, s.http, s.code))
    assert rows[s.a] == project_ledger_of(db, s.code, s.a) == (12, 12, 0, 0)
    assert rows[s.b] == project_ledger_of(db, s.code, s.b) == (9, 0, 9, 0)


# ---- confirm, delete and edit move only the sale's project ----

def test_confirming_a_sale_of_a_moves_only_a_s_awaiting_to_sold(server, new_seller, buyer, dla):
    s = new_seller(100, 50)
    a_sale = created(s.sell(buyer, s.a, 30))
    created(s.sell(buyer, s.b, 10))
    ok(confirm_sale(server, *dla, a_sale["id"]))
    assert s.rows() == ((150, 110, 10, 30), (100, 70, 0, 30), (50, 40, 10, 0))
    assert balance_project(balance_of(server, s.http, s.code), s.a) == (100, 70, 0, 30)


def test_deleting_a_sale_of_b_releases_only_b_s_credits(server, new_seller, buyer, dla):
    s = new_seller(100, 50)
    created(s.sell(buyer, s.a, 30))
    b_sale = created(s.sell(buyer, s.b, 10))
    ok(delete_sale(server, *dla, b_sale["id"]))
    assert s.rows() == ((150, 120, 30, 0), (100, 70, 30, 0), (50, 50, 0, 0))
    assert balance_project(balance_of(server, s.http, s.code), s.b) == (50, 50, 0, 0)


def test_editing_the_quantity_moves_only_the_sale_s_project(new_seller, buyer):
    s = new_seller(100, 50)
    trade = created(s.sell(buyer, s.b, 10))
    ok(s.edit(trade["id"], quantity_tco2e=40))
    assert s.rows() == ((150, 110, 40, 0), (100, 100, 0, 0), (50, 10, 40, 0))


def test_editing_the_quantity_beyond_the_project_s_credits_is_refused(new_seller, buyer):
    s = new_seller(100, 50)
    trade = created(s.sell(buyer, s.b, 10))
    before = s.stored()
    refused_for_quantity(s.edit(trade["id"], quantity_tco2e=51))
    assert s.stored() == before


def test_editing_a_sale_from_project_a_to_b_moves_its_reservation(server, new_seller, buyer):
    s = new_seller(100, 50)
    trade = created(s.sell(buyer, s.a, 30))
    assert s.rows() == ((150, 120, 30, 0), (100, 70, 30, 0), (50, 50, 0, 0))
    ok(s.edit(trade["id"], project_id=s.b))
    assert s.rows() == ((150, 120, 30, 0), (100, 100, 0, 0), (50, 20, 30, 0))
    assert get_sale(server, s.http, trade["id"]).json()["project_id"] == s.b


def test_editing_project_and_quantity_at_once_reserves_the_new_quantity_of_the_new_project(new_seller, buyer):
    s = new_seller(100, 50)
    trade = created(s.sell(buyer, s.a, 30))
    ok(s.edit(trade["id"], project_id=s.b, quantity_tco2e=50))
    assert s.rows() == ((150, 100, 50, 0), (100, 100, 0, 0), (50, 0, 50, 0))


def test_editing_a_sale_to_a_project_with_too_few_credits_is_refused(server, new_seller, buyer):
    s = new_seller(100, 20)
    trade = created(s.sell(buyer, s.a, 30))
    before = s.stored()
    sale_before = get_sale(server, s.http, trade["id"]).json()
    refused_for_quantity(s.edit(trade["id"], project_id=s.b))
    assert s.stored() == before
    assert get_sale(server, s.http, trade["id"]).json() == sale_before


def test_moving_a_sale_back_to_its_first_project_restores_both_rows(new_seller, buyer):
    s = new_seller(100, 50)
    trade = created(s.sell(buyer, s.a, 30))
    ok(s.edit(trade["id"], project_id=s.b))
    ok(s.edit(trade["id"], project_id=s.a))
    assert s.rows() == ((150, 120, 30, 0), (100, 70, 30, 0), (50, 50, 0, 0))


# ---- concurrency: 50 sales split between two projects of one LAO ----

A_CREDITS, B_CREDITS = 53, 37
EACH = 3
PER_PROJECT = 25                         # 25 sales of A and 25 of B: 75 asked of each
A_FITS, B_FITS = A_CREDITS // EACH, B_CREDITS // EACH     # 17 and 12


def test_concurrent_sales_of_two_projects_never_overdraw_either(server, db, new_seller, buyer):
    """A holds 53 and B 37 (90 in all: a per-LAO check would accept 30 sales
    of 3); 25 sales of 3 ask each project for 75 at the same moment: exactly
    17 of A and 12 of B fit, and every row adds up afterwards. A 503 (busy,
    with Retry-After) changes nothing and is retried."""
    s = new_seller(A_CREDITS, B_CREDITS)
    jobs = [s.a] * PER_PROJECT + [s.b] * PER_PROJECT
    bodies = {p: sale_multipart(sale_fields(buyer, project_id=p, quantity_tco2e=EACH, unit_price_satang=50000),
                                sale_files()) for p in (s.a, s.b)}
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    busy = [0] * len(jobs)

    def one(i):
        http = requests.Session()
        http.cookies.update(s.http.cookies)
        barrier.wait()
        for attempt in range(RETRIES_503 + 1):
            try:
                r = http.post(server.url("/api/v1/sales/self"), files=bodies[jobs[i]],
                              headers={"X-CSRF-Token": s.csrf}, timeout=120)
            except requests.RequestException as e:
                results[i] = e
                return
            if r.status_code != 503 or attempt == RETRIES_503:
                results[i] = r
                return
            busy[i] += 1
            assert r.headers.get("Retry-After"), "503 without Retry-After"
            time.sleep(0.05 * (attempt + 1))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)

    print(f"\nconcurrent sales of two projects: {sum(busy)} answers of 503 retried")
    errors = [r for r in results if not isinstance(r, requests.Response)]
    assert errors == [], errors
    statuses = sorted({r.status_code for r in results})
    assert set(statuses) <= {201, 422}, statuses
    accepted = {p: [r for r, q in zip(results, jobs) if q == p and r.status_code == 201] for p in (s.a, s.b)}
    refused = [r for r in results if r.status_code == 422]
    assert (len(accepted[s.a]), len(accepted[s.b])) == (A_FITS, B_FITS)
    assert {r.json()["errors"].get("quantity_tco2e") for r in refused} == {CARBON_TRADE_EXCEEDS_TH}

    totals, a_row, b_row = s.rows()
    assert a_row == (A_CREDITS, A_CREDITS - EACH * A_FITS, EACH * A_FITS, 0)
    assert b_row == (B_CREDITS, B_CREDITS - EACH * B_FITS, EACH * B_FITS, 0)
    assert totals == tuple(x + y for x, y in zip(a_row, b_row))
    for project, fits in ((s.a, A_FITS), (s.b, B_FITS)):
        ids = [r.json()["id"] for r in accepted[project]]
        assert len(set(ids)) == fits
        q = db.query("SELECT COUNT(*), COALESCE(SUM(quantity_tco2e), 0) FROM trades "
                     "WHERE lao_code = ? AND project_id = ? AND status = 'in_progress'", (s.code, project))[0]
        assert (int(q[0]), int(q[1])) == (fits, EACH * fits)
        assert int(q[1]) == project_ledger_of(db, s.code, project)[2]
    lines = db.query("SELECT COUNT(*), COALESCE(SUM(l.quantity_tco2e), 0) FROM trade_lines l "
                     "JOIN trades t ON t.id = l.trade_id WHERE t.lao_code = ? AND l.ledger = 'reserved'", (s.code,))[0]
    assert (int(lines[0]), int(lines[1])) == (A_FITS + B_FITS, EACH * (A_FITS + B_FITS))
    assert len({r.json()["order_no"] for rs in accepted.values() for r in rs}) == A_FITS + B_FITS
    assert balance_nonzero_projects(balance_of(server, s.http, s.code)) == {s.a: a_row, s.b: b_row}
