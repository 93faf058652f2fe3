"""Helpers of the delegated-sale and to-do tests: a sale delegated to DLA
driven through its JSON API (FIXED-POINTS "Sales delegated to DLA")."""
import support


def file_id(server, http, csrf, name="เอกสาร.pdf", kind="pdf"):
    """Uploads one real document through POST api/v1/files; its id."""
    fname, content, mime = support.sale_document(name, kind)
    r = support.upload(server, http, csrf, fname, content, mime)
    assert r.status_code == 201, r.text[:300]
    return r.json()["id"]


def create(server, dla, buyer, project_id, unit=25000, **over):
    http, csrf = dla
    body = {"project_id": project_id, "buyer_id": buyer, "ordered_on": "2026-01-10",
            "trade_type": "transfer", "unit_price_satang": unit,
            "intent_letter_file_id": file_id(server, http, csrf, "หนังสือแจ้งความประสงค์.pdf")}
    body.update(over)
    body = {k: v for k, v in body.items() if v is not None}
    return http.post(server.url("/api/v1/sales/delegated"), json=body,
                     headers={"X-CSRF-Token": csrf}, timeout=60)


def created(server, dla, buyer, project_id, **kw):
    r = create(server, dla, buyer, project_id, **kw)
    assert r.status_code == 201, r.text[:400]
    return r.json()


def act(server, session, trade_id, step, body):
    http, csrf = session
    return http.post(server.url(f"/api/v1/sales/{trade_id}/{step}"), json=body,
                     headers={"X-CSRF-Token": csrf}, timeout=60)


def participants(server, prov, trade_id, lines):
    return act(server, prov, trade_id, "participants",
               {"participants": [{"lao_code": c, "quantity_tco2e": q} for c, q in lines]})


def consent(server, lao, trade_id, yes=True, reason=None):
    body = {"consent": yes}
    if reason is not None:
        body["reason"] = reason
    return act(server, lao, trade_id, "consent", body)


def trade_docs(server, dla, trade_id, lao_codes, contract=True, **over):
    http, csrf = dla
    body = {"payment_evidence_file_id": file_id(server, http, csrf, "หลักฐานการชำระเงิน.jpg", "jpg"),
            "transfer_slips": [{"lao_code": c, "file_id": file_id(server, http, csrf, f"ใบโอน {c}.pdf")}
                               for c in lao_codes],
            "other_file_ids": []}
    if contract:
        body["contract_file_id"] = file_id(server, http, csrf, "สัญญา.pdf")
    body.update(over)
    body = {k: v for k, v in body.items() if v is not None}
    return act(server, dla, trade_id, "trade", body)


def receipt(server, lao, trade_id):
    http, csrf = lao
    return act(server, lao, trade_id, "receipt",
               {"receipt_file_id": file_id(server, http, csrf, "ใบเสร็จรับเงิน อปท.pdf")})


def get(server, session, trade_id):
    return session[0].get(server.url(f"/api/v1/sales/{trade_id}"), timeout=30)


def codes(trade):
    return sorted(p["lao_code"] for p in trade["participants"])


def province_user(server, dla, province_code):
    """A new province user of province_code; its subject."""
    http, csrf = dla
    subject = support.unique_tag("prov.")
    r = http.post(server.url("/api/v1/users"), headers={"X-CSRF-Token": csrf}, timeout=30,
                  json={"subject": subject, "display_name": "สำนักงานทดสอบ " + subject,
                        "role": "province", "province_code": province_code})
    assert r.status_code == 201, r.text[:300]
    return subject


def lao_with_credits(server, db, dla, credits, project_id, province="54", district="5407",
                     subdistrict="540701"):
    """A fresh LAO holding credits of project_id and its user's subject."""
    http, csrf = dla
    code = support.fresh_lao(server, db, http, csrf, province=province, district=district,
                             subdistrict=subdistrict)
    subject = support.fresh_lao_user(server, http, csrf, code)
    support.certify_credits(server, http, csrf, code, credits, project_id)
    return code, subject


def trade_row_count(db):
    return db.scalar("SELECT COUNT(*) FROM trades WHERE kind = 'delegated'")
