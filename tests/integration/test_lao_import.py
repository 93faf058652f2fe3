"""Importing DLA's list of LAOs from a CSV file (POST api/v1/laos/import
and the page admin/laos/import): every row is checked, errors are named by
spreadsheet row (header = 1) and then nothing is imported; known codes are
updated, new ones inserted, in one transaction with one audit row."""
import hashlib
import random

import pytest

HEADER = "code,name_th,lao_type,province_code,district_code,subdistrict_code"


def fresh_codes(db, n):
    """n LAO codes no row has yet (9xxxxxx: not the shape of a real code)."""
    taken = {row[0] for row in db.query("SELECT code FROM laos")}
    codes = set()
    while len(codes) < n:
        code = f"9{random.randint(0, 999999):06d}"
        if code not in taken:
            codes.add(code)
    return sorted(codes)


def row(code, name="องค์การบริหารส่วนตำบลทดสอบนำเข้า", lao_type="sao",
        province="54", district="5407", subdistrict="540701"):
    return f"{code},{name},{lao_type},{province},{district},{subdistrict}"


def csv_bytes(lines, bom=False, newline="\n"):
    text = newline.join([HEADER] + lines) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def post_import(server, http, csrf, content, filename="laos.csv", mime="text/csv"):
    return http.post(server.url("/api/v1/laos/import"), headers={"X-CSRF-Token": csrf},
                     files={"file": (filename, content, mime)}, timeout=120)


def count_laos(db, codes):
    marks = ",".join("?" * len(codes))
    return db.scalar(f"SELECT COUNT(*) FROM laos WHERE code IN ({marks})", tuple(codes))


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def test_good_file_inserts_new_codes_and_updates_known_ones(server, db, dla):
    http, csrf = dla
    known, new1, new2 = fresh_codes(db, 3)
    assert post_import(server, http, csrf, csv_bytes([row(known)])).status_code == 200
    content = csv_bytes([row(known, name="องค์การบริหารส่วนตำบลเปลี่ยนชื่อ"), row(new1), row(new2, lao_type="เทศบาลตำบล")])
    r = post_import(server, http, csrf, content)
    assert r.status_code == 200
    body = r.json()
    assert (body["inserted"], body["updated"]) == (2, 1)
    assert sorted(body["inserted_codes"]) == [new1, new2] and body["updated_codes"] == [known]


def test_imported_rows_are_readable_afterwards(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    content = csv_bytes([row(code, name="เทศบาลตำบลอ่านได้", lao_type="subdistrict_municipality",
                             province="50", district="5001", subdistrict="500110")])
    assert post_import(server, http, csrf, content).status_code == 200
    lao = http.get(server.url(f"/api/v1/laos/{code}")).json()
    assert lao["name_th"] == "เทศบาลตำบลอ่านได้"
    assert (lao["lao_type"], lao["province_code"], lao["district_code"], lao["subdistrict_code"]) == \
        ("subdistrict_municipality", "50", "5001", "500110")


def test_unchanged_rows_are_counted_apart_and_not_rewritten(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    content = csv_bytes([row(code)])
    post_import(server, http, csrf, content)
    body = post_import(server, http, csrf, content).json()
    assert (body["inserted"], body["updated"], body["unchanged"]) == (0, 0, 1)


def test_file_with_errors_on_lines_3_and_7_imports_nothing(server, db, dla):
    http, csrf = dla
    codes = fresh_codes(db, 6)
    lines = [row(codes[0]),
             row(codes[1], district="5001"),          # line 3: district of Chiang Mai in Phrae
             row(codes[2]), row(codes[3]), row(codes[4]),
             row("12345", name="abc")]                # line 7: short code, name not Thai
    r = post_import(server, http, csrf, csv_bytes(lines))
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert [e["line"] for e in errors["lines"]] == [3, 7]
    assert "5001" in errors["lines"][0]["message"]
    assert "7 หลัก" in errors["lines"][1]["message"]
    assert "ไม่ได้นำเข้า" in errors["file"]
    assert count_laos(db, codes[:5]) == 0


def test_duplicate_code_in_the_file_names_both_lines(server, db, dla):
    http, csrf = dla
    code, other = fresh_codes(db, 2)
    r = post_import(server, http, csrf, csv_bytes([row(code), row(other), row(code)]))
    assert r.status_code == 422
    (error,) = r.json()["errors"]["lines"]
    assert error["line"] == 4 and "แถวที่ 2" in error["message"]


def test_utf8_byte_order_mark_and_crlf_are_accepted(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    r = post_import(server, http, csrf, csv_bytes([row(code)], bom=True, newline="\r\n"))
    assert r.status_code == 200 and r.json()["inserted_codes"] == [code]
    assert db.query("SELECT name_th FROM laos WHERE code = ?", (code,))[0][0] == "องค์การบริหารส่วนตำบลทดสอบนำเข้า"


def test_quoted_fields_are_read_as_spreadsheets_write_them(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    content = f'{HEADER}\n"{code}","องค์การบริหารส่วนตำบล ""ทดสอบ"", หนึ่ง",sao,54,5407,540701\n'.encode()
    assert post_import(server, http, csrf, content).status_code == 200
    assert db.query("SELECT name_th FROM laos WHERE code = ?", (code,))[0][0] == 'องค์การบริหารส่วนตำบล "ทดสอบ", หนึ่ง'


def test_wrong_header_is_refused(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    content = ("code,name,type,province,district,subdistrict\n" + row(code) + "\n").encode()
    r = post_import(server, http, csrf, content)
    assert r.status_code == 422
    assert HEADER in r.json()["errors"]["file"]
    assert count_laos(db, [code]) == 0


def test_binary_file_is_refused(server, db, dla):
    http, csrf = dla
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    r = post_import(server, http, csrf, png, filename="laos.csv")
    assert r.status_code == 422
    assert "CSV" in r.json()["errors"]["file"]


def test_file_that_is_not_utf8_is_refused(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    content = (HEADER + "\n" + row(code) + "\n").encode("tis-620")
    r = post_import(server, http, csrf, content)
    assert r.status_code == 422
    assert "UTF-8" in r.json()["errors"]["file"]
    assert count_laos(db, [code]) == 0


def test_file_not_named_csv_is_refused(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    r = post_import(server, http, csrf, csv_bytes([row(code)]), filename="laos.pdf")
    assert r.status_code == 422 and ".csv" in r.json()["errors"]["file"]


def test_more_than_20000_rows_is_refused_with_a_thai_message(server, db, dla):
    http, csrf = dla
    lines = [row(f"9{i:06d}") for i in range(20001)]
    r = post_import(server, http, csrf, csv_bytes(lines))
    assert r.status_code == 422
    assert "20,000" in r.json()["errors"]["file"]


def test_file_over_4_mb_is_refused_with_a_thai_message(server, dla):
    http, csrf = dla
    content = csv_bytes([]) + b"x" * (4 * 1024 * 1024)
    r = post_import(server, http, csrf, content)
    assert r.status_code == 413
    assert "4 MB" in r.json()["error"]


def test_import_writes_one_audit_row_with_counts_and_file_hash(server, db, dla):
    http, csrf = dla
    codes = fresh_codes(db, 2)
    content = csv_bytes([row(c) for c in codes])
    assert post_import(server, http, csrf, content).status_code == 200
    sha = hashlib.sha256(content).hexdigest()
    rows = db.query("SELECT action, after_json FROM audit_log WHERE entity = 'lao_import' AND entity_id = ?", (sha,))
    assert len(rows) == 1 and rows[0][0] == "import"
    assert '"inserted":2' in rows[0][1] and sha in rows[0][1]


def test_import_page_lists_bad_lines_in_thai(server, db, dla):
    http, csrf = dla
    (code,) = fresh_codes(db, 1)
    content = csv_bytes([row(code), row(code[:-1], name="ทดสอบ")])
    r = http.post(server.url("/admin/laos/import"), data={"csrf_token": csrf},
                  files={"file": ("laos.csv", content, "text/csv")})
    assert r.status_code == 422
    assert 'id="import-errors"' in r.text and "<td class=\"num\">3</td>" in r.text
    assert "รหัส อปท. ต้องเป็นตัวเลข 7 หลัก" in r.text


def test_import_page_reports_inserted_and_updated_counts(server, db, dla):
    http, csrf = dla
    code, other = fresh_codes(db, 2)
    post_import(server, http, csrf, csv_bytes([row(code)]))
    r = http.post(server.url("/admin/laos/import"), data={"csrf_token": csrf},
                  files={"file": ("laos.csv", csv_bytes([row(code, name="เทศบาลตำบลหน้าเว็บ"), row(other)]), "text/csv")})
    assert r.status_code == 200
    assert 'id="import-inserted">1<' in r.text and 'id="import-updated">1<' in r.text


def test_import_page_documents_the_header_and_offers_the_template(server, dla):
    http, _ = dla
    html = http.get(server.url("/admin/laos/import")).text
    assert HEADER in html
    template = http.get(server.url("/static/laos-import-template.csv"))
    assert template.status_code == 200
    assert template.content.startswith(b"\xef\xbb\xbf" + HEADER.encode())


def test_template_file_imports_as_it_is(server, dla):
    http, csrf = dla
    template = http.get(server.url("/static/laos-import-template.csv")).content
    assert post_import(server, http, csrf, template).status_code == 200


def test_import_needs_the_csrf_token(server, db, dla):
    http, _ = dla
    (code,) = fresh_codes(db, 1)
    r = http.post(server.url("/api/v1/laos/import"), files={"file": ("laos.csv", csv_bytes([row(code)]), "text/csv")})
    assert r.status_code == 403
    assert count_laos(db, [code]) == 0
