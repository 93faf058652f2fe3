"""Helpers of the integration suite: a real Apache with mod_carbon started by
tools/devserver, signing in, the fake LSSO issuer, and direct database access
that works on SQLite and PostgreSQL alike.

Run with Debian's interpreter (it has pytest and requests):
    /usr/bin/python3 -m pytest tests/integration -q
CARBON_TEST_PG="host=... dbname=... user=..." (an EMPTY database) runs the
same suite on PostgreSQL; CARBON_TEST_KEEP=1 keeps the run folders.
"""
import os
import pwd
import re
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from urllib.parse import parse_qs, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
DEVSERVER = ROOT / "tools" / "devserver"
LSSO_ISSUE = ROOT / "build" / "tests" / "lsso_issue"
FIXTURES = ROOT / "tests" / "fixtures"
RUN_PARENT = ROOT / "build" / "test-run"
APACHE = "/usr/sbin/apache2"
SESSION_COOKIE = "carbon_session"
STATE_COOKIE = "carbon_lsso_state"
# CarbonLssoIssuer of conf/httpd-dev.conf.in: the fake LSSO's tokens carry it.
LSSO_ISSUER = "https://lsso-test.invalid/"
UPLOAD_MAX = 524288


def free_port():
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_rundir(prefix):
    """A fresh run folder under build/test-run/ that www-data can traverse."""
    RUN_PARENT.mkdir(parents=True, exist_ok=True)
    os.chmod(RUN_PARENT, 0o755)
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=RUN_PARENT))
    os.chmod(path, 0o755)
    return path


class Server:
    """One Apache started by tools/devserver start RUNDIR PORT DRIVER TARGET."""

    def __init__(self, rundir, port, driver, target):
        self.rundir = Path(rundir)
        self.port = port
        self.driver = driver
        self.target = str(target)
        self.origin = f"http://127.0.0.1:{port}"
        self.base = f"{self.origin}/carbon"

    def url(self, path):
        return self.base + path

    def start(self, extra_env=None):
        env = dict(os.environ)
        env.update(extra_env or {})
        proc = subprocess.run(
            [str(DEVSERVER), "start", str(self.rundir), str(self.port), self.driver, self.target],
            capture_output=True, text=True, timeout=300, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"tools/devserver start failed ({proc.returncode}):\n"
                               f"{proc.stdout}\n{proc.stderr}")

    def stop(self):
        subprocess.run([str(DEVSERVER), "stop", str(self.rundir)],
                       capture_output=True, text=True, timeout=60)

    def error_log(self):
        path = self.rundir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""


class Database:
    """Direct access to the server's database for what the API cannot do
    (planting a malicious row, counting rows). SQL uses ? placeholders."""

    def __init__(self, driver, target):
        self.driver = driver
        self.target = target

    @property
    def is_pg(self):
        return self.driver == "pgsql"

    def query(self, sql, params=()):
        """Rows as tuples of strings (PostgreSQL) or native values (SQLite)."""
        if self.is_pg:
            return self._pg(sql, params)
        con = sqlite3.connect(self.target, timeout=15)
        try:
            rows = con.execute(sql, params).fetchall()
            con.commit()
            return rows
        finally:
            con.close()
            self._give_sqlite_files_to_www_data()

    def execute(self, sql, params=()):
        self.query(sql, params)

    def scalar(self, sql, params=()):
        rows = self.query(sql, params)
        return int(rows[0][0])

    def count(self, table):
        if not re.fullmatch(r"[a-z_]+", table):
            raise ValueError(table)
        return self.scalar(f"SELECT COUNT(*) FROM {table}")

    def _pg(self, sql, params):
        args = ["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-F", "\x1f", self.target]
        names = iter(range(len(params)))
        pg_sql = re.sub(r"\?", lambda _m: f":'p{next(names)}'", sql)
        for i, value in enumerate(params):
            args += ["-v", f"p{i}={value}"]
        proc = subprocess.run(args, input=pg_sql + ";\n", capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            raise RuntimeError(f"psql failed: {proc.stderr}")
        return [tuple(line.split("\x1f")) for line in proc.stdout.splitlines() if line != ""]

    def _give_sqlite_files_to_www_data(self):
        """Apache's children (www-data) must keep write access to the WAL files."""
        www = pwd.getpwnam("www-data")
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = self.target + suffix
            if os.path.exists(path) and os.stat(path).st_uid != www.pw_uid:
                os.chown(path, www.pw_uid, www.pw_gid)


def sign_in(server, user, next_path=None):
    """Signs in through POST /login/dev; returns (requests.Session, csrf_token)."""
    http = requests.Session()
    data = {"user": user}
    if next_path is not None:
        data["next"] = next_path
    r = http.post(server.url("/login/dev"), data=data, allow_redirects=False, timeout=30)
    assert r.status_code in (302, 303), f"dev sign-in of {user}: {r.status_code} {r.text[:300]}"
    me = http.get(server.url("/api/v1/me"), timeout=30)
    assert me.status_code == 200, f"/api/v1/me after sign-in of {user}: {me.status_code}"
    return http, me.json()["csrf_token"]


def session_cookie_of(response):
    """The carbon_session value a response sets (None when it sets none)."""
    for header in response.raw.headers.getlist("Set-Cookie"):
        m = re.match(rf"\s*{SESSION_COOKIE}=([^;]*)", header)
        if m:
            return m.group(1)
    return None


def lsso_begin(base, http, path="/registry/buyers"):
    """Begins a sign-in as a browser does: a signed-out page under base
    redirects to LSSO; http keeps the state cookie. Returns the state the
    return URL carries (LSSO hands it back to the callback)."""
    r = http.get(base + path, allow_redirects=False, timeout=30)
    assert r.status_code in (302, 303), f"sign-in redirect of {path}: {r.status_code}"
    back = parse_qs(urlsplit(r.headers["Location"]).query)["return"][0]
    return parse_qs(urlsplit(back).query)["state"][0]


def lsso_callback(base, token, next_path="/", http=None, post=False):
    """The LSSO callback of a sign-in this browser (http, a new
    requests.Session by default) began: the state comes with the token."""
    http = http or requests.Session()
    fields = {"token": token, "state": lsso_begin(base, http)}
    if next_path is not None:
        fields["next"] = next_path
    if post:
        return http.post(base + "/lsso/callback", data=fields, allow_redirects=False, timeout=30)
    return http.get(base + "/lsso/callback", params=fields, allow_redirects=False, timeout=30)


def issue_token(server, sub, alg="HS256", aud=None, exp_in=None, nbf_in=None,
                alg_header=None, secret_file=None, key_file=None, iss=LSSO_ISSUER):
    """A token from the fake LSSO (tests/tools/lsso_issue), signed with the
    server's test keys unless secret_file / key_file say otherwise; iss
    None leaves the claim out."""
    args = [str(LSSO_ISSUE), "--alg", alg, "--sub", sub]
    if iss is not None:
        args += ["--iss", iss]
    if alg == "HS256":
        args += ["--secret-file", str(secret_file or server.rundir / "lsso-secret")]
    else:
        args += ["--key", str(key_file or server.rundir / "lsso-private.pem")]
    if aud is not None:
        args += ["--aud", aud]
    if exp_in is not None:
        args += [f"--exp-in={exp_in}"]
    if nbf_in is not None:
        args += [f"--nbf-in={nbf_in}"]
    if alg_header is not None:
        args += ["--alg-header", alg_header]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        raise RuntimeError(f"lsso_issue failed: {proc.stderr}")
    return proc.stdout.strip()


def build_lsso_issue():
    """Builds the fake LSSO issuer; False when its source is not there."""
    if not (ROOT / "tests" / "tools" / "lsso_issue.c").exists():
        return False
    proc = subprocess.run(["make", "-s", "-C", str(ROOT), "build/tests/lsso_issue"],
                          capture_output=True, text=True, timeout=300)
    return proc.returncode == 0 and LSSO_ISSUE.exists()


def remove_tree(path):
    shutil.rmtree(path, ignore_errors=True)


def fixture_bytes(name):
    return (FIXTURES / name).read_bytes()


def upload(server, http, csrf, filename, content, mime="application/octet-stream", field="file"):
    """POST /api/v1/files with the CSRF header (csrf=None sends none)."""
    headers = {"X-CSRF-Token": csrf} if csrf is not None else {}
    return http.post(server.url("/api/v1/files"), headers=headers,
                     files={field: (filename, content, mime)}, timeout=60)


def padded_pdf(size):
    """A valid PDF of exactly size bytes: sample.pdf plus a trailing comment."""
    pdf = fixture_bytes("sample.pdf")
    filler = size - len(pdf) - 2
    assert filler >= 0
    return pdf + b"\n%" + b"0" * filler


ROUTE = re.compile(r'\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*([^}]*?)\s*\}')
MENU_HREF = re.compile(r'\{\s*\d+,\s*"[^"]*",\s*"([^"]+)",')
FLAG_ALIASES = {"PUB": "PUBLIC", "ROUTE_PUBLIC": "PUBLIC"}


def route_table():
    """(method, pattern, flags) of every route: router.c's table and the
    table of each handlers/*.c file; flags are names like PUBLIC, NO_CSRF,
    LAO, PROVINCE, DLA, FORM."""
    sources = [ROOT / "mod_carbon" / "router.c"] + sorted((ROOT / "handlers").glob("*.c"))
    text = "\n".join(path.read_text() for path in sources)
    table = []
    for m in ROUTE.finditer(text):
        flags = set()
        for word in re.findall(r"[A-Z_]+", m.group(4)):
            word = word.replace("CARBON_ROUTE_", "")
            flags.add(FLAG_ALIASES.get(word, word))
        table.append((m.group(1), m.group(2), flags))
    return table


def menu_links():
    """The href of every entry of menu.c's menu table (relative to /carbon)."""
    text = (ROOT / "mod_carbon" / "menu.c").read_text()
    return sorted(set(MENU_HREF.findall(text)))


def concrete(pattern):
    """A real-looking path for a route pattern with {params}."""
    path = re.sub(r"provinces/\{[^}]+\}", "provinces/54", pattern)
    path = re.sub(r"laos/\{[^}]+\}", "laos/5540105", path)
    return re.sub(r"\{[^}]+\}", "1", path)


# ---- self-operated sales (issue 4): shared setup of the sales suites ----

THAI_TEXT = re.compile(r"[\u0e00-\u0e7f]")
SALE_FILE_FIELDS = ("intent_letter", "related_docs", "payment_evidence", "receipt", "contract", "other_docs")


def is_thai(text):
    return isinstance(text, str) and THAI_TEXT.search(text) is not None


def unique_tag(prefix="t"):
    return f"{prefix}{os.urandom(5).hex()}"


def fresh_lao(server, db, http, csrf, name="องค์การบริหารส่วนตำบลทดสอบการขาย",
              province="54", district="5407", subdistrict="540701"):
    """A new LAO (code 9xxxxxx nobody has) imported through DLA's CSV import;
    returns its code. http/csrf: a DLA session."""
    import random
    taken = {row[0] for row in db.query("SELECT code FROM laos")}
    while True:
        code = f"9{random.randint(0, 999999):06d}"
        if code not in taken:
            break
    content = ("code,name_th,lao_type,province_code,district_code,subdistrict_code\n"
               f"{code},{name},sao,{province},{district},{subdistrict}\n").encode("utf-8")
    r = http.post(server.url("/api/v1/laos/import"), headers={"X-CSRF-Token": csrf},
                  files={"file": ("laos.csv", content, "text/csv")}, timeout=120)
    assert r.status_code == 200, f"LAO import: {r.status_code} {r.text[:300]}"
    return code


def fresh_lao_user(server, http, csrf, lao_code):
    """A new lao user of lao_code created through POST /api/v1/users; returns
    its subject (sign in with session_for(subject))."""
    subject = unique_tag("sale.lao.")
    r = http.post(server.url("/api/v1/users"), headers={"X-CSRF-Token": csrf}, timeout=30,
                  json={"subject": subject, "display_name": "ผู้ทดสอบการขาย " + subject,
                        "role": "lao", "lao_code": lao_code})
    assert r.status_code == 201, f"user create: {r.status_code} {r.text[:300]}"
    return subject


def full_share_project(server, http):
    """The id of a project whose whole certified total goes to the LAO."""
    r = http.get(server.url("/api/v1/projects"), timeout=30)
    assert r.status_code == 200
    for p in r.json():
        if p.get("lao_share_bp") == 10000:
            return p["id"]
    raise AssertionError("no project gives the LAO 100 %")


def certify_credits(server, http, csrf, lao_code, total, project_id):
    """DLA certifies total credits of project_id for lao_code (all of them the
    LAO's under a 100 % project); returns the certification."""
    body = {"project_id": project_id, "lao_code": lao_code, "period_from": "2025-01-01",
            "period_to": "2025-06-30", "certified_on": "2025-08-01",
            "tgo_ref": unique_tag("SALE-"), "total_tco2e": total}
    r = http.post(server.url("/api/v1/certifications"), json=body,
                  headers={"X-CSRF-Token": csrf}, timeout=30)
    assert r.status_code == 201, f"certification: {r.status_code} {r.text[:300]}"
    assert r.json()["lao_share_tco2e"] == total
    return r.json()


def create_buyer(server, http, csrf, tver=True):
    """A new buyer through POST /api/v1/buyers: a company with a T-VER account
    (tver=True) or an individual without one; returns the buyer's id."""
    tag = unique_tag("b")
    place = {"province_code": "54", "district_code": "5401", "subdistrict_code": "540105",
             "postcode": "54000"}
    if tver:
        body = {"buyer_type": "private", "registered_on": "2025-01-15", "has_tver_account": True,
                "tver_account_name": "บจก. ผู้ซื้อทดสอบ " + tag, "tver_account_no": "TV-" + tag,
                "org_name": "บริษัท ผู้ซื้อทดสอบ " + tag + " จำกัด", "business_type": "พลังงานและสาธารณูปโภค",
                "address": "99/1 อาคารทดสอบ", "road": "", "phone": "02-123-4567",
                "office_phone": "", "coordinator_first_name": "วิไล",
                "coordinator_last_name": "รักษ์โลก"}
    else:
        body = {"buyer_type": "individual", "registered_on": "2025-01-15", "has_tver_account": False,
                "first_name": "สมศรี", "last_name": "ผู้ซื้อ " + tag, "occupation": "ค้าขาย",
                "address": "12 หมู่ 3", "road": "", "phone": "081-234-5678", "office_phone": "",
                "coordinator_first_name": "สมชาย", "coordinator_last_name": "ใจดี"}
    body.update(place)
    r = http.post(server.url("/api/v1/buyers"), json=body, headers={"X-CSRF-Token": csrf}, timeout=30)
    assert r.status_code == 201, f"buyer create: {r.status_code} {r.text[:300]}"
    return r.json()["id"]


def sale_document(name="เอกสาร.pdf", kind="pdf"):
    """A (filename, bytes, mime) upload of a real fixture file."""
    real = {"pdf": ("sample.pdf", "application/pdf"), "jpg": ("sample.jpg", "image/jpeg"),
            "doc": ("sample.doc", "application/msword"),
            "xlsx": ("sample.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    fixture, mime = real[kind]
    return (name, fixture_bytes(fixture), mime)


def sale_fields(buyer, **overrides):
    """The text fields of a valid self-operated sale to buyer (an id); a value
    None drops a field (buyer_id too)."""
    body = {"buyer_id": buyer, "ordered_on": "2026-01-10", "trade_type": "transfer",
            "quantity_tco2e": 1, "unit_price_satang": 25000}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def sale_files(**overrides):
    """The required documents of a sale (intent letter, payment evidence,
    receipt); overrides add or replace (a value None drops one)."""
    files = {"intent_letter": sale_document("หนังสือแจ้งความประสงค์.pdf"),
             "payment_evidence": sale_document("หลักฐานการชำระเงิน.jpg", "jpg"),
             "receipt": sale_document("ใบเสร็จรับเงิน.pdf")}
    files.update(overrides)
    return {k: v for k, v in files.items() if v is not None}


def sale_multipart(fields, files):
    parts = [(k, (None, str(v))) for k, v in fields.items()]
    for name, value in files.items():
        for one in (value if isinstance(value, list) else [value]):
            parts.append((name, one))
    return parts


def post_sale(server, http, csrf, fields, files, path="/api/v1/sales/self"):
    """POST a sale (create, or edit with path /api/v1/sales/{id}) as multipart."""
    return http.post(server.url(path), files=sale_multipart(fields, files),
                     headers={"X-CSRF-Token": csrf}, timeout=60)


def get_sale(server, http, trade_id):
    return http.get(server.url(f"/api/v1/sales/{trade_id}"), timeout=30)


def confirm_sale(server, http, csrf, trade_id, confirmed_on="2026-02-01", ref=None, note="ยืนยันการขายแล้ว",
                 document=True):
    """DLA's confirmation (step 3) of a trade, multipart."""
    fields = {"confirmed_on": confirmed_on, "confirmation_ref": unique_tag("สถ.ref-") if ref is None else ref,
              "confirmation_note": note}
    files = {"confirmation_doc": sale_document("หนังสือยืนยัน.pdf")} if document else {}
    return http.post(server.url(f"/api/v1/sales/{trade_id}/confirm"), files=sale_multipart(fields, files),
                     headers={"X-CSRF-Token": csrf}, timeout=60)


def delete_sale(server, http, csrf, trade_id, reason="ผู้ซื้อยกเลิกคำสั่งซื้อ"):
    return http.delete(server.url(f"/api/v1/sales/{trade_id}"), json={"reason": reason},
                       headers={"X-CSRF-Token": csrf}, timeout=30)


def ledger_of(db, lao_code):
    """(certified, remaining, awaiting, sold) of one LAO, straight from lao_credits."""
    rows = db.query("SELECT certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e "
                    "FROM lao_credits WHERE lao_code = ?", (lao_code,))
    return tuple(int(v) for v in rows[0]) if rows else (0, 0, 0, 0)


def ledger_broken(db):
    """Every LAO whose remaining + awaiting + sold differs from certified."""
    return db.query("SELECT lao_code FROM lao_credits "
                    "WHERE remaining_tco2e + awaiting_tco2e + sold_tco2e <> certified_tco2e")


def trade_file_ids(values):
    """The file ids a trade's JSON (an API answer or an audit row's before /
    after, decoded) names under "documents": ints under "id" / "file_id",
    or ints listed directly under a document kind."""
    found = set()
    kinds = set(SALE_FILE_FIELDS) | {"confirmation_doc"}

    def walk(v, key=None):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)
        elif isinstance(v, int) and not isinstance(v, bool) and (key in ("id", "file_id") or key in kinds):
            found.add(v)

    walk((values or {}).get("documents"))
    return found


# ---- credits per project (migration 010): shared setup of the sale suites ----

CARBON_TRADE_EXCEEDS_TH = "ปริมาณคาร์บอนเครดิตเกินกว่าปริมาณคงเหลือที่ขายได้"
BALANCE_FIELDS = ("certified_tco2e", "remaining_tco2e", "awaiting_tco2e", "sold_tco2e")


def new_full_share_project(server, http, csrf):
    """A new project under DLA's own programme (every credit the LAO's),
    created through POST /api/v1/projects; returns its id. http/csrf: DLA."""
    tag = unique_tag("p")
    body = {"name_th": "โครงการทดสอบแยกโครงการ " + tag, "registrant_name": "หน่วยงานทดสอบ",
            "tver_registrant_no": "T-VER-" + tag, "sharing_rule_code": "dla_programme"}
    r = http.post(server.url("/api/v1/projects"), json=body, headers={"X-CSRF-Token": csrf}, timeout=30)
    assert r.status_code == 201, f"project create: {r.status_code} {r.text[:300]}"
    project = r.json()
    assert project.get("lao_share_bp", 10000) == 10000, project
    return project["id"]


def balance_of(server, http, lao_code):
    """GET /api/v1/laos/{lao}/balance as the session's user (200 expected)."""
    r = http.get(server.url(f"/api/v1/laos/{lao_code}/balance"), timeout=30)
    assert r.status_code == 200, f"balance of {lao_code}: {r.status_code} {r.text[:300]}"
    return r.json()


def balance_totals(balance):
    """(certified, remaining, awaiting, sold) of a balance answer's totals."""
    return tuple(balance[k] for k in BALANCE_FIELDS)


def balance_projects(balance):
    """{project_id: (certified, remaining, awaiting, sold)} of a balance
    answer's `projects` list (FIXED-POINTS: credits per project)."""
    assert "projects" in balance, f"the balance answer has no `projects` list: {sorted(balance)}"
    out = {}
    for row in balance["projects"]:
        assert row["project_id"] not in out, f"project {row['project_id']} listed twice"
        out[row["project_id"]] = tuple(row[k] for k in BALANCE_FIELDS)
    return out


def balance_nonzero_projects(balance):
    """balance_projects without rows of all zeros (whether the API lists
    projects the LAO holds nothing of is not fixed)."""
    return {k: v for k, v in balance_projects(balance).items() if v != (0, 0, 0, 0)}


def balance_project(balance, project_id):
    """One project's (certified, remaining, awaiting, sold) in a balance
    answer; zeros when the LAO has no row for it."""
    return balance_projects(balance).get(project_id, (0, 0, 0, 0))


def project_ledger_of(db, lao_code, project_id):
    """(certified, remaining, awaiting, sold) of one (LAO, project), straight from project_credits."""
    rows = db.query("SELECT certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e "
                    "FROM project_credits WHERE lao_code = ? AND project_id = ?", (lao_code, project_id))
    return tuple(int(v) for v in rows[0]) if rows else (0, 0, 0, 0)


def project_ledger_broken(db):
    """Every (LAO, project) whose remaining + awaiting + sold differs from
    certified, and every LAO whose project rows do not sum to lao_credits."""
    rows = db.query("SELECT lao_code, project_id FROM project_credits "
                    "WHERE remaining_tco2e + awaiting_tco2e + sold_tco2e <> certified_tco2e")
    rows += db.query("SELECT c.lao_code, NULL FROM lao_credits c LEFT JOIN "
                     "(SELECT lao_code, SUM(certified_tco2e) AS ce, SUM(remaining_tco2e) AS re, "
                     " SUM(awaiting_tco2e) AS aw, SUM(sold_tco2e) AS so FROM project_credits GROUP BY lao_code) p "
                     "ON p.lao_code = c.lao_code "
                     "WHERE c.certified_tco2e <> COALESCE(p.ce, 0) OR c.remaining_tco2e <> COALESCE(p.re, 0) "
                     "OR c.awaiting_tco2e <> COALESCE(p.aw, 0) OR c.sold_tco2e <> COALESCE(p.so, 0)")
    return rows


def audit_rows_of(db, entity, entity_id):
    return db.scalar("SELECT COUNT(*) FROM audit_log WHERE entity = ? AND entity_id = ?", (entity, str(entity_id)))


def province_totals_broken(db):
    """Provinces whose maintained totals (province_credits, migration 016)
    differ from the sums over their LAOs' lao_credits rows, as
    (province_code, maintained, summed) with (certified, remaining,
    awaiting, sold, laos_with_credits)."""
    summed = {r[0]: tuple(int(v) for v in r[1:]) for r in db.query(
        "SELECT l.province_code, SUM(c.certified_tco2e), SUM(c.remaining_tco2e), SUM(c.awaiting_tco2e),"
        "       SUM(c.sold_tco2e), COUNT(CASE WHEN c.certified_tco2e > 0 THEN 1 END)"
        "  FROM lao_credits c JOIN laos l ON l.code = c.lao_code GROUP BY l.province_code")}
    kept = {r[0]: tuple(int(v) for v in r[1:]) for r in db.query(
        "SELECT province_code, certified_tco2e, remaining_tco2e, awaiting_tco2e, sold_tco2e,"
        "       laos_with_credits FROM province_credits")}
    zero = (0, 0, 0, 0, 0)
    return [(code, kept.get(code, zero), summed.get(code, zero))
            for code in sorted(set(summed) | set(kept)) if kept.get(code, zero) != summed.get(code, zero)]
