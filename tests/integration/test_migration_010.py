"""Migration 010 (sql/010_sale_model.sql) upgrades a database of the schema
before it without losing a credit, a trade or an audit row.

The old database is built by the old tools/migrate and sql/ (git commit
fc4e1b9~1, main before 010) with the Thai geography and the demo data, on
SQLite (a fresh file) and, under CARBON_TEST_PG, on PostgreSQL (a fresh
database next to the suite's, on the same server). Old-style rows are added
with plain SQL for the edge cases:

- LAO TWO: certifications in two projects and trades of both (in progress,
  completed, deleted with a reason);
- LAO LOOSE: lao_credits holds 30 credits no certification explains
  (certified and remaining raised by hand); they must land on the default
  project's row;
- LAO OVER: project P sold and reserved beyond P's certifications while the
  LAO held credits of project Q (the old per-LAO ledger allowed it); P keeps
  what it sold and awaits, Q gives up the difference.

Every trade added gets real audit rows (the hash of mod_carbon/audit_hash.c,
chained from audit_head), so build/carbon-audit-verify checks a non-empty
chain before and after. Then the new tools/migrate runs and the tests check
what it made; it runs a second time and changes nothing.

No server is needed: the file uses tools/migrate, sqlite3 / psql and
build/carbon-audit-verify only."""
import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

import support

ROOT = support.ROOT
OLD_COMMIT = "fc4e1b9~1"
GEO = ROOT / "build" / "sql" / "geo.sql"
VERIFY = ROOT / "build" / "carbon-audit-verify"
NEW_MIGRATE = ROOT / "tools" / "migrate"
GENESIS = "0" * 64

DEFAULT_PROJECT = 1          # 002_master: the default project is the first row
MANGROVE = 2                 # demo.sql's two other projects
FOREST = 3

TWO = "9810001"              # certifications in two projects, trades of both
LOOSE = "9810002"            # credits without a certification
OVER = "9810003"             # project sold beyond its certifications
LOOSE_EXTRA = 30

# (order_no, lao, project, status, quantity, unit price) of the old-style trades
OLD_TRADES = [
    ("2569-90001", TWO, DEFAULT_PROJECT, "in_progress", 10, 25000),
    ("2569-90002", TWO, DEFAULT_PROJECT, "completed", 20, 26000),
    ("2569-90003", TWO, DEFAULT_PROJECT, "deleted", 4, 25000),
    ("2569-90004", TWO, MANGROVE, "completed", 5, 30000),
    ("2569-90005", TWO, MANGROVE, "in_progress", 7, 31000),
    ("2569-90006", TWO, MANGROVE, "deleted", 8, 32000),
    ("2569-90007", LOOSE, FOREST, "completed", 6, 20000),
    ("2569-90008", OVER, FOREST, "completed", 60, 27000),
    ("2569-90009", OVER, FOREST, "in_progress", 20, 27000),
    ("2569-90010", OVER, MANGROVE, "completed", 10, 28000),
]
# (lao, project, LAO share) of the old-style certifications
OLD_CERTS = [
    (TWO, DEFAULT_PROJECT, 100), (TWO, MANGROVE, 60),
    (LOOSE, DEFAULT_PROJECT, 10), (LOOSE, FOREST, 40),
    (OVER, FOREST, 50), (OVER, MANGROVE, 100),
]

TRADE_COLUMNS = ("id", "kind", "order_no", "fiscal_year", "status", "lao_code", "project_id", "buyer_id",
                 "ordered_on", "trade_type", "quantity_tco2e", "unit_price_satang", "total_satang",
                 "created_by", "created_at", "updated_at", "version")
OLD_STEP_COLUMNS = ("confirmed_on", "confirmation_ref", "confirmation_note", "confirmed_by", "confirmed_at",
                    "deleted_reason", "deleted_by", "deleted_at")
LEDGER = ("certified_tco2e", "remaining_tco2e", "awaiting_tco2e", "sold_tco2e")


def text(v):
    """One spelling for SQLite's native values and psql's text ('' for NULL)."""
    return "" if v is None else str(v)


def run(args, **kwargs):
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


# ---- the old database ----

class OldDatabase:
    """A fresh database (SQLite file or PostgreSQL database) and its driver."""

    def __init__(self, workdir):
        pg = os.environ.get("CARBON_TEST_PG")
        self.pg_admin = pg
        if pg:
            self.name = "m010_" + os.urandom(4).hex()
            self._admin(f"CREATE DATABASE {self.name}")
            if re.search(r"\bdbname=\S+", pg):
                target = re.sub(r"\bdbname=\S+", f"dbname={self.name}", pg)
            else:
                target = f"{pg} dbname={self.name}"
            self.driver, self.target = "pgsql", target
        else:
            self.driver, self.target = "sqlite3", str(Path(workdir) / "carbon.db")
        self.db = support.Database(self.driver, self.target)

    def _admin(self, sql):
        run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.pg_admin, "-c", sql])

    def drop(self):
        if self.pg_admin:
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")


def audit_hash(f):
    """mod_carbon/audit_hash.c: sha256 over length-prefixed fields (NULL is '-;')."""
    h = hashlib.sha256()
    for value in (f["prev_hash"], str(f["seq"]), f["at"], f["user_subject"], f["user_role"], f["org_code"],
                  f["entity"], f["entity_id"], f["action"], f["before_json"], f["after_json"]):
        if value is None:
            h.update(b"-;")
        else:
            raw = value.encode("utf-8")
            h.update(f"{len(raw)}:".encode() + raw + b";")
    return h.hexdigest()


class AuditWriter:
    """Appends rows to audit_log the way the module does (seq, chained hash, head)."""

    def __init__(self, db):
        self.db = db
        seq, last = db.query("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")[0]
        self.seq, self.prev = int(seq), last

    def add(self, at, subject, role, org, entity, entity_id, action, before, after):
        self.seq += 1
        f = {"seq": self.seq, "at": at, "user_subject": subject, "user_role": role, "org_code": org,
             "entity": entity, "entity_id": str(entity_id), "action": action,
             "before_json": None if before is None else json.dumps(before, ensure_ascii=False),
             "after_json": None if after is None else json.dumps(after, ensure_ascii=False),
             "prev_hash": self.prev}
        f["hash"] = audit_hash(f)
        cols = ("seq", "at", "user_subject", "user_role", "org_code", "entity", "entity_id", "action",
                "before_json", "after_json", "prev_hash", "hash")
        present = [c for c in cols if f[c] is not None]
        self.db.execute(f"INSERT INTO audit_log ({', '.join(present)}) VALUES ({', '.join('?' * len(present))})",
                        tuple(f[c] for c in present))
        self.db.execute("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", (self.seq, f["hash"]))
        self.prev = f["hash"]


def add_old_rows(db):
    """The edge cases, in the old schema, with their audit rows."""
    users = dict(db.query("SELECT subject, id FROM users"))
    dla, lao_user = int(users["dla.admin"]), int(users["lao.54-1"])
    buyer = int(db.query("SELECT MIN(id) FROM buyers WHERE has_tver_account = 1")[0][0])
    audit = AuditWriter(db)
    for code, name in ((TWO, "องค์การบริหารส่วนตำบลสองโครงการ"), (LOOSE, "องค์การบริหารส่วนตำบลเครดิตไม่มีที่มา"),
                       (OVER, "องค์การบริหารส่วนตำบลขายเกินโครงการ")):
        db.execute("INSERT INTO laos (code, name_th, lao_type, province_code, district_code, subdistrict_code) "
                   "VALUES (?, ?, 'sao', '54', '5401', '540105')", (code, name))
        db.execute("INSERT INTO lao_credits (lao_code, certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e) "
                   "VALUES (?, 0, 0, 0, 0)", (code,))
    for i, (code, project, share) in enumerate(OLD_CERTS):
        db.execute("INSERT INTO certifications (project_id, lao_code, period_from, period_to, certified_on, tgo_ref, "
                   "total_tco2e, lao_share_tco2e, created_at) "
                   "VALUES (?, ?, '2024-01-01', '2024-12-31', '2025-08-15', ?, ?, ?, '2025-08-20T03:00:00Z')",
                   (project, code, f"TVER-M010-{i}", share, share))
        db.execute("UPDATE lao_credits SET certified_tco2e = certified_tco2e + ?, remaining_tco2e = remaining_tco2e + ? "
                   "WHERE lao_code = ?", (share, share, code))
        cert_id = int(db.query("SELECT id FROM certifications WHERE tgo_ref = ?", (f"TVER-M010-{i}",))[0][0])
        audit.add("2025-08-20T03:00:00Z", "dla.admin", "dla", "DLA", "certification", cert_id, "create",
                  None, {"lao_code": code, "project_id": project, "lao_share_tco2e": share})
    # credits no certification explains (recorded by hand in the old days)
    db.execute("UPDATE lao_credits SET certified_tco2e = certified_tco2e + ?, remaining_tco2e = remaining_tco2e + ? "
               "WHERE lao_code = ?", (LOOSE_EXTRA, LOOSE_EXTRA, LOOSE))
    for n, (order_no, code, project, status, qty, price) in enumerate(OLD_TRADES):
        at = f"2026-01-{10 + n:02d}T04:00:00Z"
        db.execute("INSERT INTO trades (kind, order_no, fiscal_year, status, lao_code, project_id, buyer_id, ordered_on, "
                   "trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, updated_at, "
                   "version, confirmed_on, confirmation_ref, confirmation_note, confirmed_by, confirmed_at, "
                   "deleted_reason, deleted_by, deleted_at) "
                   "VALUES ('self', ?, 2569, 'in_progress', ?, ?, ?, ?, 'transfer', ?, ?, ?, ?, ?, ?, 0, "
                   "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                   (order_no, code, project, buyer, at[:10], qty, price, qty * price, lao_user, at, at))
        trade_id = int(db.query("SELECT id FROM trades WHERE order_no = ?", (order_no,))[0][0])
        db.execute("UPDATE lao_credits SET remaining_tco2e = remaining_tco2e - ?, awaiting_tco2e = awaiting_tco2e + ? "
                   "WHERE lao_code = ?", (qty, qty, code))
        row = {"order_no": order_no, "lao_code": code, "project_id": project, "quantity_tco2e": qty,
               "total_satang": qty * price, "status": "in_progress"}
        audit.add(at, "lao.54-1", "lao", code, "trade", trade_id, "create", None, row)
        done = f"2026-02-{1 + n:02d}T07:30:00Z"
        if status == "completed":
            db.execute("UPDATE trades SET status = 'completed', confirmed_on = ?, confirmation_ref = ?, "
                       "confirmation_note = ?, confirmed_by = ?, confirmed_at = ?, updated_at = ?, version = 1 "
                       "WHERE id = ?", (done[:10], f"TVER-TR-M010-{n}", f"ตรวจสอบการโอนแล้ว {n}", dla, done, done,
                                        trade_id))
            db.execute("UPDATE lao_credits SET awaiting_tco2e = awaiting_tco2e - ?, sold_tco2e = sold_tco2e + ? "
                       "WHERE lao_code = ?", (qty, qty, code))
            audit.add(done, "dla.admin", "dla", "DLA", "trade", trade_id, "confirm", row, dict(row, status="completed"))
        elif status == "deleted":
            db.execute("UPDATE trades SET status = 'deleted', deleted_reason = ?, deleted_by = ?, deleted_at = ?, "
                       "updated_at = ?, version = 1 WHERE id = ?",
                       (f"ผู้ซื้อยกเลิกคำสั่งซื้อ {n}", dla, done, done, trade_id))
            db.execute("UPDATE lao_credits SET awaiting_tco2e = awaiting_tco2e - ?, remaining_tco2e = remaining_tco2e + ? "
                       "WHERE lao_code = ?", (qty, qty, code))
            audit.add(done, "dla.admin", "dla", "DLA", "trade", trade_id, "delete", row, dict(row, status="deleted"))


def table_names(db):
    if db.is_pg:
        rows = db.query("SELECT table_name FROM information_schema.tables "
                        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
    else:
        rows = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(r[0] for r in rows)


def dump(db, tables=None):
    """{table: sorted rows as text} of every table (or of tables)."""
    out = {}
    for t in tables or table_names(db):
        out[t] = sorted(tuple(text(v) for v in row) for row in db.query(f"SELECT * FROM {t}"))
    return out


def verify(old):
    if not VERIFY.exists():
        run(["make", "-s", "-C", ROOT, "build/carbon-audit-verify"])
    return subprocess.run([str(VERIFY), old.driver, old.target], capture_output=True, text=True, timeout=120)


def ledgers(db):
    return {code: tuple(int(v) for v in rest) for code, *rest in
            db.query("SELECT lao_code, " + ", ".join(LEDGER) + " FROM lao_credits")}


def project_rows(db):
    """{(lao, project): (certified, remaining, awaiting, sold)} of project_credits."""
    return {(code, int(pid)): tuple(int(v) for v in rest) for code, pid, *rest in
            db.query("SELECT lao_code, project_id, " + ", ".join(LEDGER) + " FROM project_credits")}


@pytest.fixture(scope="module")
def upgraded():
    """The old database (with the edge cases), what it held, and the same
    database after the new tools/migrate."""
    if not GEO.exists():
        run(["make", "-s", "-C", ROOT, "build/sql/geo.sql"])
    work = support.new_rundir("m010-")
    old_tree = work / "old"
    old_tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", OLD_COMMIT, "sql", "tools"],
                             capture_output=True, timeout=120)
    assert archive.returncode == 0, archive.stderr.decode(errors="replace")
    subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True, timeout=120)
    assert not (old_tree / "sql" / "010_sale_model.sql").exists()

    old = OldDatabase(work)
    try:
        run(["bash", old_tree / "tools" / "migrate", old.driver, old.target, "--geo", GEO, "--demo"])
        db = old.db
        assert "trades" in table_names(db) and "project_credits" not in table_names(db)
        add_old_rows(db)
        before = {"dump": dump(db), "verify": verify(old),
                  "trades": {int(r[0]): dict(zip(TRADE_COLUMNS + OLD_STEP_COLUMNS, map(text, r)))
                             for r in db.query("SELECT " + ", ".join(TRADE_COLUMNS + OLD_STEP_COLUMNS) +
                                               " FROM trades")},
                  "ledgers": ledgers(db),
                  "audit_rows": db.scalar("SELECT COUNT(*) FROM audit_log")}
        migrated = run(["bash", NEW_MIGRATE, old.driver, old.target, "--geo", GEO, "--demo"])
        yield {"old": old, "db": db, "before": before, "migrate_out": migrated.stdout}
    finally:
        old.drop()
        if not os.environ.get("CARBON_TEST_KEEP"):
            support.remove_tree(work)


def default_project(db):
    return int(db.query("SELECT id FROM projects WHERE is_default = 1")[0][0])


# ---- before: the old database is what the tests think it is ----

def test_old_database_has_the_edge_cases_and_a_verified_audit_chain(upgraded):
    before = upgraded["before"]
    assert before["verify"].returncode == 0, before["verify"].stdout + before["verify"].stderr
    assert before["audit_rows"] >= len(OLD_TRADES) + len(OLD_CERTS)
    assert before["ledgers"][TWO] == (160, 118, 17, 25)
    assert before["ledgers"][LOOSE] == (80, 74, 0, 6)
    assert before["ledgers"][OVER] == (150, 60, 20, 70)
    assert "migrate: applying 010_sale_model" in upgraded["migrate_out"]


# ---- credits ----

def test_every_lao_keeps_its_totals(upgraded):
    assert ledgers(upgraded["db"]) == upgraded["before"]["ledgers"]


def test_every_project_row_adds_up_and_nothing_is_negative(upgraded):
    rows = project_rows(upgraded["db"])
    assert rows
    bad = {k: v for k, v in rows.items()
           if v[1] + v[2] + v[3] != v[0] or min(v) < 0}
    assert bad == {}


def test_project_rows_of_each_lao_sum_to_its_totals(upgraded):
    sums = {}
    for (code, _), v in project_rows(upgraded["db"]).items():
        sums[code] = tuple(a + b for a, b in zip(sums.get(code, (0, 0, 0, 0)), v))
    totals = ledgers(upgraded["db"])
    with_credits = {c: v for c, v in totals.items() if v != (0, 0, 0, 0)}
    assert {c: sums.get(c) for c in with_credits} == with_credits
    assert set(sums) <= set(totals)


def test_lao_with_two_projects_keeps_each_project_s_own_credits(upgraded):
    rows = project_rows(upgraded["db"])
    assert {k: v for k, v in rows.items() if k[0] == TWO} == {
        (TWO, DEFAULT_PROJECT): (100, 70, 10, 20),
        (TWO, MANGROVE): (60, 48, 7, 5),
    }


def test_credits_without_a_certification_go_to_the_default_project(upgraded):
    db = upgraded["db"]
    default = default_project(db)
    assert default == DEFAULT_PROJECT
    rows = {k: v for k, v in project_rows(db).items() if k[0] == LOOSE}
    assert rows == {
        (LOOSE, default): (10 + LOOSE_EXTRA, 10 + LOOSE_EXTRA, 0, 0),
        (LOOSE, FOREST): (40, 34, 0, 6),
    }


def test_project_sold_beyond_its_certifications_keeps_its_sold_and_awaiting(upgraded):
    rows = {k: v for k, v in project_rows(upgraded["db"]).items() if k[0] == OVER}
    over = rows[(OVER, FOREST)]
    assert (over[2], over[3]) == (20, 60)
    assert over == (80, 0, 20, 60)
    # the other project gives up the 30 the old ledger let project FOREST overdraw
    assert rows[(OVER, MANGROVE)] == (70, 60, 0, 10)
    assert len(rows) == 2


def test_demo_laos_get_one_row_per_certified_project(upgraded):
    db = upgraded["db"]
    certified = {(c, int(p)) for c, p in db.query("SELECT DISTINCT lao_code, project_id FROM certifications")}
    assert certified <= set(project_rows(db))


# ---- trades ----

def test_every_trade_keeps_its_header(upgraded):
    db = upgraded["db"]
    old = upgraded["before"]["trades"]
    new = {int(r[0]): dict(zip(TRADE_COLUMNS, map(text, r)))
           for r in db.query("SELECT " + ", ".join(TRADE_COLUMNS) + " FROM trades")}
    assert set(new) == set(old)
    for trade_id, row in old.items():
        assert new[trade_id] == {c: row[c] for c in TRADE_COLUMNS}, trade_id


def test_every_trade_gets_the_step_of_its_status(upgraded):
    rows = upgraded["db"].query("SELECT status, step FROM trades")
    expect = {"in_progress": "awaiting_dla", "completed": "completed", "deleted": "deleted"}
    assert {(s, st) for s, st in rows} == {(s, expect[s]) for s, _ in rows}
    assert {s for s, _ in rows} == set(expect)


def test_every_trade_has_one_seller_line_with_its_quantity_total_and_ledger(upgraded):
    db = upgraded["db"]
    old = upgraded["before"]["trades"]
    lines = {}
    for trade_id, lao, role, qty, total, ledger, consent in db.query(
            "SELECT trade_id, lao_code, role, quantity_tco2e, total_satang, ledger, consent FROM trade_lines"):
        lines.setdefault(int(trade_id), []).append((lao, role, int(qty), int(total), ledger, consent))
    assert set(lines) == set(old)
    state = {"in_progress": "reserved", "completed": "sold", "deleted": "released"}
    for trade_id, row in old.items():
        assert lines[trade_id] == [(row["lao_code"], "seller", int(row["quantity_tco2e"]), int(row["total_satang"]),
                                    state[row["status"]], "consented")], trade_id


def events(db):
    out = {}
    for trade_id, line_id, action, acted_on, ref, note, by, at in db.query(
            "SELECT trade_id, line_id, action, acted_on, ref, note, acted_by, acted_at FROM trade_events"):
        out.setdefault(int(trade_id), []).append(tuple(map(text, (line_id, action, acted_on, ref, note, by, at))))
    return out


def test_completed_trades_have_one_confirm_event_with_the_old_confirmation(upgraded):
    got = events(upgraded["db"])
    completed = {i: r for i, r in upgraded["before"]["trades"].items() if r["status"] == "completed"}
    assert len(completed) >= 6
    for trade_id, r in completed.items():
        assert got.get(trade_id) == [("", "confirm", r["confirmed_on"], r["confirmation_ref"],
                                      r["confirmation_note"], r["confirmed_by"], r["confirmed_at"])], trade_id


def test_deleted_trades_have_one_delete_event_with_the_reason(upgraded):
    got = events(upgraded["db"])
    deleted = {i: r for i, r in upgraded["before"]["trades"].items() if r["status"] == "deleted"}
    assert len(deleted) == 2
    for trade_id, r in deleted.items():
        assert r["deleted_reason"].startswith("ผู้ซื้อยกเลิก")
        assert got.get(trade_id) == [("", "delete", "", "", r["deleted_reason"], r["deleted_by"],
                                      r["deleted_at"])], trade_id


def test_in_progress_trades_have_no_event(upgraded):
    got = events(upgraded["db"])
    in_progress = [i for i, r in upgraded["before"]["trades"].items() if r["status"] == "in_progress"]
    assert len(in_progress) >= 3
    assert [i for i in in_progress if i in got] == []


def test_awaiting_and_sold_of_each_project_equal_its_lines(upgraded):
    db = upgraded["db"]
    sums = {}
    for lao, project, ledger, qty in db.query(
            "SELECT l.lao_code, t.project_id, l.ledger, l.quantity_tco2e FROM trade_lines l "
            "JOIN trades t ON t.id = l.trade_id"):
        key = (lao, int(project))
        a, s = sums.get(key, (0, 0))
        sums[key] = (a + int(qty), s) if ledger == "reserved" else (a, s + int(qty)) if ledger == "sold" else (a, s)
    rows = project_rows(db)
    assert {k: (v[2], v[3]) for k, v in rows.items() if (v[2], v[3]) != (0, 0)} == \
        {k: v for k, v in sums.items() if v != (0, 0)}


# ---- everything else ----

def test_every_other_table_is_unchanged(upgraded):
    before = upgraded["before"]["dump"]
    # buyers: migration 011, applied by the same run, turns business-type codes into their Thai names
    others = [t for t in before if t not in ("trades", "schema_migrations", "buyers")]
    assert "audit_log" in others and "lao_credits" in others and "record_files" in others
    after = dump(upgraded["db"], others)
    changed = [t for t in others if after[t] != before[t]]
    assert changed == []


def test_migration_is_recorded(upgraded):
    versions = {r[0] for r in upgraded["db"].query("SELECT version FROM schema_migrations")}
    assert "010_sale_model" in versions


def test_audit_chain_still_verifies(upgraded):
    v = verify(upgraded["old"])
    assert v.returncode == 0, v.stdout + v.stderr
    assert f"{upgraded['before']['audit_rows']} rows" in v.stdout


def test_running_migrate_again_changes_nothing(upgraded):
    old, db = upgraded["old"], upgraded["db"]
    before = dump(db)
    again = run(["bash", NEW_MIGRATE, old.driver, old.target, "--geo", GEO, "--demo"])
    assert "applying" not in again.stdout and "loading" not in again.stdout, again.stdout
    assert dump(db) == before


def test_a_trade_inserted_after_the_migration_gets_an_id_above_the_old_ones(upgraded):
    """On PostgreSQL the identity sequence of the new trades table was moved
    past the copied ids (SYNC_SERIAL); SQLite's AUTOINCREMENT follows them."""
    db = upgraded["db"]
    highest = max(upgraded["before"]["trades"])
    user = int(db.query("SELECT id FROM users WHERE subject = 'lao.54-1'")[0][0])
    buyer = int(db.query("SELECT MIN(id) FROM buyers")[0][0])
    db.execute("INSERT INTO trades (kind, order_no, fiscal_year, status, step, lao_code, project_id, buyer_id, "
               "ordered_on, trade_type, quantity_tco2e, unit_price_satang, total_satang, created_by, created_at, "
               "updated_at) VALUES ('self', '2569-99999', 2569, 'in_progress', 'awaiting_dla', ?, ?, ?, "
               "'2026-03-01', 'transfer', 1, 100, 100, ?, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')",
               (TWO, DEFAULT_PROJECT, buyer, user))
    new_id = int(db.query("SELECT id FROM trades WHERE order_no = '2569-99999'")[0][0])
    db.execute("DELETE FROM trades WHERE id = ?", (new_id,))
    assert new_id > highest
