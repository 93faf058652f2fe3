"""The buyer registry's reports: every matching buyer as an Excel file
(GET /api/v1/buyers.xlsx, GET /registry/buyers.xlsx) and as a page made for
printing (GET /registry/buyers/print).

The database is shared with the other suites. This module registers its own
buyers in Narathiwat (นราธิวาส, 96) with registration dates in fiscal year
2558 (2014-10-01 .. 2015-09-30), a corner nobody else uses, and the cap of
the printable report is checked on rows planted directly in Yala (ยะลา, 95)
in fiscal year 2557."""
import io
import re
import secrets
from datetime import date, datetime, timedelta, timezone
from html import unescape
from urllib.parse import unquote

import openpyxl
import pytest

BANGKOK = timezone(timedelta(hours=7))
TITLE = "ทะเบียนผู้ซื้อคาร์บอนเครดิต"
HEADERS = ("ลำดับ", "วันที่ลงทะเบียน", "ประเภทผู้ซื้อ", "ชื่อผู้ซื้อ/หน่วยงาน", "ประเภทกิจการ/อาชีพ",
           "บัญชี T-VER", "ชื่อบัญชี T-VER", "เลขที่บัญชี T-VER", "ที่อยู่", "โทรศัพท์",
           "โทรศัพท์สำนักงาน", "ผู้ประสานงาน", "หน่วยงานที่ลงทะเบียน")
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")

# Real DOPA codes: บางนาค, เมืองนราธิวาส (96000); เจ๊ะเห, ตากใบ (96110).
MUEANG = {"province_code": "96", "district_code": "9601", "subdistrict_code": "960101", "postcode": "96000"}
TAK_BAI = {"province_code": "96", "district_code": "9602", "subdistrict_code": "960201", "postcode": "96110"}
FY = "2558"
IN_FY = {"fiscal_year": FY, "province_code": "96"}

# Business types as users type them: a name from DLA's suggestion list and
# text of one's own (ประเภทกิจการ is typed text, not a code).
ENERGY_TH = "พลังงานและสาธารณูปโภค"
FISHERY_TH = "ประมงพื้นบ้านและแปรรูปอาหารทะเล"

N_PRIVATE = 110         # private companies with a T-VER account, เมืองนราธิวาส
N_PERSON = 15           # individuals without an account, by the Phrae provincial office
N_TAK_BAI = 5           # private companies in ตากใบ
PRINT_MAX = 5000


def thai_date(iso):
    d = date.fromisoformat(iso)
    return f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}"


def fy_date(i):
    """A date inside fiscal year 2558, spread over the year."""
    return (date(2014, 10, 1) + timedelta(days=(i * 7) % 364)).isoformat()


@pytest.fixture(scope="module")
def lao(session_for):
    return session_for("lao.54-1")


@pytest.fixture(scope="module")
def phrae_office(session_for):
    return session_for("phrae.province")


def create(server, who, body):
    http, csrf = who
    r = http.post(server.url("/api/v1/buyers"), json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def made(server, lao, phrae_office):
    """The module's buyers, registered through the API: {"private": [...],
    "person": [...], "tak_bai": [...], "outside": [...]} (records as created)."""
    mk = "nr" + secrets.token_hex(4)
    out = {"private": [], "person": [], "tak_bai": [], "outside": [], "marker": mk}
    for i in range(N_PRIVATE):
        body = {"buyer_type": "private", "registered_on": fy_date(i), "has_tver_account": True,
                "tver_account_name": f"บจก. นราพลังงานสะอาด {mk} {i:03d}",
                "tver_account_no": f"TV-{mk}-{i:03d}",
                "org_name": f"บริษัท นราพลังงานสะอาด {mk} ลำดับ {i:03d} จำกัด", "business_type": ENERGY_TH,
                "address": f"{i + 1}/9 หมู่ 3", "road": "พิชิตบำรุง", "phone": "081-234-5678",
                "office_phone": "073-511-234 ต่อ 12", "coordinator_first_name": "อามีนะห์",
                "coordinator_last_name": "สะอาดดี"}
        body.update(MUEANG)
        out["private"].append(create(server, lao, body))
    for i in range(N_PERSON):
        body = {"buyer_type": "individual", "registered_on": fy_date(1000 + i), "has_tver_account": False,
                "first_name": "ซูไฮมี", "last_name": f"เจ๊ะมะ {mk} {i:02d}", "occupation": "ทำสวนยางพารา",
                "address": f"{i + 1} หมู่ 1", "road": "", "phone": "0612345678", "office_phone": "",
                "coordinator_first_name": "ซูไฮมี", "coordinator_last_name": f"เจ๊ะมะ {mk} {i:02d}"}
        body.update(MUEANG)
        out["person"].append(create(server, phrae_office, body))
    for i in range(N_TAK_BAI):
        body = {"buyer_type": "private", "registered_on": fy_date(2000 + i), "has_tver_account": False,
                "org_name": f"ห้างหุ้นส่วน ตากใบประมง {mk} {i} ", "business_type": FISHERY_TH,
                "address": "7 ถนนเจ๊ะเห", "road": "ถนนเจ๊ะเห", "phone": "073-581-111", "office_phone": "",
                "coordinator_first_name": "มะยูโซ๊ะ", "coordinator_last_name": "ดือราแม"}
        body.update(TAK_BAI)
        out["tak_bai"].append(create(server, lao, body))
    # Same province, the days either side of fiscal year 2558.
    for on in ("2014-09-30", "2015-10-01"):
        body = {"buyer_type": "private", "registered_on": on, "has_tver_account": False,
                "org_name": f"บริษัท นอกปีงบ {mk} {on} จำกัด", "business_type": "อื่น ๆ",
                "address": "1 หมู่ 1", "road": "", "phone": "0812345678", "office_phone": "",
                "coordinator_first_name": "สมชาย", "coordinator_last_name": "ใจดี"}
        body.update(MUEANG)
        out["outside"].append(create(server, lao, body))
    return out


def api_all(server, who, **filters):
    """Every matching buyer through the paged JSON search, in its order."""
    items, page = [], 1
    while True:
        r = who[0].get(server.url("/api/v1/buyers"), params=dict(filters, page=page, per_page=100))
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        if len(items) >= body["total"] or not body["items"]:
            assert len(items) == body["total"]
            return items
        page += 1


def workbook(response):
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.content[:2] == b"PK"
    return openpyxl.load_workbook(io.BytesIO(response.content))


class Sheet:
    """The report's parts: title, subtitle, header row, data rows, total row."""

    def __init__(self, response):
        ws = workbook(response).active
        rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
        self.title = rows[0][0]
        self.subtitle = rows[1][0]
        self.headers = rows[3]
        self.data = rows[4:-1]
        self.total_row = rows[-1]

    def names(self):
        return [r[3] for r in self.data]


def export(server, who, path="/api/v1/buyers.xlsx", **filters):
    return who[0].get(server.url(path), params=filters)


# ---- Excel ------------------------------------------------------------------

def test_export_has_every_matching_row_not_just_a_page(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY))
    expected = {b["display_name"] for b in made["private"] + made["person"] + made["tak_bai"]}
    assert len(expected) == N_PRIVATE + N_PERSON + N_TAK_BAI > 100
    assert len(sheet.data) == len(expected)
    assert set(sheet.names()) == expected


def test_export_rows_are_numbered_in_the_order_of_the_search(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY))
    assert [r[0] for r in sheet.data] == list(range(1, len(sheet.data) + 1))
    assert sheet.names() == [b["display_name"] for b in api_all(server, lao, **IN_FY)]


def test_export_ends_with_the_row_count(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY))
    assert sheet.total_row[0] == f"รวม {N_PRIVATE + N_PERSON + N_TAK_BAI} ราย"


def test_export_leaves_out_the_days_either_side_of_the_fiscal_year(server, lao, made):
    names = set(Sheet(export(server, lao, **IN_FY)).names())
    assert not names & {b["display_name"] for b in made["outside"]}


def test_export_title_names_the_filters_in_thai(server, lao, made):
    sheet = Sheet(export(server, lao, buyer_type="private", **IN_FY))
    assert sheet.title == f"{TITLE} — ปีงบประมาณ {FY}, จังหวัดนราธิวาส, ประเภทผู้ซื้อ: เอกชน"


def test_export_title_names_district_subdistrict_and_dates(server, lao, made):
    sheet = Sheet(export(server, lao, province_code="96", district_code="9602", subdistrict_code="960201",
                         registered_from="01/10/2557", registered_to="2015-09-30"))
    assert sheet.title == (f"{TITLE} — จังหวัดนราธิวาส, อำเภอตากใบ, ตำบลเจ๊ะเห,"
                           " ลงทะเบียนตั้งแต่วันที่ 1 ต.ค. 2557 ถึงวันที่ 30 ก.ย. 2558")


def test_export_title_of_bangkok_names_khet_and_khwaeng(server, lao):
    sheet = Sheet(export(server, lao, province_code="10", district_code="1001", subdistrict_code="100101",
                         registered_year="2558"))
    assert sheet.title == f"{TITLE} — ปีที่ลงทะเบียน 2558, กรุงเทพมหานคร, เขตพระนคร, แขวงพระบรมมหาราชวัง"


def test_export_without_filters_says_all(server, lao, made):
    sheet = Sheet(export(server, lao))
    assert sheet.title == f"{TITLE} — ทั้งหมด"
    total = lao[0].get(server.url("/api/v1/buyers"), params={"per_page": 1}).json()["total"]
    assert len(sheet.data) == total


def test_export_subtitle_gives_the_export_time_in_thai(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY))
    now = datetime.now(BANGKOK)
    m = re.fullmatch(r"ส่งออกเมื่อ (\d{1,2}) (\S+) (\d{4}) (\d\d):(\d\d) น\. โดย (.+)", sheet.subtitle)
    assert m, sheet.subtitle
    assert m.group(2) in THAI_MONTHS
    assert int(m.group(3)) in (now.year + 543, now.year + 542)
    assert m.group(6) == "เจ้าหน้าที่ เทศบาลตำบลทุ่งโฮ้ง"


def test_export_headers_are_thai(server, lao, made):
    assert Sheet(export(server, lao, **IN_FY)).headers == HEADERS


def test_export_dates_are_buddhist_era_thai_text(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY))
    by_name = {b["display_name"]: b for b in made["private"] + made["person"] + made["tak_bai"]}
    for row in sheet.data:
        assert row[1] == thai_date(by_name[row[3]]["registered_on"])
        assert row[1].endswith((" 2557", " 2558"))


def test_export_row_of_a_company_with_an_account(server, lao, made):
    b = made["private"][7]
    sheet = Sheet(export(server, lao, q=b["tver_account_no"]))
    assert sheet.data == [(1, thai_date(b["registered_on"]), "เอกชน", b["display_name"], ENERGY_TH,
                           "มี", b["tver_account_name"], b["tver_account_no"],
                           "8/9 หมู่ 3 ถนนพิชิตบำรุง ตำบลบางนาค อำเภอเมืองนราธิวาส จังหวัดนราธิวาส 96000",
                           "081-234-5678", "073-511-234 ต่อ 12", "อามีนะห์ สะอาดดี", "เทศบาลตำบลทุ่งโฮ้ง")]


def test_export_row_of_a_person_without_an_account(server, lao, made):
    b = made["person"][3]
    sheet = Sheet(export(server, lao, q=b["display_name"]))
    assert sheet.data == [(1, thai_date(b["registered_on"]), "บุคคลธรรมดา", b["display_name"], "ทำสวนยางพารา",
                           "ไม่มี", None, None,
                           "4 หมู่ 1 ตำบลบางนาค อำเภอเมืองนราธิวาส จังหวัดนราธิวาส 96000",
                           "061-234-5678", None, b["display_name"],
                           "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดแพร่")]


def test_export_shows_a_typed_business_type_as_it_was_typed(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY, district_code="9602"))
    assert len(sheet.data) == N_TAK_BAI
    assert all(r[4] == FISHERY_TH for r in sheet.data)


def test_export_does_not_repeat_thanon_before_a_road_named_with_it(server, lao, made):
    sheet = Sheet(export(server, lao, **IN_FY, district_code="9602"))
    assert all(r[8] == "7 ถนนเจ๊ะเห ถนนเจ๊ะเห ตำบลเจ๊ะเห อำเภอตากใบ จังหวัดนราธิวาส 96110" for r in sheet.data)


@pytest.mark.parametrize("filters,group", [
    ({"buyer_type": "private"}, ("private", "tak_bai")),
    ({"buyer_type": "individual"}, ("person",)),
    ({"district_code": "9602"}, ("tak_bai",)),
    ({"district_code": "9601", "subdistrict_code": "960101", "buyer_type": "private"}, ("private",)),
])
def test_filter_combination_gives_exactly_the_matching_subset(server, lao, made, filters, group):
    params = dict(IN_FY, **filters)
    sheet = Sheet(export(server, lao, **params))
    expected = {b["display_name"] for g in group for b in made[g]}
    assert set(sheet.names()) == expected
    assert len(sheet.data) == len(expected)
    assert sheet.names() == [b["display_name"] for b in api_all(server, lao, **params)]


def test_export_ignores_page_and_per_page(server, lao, made):
    sheet = Sheet(export(server, lao, page=2, per_page=5, **IN_FY))
    assert len(sheet.data) == N_PRIVATE + N_PERSON + N_TAK_BAI


def test_export_of_no_match_has_headers_and_a_zero_count(server, lao, made):
    sheet = Sheet(export(server, lao, q="ไม่มีผู้ซื้อชื่อนี้แน่นอน" + made["marker"]))
    assert sheet.headers == HEADERS
    assert sheet.data == []
    assert sheet.total_row[0] == "รวม 0 ราย"


def test_html_export_gives_the_same_workbook_rows(server, lao, made):
    api = Sheet(export(server, lao, **IN_FY))
    page = Sheet(export(server, lao, "/registry/buyers.xlsx", **IN_FY))
    assert page.title == api.title
    assert page.data == api.data


def test_export_filename_is_ascii_with_a_thai_filename_star(server, lao, made):
    r = export(server, lao, **IN_FY)
    cd = r.headers["Content-Disposition"]
    today = datetime.now(BANGKOK)
    m = re.fullmatch(r'attachment; filename="buyers-(\d{8})\.xlsx"; filename\*=UTF-8\'\'(\S+)', cd)
    assert m, cd
    assert m.group(1) in (today.strftime("%Y%m%d"), (today - timedelta(minutes=1)).strftime("%Y%m%d"))
    thai = unquote(m.group(2))
    assert thai == f"ทะเบียนผู้ซื้อคาร์บอนเครดิต-{int(m.group(1)[:4]) + 543}{m.group(1)[4:]}.xlsx"


def test_export_is_not_cached(server, lao, made):
    r = export(server, lao, **IN_FY)
    assert "no-store" in r.headers["Cache-Control"]


@pytest.mark.parametrize("user", ["lao.54-2", "phrae.province", "dla.admin", "lao.30-1"])
def test_every_role_may_export(server, session_for, made, user):
    who = session_for(user)
    assert len(Sheet(export(server, who, **IN_FY)).data) == N_PRIVATE + N_PERSON + N_TAK_BAI


@pytest.mark.parametrize("filters,field", [
    ({"fiscal_year": "สองห้าห้าแปด"}, "fiscal_year"),
    ({"registered_year": "99"}, "registered_year"),
    ({"province_code": "5"}, "province_code"),
    ({"province_code": "96", "district_code": "5401"}, "district_code"),
    ({"district_code": "9601", "subdistrict_code": "960201"}, "subdistrict_code"),
    ({"buyer_type": "alien"}, "buyer_type"),
    ({"registered_from": "31/02/2558"}, "registered_from"),
    ({"registered_from": "2015-05-01", "registered_to": "2015-04-01"}, "registered_to"),
])
def test_bad_filter_of_the_api_export_is_422(server, lao, filters, field):
    r = export(server, lao, **filters)
    assert r.status_code == 422, r.text[:300]
    assert r.headers["Content-Type"].startswith("application/json")
    assert re.search(r"[\u0e00-\u0e7f]", r.json()["errors"][field])


def test_bad_filter_of_the_page_export_shows_the_search_page_with_messages(server, lao):
    r = export(server, lao, "/registry/buyers.xlsx", fiscal_year="abc", province_code="96")
    assert r.status_code == 422
    assert r.url.startswith(server.url("/registry/buyers?"))
    assert "text/html" in r.headers["Content-Type"]
    assert 'id="search-errors"' in r.text
    assert "ปีงบประมาณ" in unescape(re.search(r'class="field-error">([^<]*)<', r.text).group(1))
    assert re.search(r'<option value="96" selected>', r.text)


def test_bad_filter_of_the_print_page_shows_the_search_page_with_messages(server, lao):
    r = lao[0].get(server.url("/registry/buyers/print"), params={"buyer_type": "alien"})
    assert r.status_code == 422
    assert r.url.startswith(server.url("/registry/buyers?"))
    assert 'id="search-errors"' in r.text


def test_signed_out_export_is_refused(server):
    import requests
    r = requests.get(server.url("/api/v1/buyers.xlsx"), params=IN_FY, allow_redirects=False)
    assert r.status_code == 401
    assert r.content[:2] != b"PK"
    for path in ("/registry/buyers.xlsx", "/registry/buyers/print"):
        r = requests.get(server.url(path), params=IN_FY, allow_redirects=False)
        assert r.status_code in (302, 303), path
        assert b"PK" != r.content[:2]


# ---- the printable report -------------------------------------------------------

def print_page(server, who, **filters):
    r = who[0].get(server.url("/registry/buyers/print"), params=filters)
    assert r.status_code == 200, r.text[:300]
    return r


def printed_ids(html):
    return [int(i) for i in re.findall(r'<tr data-id="(\d+)">', html)]


def test_print_lists_the_same_rows_as_the_export(server, lao, made):
    html = print_page(server, lao, **IN_FY).text
    api = api_all(server, lao, **IN_FY)
    assert printed_ids(html) == [b["id"] for b in api]
    names = [unescape(n) for n in re.findall(r'<td class="name">([^<]*)</td>', html)]
    assert names == Sheet(export(server, lao, **IN_FY)).names()


def test_print_has_a_thai_title_naming_the_filters(server, lao, made):
    html = print_page(server, lao, buyer_type="individual", **IN_FY).text
    assert "<title>รายงานทะเบียนผู้ซื้อคาร์บอนเครดิต" in html
    assert "รายงานทะเบียนผู้ซื้อคาร์บอนเครดิต</h1>" in html
    assert f"เงื่อนไข: ปีงบประมาณ {FY}, จังหวัดนราธิวาส, ประเภทผู้ซื้อ: บุคคลธรรมดา</p>" in unescape(html)
    assert f"จำนวน {N_PERSON} ราย" in html
    assert f"รวม {N_PERSON} ราย" in html


def test_print_gives_the_print_date_in_thai(server, lao, made):
    html = print_page(server, lao, **IN_FY).text
    year = datetime.now(BANGKOK).year + 543
    assert re.search(rf"พิมพ์เมื่อ \d{{1,2}} (\S+) ({year}|{year - 1}) \d\d:\d\d น\.", html)


def test_print_numbers_the_rows(server, lao, made):
    html = print_page(server, lao, **IN_FY).text
    numbers = [int(n.replace(",", "")) for n in re.findall(r'<td class="num">([\d,]+)</td>', html)]
    assert numbers == list(range(1, N_PRIVATE + N_PERSON + N_TAK_BAI + 1))


def test_print_shows_thai_dates_and_text(server, lao, made):
    b = made["private"][0]
    html = unescape(print_page(server, lao, q=b["tver_account_no"]).text)
    assert thai_date(b["registered_on"]) in html
    assert b["display_name"] in html
    assert "ตำบลบางนาค อำเภอเมืองนราธิวาส จังหวัดนราธิวาส 96000" in html
    assert f"<td>{ENERGY_TH}</td>" in html


def test_print_shows_a_typed_business_type(server, lao, made):
    html = print_page(server, lao, **IN_FY, district_code="9602").text
    assert html.count(f"<td>{FISHERY_TH}</td>") == N_TAK_BAI


def test_export_and_print_show_a_scripted_business_type_as_text(server, lao):
    mk = "bx" + secrets.token_hex(4)
    text = f'<script>alert("{mk}")</script> & ค้าส่ง'
    # Registered in fiscal year 2556, outside the module's FY 2558 and Yala's 2557.
    body = {"buyer_type": "government", "registered_on": "2013-05-05", "has_tver_account": False,
            "org_name": f"หน่วยงาน {mk}", "business_type": text, "address": "1 หมู่ 1", "road": "",
            "phone": "0812345678", "office_phone": "", "coordinator_first_name": "สมชาย",
            "coordinator_last_name": "ใจดี"}
    body.update(TAK_BAI)
    create(server, lao, body)
    sheet = Sheet(export(server, lao, q=mk))
    assert [r[4] for r in sheet.data] == [text]
    html = print_page(server, lao, q=mk).text
    assert f"<td>&lt;script&gt;alert(&quot;{mk}&quot;)&lt;/script&gt; &amp; ค้าส่ง</td>" in html
    assert "<script>alert" not in html


def test_print_button_uses_a_script_file_and_is_hidden_when_printing(server, lao, made):
    html = print_page(server, lao, **IN_FY).text
    button = re.search(r'<button[^>]*id="report-print"[^>]*>พิมพ์</button>', html)
    assert button and "data-print" in button.group(0)
    assert 'class="btn' in button.group(0)                     # .btn is hidden by @media print
    assert re.search(r'<div class="actions no-print">\s*<button[^>]*id="report-print"', html)
    assert f'<script src="/carbon/static/buyers_print.js" defer></script>' in html
    assert "<script>" not in html and "onclick" not in html
    js = server_get(server, "/carbon/static/buyers_print.js")
    assert "window.print()" in js


def server_get(server, path):
    import requests
    r = requests.get(server.origin + path)
    assert r.status_code == 200
    return r.text


def test_print_stylesheet_sets_a4_landscape(server):
    css = server_get(server, "/carbon/static/carbon.css")
    assert re.search(r"@page buyers-report \{[^}]*size: A4 landscape", css)
    assert re.search(r"\.buyers-report \{ page: buyers-report; \}", css)


def test_print_links_to_the_export_with_the_same_filters(server, lao, made):
    html = print_page(server, lao, buyer_type="private", **IN_FY).text
    href = unescape(re.search(r'id="report-xlsx" href="([^"]+)"', html).group(1))
    assert href == "/carbon/registry/buyers.xlsx?fiscal_year=2558&province_code=96&buyer_type=private"


def test_print_of_no_match_says_so(server, lao, made):
    html = print_page(server, lao, q="ไม่มีผู้ซื้อชื่อนี้แน่นอน" + made["marker"]).text
    assert "ไม่พบข้อมูลผู้ซื้อตามเงื่อนไขที่เลือก" in html
    assert "จำนวน 0 ราย" in html


@pytest.fixture(scope="module")
def many_in_yala(db):
    """PRINT_MAX + 3 individuals in Yala, fiscal year 2557, planted in one statement."""
    n = PRINT_MAX + 3
    mk = "yl" + secrets.token_hex(4)
    db.execute(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)"
        " INSERT INTO buyers (buyer_type, registered_on, has_tver_account, first_name, last_name, occupation,"
        " display_name, address, province_code, district_code, subdistrict_code, postcode, phone,"
        " coordinator_first_name, coordinator_last_name, created_by, created_at, updated_at)"
        " SELECT 'individual', '2014-06-01', 0, 'ยะลา', ? || ' ' || i, 'ค้าขาย', 'ยะลา ' || ? || ' ' || i,"
        " '1 หมู่ 1', '95', '9501', '950101', '95000', '0812345678', 'ยะลา', 'ทดสอบ',"
        " (SELECT id FROM users WHERE subject = 'dla.admin'), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'"
        " FROM seq", (n, mk, mk))
    return n


def test_print_is_capped_with_a_thai_note_to_use_excel(server, lao, many_in_yala):
    html = print_page(server, lao, fiscal_year="2557", province_code="95").text
    assert len(printed_ids(html)) == PRINT_MAX
    note = unescape(re.search(r'id="report-truncated">(.*?)</div>', html, re.S).group(1))
    assert "5,000" in note and f"{many_in_yala:,}" in note and "ส่งออก Excel" in note
    assert f"จำนวน 5,000 ราย (จากทั้งหมด {many_in_yala:,} ราย)" in html


def test_export_is_not_capped(server, lao, many_in_yala):
    sheet = Sheet(export(server, lao, fiscal_year="2557", province_code="95"))
    assert len(sheet.data) == many_in_yala
    assert sheet.total_row[0] == f"รวม {many_in_yala:,} ราย"


# ---- the search page's buttons ---------------------------------------------------

def test_search_page_offers_export_and_print_of_its_filters(server, lao, made):
    r = lao[0].get(server.url("/registry/buyers"), params=dict(IN_FY, buyer_type="private"))
    assert r.status_code == 200
    form = re.search(r'<form method="get" action="/carbon/registry/buyers" id="buyer-search".*?</form>', r.text, re.S)
    assert form, "the search form"
    xlsx = re.search(r'<button type="submit"[^>]*id="buyer-export-xlsx"[^>]*>ส่งออก Excel</button>', form.group(0))
    assert xlsx and 'formaction="/carbon/registry/buyers.xlsx"' in xlsx.group(0)
    pr = re.search(r'<button type="submit"[^>]*id="buyer-print"[^>]*>พิมพ์รายงาน</button>', form.group(0))
    assert pr and 'formaction="/carbon/registry/buyers/print"' in pr.group(0)
    # The form (GET) carries the current filters to either.
    assert '<option value="96" selected>' in form.group(0)
    assert '<option value="private" selected>' in form.group(0)
