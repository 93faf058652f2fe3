"""The buyer registry (ทะเบียนผู้ซื้อคาร์บอนเครดิต): the add/edit rules of the
manual (required fields, conditional fields, geography, phones), duplicate
T-VER accounts, who may change a buyer, the audit trail, the search filters
and pages, the HTML forms, and output escaping.

The database is shared with the other suites: every test makes its own
buyers with unique names and finds them again with the q filter."""
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import threading
from datetime import datetime, timedelta, timezone
from html import unescape

import pytest
import requests

import support

THAI = re.compile(r"[\u0e00-\u0e7f]")
SCRIPT = '<script>alert("x")</script>'
BANGKOK = timezone(timedelta(hours=7))
ENERGY_TH = "พลังงานและสาธารณูปโภค"      # the name of the code 'energy' in DLA's business_type list

# Real DOPA codes: ทุ่งโฮ้ง, เมืองแพร่, แพร่ (54000); ห้วยอ้อ, ลอง (54150);
# ศรีภูมิ, เมืองเชียงใหม่, เชียงใหม่ (50200).
PHRAE = {"province_code": "54", "district_code": "5401", "subdistrict_code": "540105", "postcode": "54000"}
CHIANG_MAI = {"province_code": "50", "district_code": "5001", "subdistrict_code": "500101", "postcode": "50200"}


def marker():
    return "mk" + secrets.token_hex(5)


def person(**over):
    """A valid individual buyer without a T-VER account."""
    body = {"buyer_type": "individual", "registered_on": "2025-01-15", "has_tver_account": False,
            "first_name": "สมศรี", "last_name": "ทดสอบ " + marker(), "occupation": "ค้าขาย",
            "address": "12 หมู่ 3", "road": "ยันตรกิจโกศล", "phone": "081-234-5678",
            "office_phone": "", "coordinator_first_name": "สมชาย", "coordinator_last_name": "ใจดี"}
    body.update(PHRAE)
    body.update(over)
    return body


def company(**over):
    """A valid private company with a T-VER account."""
    body = {"buyer_type": "private", "registered_on": "2025-01-15", "has_tver_account": True,
            "tver_account_name": "บจก. กรีน " + marker(), "tver_account_no": "TV-" + marker(),
            "org_name": "บริษัท กรีน " + marker() + " จำกัด", "business_type": ENERGY_TH,
            "address": "99/1 อาคารกรีน", "road": "", "phone": "02-123-4567",
            "office_phone": "02-123-4567 ต่อ 12", "coordinator_first_name": "วิไล",
            "coordinator_last_name": "รักษ์โลก"}
    body.update(PHRAE)
    body.update(over)
    return body


@pytest.fixture(scope="module")
def lao(session_for):
    return session_for("lao.54-1")


@pytest.fixture(scope="module")
def other_lao(session_for):
    return session_for("lao.54-2")


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def phrae_office(session_for):
    return session_for("phrae.province")


@pytest.fixture(scope="module")
def chiang_mai_office(server, db, session_for):
    """A provincial office user of another province (Chiang Mai), planted."""
    subject = "cm.province." + secrets.token_hex(4)
    db.execute("INSERT INTO users (subject, display_name, role, lao_code, province_code, disabled,"
               " created_at) VALUES (?, ?, ?, NULL, ?, ?, ?)",
               (subject, "สถจ. เชียงใหม่ (ทดสอบ)", "province", "50", 0, "2026-01-01T00:00:00Z"))
    return session_for(subject)


def post(server, who, body):
    http, csrf = who
    return http.post(server.url("/api/v1/buyers"), json=body, headers={"X-CSRF-Token": csrf})


def put(server, who, buyer_id, body):
    http, csrf = who
    return http.put(server.url(f"/api/v1/buyers/{buyer_id}"), json=body, headers={"X-CSRF-Token": csrf})


def create(server, who, body):
    r = post(server, who, body)
    assert r.status_code == 201, r.text
    return r.json()


def get(server, who, buyer_id):
    r = who[0].get(server.url(f"/api/v1/buyers/{buyer_id}"))
    assert r.status_code == 200, r.text
    return r.json()


def search(server, who, **params):
    return who[0].get(server.url("/api/v1/buyers"), params=params)


def found(server, who, **params):
    r = search(server, who, **params)
    assert r.status_code == 200, r.text
    return r.json()


def refused(r, field):
    """A 422 naming field with a Thai message."""
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert field in errors, errors
    assert THAI.search(errors[field]), errors[field]
    return errors[field]


def today_be():
    d = datetime.now(BANGKOK).date()
    return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"


def audit_rows(db, buyer_id):
    rows = db.query("SELECT action, before_json, after_json FROM audit_log"
                    " WHERE entity = 'buyer' AND entity_id = ? ORDER BY seq", (str(buyer_id),))
    return [(a, json.loads(b) if b else None, json.loads(c) if c else None) for a, b, c in rows]


def form_of(body):
    """An API body as the HTML form sends it."""
    out = {}
    for key, value in body.items():
        if isinstance(value, bool):
            out[key] = "1" if value else "0"
        else:
            out[key] = value
    return out


# ---- required fields -----------------------------------------------------------

COMMON_REQUIRED = ["buyer_type", "registered_on", "has_tver_account", "address", "province_code",
                   "district_code", "subdistrict_code", "postcode", "phone", "coordinator_first_name",
                   "coordinator_last_name"]


@pytest.mark.parametrize("field", COMMON_REQUIRED)
def test_required_field_of_every_buyer_is_refused_when_missing(server, lao, field):
    body = company()
    del body[field]
    refused(post(server, lao, body), field)


@pytest.mark.parametrize("field", ["address", "phone", "coordinator_first_name", "coordinator_last_name"])
def test_required_text_field_is_refused_when_blank(server, lao, field):
    refused(post(server, lao, person(**{field: "   "})), field)


@pytest.mark.parametrize("field", ["first_name", "last_name", "occupation"])
def test_required_field_of_individual_is_refused_when_missing(server, lao, field):
    body = person()
    del body[field]
    refused(post(server, lao, body), field)


@pytest.mark.parametrize("buyer_type", ["private", "state_enterprise", "government"])
@pytest.mark.parametrize("field", ["org_name", "business_type"])
def test_required_field_of_organisation_is_refused_when_missing(server, lao, buyer_type, field):
    body = company(buyer_type=buyer_type)
    del body[field]
    refused(post(server, lao, body), field)


@pytest.mark.parametrize("field", ["tver_account_name", "tver_account_no"])
def test_required_tver_field_is_refused_when_account_is_chosen(server, lao, field):
    body = company()
    del body[field]
    refused(post(server, lao, body), field)


def test_refused_buyer_is_not_stored(server, lao, db):
    body = company()
    del body["phone"]
    post(server, lao, body)
    assert db.scalar("SELECT COUNT(*) FROM buyers WHERE org_name = ?", (body["org_name"],)) == 0


def test_road_and_office_phone_are_optional(server, lao):
    b = create(server, lao, company(road="", office_phone=""))
    assert b["road"] is None and b["office_phone"] is None


# ---- conditional rules ---------------------------------------------------------

def test_tver_fields_are_not_required_without_account(server, lao):
    b = create(server, lao, person())
    assert b["has_tver_account"] is False


def test_tver_values_sent_without_account_are_cleared(server, lao):
    b = create(server, lao, person(tver_account_name="ไม่ควรเก็บ", tver_account_no="X-" + marker()))
    assert b["tver_account_name"] is None and b["tver_account_no"] is None


def test_edit_to_no_account_clears_tver_values(server, lao):
    body = company()
    b = create(server, lao, body)
    r = put(server, lao, b["id"], dict(body, has_tver_account=False))
    assert r.status_code == 200, r.text
    assert r.json()["tver_account_no"] is None and r.json()["has_tver_account"] is False


def test_has_tver_account_must_be_a_boolean(server, lao):
    refused(post(server, lao, company(has_tver_account="yes")), "has_tver_account")


def test_individual_needs_no_organisation_fields(server, lao):
    b = create(server, lao, person(org_name="ไม่ควรเก็บ", business_type=ENERGY_TH))
    assert b["org_name"] is None and b["business_type"] is None


def test_organisation_needs_no_individual_fields(server, lao):
    b = create(server, lao, company(first_name="ไม่ควร", last_name="เก็บ", occupation="x"))
    assert (b["first_name"], b["last_name"], b["occupation"]) == (None, None, None)


def test_display_name_of_individual_is_first_and_last_name(server, lao):
    body = person()
    b = create(server, lao, body)
    assert b["display_name"] == body["first_name"] + " " + body["last_name"]


def test_display_name_of_organisation_is_its_name(server, lao):
    body = company()
    assert create(server, lao, body)["display_name"] == body["org_name"]


def test_unknown_buyer_type_is_refused(server, lao):
    refused(post(server, lao, company(buyer_type="alien")), "buyer_type")



def test_district_outside_the_province_is_refused(server, lao):
    refused(post(server, lao, person(province_code="50")), "district_code")


def test_subdistrict_outside_the_district_is_refused(server, lao):
    refused(post(server, lao, person(subdistrict_code="540301")), "subdistrict_code")


def test_postcode_of_another_subdistrict_is_refused(server, lao):
    refused(post(server, lao, person(postcode="54150")), "postcode")


@pytest.mark.parametrize("postcode", ["5400", "540000", "54O00"])
def test_postcode_must_be_five_digits(server, lao, postcode):
    refused(post(server, lao, person(postcode=postcode)), "postcode")


def test_address_in_another_province_is_accepted(server, lao):
    b = create(server, lao, person(**CHIANG_MAI))
    assert (b["province_name"], b["district_code"], b["postcode"]) == ("เชียงใหม่", "5001", "50200")


def test_registration_date_in_the_future_is_refused(server, lao):
    future = (datetime.now(BANGKOK).date() + timedelta(days=2)).isoformat()
    refused(post(server, lao, person(registered_on=future)), "registered_on")


def test_registration_date_that_does_not_exist_is_refused(server, lao):
    refused(post(server, lao, person(registered_on="2025-02-30")), "registered_on")


@pytest.mark.parametrize("typed,stored", [
    ("081-234-5678", "0812345678"),
    ("0912345678", "0912345678"),
    ("06 1234 5678", "0612345678"),
    ("+66 81 234 5678", "0812345678"),
    ("02-123-4567", "021234567"),
    ("054 511 234", "054511234"),
])
def test_phone_in_a_thai_format_is_stored_as_digits(server, lao, typed, stored):
    assert create(server, lao, person(phone=typed))["phone"] == stored


@pytest.mark.parametrize("typed", ["12345", "081-234-567", "081-234-56789", "1812345678", "0112345678",
                                   "071234567890", "08123456ab", "02-123-4567 ต่อ 12"])
def test_phone_that_is_not_a_thai_number_is_refused(server, lao, typed):
    refused(post(server, lao, person(phone=typed)), "phone")


@pytest.mark.parametrize("typed,stored", [
    ("02-123-4567", "021234567"),
    ("02-123-4567 ต่อ 123", "021234567 ต่อ 123"),
    ("02 123 4567 ext. 55", "021234567 ต่อ 55"),
    ("053-111-222 #9", "053111222 ต่อ 9"),
])
def test_office_phone_may_carry_an_extension(server, lao, typed, stored):
    assert create(server, lao, person(office_phone=typed))["office_phone"] == stored


@pytest.mark.parametrize("typed", ["02-123-4567 ต่อ", "02-123-4567 ต่อ 1234567", "สำนักงาน", "02-123"])
def test_office_phone_that_is_not_a_thai_number_is_refused(server, lao, typed):
    refused(post(server, lao, person(office_phone=typed)), "office_phone")


# ---- business type: typed text, the code list only suggests ---------------------

def test_business_type_not_in_the_code_list_is_accepted(server, lao, db):
    text = "รับเหมาก่อสร้างถนนและสะพาน " + marker()
    b = create(server, lao, company(business_type=text))
    assert b["business_type"] == text
    assert get(server, lao, b["id"])["business_type"] == text
    assert db.scalar("SELECT COUNT(*) FROM code_lists WHERE list = 'business_type' AND name_th = ?", (text,)) == 0


def test_business_type_picked_from_the_suggestions_is_stored_as_its_text(server, lao):
    assert create(server, lao, company(business_type=ENERGY_TH))["business_type"] == ENERGY_TH


def test_business_type_is_trimmed(server, lao):
    assert create(server, lao, company(business_type="  ค้าปลีกออนไลน์ \t"))["business_type"] == "ค้าปลีกออนไลน์"


@pytest.mark.parametrize("buyer_type", ["private", "state_enterprise", "government"])
def test_blank_business_type_of_an_organisation_is_refused(server, lao, buyer_type):
    message = refused(post(server, lao, company(buyer_type=buyer_type, business_type=" \t ")), "business_type")
    assert message == "กรุณาระบุประเภทกิจการ"


def test_business_type_of_200_characters_is_accepted(server, lao):
    text = "ก" * 200                      # 200 characters, 600 bytes of UTF-8
    assert create(server, lao, company(business_type=text))["business_type"] == text


def test_business_type_over_200_characters_is_refused(server, lao):
    refused(post(server, lao, company(business_type="ก" * 201)), "business_type")


@pytest.mark.parametrize("text", ["ค้า\tปลีก", "ค้า\nปลีก", "ค้า\rปลีก", "ค้า\x01ปลีก", "ค้า\x7fปลีก",
                                  "ค้า\x85ปลีก", "ค้า\u009bปลีก"])
def test_business_type_with_a_control_character_is_refused(server, lao, text):
    refused(post(server, lao, company(business_type=text)), "business_type")


def test_business_type_must_be_text(server, lao):
    refused(post(server, lao, company(business_type=12)), "business_type")


def test_business_type_can_be_changed_to_other_text(server, lao, db):
    body = company()
    b = create(server, lao, body)
    r = put(server, lao, b["id"], dict(body, business_type="โรงสีข้าวชุมชน"))
    assert r.status_code == 200, r.text
    assert r.json()["business_type"] == "โรงสีข้าวชุมชน"
    _, before, after = audit_rows(db, b["id"])[-1]
    assert before["business_type"] == ENERGY_TH and after["business_type"] == "โรงสีข้าวชุมชน"


def test_free_text_business_type_is_shown_back_escaped(server, lao):
    mk = marker()
    text = f'{SCRIPT} & "ธุรกิจ" {mk}'
    escaped = f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;ธุรกิจ&quot; {mk}"
    b = create(server, lao, company(business_type=text))
    assert get(server, lao, b["id"])["business_type"] == text
    view = lao[0].get(server.url(f"/registry/buyers/{b['id']}")).text
    assert f'<dd id="buyer-business_type">{escaped}</dd>' in view
    assert "<script>alert" not in view
    edit = lao[0].get(server.url(f"/registry/buyers/{b['id']}/edit")).text
    assert re.search(r'name="business_type" value="' + re.escape(escaped) + '"', edit)
    assert "<script>alert" not in edit


def test_form_offers_the_business_type_code_list_as_a_datalist(server, lao, db):
    html = lao[0].get(server.url("/registry/buyers/new")).text
    field = re.search(r'<input[^>]*name="business_type"[^>]*>', html, re.S)
    assert field, "a text field for the business type"
    assert 'type="text"' in field.group(0) and 'list="business-type-list"' in field.group(0)
    assert 'maxlength="200"' in field.group(0)
    assert not re.search(r'<select[^>]*name="business_type"', html)
    datalist = re.search(r'<datalist id="business-type-list">(.*?)</datalist>', html, re.S)
    assert datalist, "the suggestions"
    offered = [unescape(v) for v in re.findall(r'<option value="([^"]*)">', datalist.group(1))]
    names = [r[0] for r in db.query("SELECT name_th FROM code_lists WHERE list = 'business_type' AND active = 1"
                                    " ORDER BY sort, code")]
    assert offered == names and ENERGY_TH in offered and "อื่น ๆ" in offered
    assert "<script>" not in html                     # no inline script: works under the strict CSP


def test_form_round_trip_of_a_typed_business_type(server, lao):
    http, csrf = lao
    body = form_of(company(business_type="ฟาร์มโคนมอินทรีย์"))
    r = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf), allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    page = unescape(http.get(r.headers["Location"]).text)
    assert '<dd id="buyer-business_type">ฟาร์มโคนมอินทรีย์</dd>' in page


def test_refused_form_keeps_the_typed_business_type_and_the_suggestions(server, lao):
    http, csrf = lao
    body = form_of(company(business_type="ฟาร์มโคนมอินทรีย์", phone="12345"))
    html = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf)).text
    assert 'name="business_type" value="ฟาร์มโคนมอินทรีย์"' in html
    assert '<datalist id="business-type-list"><option value="' in html


def test_name_filter_matches_percent_underscore_and_backslash_as_themselves(server, lao):
    mk = marker()
    exact = create(server, lao, company(org_name=f"บริษัท 100%_\\ {mk} จำกัด"))
    create(server, lao, company(org_name=f"บริษัท 100ab\\ {mk} จำกัด"))     # matches if % and _ were wildcards
    create(server, lao, company(org_name=f"บริษัท 100%_ {mk} จำกัด"))       # matches if \ were dropped
    assert ids_of(found(server, lao, q=f"100%_\\ {mk}")) == {exact["id"]}


def test_name_filter_ignores_ascii_case(server, lao):
    mk = marker()
    b = create(server, lao, company(org_name=f"Green Power {mk} Co., Ltd."))
    assert ids_of(found(server, lao, q=f"green POWER {mk.upper()}")) == {b["id"]}


def test_demo_buyers_carry_business_type_text(db):
    rows = dict(db.query("SELECT tver_account_no, business_type FROM buyers WHERE tver_account_no IN"
                         " ('TVER-B-2569-00012', 'TVER-B-2568-00027')"))
    assert rows == {"TVER-B-2569-00012": ENERGY_TH, "TVER-B-2568-00027": "ผลิตปูนซีเมนต์คาร์บอนต่ำ"}


# Migration 011: business-type codes become their Thai names.

MIGRATION_011 = support.ROOT / "sql" / "011_business_type_text.sql"


def tree_before_011(tmp_path):
    """A copy of tools/migrate and of the migrations before 011."""
    tree = tmp_path / "tree"
    (tree / "tools").mkdir(parents=True)
    (tree / "sql").mkdir()
    shutil.copy(support.ROOT / "tools" / "migrate", tree / "tools" / "migrate")
    for f in sorted((support.ROOT / "sql").glob("[0-9][0-9][0-9]_*.sql")):
        if f.name < MIGRATION_011.name[:4]:
            shutil.copy(f, tree / "sql" / f.name)
    return tree


def migrate(tree, database):
    proc = subprocess.run([str(tree / "tools" / "migrate"), "sqlite3", str(database)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


OLD_BUYERS = [  # (buyer_type, business_type as the old form stored it)
    ("private", "manufacturing"),
    ("government", "tourism"),          # a code DLA has switched off since
    ("state_enterprise", "energy"),
    ("private", "ธุรกิจที่พิมพ์เองแล้ว"),   # already text
    ("private", "no_such_code"),        # no code of the list: left alone
    ("individual", None),
]


def plant_old_buyers(database):
    con = sqlite3.connect(database)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        con.execute("INSERT INTO provinces (code, name_th) VALUES ('54', 'แพร่')")
        con.execute("INSERT INTO districts (code, province_code, name_th) VALUES ('5401', '54', 'เมืองแพร่')")
        con.execute("INSERT INTO subdistricts (code, district_code, name_th) VALUES ('540105', '5401', 'ทุ่งโฮ้ง')")
        con.execute("INSERT INTO users (subject, display_name, role, created_at)"
                    " VALUES ('dla.old', 'DLA', 'dla', '2025-01-01T00:00:00Z')")
        con.execute("UPDATE code_lists SET active = 0 WHERE list = 'business_type' AND code = 'tourism'")
        for i, (buyer_type, business_type) in enumerate(OLD_BUYERS):
            person_ = buyer_type == "individual"
            con.execute(
                "INSERT INTO buyers (buyer_type, registered_on, has_tver_account, first_name, last_name,"
                " occupation, org_name, business_type, display_name, address, province_code, district_code,"
                " subdistrict_code, postcode, phone, coordinator_first_name, coordinator_last_name, created_by,"
                " created_at, updated_at) VALUES (?, '2025-01-15', 0, ?, ?, ?, ?, ?, ?, '1 หมู่ 1', '54', '5401',"
                " '540105', '54000', '0812345678', 'สมชาย', 'ใจดี', (SELECT id FROM users WHERE subject = 'dla.old'),"
                " '2025-01-15T00:00:00Z', '2025-01-15T00:00:00Z')",
                (buyer_type, "สมศรี" if person_ else None, f"เดิม {i}" if person_ else None,
                 "ค้าขาย" if person_ else None, None if person_ else f"บริษัท เดิม {i}", business_type,
                 f"buyer {i}"))
        con.commit()
    finally:
        con.close()


def business_types(database):
    con = sqlite3.connect(database)
    try:
        return [r[0] for r in con.execute("SELECT business_type FROM buyers ORDER BY id")]
    finally:
        con.close()


def test_migration_011_turns_business_type_codes_into_their_thai_names(tmp_path):
    tree = tree_before_011(tmp_path)
    database = tmp_path / "carbon.db"
    migrate(tree, database)
    plant_old_buyers(database)
    shutil.copy(MIGRATION_011, tree / "sql" / MIGRATION_011.name)
    assert f"applying {MIGRATION_011.stem}" in migrate(tree, database)
    assert business_types(database) == ["อุตสาหกรรมการผลิต", "การท่องเที่ยว โรงแรม และบริการ", ENERGY_TH,
                                        "ธุรกิจที่พิมพ์เองแล้ว", "no_such_code", None]
    assert f"applying {MIGRATION_011.stem}" not in migrate(tree, database)      # applied once
    assert business_types(database)[0] == "อุตสาหกรรมการผลิต"


def test_migration_011_runs_on_the_servers_database(db):
    """The same SQL on the suite's database (SQLite, or PostgreSQL under
    CARBON_TEST_PG): a coded row planted the old way becomes its Thai name,
    other text stays; all in one transaction that is rolled back, so the
    other suites' rows are untouched."""
    mk = marker()
    plant = ("INSERT INTO buyers (buyer_type, registered_on, has_tver_account, org_name, business_type,"
             " display_name, address, province_code, district_code, subdistrict_code, postcode, phone,"
             " coordinator_first_name, coordinator_last_name, created_by, created_at, updated_at)"
             " SELECT 'private', '2025-01-15', 0, 'บริษัท {mk} {n}', '{bt}', 'บริษัท {mk} {n}', '1 หมู่ 1', '54',"
             " '5401', '540105', '54000', '0812345678', 'สมชาย', 'ใจดี', id, '2025-01-15T00:00:00Z',"
             " '2025-01-15T00:00:00Z' FROM users WHERE subject = 'dla.admin'")
    check = f"SELECT business_type FROM buyers WHERE display_name LIKE 'บริษัท {mk} %' ORDER BY display_name"
    statements = [plant.format(mk=mk, n=1, bt="retail"), plant.format(mk=mk, n=2, bt="ค้าปลีกออนไลน์"),
                  MIGRATION_011.read_text()]
    if db.is_pg:
        rows = db.query("BEGIN;\n" + ";\n".join(s.rstrip().rstrip(";") for s in statements)
                        + ";\n" + check + ";\nROLLBACK")
    else:
        con = sqlite3.connect(db.target, timeout=15, isolation_level=None)
        try:
            con.execute("BEGIN IMMEDIATE")
            for s in statements:
                con.execute(s)
            rows = con.execute(check).fetchall()
            con.execute("ROLLBACK")
        finally:
            con.close()
        db.query("SELECT 1")                    # gives the WAL files back to Apache's user
    assert [r[0] for r in rows] == ["ค้าปลีกและค้าส่ง", "ค้าปลีกออนไลน์"]
    assert db.scalar(f"SELECT COUNT(*) FROM buyers WHERE display_name LIKE 'บริษัท {mk} %'") == 0


# ---- duplicates ------------------------------------------------------------------

def test_duplicate_tver_account_no_is_refused_on_create(server, lao, other_lao):
    first = create(server, lao, company(registered_on="2024-10-01"))
    message = refused(post(server, other_lao, company(tver_account_no=first["tver_account_no"])),
                      "tver_account_no")
    assert first["display_name"] in message and "1 ต.ค. 2567" in message


def test_duplicate_tver_account_no_is_refused_on_edit(server, lao):
    first = create(server, lao, company())
    body = company()
    second = create(server, lao, body)
    r = put(server, lao, second["id"], dict(body, tver_account_no=first["tver_account_no"]))
    assert first["display_name"] in refused(r, "tver_account_no")
    assert get(server, lao, second["id"])["tver_account_no"] == body["tver_account_no"]


def test_edit_keeping_its_own_tver_account_no_is_accepted(server, lao):
    body = company()
    b = create(server, lao, body)
    assert put(server, lao, b["id"], dict(body, road="ถนนใหม่")).status_code == 200


def test_concurrent_duplicates_store_only_one(server, lao, db):
    number = "TV-RACE-" + marker()
    answers = []

    def attempt():
        http = requests.Session()
        http.cookies.update(lao[0].cookies)
        answers.append(post(server, (http, lao[1]), company(tver_account_no=number)).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [201] + [422] * 5, answers
    assert db.scalar("SELECT COUNT(*) FROM buyers WHERE tver_account_no = ?", (number,)) == 1


# ---- who may change what --------------------------------------------------------

@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province", "dla.admin", "lao.50-1"])
def test_every_role_may_add_a_buyer(server, session_for, user):
    assert post(server, session_for(user), person()).status_code == 201


def test_buyer_of_an_lao_is_owned_by_that_lao(server, lao):
    b = create(server, lao, person())
    assert (b["owner_lao_code"], b["owner_province_code"]) == ("5540105", None)


def test_buyer_of_a_provincial_office_is_owned_by_its_province(server, phrae_office):
    b = create(server, phrae_office, person())
    assert (b["owner_lao_code"], b["owner_province_code"]) == (None, "54")


def test_every_role_may_read_any_buyer(server, lao, session_for):
    b = create(server, lao, person())
    for user in ["lao.50-1", "lao.30-1", "phrae.province", "dla.admin"]:
        assert session_for(user)[0].get(server.url(f"/api/v1/buyers/{b['id']}")).status_code == 200, user


def test_owner_lao_may_edit(server, lao):
    body = person()
    b = create(server, lao, body)
    r = put(server, lao, b["id"], dict(body, occupation="เกษตรกร"))
    assert r.status_code == 200 and r.json()["occupation"] == "เกษตรกร"


def test_other_lao_gets_403_on_edit(server, lao, other_lao):
    body = person()
    b = create(server, lao, body)
    r = put(server, other_lao, b["id"], dict(body, occupation="เกษตรกร"))
    assert r.status_code == 403 and THAI.search(r.json()["error"])


def test_refused_edit_changes_nothing(server, lao, other_lao, db):
    body = person()
    b = create(server, lao, body)
    put(server, other_lao, b["id"], dict(body, occupation="เกษตรกร"))
    assert get(server, lao, b["id"])["occupation"] == body["occupation"]
    assert [a for a, _, _ in audit_rows(db, b["id"])] == ["create"]


def test_province_office_of_another_province_gets_403(server, phrae_office, chiang_mai_office):
    body = person()
    b = create(server, phrae_office, body)
    assert put(server, chiang_mai_office, b["id"], dict(body, occupation="ครู")).status_code == 403


def test_province_office_may_not_edit_a_buyer_its_lao_registered(server, lao, phrae_office):
    body = person()
    b = create(server, lao, body)
    assert put(server, phrae_office, b["id"], dict(body, occupation="ครู")).status_code == 403


def test_creator_province_office_may_edit(server, phrae_office):
    body = person()
    b = create(server, phrae_office, body)
    assert put(server, phrae_office, b["id"], dict(body, occupation="ครู")).status_code == 200


def test_dla_may_edit_any_buyer(server, lao, dla):
    body = person()
    b = create(server, lao, body)
    assert put(server, dla, b["id"], dict(body, occupation="ครู")).status_code == 200


def test_lao_may_not_edit_a_buyer_dla_registered(server, lao, dla):
    body = person()
    b = create(server, dla, body)
    assert put(server, lao, b["id"], dict(body, occupation="ครู")).status_code == 403


def test_can_edit_tells_who_may_change_the_buyer(server, lao, other_lao):
    b = create(server, lao, person())
    assert get(server, lao, b["id"])["can_edit"] is True
    assert get(server, other_lao, b["id"])["can_edit"] is False


def test_edit_of_unknown_buyer_is_404(server, dla):
    assert put(server, dla, 999999999, person()).status_code == 404


def test_unknown_buyer_is_404(server, lao):
    assert lao[0].get(server.url("/api/v1/buyers/999999999")).status_code == 404
    assert lao[0].get(server.url("/api/v1/buyers/abc")).status_code == 404


# ---- audit ---------------------------------------------------------------------------

def test_create_is_audited_with_the_new_record(server, lao, db):
    b = create(server, lao, company())
    [(action, before, after)] = audit_rows(db, b["id"])
    assert action == "create" and before is None
    assert after["tver_account_no"] == b["tver_account_no"] and after["display_name"] == b["display_name"]


def test_update_is_audited_with_before_and_after(server, lao, db):
    body = person(occupation="ค้าขาย")
    b = create(server, lao, body)
    put(server, lao, b["id"], dict(body, occupation="เกษตรกร"))
    action, before, after = audit_rows(db, b["id"])[-1]
    assert action == "update"
    assert (before["occupation"], after["occupation"]) == ("ค้าขาย", "เกษตรกร")


# ---- search filters ----------------------------------------------------------------

@pytest.fixture(scope="module")
def dated(server, lao):
    """Buyers around the fiscal-year edges, all with one marker in their names."""
    mk = marker()
    dates = ["2023-09-30", "2023-10-01", "2024-01-01", "2024-09-30", "2024-10-01", "2024-12-31"]
    ids = {}
    for d in dates:
        ids[d] = create(server, lao, person(registered_on=d, last_name=f"{mk} {d}"))["id"]
    return mk, ids


def ids_of(answer):
    return {item["id"] for item in answer["items"]}


def test_fiscal_year_starts_on_1_october(server, lao, dated):
    mk, ids = dated
    got = ids_of(found(server, lao, q=mk, fiscal_year=2567))
    assert ids["2023-10-01"] in got and ids["2023-09-30"] not in got


def test_fiscal_year_ends_on_30_september(server, lao, dated):
    mk, ids = dated
    got = ids_of(found(server, lao, q=mk, fiscal_year=2567))
    assert ids["2024-09-30"] in got and ids["2024-10-01"] not in got


def test_fiscal_year_holds_exactly_its_dates(server, lao, dated):
    mk, ids = dated
    assert ids_of(found(server, lao, q=mk, fiscal_year=2567)) == {
        ids["2023-10-01"], ids["2024-01-01"], ids["2024-09-30"]}


def test_registration_year_is_the_be_calendar_year(server, lao, dated):
    mk, ids = dated
    assert ids_of(found(server, lao, q=mk, registered_year=2567)) == {
        ids["2024-01-01"], ids["2024-09-30"], ids["2024-10-01"], ids["2024-12-31"]}


def test_registration_date_range_includes_both_ends(server, lao, dated):
    mk, ids = dated
    assert ids_of(found(server, lao, q=mk, registered_from="2023-10-01", registered_to="2024-09-30")) == {
        ids["2023-10-01"], ids["2024-01-01"], ids["2024-09-30"]}


def test_registration_date_range_accepts_be_dates(server, lao, dated):
    mk, ids = dated
    assert ids_of(found(server, lao, q=mk, registered_from="01/10/2567", registered_to="31/12/2567")) == {
        ids["2024-10-01"], ids["2024-12-31"]}


def test_registration_date_from_alone(server, lao, dated):
    mk, ids = dated
    assert ids_of(found(server, lao, q=mk, registered_from="2024-10-01")) == {ids["2024-10-01"], ids["2024-12-31"]}


def test_fiscal_year_and_registration_year_combine(server, lao, dated):
    mk, ids = dated
    assert ids_of(found(server, lao, q=mk, fiscal_year=2568, registered_year=2567)) == {
        ids["2024-10-01"], ids["2024-12-31"]}


@pytest.fixture(scope="module")
def spread(server, lao):
    """Buyers of every type in two provinces and two subdistricts, one marker."""
    mk = marker()
    made = {
        "phrae_person": person(last_name=mk),
        "phrae_other_subdistrict": person(last_name=mk, subdistrict_code="540101"),
        "phrae_company": company(org_name="บริษัท " + mk),
        "cm_government": company(org_name="กรม " + mk, buyer_type="government", **CHIANG_MAI),
        "cm_state": company(org_name="การ " + mk, buyer_type="state_enterprise", **CHIANG_MAI),
    }
    return mk, {name: create(server, lao, body)["id"] for name, body in made.items()}


def test_name_filter_finds_only_matching_buyers(server, lao, spread):
    mk, ids = spread
    assert ids_of(found(server, lao, q=mk)) == set(ids.values())


def test_province_filter(server, lao, spread):
    mk, ids = spread
    assert ids_of(found(server, lao, q=mk, province_code="50")) == {ids["cm_government"], ids["cm_state"]}


def test_district_filter(server, lao, spread):
    mk, ids = spread
    assert ids_of(found(server, lao, q=mk, district_code="5401")) == {
        ids["phrae_person"], ids["phrae_other_subdistrict"], ids["phrae_company"]}


def test_subdistrict_filter(server, lao, spread):
    mk, ids = spread
    assert ids_of(found(server, lao, q=mk, subdistrict_code="540101")) == {ids["phrae_other_subdistrict"]}


def test_buyer_type_filter(server, lao, spread):
    mk, ids = spread
    assert ids_of(found(server, lao, q=mk, buyer_type="government")) == {ids["cm_government"]}


def test_filters_combined(server, lao, spread):
    mk, ids = spread
    got = found(server, lao, q=mk, province_code="54", district_code="5401", subdistrict_code="540105",
                buyer_type="individual", registered_year=2568, fiscal_year=2568,
                registered_from="2025-01-01", registered_to="2025-01-31")
    assert ids_of(got) == {ids["phrae_person"]} and got["total"] == 1


def test_search_items_carry_the_listed_columns(server, lao, spread):
    mk, ids = spread
    [item] = found(server, lao, q=mk, subdistrict_code="540101")["items"]
    for key in ["registered_on", "display_name", "buyer_type", "buyer_type_name", "has_tver_account",
                "tver_account_no", "province_name", "district_name", "phone", "registered_by_name",
                "registered_by_org", "can_edit"]:
        assert key in item, key


@pytest.mark.parametrize("name,value", [
    ("fiscal_year", "abc"), ("fiscal_year", "2025x"), ("registered_year", "1"),
    ("province_code", "5"), ("district_code", "54011"), ("subdistrict_code", "x"),
    ("buyer_type", "alien"), ("registered_from", "31/02/2567"), ("registered_to", "2024-13-01"),
    ("page", "0"), ("per_page", "0"), ("per_page", "101"), ("province_code", "99"),
])
def test_bad_filter_value_is_422(server, lao, name, value):
    refused(search(server, lao, **{name: value}), name)


def test_filter_district_outside_the_province_is_422(server, lao):
    refused(search(server, lao, province_code="50", district_code="5401"), "district_code")


def test_filter_subdistrict_outside_the_district_is_422(server, lao):
    refused(search(server, lao, district_code="5001", subdistrict_code="540105"), "subdistrict_code")


def test_filter_date_range_backwards_is_422(server, lao):
    refused(search(server, lao, registered_from="2025-02-01", registered_to="2025-01-01"), "registered_to")


# ---- pages ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seven(server, lao):
    mk = marker()
    ids = [create(server, lao, person(last_name=mk, registered_on=f"2025-03-{day:02d}"))["id"]
           for day in range(1, 8)]
    return mk, ids


def test_page_size_limits_the_items(server, lao, seven):
    mk, _ = seven
    got = found(server, lao, q=mk, per_page=3)
    assert len(got["items"]) == 3 and got["total"] == 7


def test_last_page_holds_the_rest(server, lao, seven):
    mk, _ = seven
    assert len(found(server, lao, q=mk, per_page=3, page=3)["items"]) == 1


def test_page_after_the_last_is_empty_with_the_total(server, lao, seven):
    mk, _ = seven
    got = found(server, lao, q=mk, per_page=3, page=4)
    assert got["items"] == [] and got["total"] == 7


def test_pages_cover_every_buyer_once_newest_first(server, lao, seven):
    mk, ids = seven
    pages = [found(server, lao, q=mk, per_page=3, page=n)["items"] for n in (1, 2, 3)]
    assert [item["id"] for page in pages for item in page] == list(reversed(ids))


def test_page_size_of_100_is_allowed(server, lao, seven):
    mk, _ = seven
    assert len(found(server, lao, q=mk, per_page=100)["items"]) == 7


def test_default_page_size_is_20(server, lao):
    assert found(server, lao)["per_page"] == 20


# ---- the HTML pages ----------------------------------------------------------------------

def test_new_form_defaults_registration_date_to_today(server, lao):
    html = lao[0].get(server.url("/registry/buyers/new")).text
    assert re.search(r'name="registered_on" value="' + re.escape(today_be()) + '"', html)


def test_new_form_marks_required_fields(server, lao):
    html = lao[0].get(server.url("/registry/buyers/new")).text
    for label in ["ประเภทผู้ซื้อ", "วันที่ลงทะเบียนผู้ซื้อ", "ข้อมูลบัญชีของผู้ซื้อ", "ชื่อบัญชีผู้ซื้อ (T-VER)",
                  "เลขที่บัญชีผู้ซื้อ (T-VER)", "ชื่อผู้ซื้อ", "นามสกุล", "อาชีพ", "ชื่อบริษัท/ชื่อหน่วยงาน",
                  "ประเภทกิจการ", "ที่อยู่", "จังหวัด", "อำเภอ/เขต", "ตำบล/แขวง", "รหัสไปรษณีย์",
                  "หมายเลขโทรศัพท์", "ชื่อผู้ประสานงาน", "นามสกุลผู้ประสานงาน"]:
        assert re.search(re.escape(label) + r'<span class="req">\*</span>', html), label


def test_new_form_offers_the_four_buyer_types(server, lao):
    html = lao[0].get(server.url("/registry/buyers/new")).text
    for code in ["individual", "private", "state_enterprise", "government"]:
        assert f'name="buyer_type" value="{code}"' in html


def test_form_round_trip_redirects_to_the_view_page(server, lao):
    http, csrf = lao
    body = form_of(company(registered_on="01/10/2567"))
    r = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf), allow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    m = re.search(r"/carbon/registry/buyers/(\d+)\?saved=1$", r.headers["Location"])
    assert m, r.headers["Location"]
    page = http.get(r.headers["Location"]).text
    assert body["org_name"] in unescape(page) and "บันทึกข้อมูลผู้ซื้อเรียบร้อยแล้ว" in page
    assert get(server, lao, m.group(1))["registered_on"] == "2024-10-01"


def test_form_without_csrf_token_is_refused(server, lao, db):
    http, _ = lao
    body = form_of(company())
    r = http.post(server.url("/registry/buyers"), data=body, allow_redirects=False)
    assert r.status_code == 403
    assert db.scalar("SELECT COUNT(*) FROM buyers WHERE org_name = ?", (body["org_name"],)) == 0


def test_bad_form_shows_thai_messages_next_to_the_fields(server, lao):
    http, csrf = lao
    body = form_of(person(first_name="", phone="12345"))
    r = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf), allow_redirects=False)
    assert r.status_code == 422
    assert re.search(r'id="e-first_name">กรุณาระบุชื่อผู้ซื้อ<', r.text)
    assert re.search(r'id="e-phone">หมายเลขโทรศัพท์ไม่ถูกต้อง', r.text)


def test_bad_form_keeps_the_entered_values(server, lao):
    http, csrf = lao
    body = form_of(person(first_name="", phone="12345", address="55 หมู่ 9 บ้านทดสอบ", registered_on="05/01/2568"))
    html = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf)).text
    for name in ["address", "last_name", "occupation", "phone", "registered_on"]:
        assert f'name="{name}" value="{body[name]}"' in html, name
    assert 'name="buyer_type" value="individual" checked' in html
    assert 'name="has_tver_account" value="0" checked' in html
    assert re.search(r'<option value="540105" selected>', html)


def test_edit_form_shows_the_current_values(server, lao):
    body = company()
    b = create(server, lao, body)
    html = lao[0].get(server.url(f"/registry/buyers/{b['id']}/edit")).text
    assert f'value="{body["tver_account_no"]}"' in html and 'value="15/01/2568"' in html
    assert 'name="has_tver_account" value="1" checked' in html


def test_edit_form_round_trip_saves_the_change(server, lao):
    http, csrf = lao
    body = company()
    b = create(server, lao, body)
    form = form_of(dict(body, road="ถนนเจริญเมือง", registered_on="15/01/2568"))
    r = http.post(server.url(f"/registry/buyers/{b['id']}"), data=dict(form, csrf_token=csrf),
                  allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/registry/buyers/{b['id']}?saved=1")
    assert get(server, lao, b["id"])["road"] == "ถนนเจริญเมือง"


def test_edit_page_of_another_lao_is_403(server, lao, other_lao):
    b = create(server, lao, person())
    r = other_lao[0].get(server.url(f"/registry/buyers/{b['id']}/edit"))
    assert r.status_code == 403 and "ไม่มีสิทธิ์" in r.text


def test_edit_form_post_of_another_lao_is_403(server, lao, other_lao):
    http, csrf = other_lao
    body = person()
    b = create(server, lao, body)
    r = http.post(server.url(f"/registry/buyers/{b['id']}"), data=dict(form_of(body), csrf_token=csrf),
                  allow_redirects=False)
    assert r.status_code == 403


def test_form_refresh_lists_districts_without_saving(server, lao, db):
    http, csrf = lao
    body = form_of(person(province_code="50", district_code="", subdistrict_code="", postcode=""))
    r = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf, refresh="1"))
    assert r.status_code == 200 and '<option value="5001">' in r.text and "field-error" not in r.text
    assert db.scalar("SELECT COUNT(*) FROM buyers WHERE last_name = ?", (body["last_name"],)) == 0


def test_form_refresh_fills_the_only_postcode_of_the_subdistrict(server, lao):
    http, csrf = lao
    body = form_of(person(postcode=""))
    html = http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf, refresh="1")).text
    assert 'name="postcode" value="54000"' in html


def test_view_page_shows_the_buyer(server, lao):
    body = company()
    b = create(server, lao, body)
    html = unescape(lao[0].get(server.url(f"/registry/buyers/{b['id']}")).text)
    for text in [body["org_name"], body["tver_account_no"], "ทุ่งโฮ้ง", "เมืองแพร่", "02-123-4567 ต่อ 12",
                 "15 มกราคม 2568", "เทศบาลตำบลทุ่งโฮ้ง"]:
        assert text in html, text


def test_view_page_offers_edit_only_to_who_may_edit(server, lao, other_lao):
    b = create(server, lao, person())
    assert 'id="buyer-edit"' in lao[0].get(server.url(f"/registry/buyers/{b['id']}")).text
    assert 'id="buyer-edit"' not in other_lao[0].get(server.url(f"/registry/buyers/{b['id']}")).text


def test_search_page_lists_results_with_the_total(server, lao, seven):
    mk, ids = seven
    html = lao[0].get(server.url("/registry/buyers"), params={"q": mk, "per_page": "20"}).text
    assert re.search(r'id="buyer-count">.*<strong>7</strong>', html)
    for buyer_id in ids:
        assert f'href="/carbon/registry/buyers/{buyer_id}"' in html


def test_search_page_pages_keep_the_filters(server, lao, seven):
    mk, _ = seven
    html = lao[0].get(server.url("/registry/buyers"), params={"q": mk, "per_page": "20"}).text
    assert "&amp;page=" not in html
    html = unescape(lao[0].get(server.url("/registry/buyers"), params={"q": mk, "per_page": "3"}).text)
    assert f"/carbon/registry/buyers?q={mk}&per_page=3&page=3" in html


def test_search_page_shows_edit_buttons_only_where_allowed(server, lao, other_lao, seven):
    mk, ids = seven
    mine = lao[0].get(server.url("/registry/buyers"), params={"q": mk, "all": "1"}).text
    theirs = other_lao[0].get(server.url("/registry/buyers"), params={"q": mk, "all": "1"}).text
    assert f'/registry/buyers/{ids[0]}/edit"' in mine and f'/registry/buyers/{ids[0]}/edit"' not in theirs


def test_search_page_opens_on_the_current_fiscal_year(server, lao):
    today = datetime.now(BANGKOK).date()
    fy = today.year + 543 + (1 if today.month >= 10 else 0)
    html = lao[0].get(server.url("/registry/buyers")).text
    assert f'<option value="{fy}" selected>' in html


def test_show_all_lists_every_fiscal_year(server, lao, dated):
    mk, ids = dated
    html = lao[0].get(server.url("/registry/buyers"), params={"all": "1", "q": mk}).text
    assert all(f'/registry/buyers/{i}"' in html for i in ids.values())
    assert 'id="buyer-show-all" href="/carbon/registry/buyers?all=1"' in html


def test_search_page_has_search_show_all_and_reset(server, lao):
    html = lao[0].get(server.url("/registry/buyers")).text
    for label in [">ค้นหา<", ">แสดงทั้งหมด<", ">ล้างการค้นหา<"]:
        assert label in html


def test_search_page_shows_thai_errors_for_bad_filters(server, lao):
    r = lao[0].get(server.url("/registry/buyers"), params={"registered_from": "31/02/2567"})
    assert r.status_code == 422 and "วันที่ลงทะเบียนเริ่มต้นไม่ถูกต้อง" in r.text


def test_search_page_lists_districts_of_the_chosen_province(server, lao):
    html = lao[0].get(server.url("/registry/buyers"), params={"province_code": "54"}).text
    assert '<option value="5401">เมืองแพร่</option>' in html and '<option value="5001">' not in html


def test_search_page_links_to_the_add_form(server, lao):
    assert 'href="/carbon/registry/buyers/new"' in lao[0].get(server.url("/registry/buyers")).text


# ---- escaping ----------------------------------------------------------------------------

TEXT_FIELDS = ["tver_account_name", "tver_account_no", "first_name", "last_name", "occupation",
               "address", "road", "coordinator_first_name", "coordinator_last_name"]


@pytest.fixture(scope="module")
def scripted(server, lao):
    """A person and an organisation whose every text field is a script."""
    mk = marker()
    p = person(has_tver_account=True, **{f: f"{SCRIPT}{i}{mk}" for i, f in enumerate(TEXT_FIELDS)})
    o = company(org_name=f"{SCRIPT}org{mk}", tver_account_no=f"{SCRIPT}no{mk}",
                business_type=f"{SCRIPT}bt{mk}")
    return mk, create(server, lao, p)["id"], create(server, lao, o)["id"]


def assert_escaped(html):
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html


def test_script_in_text_fields_is_escaped_on_the_view_page(server, lao, scripted):
    mk, pid, oid = scripted
    for buyer_id in (pid, oid):
        html = lao[0].get(server.url(f"/registry/buyers/{buyer_id}")).text
        assert_escaped(html)
    html = lao[0].get(server.url(f"/registry/buyers/{pid}")).text
    for i, f in enumerate(TEXT_FIELDS):
        assert f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;{i}{mk}" in html, f
    html = lao[0].get(server.url(f"/registry/buyers/{oid}")).text
    assert f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;bt{mk}" in html


def test_script_in_text_fields_is_escaped_on_the_search_page(server, lao, scripted):
    mk, _, _ = scripted
    html = lao[0].get(server.url("/registry/buyers"), params={"q": mk, "all": "1"}).text
    assert_escaped(html)
    assert html.count(mk) >= 4


def test_script_in_text_fields_is_escaped_in_the_edit_form(server, lao, scripted):
    _, pid, _ = scripted
    assert_escaped(lao[0].get(server.url(f"/registry/buyers/{pid}/edit")).text)


def test_script_in_a_search_filter_is_escaped(server, lao):
    html = lao[0].get(server.url("/registry/buyers"), params={"q": SCRIPT}).text
    assert "<script>alert" not in html


def test_script_in_a_refused_form_is_escaped(server, lao):
    http, csrf = lao
    body = form_of(person(address=SCRIPT, phone=SCRIPT))
    assert_escaped(http.post(server.url("/registry/buyers"), data=dict(body, csrf_token=csrf)).text)
