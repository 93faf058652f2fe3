"""Upload hardening (issue 11): per-user and per-LAO quotas of stored
uploads in 24 hours (429 with a Thai message beyond them, nothing stored),
and pending uploads never linked to a record removed after
CarbonPendingUploadHours (72 in conf/httpd-dev.conf.in) by the sweep that
rides on sign-in and by tools/carbon-maintain; linked files stay."""
import subprocess
import time

import pytest

import support

QUOTA_USER = 1000  # CarbonUploadQuotaUser of conf/httpd-dev.conf.in (above what the suite uploads)
QUOTA_LAO = 2000   # CarbonUploadQuotaLao


def iso(seconds_ago):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - seconds_ago))


def user_id(db, subject):
    return db.scalar("SELECT id FROM users WHERE subject = ?", (subject,))


def plant_files(db, uploader, lao_code, count, seconds_ago=0):
    """count stored files of uploader (a user id) owned by lao_code, uploaded seconds_ago."""
    db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
               "INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code,"
               " owner_province_code, uploaded_by, uploaded_at, content_b64) "
               "SELECT 'planted', 1, 'application/pdf', '.pdf', 'planted.pdf', ?, NULL, ?, ?, 'AA==' FROM n",
               (count, lao_code, uploader, iso(seconds_ago)))


def plant_one(db, uploader, lao_code, seconds_ago, linked):
    tag = support.unique_tag("sweep")
    db.execute("INSERT INTO files (sha256, size_bytes, mime_type, extension, original_name, owner_lao_code,"
               " owner_province_code, uploaded_by, uploaded_at, content_b64) "
               "VALUES (?, 1, 'application/pdf', '.pdf', 'planted.pdf', ?, NULL, ?, ?, 'AA==')",
               (tag, lao_code, uploader, iso(seconds_ago)))
    fid = db.scalar("SELECT id FROM files WHERE sha256 = ?", (tag,))
    if linked:
        db.execute("INSERT INTO record_files (entity, entity_id, kind, file_id) VALUES ('certification', ?, "
                   "'tgo_certificate', ?)", (fid, fid))
    return fid


def exists(db, fid):
    return db.scalar("SELECT COUNT(*) FROM files WHERE id = ?", (fid,)) == 1


@pytest.fixture
def fresh_lao_users(server, db, session_for):
    """(lao_code, [two new lao users of a new LAO]) — quotas start from nothing."""
    http, csrf = session_for("dla.admin")
    lao = support.fresh_lao(server, db, http, csrf)
    return lao, [support.fresh_lao_user(server, http, csrf, lao) for _ in range(2)]


def pdf_upload(server, subject, session_for):
    http, csrf = session_for(subject)
    return support.upload(server, http, csrf, "quota.pdf", support.fixture_bytes("sample.pdf"))


def test_upload_beyond_the_users_daily_quota_is_refused_with_429(server, db, session_for, fresh_lao_users):
    lao, (subject, _) = fresh_lao_users
    plant_files(db, user_id(db, subject), lao, QUOTA_USER)
    before = db.count("files")
    r = pdf_upload(server, subject, session_for)
    assert r.status_code == 429
    assert support.is_thai(r.json()["error"])
    assert db.count("files") == before


def test_upload_beyond_the_laos_daily_quota_is_refused_with_429(server, db, session_for, fresh_lao_users):
    lao, (first, second) = fresh_lao_users
    plant_files(db, user_id(db, first), lao, QUOTA_LAO)
    before = db.count("files")
    r = pdf_upload(server, second, session_for)   # second's own count is 0
    assert r.status_code == 429
    assert support.is_thai(r.json()["error"])
    assert db.count("files") == before


def test_sign_in_sweeps_old_pending_uploads_and_keeps_linked_ones(server, db, session_for):
    uploader = user_id(db, "lao.54-1")
    old_pending = plant_one(db, uploader, "5540105", 73 * 3600, linked=False)
    old_linked = plant_one(db, uploader, "5540105", 73 * 3600, linked=True)
    new_pending = plant_one(db, uploader, "5540105", 3600, linked=False)
    session_for("lao.54-2")
    assert (exists(db, old_pending), exists(db, old_linked), exists(db, new_pending)) == (False, True, True)


def test_maintenance_command_sweeps_old_pending_uploads_and_keeps_linked_ones(server, db):
    uploader = user_id(db, "lao.54-1")
    old_pending = plant_one(db, uploader, "5540105", 5 * 3600, linked=False)
    old_linked = plant_one(db, uploader, "5540105", 5 * 3600, linked=True)
    new_pending = plant_one(db, uploader, "5540105", 3600, linked=False)
    proc = subprocess.run([str(support.ROOT / "tools" / "carbon-maintain"), "sweep-uploads", server.driver,
                           server.target, "--hours", "4"], capture_output=True, text=True, timeout=60)
    db.query("SELECT 1")   # gives the SQLite files back to www-data
    assert proc.returncode == 0, proc.stderr
    assert "files removed" in proc.stdout
    assert (exists(db, old_pending), exists(db, old_linked), exists(db, new_pending)) == (False, True, True)

