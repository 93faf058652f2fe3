"""Setup shared by the DLA confirmation suite (test_admin_confirm.py) and the
provincial office's sales suite (test_province_sales.py): fresh LAOs with
credits and their own users, fresh buyers, trades made through the fixed
API (POST api/v1/sales/self), and the HTML forms of /admin/confirm."""
import re
from html import unescape

import support
from support import post_sale, sale_document, sale_fields, sale_files

# Today's trades are dated in the past: 10 Jan 2026 = 10/01/2569 (BE).
ORDERED_ON = "2026-01-10"
ORDERED_ON_BE = "10/01/2569"


class Seller:
    """A fresh LAO (DLA's CSV import) with credits of a 100 % project and its own user."""

    def __init__(self, server, db, session_for, dla, project_id, credits, province="54",
                 district="5407", subdistrict="540701", name="องค์การบริหารส่วนตำบลทดสอบการยืนยัน"):
        dla_http, dla_csrf = dla
        self.server, self.db = server, db
        self.code = support.fresh_lao(server, db, dla_http, dla_csrf, name=name, province=province,
                                      district=district, subdistrict=subdistrict)
        self.subject = support.fresh_lao_user(server, dla_http, dla_csrf, self.code)
        self.http, self.csrf = session_for(self.subject)
        if credits:
            support.certify_credits(server, dla_http, dla_csrf, self.code, credits, project_id)

    def sell(self, buyer_id, files=None, **fields):
        """A trade through the fixed API; its JSON (201 asserted)."""
        fields.setdefault("ordered_on", ORDERED_ON)
        r = post_sale(self.server, self.http, self.csrf, sale_fields(buyer_id, **fields), sale_files(**(files or {})))
        assert r.status_code == 201, f"sale: {r.status_code} {r.text[:500]}"
        return r.json()

    def ledger(self):
        """(certified, remaining, awaiting, sold)."""
        return support.ledger_of(self.db, self.code)


def buyer_named(server, dla, org_name, tver=True):
    """A company buyer with exactly this name (and a T-VER account unless tver=False)."""
    http, csrf = dla
    tag = support.unique_tag("c")
    body = {"buyer_type": "private", "registered_on": "2025-01-15", "has_tver_account": tver,
            "org_name": org_name, "business_type": "พลังงานและสาธารณูปโภค", "address": "1 ถนนทดสอบ", "road": "",
            "province_code": "54", "district_code": "5401", "subdistrict_code": "540105", "postcode": "54000",
            "phone": "02-123-4567", "office_phone": "", "coordinator_first_name": "ผู้ประสาน",
            "coordinator_last_name": "งานทดสอบ"}
    if tver:
        body.update({"tver_account_name": "บัญชี " + tag, "tver_account_no": "TV-" + tag})
    r = http.post(server.url("/api/v1/buyers"), json=body, headers={"X-CSRF-Token": csrf}, timeout=30)
    assert r.status_code == 201, f"buyer: {r.status_code} {r.text[:300]}"
    return r.json()["id"]


def unique_buyer(server, dla, tver=True):
    """(id, name) of a new buyer whose name nobody else has."""
    name = "บริษัท ยืนยันทดสอบ " + support.unique_tag("n") + " จำกัด"
    return buyer_named(server, dla, name, tver=tver), name


def multipart(fields, files=None):
    parts = [(k, (None, str(v))) for k, v in fields.items()]
    for name, value in (files or {}).items():
        parts.append((name, value))
    return parts


def confirm_form(server, http, csrf, trade_id, query="", document=True, **fields):
    """POST the HTML confirmation form (multipart, csrf_token field); no redirects followed."""
    body = {"csrf_token": csrf, "confirmed_on": ORDERED_ON_BE, "confirmation_ref": support.unique_tag("TVER-"),
            "note": "ตรวจสอบเอกสารครบถ้วน"}
    body.update(fields)
    body = {k: v for k, v in body.items() if v is not None}
    files = {"confirmation_doc": sale_document("หนังสือยืนยันการขาย.pdf")} if document else {}
    return http.post(server.url(f"/admin/confirm/{trade_id}/confirm{query}"), files=multipart(body, files),
                     allow_redirects=False, timeout=60)


def delete_form(server, http, csrf, trade_id, reason="ผู้ซื้อยกเลิกคำสั่งซื้อ", query=""):
    """POST the HTML delete form (urlencoded, csrf_token field); no redirects followed."""
    body = {"csrf_token": csrf}
    if reason is not None:
        body["reason"] = reason
    return http.post(server.url(f"/admin/confirm/{trade_id}/delete{query}"), data=body,
                     allow_redirects=False, timeout=30)


def status_of(db, trade_id):
    return db.query("SELECT status FROM trades WHERE id = ?", (trade_id,))[0][0]


def main_of(html):
    """The page body inside <main> (without the menu)."""
    m = re.search(r"<main\b.*?</main>", html, re.S)
    return m.group(0) if m else html


def text_of(html):
    """Visible text of the page body, tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main_of(html))))


def element_text(html, element_id):
    """The text inside the element with that id (tags dropped), or None."""
    m = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', html, re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", m.group(1)))).strip() if m else None


def row_ids(html):
    """The trade ids of the list's rows, in order."""
    return [int(x) for x in re.findall(r'<tr data-trade-id="(\d+)"', html)]


def field_error(html, input_id):
    """The Thai message shown next to the input (its field marked has-error), or None."""
    m = re.search(r'<div class="field has-error">\s*<label for="%s">.*?<span class="field-error">(.*?)</span>'
                  % re.escape(input_id), html, re.S)
    return unescape(m.group(1)).strip() if m else None
