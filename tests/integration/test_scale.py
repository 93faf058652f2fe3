"""Issue 13: what keeps every page's cost flat, checked for behaviour (the
costs themselves are measured by tests/bench/run, never timed here).

- The public totals are maintained (province_credits, one row per province,
  moved by ledger.c in the same transaction as every credit movement): after
  certifications, sales, confirmations and deletions they equal the sums over
  lao_credits, and the public summary and provinces API say the same.
- The registry search pages by keyset (after= / next_after) beside
  page/per_page: page by page gives the rows one query gives, in order, with
  rows added between pages neither repeated nor skipped.
- Name search through the trigram index finds Thai text as typed and
  treats %, _ and \\ literally."""
import pytest

import support
from support import (confirm_sale, delete_sale, post_sale, province_totals_broken, sale_fields,
                     sale_files, unique_tag)


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


def totals_agree(server, db):
    assert province_totals_broken(db) == []
    summary = server_get(server, "/api/v1/public/summary")
    national = db.query("SELECT SUM(certified_tco2e), SUM(remaining_tco2e), SUM(awaiting_tco2e), SUM(sold_tco2e),"
                        " COUNT(CASE WHEN certified_tco2e > 0 THEN 1 END) FROM lao_credits")[0]
    assert (summary["certified_tco2e"], summary["remaining_tco2e"], summary["awaiting_tco2e"],
            summary["sold_tco2e"], summary["laos_with_credits"]) == tuple(int(v or 0) for v in national)
    provinces = {p["province_code"]: p for p in server_get(server, "/api/v1/public/provinces")}
    for code, certified, sold in db.query(
            "SELECT l.province_code, SUM(c.certified_tco2e), SUM(c.sold_tco2e)"
            "  FROM lao_credits c JOIN laos l ON l.code = c.lao_code GROUP BY l.province_code"):
        assert (provinces[code]["certified_tco2e"], provinces[code]["sold_tco2e"]) == (int(certified), int(sold))


def server_get(server, path):
    import requests
    r = requests.get(server.url(path), timeout=30)
    assert r.status_code == 200, r.text[:300]
    return r.json()


def test_province_and_national_totals_follow_every_movement(server, db, session_for, dla):
    http, csrf = dla
    totals_agree(server, db)
    project = support.full_share_project(server, http)
    # two fresh LAOs of another province than the demo's sellers: the
    # province's laos_with_credits counts each once, however often credited
    codes = [support.fresh_lao(server, db, http, csrf, province="10", district="1001", subdistrict="100101")
             for _ in range(2)]
    for code in codes:
        support.certify_credits(server, http, csrf, code, 100, project)
        totals_agree(server, db)
    support.certify_credits(server, http, csrf, codes[0], 50, project)
    totals_agree(server, db)
    buyer = support.create_buyer(server, http, csrf)
    seller = session_for(support.fresh_lao_user(server, http, csrf, codes[0]))
    ids = []
    for quantity in (30, 20):
        r = post_sale(server, seller[0], seller[1], sale_fields(buyer, project_id=project, quantity_tco2e=quantity),
                      sale_files())
        assert r.status_code == 201, r.text[:300]
        ids.append(r.json()["id"])
        totals_agree(server, db)
    # an edit that changes the quantity releases or reserves the difference
    r = post_sale(server, seller[0], seller[1], {"quantity_tco2e": 25}, {}, path=f"/api/v1/sales/{ids[1]}")
    assert r.status_code == 200, r.text[:300]
    totals_agree(server, db)
    assert confirm_sale(server, http, csrf, ids[0]).status_code == 200
    totals_agree(server, db)
    assert delete_sale(server, http, csrf, ids[1]).status_code == 200
    totals_agree(server, db)
    # a refused sale (beyond the remaining) moves nothing anywhere
    before = db.query("SELECT * FROM province_credits ORDER BY province_code")
    r = post_sale(server, seller[0], seller[1], sale_fields(buyer, project_id=project, quantity_tco2e=100000),
                  sale_files())
    assert r.status_code == 422
    assert db.query("SELECT * FROM province_credits ORDER BY province_code") == before
    row = db.query("SELECT laos_with_credits FROM province_credits WHERE province_code = '10'")
    assert int(row[0][0]) >= 2


def new_buyer(server, http, csrf, name, registered_on):
    body = {"buyer_type": "individual", "registered_on": registered_on, "has_tver_account": False,
            "first_name": name, "last_name": "ทดสอบหน้า", "occupation": "ค้าขาย",
            "address": "12 หมู่ 3", "road": "", "phone": "081-234-5678", "office_phone": "",
            "coordinator_first_name": "สมชาย", "coordinator_last_name": "ใจดี",
            "province_code": "54", "district_code": "5401", "subdistrict_code": "540105", "postcode": "54000"}
    r = http.post(server.url("/api/v1/buyers"), json=body, headers={"X-CSRF-Token": csrf}, timeout=30)
    assert r.status_code == 201, r.text[:300]
    return r.json()["id"]


def search(server, http, **params):
    r = http.get(server.url("/api/v1/buyers"), params=params, timeout=30)
    assert r.status_code == 200, r.text[:300]
    return r.json()


def test_keyset_pages_give_the_rows_of_one_query_with_rows_added_between_pages(server, dla):
    http, csrf = dla
    tag = unique_tag("คีย์")
    dates = ["2024-03-01", "2024-03-01", "2024-02-10", "2024-02-10", "2024-02-10", "2023-12-31", "2023-11-05"]
    for i, on in enumerate(dates):
        new_buyer(server, http, csrf, f"{tag}{i}", on)
    whole = [b["id"] for b in search(server, http, q=tag, per_page=100)["items"]]
    assert len(whole) == len(dates)
    seen, after, pages = [], None, 0
    while True:
        params = {"q": tag, "per_page": 2}
        if after:
            params["after"] = after
        page = search(server, http, **params)
        assert page["total_more"] is False
        seen += [b["id"] for b in page["items"]]
        pages += 1
        # rows added while paging: one newer than every row (before the
        # cursor: not shown), and after the second page one older than
        # every row (after the cursor: shown once, at the end)
        if pages == 1:
            new_buyer(server, http, csrf, f"{tag}ใหม่", "2025-01-01")
        if pages == 2:
            late = new_buyer(server, http, csrf, f"{tag}เก่า", "2020-01-01")
        after = page["next_after"]
        if not after:
            break
    assert seen == whole + [late]
    assert len(set(seen)) == len(seen)
    # the page numbers still work, and agree with the keyset pages
    assert [b["id"] for b in search(server, http, q=tag, per_page=2, page=2)["items"]] == \
        [b["id"] for b in search(server, http, q=tag, per_page=100)["items"]][2:4]


def test_a_bad_cursor_is_a_422(server, dla):
    http, _ = dla
    for bad in ("x", "2024-13-01.5", "2024-01-01.", "2024-01-01.1a", "2024-01-01;1"):
        r = http.get(server.url("/api/v1/buyers"), params={"after": bad}, timeout=30)
        assert r.status_code == 422, bad
        assert "after" in r.json()["errors"]


def test_name_search_finds_thai_as_typed_and_reads_like_characters_literally(server, dla):
    http, csrf = dla
    tag = unique_tag("ชื่อ")
    a = new_buyer(server, http, csrf, f"{tag}สมหญิง", "2024-05-01")
    b = new_buyer(server, http, csrf, f"{tag}50%_ลด", "2024-05-02")
    assert [x["id"] for x in search(server, http, q=f"{tag}สมห")["items"]] == [a]
    assert [x["id"] for x in search(server, http, q="50%_ล")["items"]] == [b]
    assert [x["id"] for x in search(server, http, q=f"{tag}5__")["items"]] == []
    # a filter set beside the name uses its own statement and still finds it
    assert [x["id"] for x in search(server, http, q=tag, province_code="54", district_code="5401",
                                    buyer_type="individual", per_page=100)["items"]] == [b, a]
