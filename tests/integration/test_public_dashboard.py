"""The public dashboard of issue 12: charts drawn on the server as inline
SVG (a <title>, a <desc> and a table beside each), the province table with
the provinces that hold credits first (sortable by links that need no
script, the empty ones folded under one <details>), an LAO's completed
sales (buyer type only, paged by keyset), and every public table as a CSV
file (UTF-8 with a byte-order mark) named with the fiscal year in BE."""
import csv
import io
import re
from html import unescape

import requests

import support

BOM = "\ufeff"
TBODY = re.compile(r'<table[^>]*id="(?P<id>[^"]+)"[^>]*>.*?<tbody>(?P<body>.*?)</tbody>', re.S)


def get(server, path, **kw):
    r = requests.get(server.url(path), timeout=30, allow_redirects=False, **kw)
    assert r.status_code == 200, f"{path}: {r.status_code} {r.text[:300]}"
    return r


def table_rows(html, table_id):
    """The cells (text, tags stripped) of each row of the table's tbody."""
    for m in TBODY.finditer(html):
        if m.group("id") == table_id:
            rows = []
            for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", m.group("body"), re.S):
                cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip()
                         for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
                rows.append(cells)
            return rows
    raise AssertionError(f"no table #{table_id}")


def number(text):
    return int(text.replace(",", ""))


def read_csv(r):
    assert r.headers["Content-Type"].startswith("text/csv; charset=utf-8")
    assert r.content.startswith(b"\xef\xbb\xbf"), r.content[:20]
    text = r.content.decode("utf-8")
    assert text.startswith(BOM)
    assert "\r\n" in text
    return list(csv.reader(io.StringIO(text[1:])))


def provinces_api(server):
    return get(server, "/api/v1/public/provinces").json()


def test_dashboard_charts(server):
    html = get(server, "/").text
    svgs = re.findall(r"<svg\b([^>]*)>(.*?)</svg>", html, re.S)
    assert len(svgs) == 3, len(svgs)
    for attrs, body in svgs:
        assert 'role="img"' in attrs
        labelled = re.search(r'aria-labelledby="([^"]+)"', attrs).group(1).split()
        assert len(labelled) == 2
        title_id, desc_id = labelled
        assert re.search(rf'<title id="{title_id}">[^<]*[\u0e00-\u0e7f][^<]*</title>', body), title_id
        assert re.search(rf'<desc id="{desc_id}">[^<]*[\u0e00-\u0e7f][^<]*</desc>', body), desc_id
        assert "<rect" in body
        assert "<script" not in body and "style=" not in body
    # the table alternatives
    for table in ("years-table", "top-table", "province-table"):
        assert f'id="{table}"' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_bar_lengths_follow_the_numbers(server):
    html = get(server, "/").text
    chart = html.split('id="chart-provinces"', 1)[1].split("</svg>", 1)[0]
    groups = re.findall(r'<g class="bar">(.*?)</g>', chart, re.S)
    assert groups
    lengths = []
    for g in groups:
        widths = [int(w) for w in re.findall(r'<rect [^>]*width="(\d+)"', g)]
        assert len(widths) == 3
        lengths.append(sum(widths))
    assert lengths == sorted(lengths, reverse=True), lengths
    assert max(lengths) <= 362
    # the provinces of the chart are the ones with the most certified credits
    with_credits = sorted((p for p in provinces_api(server) if p["certified_tco2e"] > 0),
                          key=lambda p: (-p["certified_tco2e"], p["province_code"]))
    labels = [unescape(re.search(r'class="chart-label">([^<]*)<', g).group(1)) for g in groups]
    assert labels == [p["name_th"] for p in with_credits[:15]]


def test_sales_by_year_chart_adds_up_to_the_sold_total(server):
    html = get(server, "/").text
    rows = table_rows(html, "years-table")
    summary = get(server, "/api/v1/public/summary").json()
    assert rows and all(re.fullmatch(r"25\d\d", r[0]) for r in rows), rows
    assert sum(number(r[2]) for r in rows) == summary["sold_tco2e"]
    years_svg = html.split('id="chart-years"', 1)[1].split("</svg>", 1)[0]
    for r in rows:
        assert f">{r[0]}</text>" in years_svg


def test_province_table_lists_provinces_with_credits_first_and_folds_the_rest(server):
    html = get(server, "/").text
    provinces = provinces_api(server)
    with_credits = [p for p in provinces if p["certified_tco2e"] > 0]
    empty = [p for p in provinces if p["certified_tco2e"] == 0]
    assert len(provinces) == 77 and with_credits and empty
    rows = table_rows(html, "province-table")
    assert len(rows) == len(with_credits)
    # default: the most certified first
    certified = [number(r[3]) for r in rows]
    assert certified == sorted(certified, reverse=True)
    details = re.search(r'<details class="empty-provinces"[^>]*>\s*<summary>([^<]*)</summary>(.*?)</details>',
                        html, re.S)
    assert details, "empty provinces folded under one <details>"
    assert str(len(empty)) in details.group(1)
    names = [unescape(n) for n in re.findall(r"<li>([^<]*)</li>", details.group(2))]
    assert names == [p["name_th"] for p in empty]
    assert 'class="muted"' not in html


def test_province_table_sorts_by_each_column_without_script(server):
    by = {"code": 0, "name": 1, "laos": 2, "certified": 3, "sold": 4, "remaining": 5}
    for key, col in by.items():
        for direction in ("asc", "desc"):
            html = get(server, f"/?sort={key}&dir={direction}").text
            rows = table_rows(html, "province-table")
            values = [r[col] for r in rows]
            if col >= 2:
                values = [number(v) for v in values]
            elif key == "name":
                continue   # Thai order: checked below
            expected = sorted(values, reverse=direction == "desc")
            assert values == expected, (key, direction, values)
            head = re.search(rf'<th scope="col"[^>]*aria-sort="(\w+)"[^>]*><a class="sort-link" id="sort-{key}"',
                             html)
            assert head and head.group(1) == ("descending" if direction == "desc" else "ascending"), key
            # the link of the sorted column turns the order around
            link = re.search(rf'id="sort-{key}" href="([^"]+)"', html).group(1)
            other = "asc" if direction == "desc" else "desc"
            assert unescape(link).endswith(f"?sort={key}&dir={other}#province-table"), link


def test_sorting_by_name_puts_leading_vowels_after_their_consonant(server):
    html = get(server, "/?sort=name&dir=asc").text
    names = [r[1] for r in table_rows(html, "province-table")]
    assert len(names) > 3
    # เชียงใหม่ sorts under ช, so after ขอนแก่น and ชลบุรี and before นครราชสีมา
    if "เชียงใหม่" in names and "ชลบุรี" in names and "ขอนแก่น" in names:
        assert names.index("ขอนแก่น") < names.index("เชียงใหม่") < names.index("นครราชสีมา")


def test_unknown_sort_falls_back_to_the_default(server):
    html = get(server, "/?sort=%3Cscript%3E&dir=x").text
    assert "<script>" not in html
    rows = table_rows(html, "province-table")
    assert rows


def test_provinces_csv_has_bom_and_every_province(server):
    r = get(server, "/open-data/provinces.csv")
    assert re.search(r'filename="carbon-provinces-25\d\d\.csv"', r.headers["Content-Disposition"])
    rows = read_csv(r)
    assert rows[0][0] == "รหัสจังหวัด"
    api = provinces_api(server)
    assert len(rows) == 1 + len(api) == 78
    for line, p in zip(rows[1:], api):
        assert line == [p["province_code"], p["name_th"], str(p["laos_with_credits"]), str(p["certified_tco2e"]),
                        str(p["awaiting_tco2e"]), str(p["sold_tco2e"]), str(p["remaining_tco2e"])]


def test_top_laos_and_years_csv_match_the_page(server):
    html = get(server, "/").text
    top = read_csv(get(server, "/open-data/top-laos.csv"))
    page = table_rows(html, "top-table")
    assert [(r[1], int(r[5])) for r in top[1:]] == [(p[1], number(p[3])) for p in page]
    years = read_csv(get(server, "/open-data/sales-by-year.csv"))
    assert [r[0] for r in years[1:]] == [r[0] for r in table_rows(html, "years-table")]


def test_summary_json_download_is_named_with_the_fiscal_year(server):
    r = get(server, "/open-data/summary.json")
    assert re.search(r'filename="carbon-summary-25\d\d\.json"', r.headers["Content-Disposition"])
    body = r.json()
    api = get(server, "/api/v1/public/summary").json()
    for key, value in api.items():
        assert body[key] == value
    assert body["fiscal_year_be"] > 2560


def test_province_and_lao_tables_download(server):
    html = get(server, "/provinces/54").text
    assert 'href="/carbon/provinces/54/laos.csv"' in html
    rows = read_csv(get(server, "/provinces/54/laos.csv"))
    assert [r[1] for r in rows[1:]] == [r[1] for r in table_rows(html, "province-laos-table")]
    lao = get(server, "/laos/5540105").text
    certs = read_csv(get(server, "/laos/5540105/certifications.csv"))
    assert len(certs) - 1 == len(table_rows(lao, "certifications-table"))
    assert requests.get(server.url("/laos/0000000/sales.csv"), timeout=30).status_code == 404
    assert requests.get(server.url("/provinces/99/laos.csv"), timeout=30).status_code == 404


def completed_sales(db, lao):
    return db.query(
        "SELECT t.id, t.order_no, tl.quantity_tco2e FROM trade_lines tl JOIN trades t ON t.id = tl.trade_id"
        " WHERE tl.lao_code = ? AND tl.ledger = 'sold' AND t.status = 'completed' ORDER BY t.id DESC", (lao,))


def test_lao_page_lists_its_completed_sales_with_buyer_type_only(server, db):
    expected = completed_sales(db, "5540105")
    assert expected, "demo data has completed sales of 5540105"
    html = get(server, "/laos/5540105").text
    rows = table_rows(html, "sales-table")
    assert [(r[0], number(r[3])) for r in rows] == [(o, int(q)) for _i, o, q in expected]
    for r in rows:
        assert re.search(r"[\u0e00-\u0e7f]", r[1]) and re.search(r"25\d\d", r[1])   # Thai date, BE
        assert re.fullmatch(r"[\u0e00-\u0e7f ]+", r[2]), r   # the buyer type, in Thai
    buyers = db.query("SELECT b.display_name, b.phone FROM trades t JOIN buyers b ON b.id = t.buyer_id"
                      " JOIN trade_lines tl ON tl.trade_id = t.id WHERE tl.lao_code = '5540105'")
    sales_csv = get(server, "/laos/5540105/sales.csv")
    for name, phone in buyers:
        for text in (html, sales_csv.text):
            assert name not in text and phone not in text
    csv_rows = read_csv(sales_csv)
    assert csv_rows[0] == ["เลขที่คำสั่งซื้อ", "วันที่ขาย", "ประเภทผู้ซื้อ", "ปริมาณ (tCO2eq)"]
    assert [(r[0], int(r[3])) for r in csv_rows[1:]] == [(o, int(q)) for _i, o, q in expected]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r[1]) for r in csv_rows[1:])


def test_lao_sales_page_by_keyset(server, db):
    expected = completed_sales(db, "5540105")
    newest = int(expected[0][0])
    html = get(server, f"/laos/5540105?before={newest}").text
    rows = table_rows(html, "sales-table")
    assert [r[0] for r in rows if len(r) == 4] == [o for _i, o, _q in expected[1:]]
    assert 'id="sales-first"' in html
    oldest = int(expected[-1][0])
    html = get(server, f"/laos/5540105?before={oldest}").text
    assert "ไม่มีรายการเพิ่มเติม" in html
    for bad in ("abc", "-1", "0", "1e3"):
        r = requests.get(server.url(f"/laos/5540105?before={bad}"), timeout=30)
        assert r.status_code == 400, bad
        assert re.search(r"[\u0e00-\u0e7f]", r.text)


def test_csv_cells_never_start_a_formula(server, db):
    """A name an officer typed starting with = is written behind an apostrophe."""
    code = "5540105"
    old = db.query("SELECT name_th FROM laos WHERE code = ?", (code,))[0][0]
    db.execute("UPDATE laos SET name_th = ? WHERE code = ?", ("=HYPERLINK(\"x\")", code))
    try:
        rows = read_csv(get(server, "/provinces/54/laos.csv"))
        names = [r[1] for r in rows[1:] if r[0] == code]
        assert names == ["'=HYPERLINK(\"x\")"]
    finally:
        db.execute("UPDATE laos SET name_th = ? WHERE code = ?", (old, code))
