"""The group sale (การขายคาร์บอนเครดิต แบบรวมกลุ่ม, FIXED-POINTS "Group sales"):
a provincial office sells the credits of several LAOs of its province; each
LAO consents (the representative with its power of attorney) or declines,
the representative runs steps 2 to 4, every LAO sends its receipt, DLA
confirms or deletes. Every step through the JSON API, with the ledger
(lao_credits and project_credits) checked after each move."""
import pytest

import support
from support import ledger_of, project_ledger_broken, project_ledger_of, sale_document, unique_tag

ORDERED_ON = "2026-01-10"
UNIT = 25000                      # 250.00 baht


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def project(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def province(server, dla, session_for):
    """A fresh provincial office user of Phrae (54)."""
    return province_user(server, dla, session_for, "54")


def province_user(server, dla, session_for, code):
    http, csrf = dla
    subject = unique_tag("group.province.")
    r = http.post(server.url("/api/v1/users"), headers={"X-CSRF-Token": csrf}, timeout=30,
                  json={"subject": subject, "display_name": "สถจ. ทดสอบ " + subject, "role": "province",
                        "province_code": code})
    assert r.status_code == 201, r.text[:300]
    return session_for(subject)


@pytest.fixture(scope="module")
def buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


class Lao:
    """A fresh LAO of Phrae with credits of the project and its own user."""

    def __init__(self, server, db, session_for, dla, project, credits, province="54", district="5407",
                 subdistrict="540701"):
        self.server, self.db, self.project = server, db, project
        self.code = support.fresh_lao(server, db, *dla, name="องค์การบริหารส่วนตำบลทดสอบรวมกลุ่ม",
                                      province=province, district=district, subdistrict=subdistrict)
        self.subject = support.fresh_lao_user(server, *dla, self.code)
        self.http, self.csrf = session_for(self.subject)
        if credits:
            support.certify_credits(server, *dla, self.code, credits, project)

    def ledger(self):
        return ledger_of(self.db, self.code)

    def project_ledger(self):
        return project_ledger_of(self.db, self.code, self.project)

    def upload(self, name="เอกสาร.pdf"):
        return upload_file(self.server, self.http, self.csrf, name)

    def post(self, trade_id, step, body):
        return self.http.post(self.server.url(f"/api/v1/sales/{trade_id}/{step}"), json=body,
                              headers={"X-CSRF-Token": self.csrf}, timeout=60)


def upload_file(server, http, csrf, name="เอกสาร.pdf"):
    r = support.upload(server, http, csrf, *sale_document(name))
    assert r.status_code == 201, r.text[:300]
    return r.json()["id"]


@pytest.fixture
def laos(server, db, session_for, dla, project):
    """Three fresh LAOs of Phrae holding 100 credits each: rep, part, third."""
    return [Lao(server, db, session_for, dla, project, 100) for _ in range(3)]


def create(server, province, buyer, project, parts, rep=None, **over):
    http, csrf = province
    body = {"project_id": project, "buyer_id": buyer, "ordered_on": ORDERED_ON, "trade_type": "transfer",
            "unit_price_satang": UNIT, "representative_lao_code": rep or parts[0][0],
            "participants": [{"lao_code": c, "quantity_tco2e": q} for c, q in parts],
            "intent_letter_file_id": upload_file(server, http, csrf, "หนังสือแจ้งความประสงค์.pdf")}
    body.update(over)
    body = {k: v for k, v in body.items() if v is not None}
    return http.post(server.url("/api/v1/sales/group"), json=body, headers={"X-CSRF-Token": csrf}, timeout=60)


def new_sale(server, province, buyer, project, rep, part, q_rep=30, q_part=20, **over):
    r = create(server, province, buyer, project, [(rep.code, q_rep), (part.code, q_part)], rep=rep.code, **over)
    assert r.status_code == 201, r.text[:500]
    return r.json()


def consent_all(rep, part, trade_id):
    r = rep.post(trade_id, "consent", {"consent": True, "power_of_attorney_file_id": rep.upload("มอบอำนาจ.pdf")})
    assert r.status_code == 200, r.text[:300]
    r = part.post(trade_id, "consent", {"consent": True})
    assert r.status_code == 200, r.text[:300]
    return r.json()


def to_receipts(rep, part, trade_id):
    consent_all(rep, part, trade_id)
    r = rep.post(trade_id, "trade", {"payment_evidence_file_id": rep.upload("หลักฐาน.pdf"),
                                     "receipt_file_id": rep.upload("ใบเสร็จ.pdf")})
    assert r.status_code == 200, r.text[:300]
    r = rep.post(trade_id, "transfer", {"mode": "combined", "slip_file_id": rep.upload("ใบโอน.pdf")})
    assert r.status_code == 200, r.text[:300]
    return r.json()


def to_awaiting(rep, part, trade_id):
    to_receipts(rep, part, trade_id)
    for lao in (rep, part):
        r = lao.post(trade_id, "receipt", {"receipt_file_id": lao.upload("ใบเสร็จ อปท.pdf")})
        assert r.status_code == 200, r.text[:300]
    r = rep.post(trade_id, "submit", {})
    assert r.status_code == 200, r.text[:300]
    return r.json()


def line(trade, code):
    return next(p for p in trade["participants"] if p["lao_code"] == code)


# ---- creation ------------------------------------------------------------------

def test_create_reserves_every_participant_and_answers_the_fixed_shape(server, db, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    assert trade["kind"] == "group" and trade["status"] == "in_progress" and trade["step"] == "consent"
    assert trade["total_satang"] == 50 * UNIT
    assert line(trade, rep.code)["role"] == "representative"
    assert line(trade, part.code)["role"] == "participant"
    assert line(trade, part.code)["total_satang"] == 20 * UNIT
    assert {p["consent"] for p in trade["participants"]} == {"pending"}
    assert all(p["receipt_file_id"] is None for p in trade["participants"])
    assert rep.ledger() == (100, 70, 30, 0) and part.ledger() == (100, 80, 20, 0)
    assert rep.project_ledger() == (100, 70, 30, 0)


def test_create_short_lao_is_named_and_nothing_is_reserved(server, province, buyer, project, laos):
    rep, part, _ = laos
    r = create(server, province, buyer, project, [(rep.code, 30), (part.code, 101)], rep=rep.code)
    assert r.status_code == 422
    assert part.code in r.json()["errors"]["participants"]
    assert rep.ledger() == (100, 100, 0, 0) and part.ledger() == (100, 100, 0, 0)


def test_create_needs_two_laos_with_the_representative_among_them(server, province, buyer, project, laos):
    rep, part, third = laos
    r = create(server, province, buyer, project, [(rep.code, 5)], rep=rep.code)
    assert r.status_code == 422 and "participants" in r.json()["errors"]
    r = create(server, province, buyer, project, [(rep.code, 5), (part.code, 5)], rep=third.code)
    assert r.status_code == 422 and "representative_lao_code" in r.json()["errors"]


def test_create_refuses_an_lao_twice(server, province, buyer, project, laos):
    rep, part, _ = laos
    r = create(server, province, buyer, project, [(rep.code, 5), (part.code, 5), (part.code, 1)], rep=rep.code)
    assert r.status_code == 422 and support.is_thai(r.json()["errors"]["participants"])
    assert part.ledger() == (100, 100, 0, 0)


def test_create_needs_the_intent_letter(server, province, buyer, project, laos):
    rep, part, _ = laos
    r = create(server, province, buyer, project, [(rep.code, 5), (part.code, 5)], intent_letter_file_id=None)
    assert r.status_code == 422 and support.is_thai(r.json()["errors"]["intent_letter_file_id"])


def test_create_refuses_an_lao_of_another_province(server, db, session_for, dla, province, buyer, project, laos):
    rep = laos[0]
    other = Lao(server, db, session_for, dla, project, 50, province="50", district="5001", subdistrict="500101")
    r = create(server, province, buyer, project, [(rep.code, 5), (other.code, 5)], rep=rep.code)
    assert r.status_code == 422 and other.code in r.json()["errors"]["participants"]
    assert other.ledger() == (50, 50, 0, 0)


def test_only_a_provincial_office_creates(server, buyer, project, laos):
    rep, part, _ = laos
    r = rep.http.post(server.url("/api/v1/sales/group"), headers={"X-CSRF-Token": rep.csrf}, timeout=30,
                      json={"project_id": project, "buyer_id": buyer})
    assert r.status_code == 403


def test_a_buyer_without_tver_account_forces_cancellation(server, dla, province, project, laos):
    rep, part, _ = laos
    no_account = support.create_buyer(server, *dla, tver=False)
    r = create(server, province, no_account, project, [(rep.code, 5), (part.code, 5)], trade_type=None)
    assert r.status_code == 201 and r.json()["trade_type"] == "cancellation"
    r = create(server, province, no_account, project, [(rep.code, 5), (part.code, 5)], trade_type="transfer")
    assert r.status_code == 422 and "trade_type" in r.json()["errors"]


# ---- reading and scope -----------------------------------------------------------

def test_participants_province_and_dla_read_the_sale(server, province, dla, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    for http in (rep.http, part.http, province[0], dla[0]):
        assert support.get_sale(server, http, trade["id"]).status_code == 200


def test_another_lao_and_another_province_get_404(server, dla, session_for, province, buyer, project, laos):
    rep, part, third = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    assert support.get_sale(server, third.http, trade["id"]).status_code == 404
    other_province = province_user(server, dla, session_for, "50")
    assert support.get_sale(server, other_province[0], trade["id"]).status_code == 404
    r = third.post(trade["id"], "consent", {"consent": True})
    assert r.status_code == 404
    r = other_province[0].post(server.url(f"/api/v1/sales/{trade['id']}/participants"),
                               headers={"X-CSRF-Token": other_province[1]}, timeout=30,
                               json={"participants": []})
    assert r.status_code == 404


def test_participants_download_each_others_documents(server, province, buyer, project, laos):
    rep, part, third = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    consent_all(rep, part, trade["id"])
    trade = support.get_sale(server, part.http, trade["id"]).json()
    attorney = line(trade, rep.code)["documents"]["power_of_attorney"][0]["id"]
    intent = trade["documents"]["intent_letter"][0]["id"]
    for fid in (attorney, intent):
        assert part.http.get(server.url(f"/files/{fid}"), timeout=30).status_code == 200
        assert third.http.get(server.url(f"/files/{fid}"), timeout=30).status_code == 404


def test_the_lao_list_shows_the_sales_it_takes_part_in(server, province, buyer, project, laos):
    rep, part, third = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    for lao, seen in ((part, True), (third, False)):
        r = lao.http.get(server.url("/api/v1/sales/group"), timeout=30)
        assert r.status_code == 200
        assert (trade["id"] in [i["id"] for i in r.json()["items"]]) is seen


def test_the_province_list_searches_by_order_number(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = province[0].get(server.url("/api/v1/sales/group"), params={"order_no": trade["order_no"]}, timeout=30)
    assert [i["id"] for i in r.json()["items"]] == [trade["id"]]
    item = r.json()["items"][0]
    assert item["line_count"] == 2 and item["consented_count"] == 0


# ---- step 1: consent and decline ---------------------------------------------------

def test_every_consent_moves_the_sale_to_trade(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = rep.post(trade["id"], "consent", {"consent": True, "power_of_attorney_file_id": rep.upload()})
    assert r.status_code == 200 and r.json()["step"] == "consent"
    r = part.post(trade["id"], "consent", {"consent": True})
    assert r.status_code == 200 and r.json()["step"] == "trade"


def test_the_representative_needs_its_power_of_attorney(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = rep.post(trade["id"], "consent", {"consent": True})
    assert r.status_code == 422 and support.is_thai(r.json()["errors"]["power_of_attorney_file_id"])
    assert line(support.get_sale(server, rep.http, trade["id"]).json(), rep.code)["consent"] == "pending"


def test_a_decline_releases_exactly_that_laos_credits(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = part.post(trade["id"], "consent", {"consent": False, "reason": "สภาไม่อนุมัติ"})
    assert r.status_code == 200 and r.json()["step"] == "declined"
    assert line(r.json(), part.code)["consent"] == "declined"
    assert part.ledger() == (100, 100, 0, 0) and part.project_ledger() == (100, 100, 0, 0)
    assert rep.ledger() == (100, 70, 30, 0)


def test_the_trade_json_gives_the_decline_reason_of_the_declined_lao_only(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = part.post(trade["id"], "consent", {"consent": False, "reason": "ปริมาณไม่ตรงกับมติสภา"})
    assert r.status_code == 200, r.text[:300]
    t = support.get_sale(server, province[0], trade["id"]).json()
    assert line(t, part.code)["decline_reason"] == "ปริมาณไม่ตรงกับมติสภา"
    assert line(t, rep.code)["decline_reason"] is None
    assert line(r.json(), part.code)["decline_reason"] == "ปริมาณไม่ตรงกับมติสภา", "the step's answer too"


def test_a_declined_lao_sent_again_has_no_decline_reason(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    part.post(trade["id"], "consent", {"consent": False, "reason": "ยังไม่พร้อม"})
    r = province[0].post(server.url(f"/api/v1/sales/{trade['id']}/participants"),
                         headers={"X-CSRF-Token": province[1]}, timeout=60,
                         json={"participants": [{"lao_code": rep.code, "quantity_tco2e": 30},
                                                {"lao_code": part.code, "quantity_tco2e": 10}]})
    assert r.status_code == 200, r.text[:300]
    assert line(r.json(), part.code)["consent"] == "pending"
    assert line(r.json(), part.code)["decline_reason"] is None


def test_a_decline_needs_a_reason(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = part.post(trade["id"], "consent", {"consent": False})
    assert r.status_code == 422 and support.is_thai(r.json()["errors"]["reason"])
    assert part.ledger() == (100, 80, 20, 0)


def test_consenting_twice_is_409(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    assert part.post(trade["id"], "consent", {"consent": True}).status_code == 200
    assert part.post(trade["id"], "consent", {"consent": True}).status_code == 409


def test_after_a_decline_nobody_consents(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    part.post(trade["id"], "consent", {"consent": False, "reason": "ไม่พร้อม"})
    r = rep.post(trade["id"], "consent", {"consent": True, "power_of_attorney_file_id": rep.upload()})
    assert r.status_code == 409


# ---- the province changes the participants ---------------------------------------

def test_a_changed_participant_list_moves_the_reservations(server, province, buyer, project, laos):
    rep, part, third = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    part.post(trade["id"], "consent", {"consent": False, "reason": "ไม่พร้อม"})
    http, csrf = province
    r = http.post(server.url(f"/api/v1/sales/{trade['id']}/participants"), headers={"X-CSRF-Token": csrf},
                  timeout=30, json={"participants": [{"lao_code": rep.code, "quantity_tco2e": 40},
                                                     {"lao_code": third.code, "quantity_tco2e": 15}]})
    assert r.status_code == 200, r.text[:300]
    t = r.json()
    assert t["step"] == "consent" and t["total_satang"] == 55 * UNIT
    assert sorted(p["lao_code"] for p in t["participants"]) == sorted([rep.code, third.code])
    assert rep.ledger() == (100, 60, 40, 0) and third.ledger() == (100, 85, 15, 0)
    assert part.ledger() == (100, 100, 0, 0)


def test_a_changed_quantity_asks_for_consent_again(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    assert part.post(trade["id"], "consent", {"consent": True}).status_code == 200
    http, csrf = province
    r = http.post(server.url(f"/api/v1/sales/{trade['id']}/participants"), headers={"X-CSRF-Token": csrf},
                  timeout=30, json={"participants": [{"lao_code": rep.code, "quantity_tco2e": 30},
                                                     {"lao_code": part.code, "quantity_tco2e": 25}]})
    assert r.status_code == 200
    assert line(r.json(), part.code)["consent"] == "pending"
    assert part.ledger() == (100, 75, 25, 0)


def test_a_declined_lao_sent_again_is_reserved_again(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    part.post(trade["id"], "consent", {"consent": False, "reason": "ขอลดปริมาณ"})
    http, csrf = province
    r = http.post(server.url(f"/api/v1/sales/{trade['id']}/participants"), headers={"X-CSRF-Token": csrf},
                  timeout=30, json={"participants": [{"lao_code": rep.code, "quantity_tco2e": 30},
                                                     {"lao_code": part.code, "quantity_tco2e": 10}]})
    assert r.status_code == 200
    assert line(r.json(), part.code)["consent"] == "pending"
    assert part.ledger() == (100, 90, 10, 0)


def test_only_the_province_changes_participants(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = rep.post(trade["id"], "participants", {"participants": []})
    assert r.status_code == 403


# ---- steps 2 to 4 --------------------------------------------------------------------

def test_a_participant_cannot_act_for_the_representative(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    consent_all(rep, part, trade["id"])
    r = part.post(trade["id"], "trade", {"payment_evidence_file_id": part.upload(),
                                         "receipt_file_id": part.upload()})
    assert r.status_code == 403
    assert support.get_sale(server, rep.http, trade["id"]).json()["step"] == "trade"


def test_the_trade_step_before_consent_is_409(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = rep.post(trade["id"], "trade", {"payment_evidence_file_id": rep.upload(), "receipt_file_id": rep.upload()})
    assert r.status_code == 409


def test_the_contract_is_required_above_100000_baht_by_the_sales_total(server, province, buyer, project, laos):
    rep, part, _ = laos
    # 30 + 20 credits at 2,500 baht = 125,000 baht: neither line alone is above 100,000
    trade = new_sale(server, province, buyer, project, rep, part, unit_price_satang=250000)
    consent_all(rep, part, trade["id"])
    body = {"payment_evidence_file_id": rep.upload(), "receipt_file_id": rep.upload()}
    r = rep.post(trade["id"], "trade", body)
    assert r.status_code == 422 and "contract_file_id" in r.json()["errors"]
    body["contract_file_id"] = rep.upload("สัญญา.pdf")
    assert rep.post(trade["id"], "trade", body).json()["step"] == "transfer"


def test_per_lao_slips_need_one_for_each_lao(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    consent_all(rep, part, trade["id"])
    rep.post(trade["id"], "trade", {"payment_evidence_file_id": rep.upload(), "receipt_file_id": rep.upload()})
    r = rep.post(trade["id"], "transfer", {"mode": "per_lao", "slips": [{"lao_code": rep.code,
                                                                          "file_id": rep.upload()}]})
    assert r.status_code == 422
    r = rep.post(trade["id"], "transfer", {"mode": "per_lao", "slips": [
        {"lao_code": rep.code, "file_id": rep.upload()}, {"lao_code": part.code, "file_id": rep.upload()}]})
    assert r.status_code == 200 and r.json()["step"] == "receipts"
    assert len(line(r.json(), part.code)["documents"]["lao_transfer_slip"]) == 1


def test_the_representative_cannot_submit_before_every_receipt(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    to_receipts(rep, part, trade["id"])
    r = rep.post(trade["id"], "receipt", {"receipt_file_id": rep.upload()})
    assert r.status_code == 200 and line(r.json(), rep.code)["receipt_file_id"]
    r = rep.post(trade["id"], "submit", {})
    assert r.status_code == 409
    assert support.get_sale(server, rep.http, trade["id"]).json()["step"] == "receipts"


def test_every_receipt_then_submit_waits_for_dla(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    t = to_awaiting(rep, part, trade["id"])
    assert t["step"] == "awaiting_dla" and t["status"] == "in_progress"


# ---- DLA ----------------------------------------------------------------------------

def test_dla_confirm_sells_every_line(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    to_awaiting(rep, part, trade["id"])
    r = support.confirm_sale(server, *dla, trade["id"], confirmed_on="2026-02-01")
    assert r.status_code == 200, r.text[:300]
    assert r.json()["status"] == "completed" and r.json()["step"] == "completed"
    assert rep.ledger() == (100, 70, 0, 30) and part.ledger() == (100, 80, 0, 20)
    assert part.project_ledger() == (100, 80, 0, 20)


def test_dla_cannot_confirm_before_the_sale_waits_for_it(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    assert support.confirm_sale(server, *dla, trade["id"]).status_code == 409
    assert rep.ledger() == (100, 70, 30, 0)


def test_dla_delete_releases_every_reservation(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    consent_all(rep, part, trade["id"])
    r = support.delete_sale(server, *dla, trade["id"])
    assert r.status_code == 200 and r.json()["status"] == "deleted"
    assert rep.ledger() == (100, 100, 0, 0) and part.ledger() == (100, 100, 0, 0)


def test_dla_delete_after_a_decline_releases_the_others(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    part.post(trade["id"], "consent", {"consent": False, "reason": "ไม่พร้อม"})
    assert support.delete_sale(server, *dla, trade["id"]).status_code == 200
    assert rep.ledger() == (100, 100, 0, 0) and part.ledger() == (100, 100, 0, 0)


def test_a_completed_sale_is_read_only(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    to_awaiting(rep, part, trade["id"])
    support.confirm_sale(server, *dla, trade["id"])
    assert rep.post(trade["id"], "receipt", {"receipt_file_id": rep.upload()}).status_code == 409
    assert support.delete_sale(server, *dla, trade["id"]).status_code == 409


# ---- audit ---------------------------------------------------------------------------

def test_every_step_lands_in_the_audit_trail(server, db, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    to_awaiting(rep, part, trade["id"])
    support.confirm_sale(server, *dla, trade["id"])
    actions = [r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'trade' AND entity_id = ? "
                                      "ORDER BY seq", (str(trade["id"]),))]
    assert actions == ["create", "consent", "consent", "trade", "transfer", "receipt", "receipt", "submit",
                       "confirm"]
    assert not project_ledger_broken(db)


# ---- pages ---------------------------------------------------------------------------

def test_the_page_shows_who_declined_and_why(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    part.post(trade["id"], "consent", {"consent": False, "reason": "สภาท้องถิ่นยังไม่อนุมัติ"})
    html = province[0].get(server.url(f"/sales/group/{trade['id']}"), timeout=30).text
    assert "สภาท้องถิ่นยังไม่อนุมัติ" in html and 'id="participants-form"' in html


def step_doc_row(html, table_id, kind):
    """The row of one kind of document in a step's documents table."""
    table = html[html.index(f'id="{table_id}"'):]
    table = table[:table.index("</table>")]
    row = table[table.index(f'data-kind="{kind}"'):]
    return row[:row.index("</tr>")]


def test_the_step_documents_list_the_lines_own_files(server, dla, province, buyer, project, laos):
    """The power of attorney and the per-LAO slips are kept on the lines; the
    step tables of the sale's page and of DLA's page list them too."""
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    consent_all(rep, part, trade["id"])
    rep.post(trade["id"], "trade", {"payment_evidence_file_id": rep.upload("หลักฐาน.pdf"),
                                    "receipt_file_id": rep.upload("ใบเสร็จ.pdf")})
    slips = [{"lao_code": lao.code, "file_id": rep.upload(f"ใบโอน {lao.code}.pdf")} for lao in (rep, part)]
    r = rep.post(trade["id"], "transfer", {"mode": "per_lao", "slips": slips})
    assert r.status_code == 200, r.text[:300]
    html = province[0].get(server.url(f"/sales/group/{trade['id']}"), timeout=30).text
    assert step_doc_row(html, "step-1-documents", "power_of_attorney").count('class="doc-link"') == 1
    assert step_doc_row(html, "step-3-documents", "lao_transfer_slip").count('class="doc-link"') == 2
    html = dla[0].get(server.url(f"/admin/confirm/{trade['id']}"), timeout=30).text
    assert "มอบอำนาจ.pdf" in step_doc_row(html, "step-1-documents", "power_of_attorney")


def test_the_consent_form_posts_with_its_csrf_token(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    r = part.http.post(server.url(f"/sales/group/{trade['id']}/consent"), data={"consent": "1"},
                       allow_redirects=False, timeout=30)
    assert r.status_code == 403
    r = part.http.post(server.url(f"/sales/group/{trade['id']}/consent"),
                       data={"consent": "1", "csrf_token": part.csrf}, allow_redirects=False, timeout=30)
    assert r.status_code in (302, 303)
    assert line(support.get_sale(server, part.http, trade["id"]).json(), part.code)["consent"] == "consented"


def test_the_dla_queue_lists_group_sales_filtered_by_kind(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    html = dla[0].get(server.url("/admin/confirm"), params={"kind": "group", "order_no": trade["order_no"]},
                      timeout=30).text
    assert trade["order_no"] in html
    html = dla[0].get(server.url("/admin/confirm"), params={"kind": "self", "order_no": trade["order_no"]},
                      timeout=30).text
    assert f"/admin/confirm/{trade['id']}" not in html


def test_the_dla_trade_page_shows_every_lao_line(server, dla, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part)
    to_awaiting(rep, part, trade["id"])
    html = dla[0].get(server.url(f"/admin/confirm/{trade['id']}"), timeout=30).text
    assert 'id="group-lines-table"' in html
    assert f'data-lao="{rep.code}"' in html and f'data-lao="{part.code}"' in html
    assert 'id="confirm-form"' in html


def test_the_demo_group_sales_are_readable_by_their_laos_only(server, db, session_for):
    ids = dict(db.query("SELECT order_no, id FROM trades WHERE kind = 'group' AND order_no IN "
                        "('2569-00003', '2570-00002')"))
    assert len(ids) == 2
    waiting = int(ids["2570-00002"])
    for user, status in (("lao.54-1", 200), ("lao.54-2", 200), ("lao.54-3", 404), ("phrae.province", 200)):
        assert support.get_sale(server, session_for(user)[0], waiting).status_code == status, user
    t = support.get_sale(server, session_for("lao.54-1")[0], waiting).json()
    assert t["step"] == "consent" and t["total_satang"] == 70 * 28000
    done = support.get_sale(server, session_for("lao.54-3")[0], int(ids["2569-00003"])).json()
    assert done["status"] == "completed" and all(p["receipt_file_id"] for p in done["participants"])
    assert project_ledger_broken(db) == []


# ---- the to-do list (todo.c): each step waits for exactly the LAO that must act ----

def todo_of(server, http, trade_id):
    r = http.get(server.url("/api/v1/me/todo"), timeout=30)
    assert r.status_code == 200, r.text[:300]
    return {i["task"] for i in r.json()["items"] if i["record"] == "sale" and i["id"] == trade_id}


def test_to_do_asks_every_lao_to_consent(server, province, buyer, project, laos):
    rep, part, _ = laos
    t = new_sale(server, province, buyer, project, rep, part)
    assert todo_of(server, rep.http, t["id"]) == {"group_consent"}
    assert todo_of(server, part.http, t["id"]) == {"group_consent"}


def test_to_do_gives_the_trade_step_to_the_representative_only(server, province, buyer, project, laos):
    rep, part, _ = laos
    t = new_sale(server, province, buyer, project, rep, part)
    consent_all(rep, part, t["id"])
    assert todo_of(server, rep.http, t["id"]) == {"group_trade"}
    assert todo_of(server, part.http, t["id"]) == set()


def test_to_do_asks_each_lao_for_its_receipt_then_the_representative_to_submit(server, province, buyer,
                                                                                 project, laos):
    rep, part, _ = laos
    t = new_sale(server, province, buyer, project, rep, part)
    to_receipts(rep, part, t["id"])
    assert todo_of(server, part.http, t["id"]) == {"group_receipt"}
    assert part.post(t["id"], "receipt", {"receipt_file_id": part.upload("ใบเสร็จ อปท.pdf")}).status_code == 200
    assert todo_of(server, part.http, t["id"]) == set()
    assert todo_of(server, rep.http, t["id"]) == {"group_receipt"}
    assert rep.post(t["id"], "receipt", {"receipt_file_id": rep.upload("ใบเสร็จ อปท.pdf")}).status_code == 200
    assert todo_of(server, rep.http, t["id"]) == {"group_submit"}


def test_to_do_shows_a_declined_sale_to_its_province_and_a_submitted_one_to_dla(server, dla, province, buyer,
                                                                                  project, laos):
    rep, part, third = laos
    declined = new_sale(server, province, buyer, project, rep, part)
    assert part.post(declined["id"], "consent", {"consent": False, "reason": "ไม่พร้อมขาย"}).status_code == 200
    assert todo_of(server, province[0], declined["id"]) == {"group_declined"}
    submitted = new_sale(server, province, buyer, project, rep, third)
    to_awaiting(rep, third, submitted["id"])
    assert todo_of(server, dla[0], submitted["id"]) == {"confirm_sale"}


# ---- a refused HTML form keeps the files that passed ----------------------------------

PENDING = r'name="pending_{kind}" value="(\d+)"'


def pending_id(html, kind):
    import re
    m = re.search(PENDING.format(kind=kind), html)
    return m and m.group(1)


def create_form(server, province, buyer, project, rep, part, q_part, files=None, **extra):
    http, csrf = province
    data = {"csrf_token": csrf, "project_id": str(project), "buyer_id": str(buyer), "ordered_on": "10/01/2569",
            "trade_type": "transfer", "unit_price_baht": "250", "representative_lao_code": rep.code,
            f"qty_{rep.code}": "30", f"qty_{part.code}": str(q_part), **extra}
    return http.post(server.url("/sales/group"), data=data, files=files or {"x": ("", b"", "text/plain")},
                     allow_redirects=False, timeout=60)


def test_a_refused_add_form_keeps_the_intent_letter(server, province, buyer, project, laos):
    rep, part, _ = laos
    r = create_form(server, province, buyer, project, rep, part, 500,
                    files={"intent_letter": sale_document("หนังสือแจ้งความประสงค์.pdf")})
    assert r.status_code == 422, r.text[:300]
    assert pending_id(r.text, "intent_letter"), "the letter comes back as แนบแล้ว"
    assert "หนังสือแจ้งความประสงค์.pdf" in r.text
    assert rep.ledger() == (100, 100, 0, 0) and part.ledger() == (100, 100, 0, 0), "nothing reserved"


def test_the_kept_intent_letter_serves_when_the_form_is_sent_again(server, province, buyer, project, laos):
    rep, part, _ = laos
    r = create_form(server, province, buyer, project, rep, part, 500,
                    files={"intent_letter": sale_document("หนังสือแจ้งความประสงค์.pdf")})
    kept = pending_id(r.text, "intent_letter")
    r = create_form(server, province, buyer, project, rep, part, 20, pending_intent_letter=kept)
    assert r.status_code in (302, 303), r.text[:300]
    trade_id = r.headers["Location"].split("/sales/group/")[1].split("?")[0]
    t = support.get_sale(server, province[0], trade_id).json()
    assert [d["id"] for d in t["documents"]["intent_letter"]] == [int(kept)]


def test_another_users_pending_file_does_not_serve(server, session_for, dla, province, buyer, project, laos):
    rep, part, _ = laos
    r = create_form(server, province, buyer, project, rep, part, 500,
                    files={"intent_letter": sale_document("หนังสือแจ้งความประสงค์.pdf")})
    kept = pending_id(r.text, "intent_letter")
    other = province_user(server, dla, session_for, "54")
    r = create_form(server, other, buyer, project, rep, part, 20, pending_intent_letter=kept)
    assert r.status_code == 422
    assert rep.ledger() == (100, 100, 0, 0)


def trade_form(server, rep, trade_id, files, **extra):
    return rep.http.post(server.url(f"/sales/group/{trade_id}/trade"), data={"csrf_token": rep.csrf, **extra},
                         files=files or {"x": ("", b"", "text/plain")}, allow_redirects=False, timeout=60)


def test_a_refused_step_2_keeps_the_files_that_passed(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part, q_rep=100, q_part=20,
                     unit_price_satang=100_000)          # 120 x 1,000 baht: the contract is required
    consent_all(rep, part, trade["id"])
    r = trade_form(server, rep, trade["id"], {"payment_evidence": sale_document("หลักฐานการชำระเงิน.pdf"),
                                              "receipt": sale_document("ใบเสร็จรับเงิน.pdf")})
    assert r.status_code == 422, r.text[:300]
    assert "กรุณาแนบแบบสัญญาซื้อขาย" in r.text
    assert pending_id(r.text, "payment_evidence") and pending_id(r.text, "receipt")
    assert support.get_sale(server, rep.http, trade["id"]).json()["step"] == "trade", "nothing changed"


def test_the_kept_step_2_files_serve_with_the_missing_contract(server, province, buyer, project, laos):
    rep, part, _ = laos
    trade = new_sale(server, province, buyer, project, rep, part, q_rep=100, q_part=20, unit_price_satang=100_000)
    consent_all(rep, part, trade["id"])
    r = trade_form(server, rep, trade["id"], {"payment_evidence": sale_document("หลักฐานการชำระเงิน.pdf"),
                                              "receipt": sale_document("ใบเสร็จรับเงิน.pdf")})
    kept = {k: pending_id(r.text, k) for k in ("payment_evidence", "receipt")}
    r = trade_form(server, rep, trade["id"], {"contract": sale_document("สัญญา.pdf")},
                   **{f"pending_{k}": v for k, v in kept.items()})
    assert r.status_code in (302, 303), r.text[:300]
    t = support.get_sale(server, rep.http, trade["id"]).json()
    assert t["step"] == "transfer"
    assert {k: [d["id"] for d in t["documents"][k]] for k in kept} == {k: [int(v)] for k, v in kept.items()}
