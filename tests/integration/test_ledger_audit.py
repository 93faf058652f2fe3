"""The credit ledger (certifications credit the LAO's share, the invariant
holds) and the audit trail (every write recorded, the chain verifiable)."""
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERIFY = ROOT / "build" / "carbon-audit-verify"
NO_CREDIT_LAO = "6341003"          # a demo LAO with no credits of its own


def certification(**overrides):
    body = {"project_id": 1, "lao_code": NO_CREDIT_LAO, "period_from": "2025-01-01",
            "period_to": "2025-12-31", "certified_on": "2026-03-01",
            "tgo_ref": "TVER-2569-9001", "total_tco2e": 101}
    body.update(overrides)
    return body


def post_certification(server, http, csrf, body):
    return http.post(server.url("/api/v1/certifications"), json=body,
                     headers={"X-CSRF-Token": csrf}, timeout=30)


def balance(server, http, lao):
    r = http.get(server.url(f"/api/v1/laos/{lao}/balance"), timeout=30)
    assert r.status_code == 200
    return r.json()


def verify(server):
    if not VERIFY.exists():
        subprocess.run(["make", "-s", "-C", str(ROOT), "build/carbon-audit-verify"], check=True)
    return subprocess.run([str(VERIFY), server.driver, server.target], capture_output=True, text=True)


def test_certification_credits_the_lao_share_to_its_ledger(server, session_for):
    http, csrf = session_for("dla.admin")
    before = balance(server, http, NO_CREDIT_LAO)
    r = post_certification(server, http, csrf, certification(total_tco2e=101, tgo_ref="TVER-2569-9002"))
    assert r.status_code == 201, r.text
    assert r.json()["lao_share_tco2e"] == 101
    after = balance(server, http, NO_CREDIT_LAO)
    assert after["certified_tco2e"] == before["certified_tco2e"] + 101
    assert after["remaining_tco2e"] == before["remaining_tco2e"] + 101


def test_certification_with_bad_fields_is_refused_with_thai_messages_and_changes_nothing(server, session_for, db):
    http, csrf = session_for("dla.admin")
    count = db.count("certifications")
    r = post_certification(server, http, csrf, certification(
        lao_code="12", period_to="2024-12-31", total_tco2e=0, tgo_ref=""))
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert set(errors) >= {"lao_code", "period_to", "total_tco2e", "tgo_ref"}
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in msg) for msg in errors.values())
    assert db.count("certifications") == count


def test_certification_of_an_unknown_lao_is_refused(server, session_for, db):
    http, csrf = session_for("dla.admin")
    r = post_certification(server, http, csrf, certification(lao_code="9999999"))
    assert r.status_code == 422
    assert "lao_code" in r.json()["errors"]


def test_only_dla_records_certifications(server, session_for):
    for user in ("lao.54-1", "phrae.province"):
        http, csrf = session_for(user)
        r = post_certification(server, http, csrf, certification())
        assert r.status_code == 403, user


def test_ledger_invariant_holds_for_every_lao(db):
    broken = db.query("SELECT lao_code FROM lao_credits "
                      "WHERE remaining_tco2e + awaiting_tco2e + sold_tco2e <> certified_tco2e")
    assert broken == []


def test_certified_credits_equal_the_lao_shares_of_certifications(db):
    rows = db.query("SELECT c.lao_code FROM lao_credits c LEFT JOIN "
                    "(SELECT lao_code, SUM(lao_share_tco2e) AS s FROM certifications GROUP BY lao_code) x "
                    "ON x.lao_code = c.lao_code WHERE c.certified_tco2e <> COALESCE(x.s, 0)")
    assert rows == []


def test_lao_sees_its_certifications_but_not_another_laos(server, session_for):
    http, _ = session_for("lao.54-1")
    own = http.get(server.url("/api/v1/laos/5540105/certifications"), timeout=30)
    assert own.status_code == 200 and len(own.json()) > 0
    other = http.get(server.url("/api/v1/laos/3500109/certifications"), timeout=30)
    assert other.status_code == 404


def test_every_write_lands_in_the_audit_trail_with_who_and_what(server, session_for, db):
    http, csrf = session_for("dla.admin")
    r = post_certification(server, http, csrf, certification(tgo_ref="TVER-2569-9003", total_tco2e=7))
    assert r.status_code == 201
    cid = str(r.json()["id"])
    rows = db.query("SELECT user_subject, user_role, org_code, action, after_json FROM audit_log "
                    "WHERE entity = 'certification' AND entity_id = ?", (cid,))
    assert len(rows) == 1
    subject, role, org, action, after = rows[0]
    assert (subject, role, org, action) == ("dla.admin", "dla", "DLA", "create")
    assert "TVER-2569-9003" in after


def test_audit_verifier_accepts_an_intact_chain(server, session_for):
    http, csrf = session_for("dla.admin")
    assert post_certification(server, http, csrf, certification(tgo_ref="TVER-2569-9004")).status_code == 201
    result = verify(server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("audit trail OK:")


def test_audit_verifier_names_the_first_tampered_row(server, session_for, db):
    http, csrf = session_for("dla.admin")
    assert post_certification(server, http, csrf, certification(tgo_ref="TVER-2569-9005")).status_code == 201
    seq = db.scalar("SELECT MIN(seq) FROM audit_log")
    original = db.query("SELECT org_code FROM audit_log WHERE seq = ?", (seq,))[0][0]
    db.execute("UPDATE audit_log SET org_code = 'tampered' WHERE seq = ?", (seq,))
    try:
        result = verify(server)
        assert result.returncode == 1
        assert f"BROKEN at seq {seq}:" in result.stdout
    finally:
        db.execute("UPDATE audit_log SET org_code = ? WHERE seq = ?", (original, seq))
    assert verify(server).returncode == 0
