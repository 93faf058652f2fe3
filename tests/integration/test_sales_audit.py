"""The audit trail of self-operated sales: one trade's whole life (created
and edited by the LAO, confirmed by DLA) and another's deletion by DLA are
recorded in order, each row with who (user, role, organisation), what
(action) and the values before and after (quantity, status, documents), and
the hash chain still verifies afterwards (build/carbon-audit-verify)."""
import json
import subprocess

import pytest

import support
from support import confirm_sale, delete_sale, get_sale, sale_document

VERIFY = support.ROOT / "build" / "carbon-audit-verify"


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def world(server, db, session_for, dla):
    """A fresh LAO with 40 credits, its user, and a buyer with a T-VER account."""
    http, csrf = dla
    code = support.fresh_lao(server, db, http, csrf, name="องค์การบริหารส่วนตำบลทดสอบตรวจสอบย้อนหลัง")
    subject = support.fresh_lao_user(server, http, csrf, code)
    support.certify_credits(server, http, csrf, code, 40, support.full_share_project(server, http))
    buyer = support.create_buyer(server, http, csrf, tver=True)
    lao_http, lao_csrf = session_for(subject)
    return {"code": code, "subject": subject, "lao": (lao_http, lao_csrf), "buyer": buyer}


def trail(db, trade_id):
    """The trade's audit rows in order, JSON decoded."""
    rows = db.query("SELECT seq, user_subject, user_role, org_code, action, before_json, after_json "
                    "FROM audit_log WHERE entity = 'trade' AND entity_id = ? ORDER BY seq", (str(trade_id),))
    out = []
    for seq, subject, role, org, action, before, after in rows:
        out.append({"seq": int(seq), "user": subject, "role": role, "org": org, "action": action,
                    "before": json.loads(before) if before else None,
                    "after": json.loads(after) if after else None,
                    "before_text": before or "", "after_text": after or ""})
    return out


file_ids = support.trade_file_ids


def first_documents(trade):
    """{kind: id of its first document} of a trade's JSON."""
    return {kind: docs[0]["id"] for kind, docs in trade["documents"].items() if docs}


def verify(server):
    if not VERIFY.exists():
        subprocess.run(["make", "-s", "-C", str(support.ROOT), "build/carbon-audit-verify"], check=True)
    return subprocess.run([str(VERIFY), server.driver, server.target], capture_output=True, text=True)


@pytest.fixture(scope="module")
def lived(server, world, dla):
    """A trade created (7 credits), edited (5 credits, receipt replaced) and confirmed."""
    http, csrf = world["lao"]
    fields = support.sale_fields(world["buyer"], quantity_tco2e=7, unit_price_satang=40000)
    r = support.post_sale(server, http, csrf, fields, support.sale_files())
    assert r.status_code == 201, r.text
    trade_id = r.json()["id"]
    first = first_documents(get_sale(server, http, trade_id).json())
    fields["quantity_tco2e"] = 5
    r = support.post_sale(server, http, csrf, fields, {"receipt": sale_document("ใบเสร็จใหม่.jpg", "jpg")},
                          path=f"/api/v1/sales/{trade_id}")
    assert r.status_code == 200, r.text
    second = first_documents(get_sale(server, http, trade_id).json())
    r = confirm_sale(server, *dla, trade_id, confirmed_on="2026-02-10", ref="สถ. 0810/9")
    assert r.status_code == 200, r.text
    third = first_documents(get_sale(server, http, trade_id).json())
    return {"id": trade_id, "first": first, "second": second, "third": third}


@pytest.fixture(scope="module")
def dropped(server, world, dla):
    """Another trade (3 credits) created by the LAO and deleted by DLA."""
    http, csrf = world["lao"]
    r = support.post_sale(server, http, csrf, support.sale_fields(world["buyer"], quantity_tco2e=3),
                          support.sale_files())
    assert r.status_code == 201, r.text
    trade_id = r.json()["id"]
    r = delete_sale(server, *dla, trade_id, reason="ผู้ซื้อขอยกเลิก")
    assert r.status_code == 200, r.text
    return trade_id


def test_whole_trade_is_audited_in_order_create_update_confirm(db, lived):
    rows = trail(db, lived["id"])
    assert [r["action"] for r in rows] == ["create", "update", "confirm"]
    assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)


def test_lao_rows_name_the_lao_user_role_and_organisation(db, world, lived):
    create, update, _ = trail(db, lived["id"])
    for row in (create, update):
        assert (row["user"], row["role"], row["org"]) == (world["subject"], "lao", world["code"])


def test_confirm_row_names_the_dla_user(db, lived):
    confirm = trail(db, lived["id"])[2]
    assert (confirm["user"], confirm["role"], confirm["org"]) == ("dla.admin", "dla", "DLA")


def test_create_row_holds_the_new_trade_with_its_documents(db, world, lived):
    create = trail(db, lived["id"])[0]
    assert create["before"] is None
    after = create["after"]
    assert after["quantity_tco2e"] == 7 and after["status"] == "in_progress"
    assert after["unit_price_satang"] == 40000 and after["total_satang"] == 280000
    assert after["lao_code"] == world["code"] and after["buyer_id"] == world["buyer"]
    assert after["order_no"]
    assert set(lived["first"].values()) <= file_ids(after)


def test_update_row_holds_the_quantity_before_and_after(db, lived):
    update = trail(db, lived["id"])[1]
    assert update["before"]["quantity_tco2e"] == 7 and update["after"]["quantity_tco2e"] == 5
    assert update["before"]["status"] == update["after"]["status"] == "in_progress"
    assert update["after"]["total_satang"] == 200000


def test_update_row_keeps_the_replaced_document_before_and_the_new_one_after(db, lived):
    update = trail(db, lived["id"])[1]
    old, new = lived["first"]["receipt"], lived["second"]["receipt"]
    assert old != new
    assert old in file_ids(update["before"]) and old not in file_ids(update["after"])
    assert new in file_ids(update["after"]) and new not in file_ids(update["before"])
    assert lived["first"]["intent_letter"] in file_ids(update["after"])


def test_confirm_row_holds_the_status_change_and_the_confirmation(db, lived):
    confirm = trail(db, lived["id"])[2]
    assert confirm["before"]["status"] == "in_progress" and confirm["after"]["status"] == "completed"
    assert confirm["after"]["confirmed_on"] == "2026-02-10"
    assert confirm["after"]["confirmation_ref"] == "สถ. 0810/9"
    assert confirm["after"]["quantity_tco2e"] == 5
    assert lived["third"]["confirmation_doc"] in file_ids(confirm["after"])


def test_deleted_trade_is_audited_create_then_delete_by_dla(db, world, dropped):
    rows = trail(db, dropped)
    assert [r["action"] for r in rows] == ["create", "delete"]
    delete = rows[1]
    assert (delete["user"], delete["role"], delete["org"]) == ("dla.admin", "dla", "DLA")
    assert delete["before"]["status"] == "in_progress" and delete["before"]["quantity_tco2e"] == 3
    assert delete["after"]["status"] == "deleted"
    assert "ผู้ซื้อขอยกเลิก" in json.dumps(delete["after"], ensure_ascii=False)


def test_ledger_after_the_audited_trades(db, world, lived, dropped):
    assert support.ledger_of(db, world["code"]) == (40, 35, 0, 5)
    assert support.ledger_broken(db) == []


def test_refused_sale_writes_no_audit_row(server, db, world):
    http, csrf = world["lao"]
    count = db.count("audit_log")
    r = support.post_sale(server, http, csrf, support.sale_fields(world["buyer"], quantity_tco2e=1000),
                          support.sale_files())
    assert r.status_code == 422
    assert db.count("audit_log") == count


def test_audit_chain_verifies_after_the_trades(server, lived, dropped):
    result = verify(server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("audit trail OK:")
