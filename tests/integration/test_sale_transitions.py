"""Every transition of the self-operated sale refused for the wrong step
(409) or the wrong actor (403; 404 outside the user's scope), and nothing
changed by the refusal: the trade as DLA reads it, the LAO's ledger (its
totals and the sale's project row of the balance API), the stored files and
the trade's audit rows.

The transitions (FIXED-POINTS, "Buyers and self-operated sales"):
- update:  POST /api/v1/sales/{id} (multipart; the LAO user, in progress)
- confirm: POST /api/v1/sales/{id}/confirm (DLA, in progress)
- delete:  DELETE /api/v1/sales/{id} (DLA, in progress)
A deleted trade is DLA's only: the LAO gets 404 for it.

Also: once saved, a sale's buyer and trade type are fixed (an edit naming
another is refused with 422 on that field, nothing changed), while its
project, order date, quantity, unit price and documents can still be edited.

The seller is a fresh LAO in Phrae (54) certified under two 100 % projects;
the province user is Phrae's office (in scope), the other LAO a demo LAO of
Phrae."""
import pytest

import support
from support import (audit_rows_of, balance_of, balance_project, confirm_sale, delete_sale, get_sale,
                     ledger_of, post_sale, sale_document, sale_fields, sale_files)


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def actors(session_for, dla, seller):
    return {"lao": (seller["http"], seller["csrf"]), "other_lao": session_for("lao.54-2"),
            "province": session_for("phrae.province"), "dla": dla}


@pytest.fixture(scope="module")
def projects(server, dla):
    return support.full_share_project(server, dla[0]), support.new_full_share_project(server, *dla)


@pytest.fixture(scope="module")
def seller(server, db, session_for, dla, projects):
    http, csrf = dla
    code = support.fresh_lao(server, db, http, csrf, name="องค์การบริหารส่วนตำบลทดสอบขั้นตอนการขาย")
    subject = support.fresh_lao_user(server, http, csrf, code)
    for project in projects:
        support.certify_credits(server, http, csrf, code, 1000, project)
    lao_http, lao_csrf = session_for(subject)
    return {"code": code, "http": lao_http, "csrf": lao_csrf}


@pytest.fixture(scope="module")
def buyers(server, dla):
    """(a buyer with a T-VER account, another with one, a buyer without)."""
    return (support.create_buyer(server, *dla, tver=True), support.create_buyer(server, *dla, tver=True),
            support.create_buyer(server, *dla, tver=False))


def trade_in(server, seller, dla, buyer, state, project, quantity=2):
    """A new trade of the seller brought to state (in_progress | completed | deleted)."""
    r = post_sale(server, seller["http"], seller["csrf"],
                  sale_fields(buyer, project_id=project, quantity_tco2e=quantity), sale_files())
    assert r.status_code == 201, f"{r.status_code} {r.text[:500]}"
    trade_id = r.json()["id"]
    if state == "completed":
        r = confirm_sale(server, *dla, trade_id)
        assert r.status_code == 200, r.text
    elif state == "deleted":
        r = delete_sale(server, *dla, trade_id)
        assert r.status_code == 200, r.text
    assert get_sale(server, dla[0], trade_id).json()["status"] == state
    return trade_id


def snapshot(server, db, seller, dla, trade_id):
    """Everything a refused transition must leave as it was."""
    trade = get_sale(server, dla[0], trade_id)
    assert trade.status_code == 200, trade.text
    body = trade.json()
    balance = balance_of(server, dla[0], seller["code"])
    return {"trade": body, "ledger": ledger_of(db, seller["code"]),
            "project_row": balance_project(balance, body["project_id"]),
            "totals": support.balance_totals(balance),
            "audit": audit_rows_of(db, "trade", trade_id), "files": db.count("files"),
            "record_files": db.count("record_files"), "trades": db.count("trades"),
            "events": db.scalar("SELECT COUNT(*) FROM trade_events WHERE trade_id = ?", (trade_id,))}


def attempt(server, transition, session, trade_id, buyer):
    http, csrf = session
    if transition == "update":
        return post_sale(server, http, csrf, {"unit_price_satang": 26000, "quantity_tco2e": 1}, {},
                         path=f"/api/v1/sales/{trade_id}")
    if transition == "confirm":
        return confirm_sale(server, http, csrf, trade_id)
    if transition == "delete":
        return delete_sale(server, http, csrf, trade_id)
    raise AssertionError(transition)


# (transition, actor, trade state, allowed answers)
#   lao: the seller's own user; other_lao: a user of another LAO of the
#   province; province: the province's office; dla: DLA.
REFUSALS = [
    # wrong actor on an in-progress trade
    ("update", "province", "in_progress", (403,)),
    ("update", "dla", "in_progress", (403,)),
    ("update", "other_lao", "in_progress", (404,)),
    ("confirm", "lao", "in_progress", (403,)),
    ("confirm", "province", "in_progress", (403,)),
    # another LAO is out of scope (404); a role check made before the trade
    # is read answers 403 for any id, which discloses nothing either
    ("confirm", "other_lao", "in_progress", (403, 404)),
    ("delete", "lao", "in_progress", (403,)),
    ("delete", "province", "in_progress", (403,)),
    ("delete", "other_lao", "in_progress", (403, 404)),
    # wrong step: completed
    ("update", "lao", "completed", (409,)),
    ("confirm", "dla", "completed", (409,)),
    ("delete", "dla", "completed", (409,)),
    # wrong step: deleted (DLA's only; the LAO no longer sees it)
    ("update", "lao", "deleted", (404,)),
    ("confirm", "dla", "deleted", (409,)),
    ("delete", "dla", "deleted", (409,)),
]


@pytest.mark.parametrize("transition,actor,state,expected", REFUSALS,
                         ids=[f"{t}-by-{a}-when-{s}" for t, a, s, _ in REFUSALS])
def test_refused_transition_answers_its_status_and_changes_nothing(server, db, seller, actors, dla, projects,
                                                                   buyers, transition, actor, state, expected):
    trade_id = trade_in(server, seller, dla, buyers[0], state, projects[1])
    before = snapshot(server, db, seller, dla, trade_id)
    r = attempt(server, transition, actors[actor], trade_id, buyers[0])
    assert r.status_code in expected, f"{transition} by {actor} of a {state} trade: {r.status_code} {r.text[:300]}"
    assert snapshot(server, db, seller, dla, trade_id) == before


@pytest.mark.parametrize("transition,actor", [("update", "lao"), ("confirm", "dla"), ("delete", "dla")])
def test_transition_of_an_unknown_trade_is_404(server, db, actors, buyers, transition, actor):
    audit = db.count("audit_log")
    r = attempt(server, transition, actors[actor], 999999999, buyers[0])
    assert r.status_code == 404, r.text
    assert db.count("audit_log") == audit


@pytest.mark.parametrize("transition,actor", [("update", "lao"), ("confirm", "dla"), ("delete", "dla")])
def test_allowed_transition_of_an_in_progress_trade_succeeds(server, db, seller, actors, dla, projects, buyers,
                                                             transition, actor):
    """The table's refusals are refusals of the step or actor alone: the same
    call by the right actor on an in-progress trade is accepted and audited."""
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[1])
    audit = audit_rows_of(db, "trade", trade_id)
    r = attempt(server, transition, actors[actor], trade_id, buyers[0])
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
    assert audit_rows_of(db, "trade", trade_id) == audit + 1


# ---- what an edit may change ----

def edit(server, seller, trade_id, fields, files=None):
    return post_sale(server, seller["http"], seller["csrf"], fields, files or {}, path=f"/api/v1/sales/{trade_id}")


def test_editing_the_buyer_of_a_saved_sale_is_refused(server, db, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    before = snapshot(server, db, seller, dla, trade_id)
    r = edit(server, seller, trade_id, {"buyer_id": buyers[1]})
    assert r.status_code == 422, r.text
    assert support.is_thai(r.json()["errors"].get("buyer_id")), r.json()
    assert snapshot(server, db, seller, dla, trade_id) == before


def test_editing_the_trade_type_of_a_saved_sale_is_refused(server, db, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    assert get_sale(server, dla[0], trade_id).json()["trade_type"] == "transfer"
    before = snapshot(server, db, seller, dla, trade_id)
    r = edit(server, seller, trade_id, {"trade_type": "cancellation"})
    assert r.status_code == 422, r.text
    assert support.is_thai(r.json()["errors"].get("trade_type")), r.json()
    assert snapshot(server, db, seller, dla, trade_id) == before


def test_editing_buyer_and_trade_type_together_is_refused_on_both(server, db, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    before = snapshot(server, db, seller, dla, trade_id)
    r = edit(server, seller, trade_id, {"buyer_id": buyers[2], "trade_type": "cancellation", "quantity_tco2e": 1})
    assert r.status_code == 422, r.text
    assert {"buyer_id", "trade_type"} <= set(r.json()["errors"]), r.json()
    assert snapshot(server, db, seller, dla, trade_id) == before


def test_edit_sending_the_saved_buyer_and_trade_type_again_is_accepted(server, seller, dla, projects, buyers):
    """The fields are fixed, not forbidden: a full form sent again with the
    same buyer and trade type saves the other changes."""
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    r = edit(server, seller, trade_id, sale_fields(buyers[0], project_id=projects[0], quantity_tco2e=3))
    assert r.status_code == 200, r.text
    body = get_sale(server, dla[0], trade_id).json()
    assert (body["buyer_id"], body["trade_type"], body["quantity_tco2e"]) == (buyers[0], "transfer", 3)


def test_edit_changes_the_project(server, db, seller, dla, projects, buyers):
    a, b = projects
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", a, quantity=4)
    a_before = balance_project(balance_of(server, dla[0], seller["code"]), a)
    b_before = balance_project(balance_of(server, dla[0], seller["code"]), b)
    r = edit(server, seller, trade_id, {"project_id": b})
    assert r.status_code == 200, r.text
    assert get_sale(server, dla[0], trade_id).json()["project_id"] == b
    balance = balance_of(server, dla[0], seller["code"])
    c, rem, aw, so = a_before
    assert balance_project(balance, a) == (c, rem + 4, aw - 4, so)
    c, rem, aw, so = b_before
    assert balance_project(balance, b) == (c, rem - 4, aw + 4, so)


def test_edit_changes_the_order_date(server, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    r = edit(server, seller, trade_id, {"ordered_on": "2026-01-21"})
    assert r.status_code == 200, r.text
    assert get_sale(server, dla[0], trade_id).json()["ordered_on"] == "2026-01-21"


def test_edit_changes_the_quantity(server, db, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0], quantity=2)
    before = ledger_of(db, seller["code"])
    r = edit(server, seller, trade_id, {"quantity_tco2e": 5})
    assert r.status_code == 200, r.text
    body = get_sale(server, dla[0], trade_id).json()
    assert (body["quantity_tco2e"], body["total_satang"]) == (5, 5 * body["unit_price_satang"])
    c, rem, aw, so = before
    assert ledger_of(db, seller["code"]) == (c, rem - 3, aw + 3, so)


def test_edit_changes_the_unit_price(server, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0], quantity=2)
    r = edit(server, seller, trade_id, {"unit_price_satang": 31500})
    assert r.status_code == 200, r.text
    body = get_sale(server, dla[0], trade_id).json()
    assert (body["unit_price_satang"], body["total_satang"]) == (31500, 63000)


def test_edit_replaces_a_document(server, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    old = [d["id"] for d in get_sale(server, dla[0], trade_id).json()["documents"]["receipt"]]
    r = edit(server, seller, trade_id, {}, {"receipt": sale_document("ใบเสร็จฉบับใหม่.jpg", "jpg")})
    assert r.status_code == 200, r.text
    new = [d["id"] for d in get_sale(server, dla[0], trade_id).json()["documents"]["receipt"]]
    assert len(new) == 1 and new != old


def test_edit_adds_an_optional_document(server, seller, dla, projects, buyers):
    trade_id = trade_in(server, seller, dla, buyers[0], "in_progress", projects[0])
    assert not get_sale(server, dla[0], trade_id).json()["documents"].get("other_docs")
    r = edit(server, seller, trade_id, {}, {"other_docs": sale_document("เอกสารอื่น.pdf")})
    assert r.status_code == 200, r.text
    assert len(get_sale(server, dla[0], trade_id).json()["documents"]["other_docs"]) == 1
