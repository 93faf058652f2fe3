"""Helpers of the spending suites: an LAO whose confirmed sale gave it a
known income, and the calls of the fixed spending API."""
import support
from support import confirm_sale, post_sale, sale_document, sale_fields, sale_files


class FundedLao:
    """A fresh LAO (DLA's CSV import, province 54 unless told) with its own
    user, whose self-operated sale of `quantity` credits at `unit_satang`
    DLA confirmed: its income is quantity x unit_satang."""

    def __init__(self, server, db, session_for, dla, quantity=10, unit_satang=100_000, province="54",
                 district="5407", subdistrict="540701", name="องค์การบริหารส่วนตำบลทดสอบการใช้จ่าย"):
        dla_http, dla_csrf = dla
        self.server, self.db = server, db
        self.name = name
        self.code = support.fresh_lao(server, db, dla_http, dla_csrf, name=name, province=province,
                                      district=district, subdistrict=subdistrict)
        self.subject = support.fresh_lao_user(server, dla_http, dla_csrf, self.code)
        self.http, self.csrf = session_for(self.subject)
        self.income = quantity * unit_satang
        if quantity:
            support.certify_credits(server, dla_http, dla_csrf, self.code, quantity,
                                    support.full_share_project(server, dla_http))
            buyer = support.create_buyer(server, dla_http, dla_csrf, tver=True)
            r = post_sale(server, self.http, self.csrf,
                          sale_fields(buyer, quantity_tco2e=quantity, unit_price_satang=unit_satang), sale_files())
            assert r.status_code == 201, f"sale: {r.status_code} {r.text[:300]}"
            self.trade = r.json()
            r = confirm_sale(server, dla_http, dla_csrf, self.trade["id"], confirmed_on="2026-02-01")
            assert r.status_code == 200, f"confirm: {r.status_code} {r.text[:300]}"

    def budget(self, http=None):
        r = (http or self.http).get(self.server.url(f"/api/v1/laos/{self.code}/budget"), timeout=30)
        assert r.status_code == 200, r.text[:300]
        return r.json()

    def add(self, status="request", note=None, fiscal_year=2569, http=None, csrf=None):
        body = {"status": status}
        if note is not None:
            body["note"] = note
        if fiscal_year is not None:
            body["fiscal_year"] = fiscal_year
        return (http or self.http).post(self.server.url("/api/v1/spending"), json=body,
                                        headers={"X-CSRF-Token": csrf or self.csrf}, timeout=30)

    def request(self, fiscal_year=2569):
        r = self.add(fiscal_year=fiscal_year)
        assert r.status_code == 201, r.text[:300]
        return r.json()

    def item(self, record_id, http=None, csrf=None, files=None, **overrides):
        return post_item(self.server, http or self.http, csrf or self.csrf, record_id, files=files, **overrides)

    def complete(self, record_id, files=None, **overrides):
        return post_complete(self.server, self.http, self.csrf, record_id, files=files, **overrides)


def item_fields(**overrides):
    body = {"started_on": "2026-03-01", "name": "โครงการปลูกป่าชุมชน", "project_type": "environment",
            "details": "ปลูกต้นไม้ 500 ต้นในที่สาธารณะของตำบล", "budget_credit_satang": 100_000,
            "budget_other_satang": 0}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def post_item(server, http, csrf, record_id, files=None, **overrides):
    fields = item_fields(**overrides)
    url = server.url(f"/api/v1/spending/{record_id}/item")
    if files:
        return http.post(url, files=support.sale_multipart(fields, files), headers={"X-CSRF-Token": csrf}, timeout=60)
    return http.post(url, json=fields, headers={"X-CSRF-Token": csrf}, timeout=60)


def post_complete(server, http, csrf, record_id, files=None, **overrides):
    fields = {"completed_on": "2026-04-01"}
    fields.update(overrides)
    fields = {k: v for k, v in fields.items() if v is not None}
    if files is None:
        files = {"spending_doc": sale_document("เอกสารการใช้จ่ายงบประมาณ.pdf")}
    return http.post(server.url(f"/api/v1/spending/{record_id}/complete"),
                     files=support.sale_multipart(fields, files), headers={"X-CSRF-Token": csrf}, timeout=60)


def budget_row(db, lao_code):
    """(income, committed) straight from lao_budget; (0, 0) when no row."""
    rows = db.query("SELECT income_satang, committed_satang FROM lao_budget WHERE lao_code = ?", (lao_code,))
    return tuple(int(v) for v in rows[0]) if rows else (0, 0)
