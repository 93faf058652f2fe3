"""PostgreSQL errors are sorted by SQLSTATE (db_error.c): a unique violation
found by the database itself, past the handler's own duplicate check, is a
refusal naming the field (422), and a deadlock is "busy, try again" (503
with Retry-After), never a 500.

The database is made to fail on purpose: a psql session holds an
uncommitted row or lock while Apache's request runs into it. PostgreSQL
only; SQLite's result codes have their own tests (tests/unit/test_db_error.c,
and the busy-database test of test_sale_pages.py)."""
import subprocess
import threading
import time

import pytest
import requests

import support


class PsqlSession:
    """One open psql connection that runs statements when told and keeps its
    transaction open in between."""

    def __init__(self, conninfo):
        self.proc = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", conninfo], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.marker = 0

    def run(self, sql, wait=True):
        """Sends sql; with wait, returns psql's output once it has run."""
        self.marker += 1
        mark = f"--done-{self.marker}--"
        self.proc.stdin.write(f"{sql}\n\\echo {mark}\n")
        self.proc.stdin.flush()
        if not wait:
            return None
        out = []
        for line in self.proc.stdout:
            if line.strip() == mark:
                return "".join(out)
            out.append(line)
        raise AssertionError("psql ended: " + "".join(out))

    def close(self):
        self.proc.stdin.write("ROLLBACK;\n\\q\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def psql(db):
    if not db.is_pg:
        pytest.skip("PostgreSQL only: the SQLSTATE is PostgreSQL's")
    session = PsqlSession(db.target)
    yield session
    session.close()


def lock_waiters(db):
    return db.scalar("SELECT COUNT(*) FROM pg_stat_activity"
                     " WHERE wait_event_type = 'Lock' AND datname = current_database()")


def wait_for_lock_waiters(db, n):
    for _ in range(200):
        if lock_waiters(db) >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} sessions waiting for a lock")


def company(number):
    return {"buyer_type": "private", "registered_on": "2025-01-15", "has_tver_account": True,
            "tver_account_name": "บจก. ทดสอบ " + number, "tver_account_no": number,
            "org_name": "บริษัท ทดสอบ " + number + " จำกัด", "business_type": "energy",
            "address": "99/1 อาคารทดสอบ", "road": "", "phone": "02-123-4567", "office_phone": "",
            "coordinator_first_name": "วิไล", "coordinator_last_name": "รักษ์โลก",
            "province_code": "54", "district_code": "5401", "subdistrict_code": "540105",
            "postcode": "54000"}


def insert_buyer_sql(number):
    return ("INSERT INTO buyers (buyer_type, registered_on, has_tver_account, tver_account_name,"
            " tver_account_no, org_name, business_type, display_name, address, province_code,"
            " district_code, subdistrict_code, postcode, phone, coordinator_first_name,"
            " coordinator_last_name, created_by, created_at, updated_at)"
            f" VALUES ('private', '2025-01-15', 1, 'บจก. จาก psql', '{number}', 'บริษัท จาก psql จำกัด',"
            " 'energy', 'บริษัท จาก psql จำกัด', '1 หมู่ 1', '54', '5401', '540105', '54000',"
            " '0812345678', 'สมชาย', 'ใจดี', (SELECT id FROM users WHERE subject = 'dla.admin'),"
            " '2025-01-15T00:00:00Z', '2025-01-15T00:00:00Z');")


def post_in_background(server, who, body):
    http, csrf = who
    answer = {}

    def send():
        answer["r"] = http.post(server.url("/api/v1/buyers"), json=body,
                                headers={"X-CSRF-Token": csrf}, timeout=60)

    thread = threading.Thread(target=send)
    thread.start()
    return thread, answer


def test_unique_violation_found_by_postgresql_is_a_refusal_naming_the_field(server, db, psql,
                                                                          session_for):
    number = support.unique_tag("TV-PG-")
    psql.run("BEGIN;")
    psql.run(insert_buyer_sql(number))
    waiting = lock_waiters(db)
    thread, answer = post_in_background(server, session_for("lao.54-1"), company(number))
    # The request's own duplicate check cannot see the uncommitted row; its
    # INSERT waits on the unique index until psql commits, then fails 23505.
    wait_for_lock_waiters(db, waiting + 1)
    psql.run("COMMIT;")
    thread.join(60)
    r = answer["r"]
    assert r.status_code == 422, r.text
    assert "tver_account_no" in r.json()["errors"]
    assert db.scalar("SELECT COUNT(*) FROM buyers WHERE tver_account_no = ?", (number,)) == 1


def test_deadlock_found_by_postgresql_is_busy_and_stores_nothing(server, db, psql, session_for):
    number = support.unique_tag("TV-PG-")
    before = db.count("buyers")
    psql.run("BEGIN;")
    psql.run("UPDATE audit_head SET last_seq = last_seq WHERE id = 1;")
    waiting = lock_waiters(db)
    thread, answer = post_in_background(server, session_for("lao.54-1"), company(number))
    # The request inserts its buyer, then waits for the audit head psql holds;
    # psql then inserts the same number and waits for the request: deadlock.
    # The request waited first, so PostgreSQL (deadlock_timeout, 1 s) ends it.
    wait_for_lock_waiters(db, waiting + 1)
    psql.run(insert_buyer_sql(number), wait=False)
    thread.join(60)
    r = answer["r"]
    assert r.status_code == 503, r.text
    assert r.headers.get("Retry-After")
    psql.run("ROLLBACK;")
    assert db.count("buyers") == before
