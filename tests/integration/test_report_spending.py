"""The revenue-spending account report (รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จาก
การขายคาร์บอนเครดิต) as a PDF: GET api/v1/reports/spending.pdf. pdftotext
reads back the Thai headings, the LAO or province, the fiscal year in BE and
the figures (income, committed, available as 1,234.56, and in Thai words);
pdffonts shows the embedded Thai font; the form is fixed by role."""
import re
import shutil
import subprocess

import pytest

from spending_support import FundedLao

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (make deps) is not installed")

PDF = "/api/v1/reports/spending.pdf"


@pytest.fixture(scope="module")
def lao(server, db, session_for):
    dla = session_for("dla.admin")
    lao = FundedLao(server, db, session_for, dla, quantity=10, unit_satang=123_456,
                    name="อบต.ทดสอบรายงาน")
    rec = lao.request(2569)
    r = lao.item(rec["id"], name="โครงการลานกีฬาชุมชน", budget_credit_satang=123_450, budget_other_satang=0)
    assert r.status_code == 200, r.text
    return lao


def text_of(pdf_bytes, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def get_pdf(server, http, **args):
    return http.get(server.url(PDF), params=args, timeout=60)


def test_lao_report_is_a_pdf_attachment(server, lao):
    r = get_pdf(server, lao.http, fiscal_year=2569, form="lao")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-") and "attachment" in r.headers["Content-Disposition"]


def test_lao_report_holds_the_headings_lao_and_fiscal_year(server, lao, tmp_path):
    text = text_of(get_pdf(server, lao.http, fiscal_year=2569, form="lao").content, tmp_path)
    for want in ("กรมส่งเสริมการปกครองท้องถิ่น", "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต",
                 "แบบ อปท.", lao.name, "2569", "โครงการลานกีฬาชุมชน"):
        assert want in text, want


def test_lao_report_holds_income_committed_and_available(server, lao, tmp_path):
    text = text_of(get_pdf(server, lao.http, fiscal_year=2569, form="lao").content, tmp_path)
    assert "12,345.60" in text          # income
    assert "1,234.50" in text           # committed
    assert "11,111.10" in text          # available


def test_lao_report_writes_the_totals_in_thai_words(server, lao, tmp_path):
    text = text_of(get_pdf(server, lao.http, fiscal_year=2569, form="lao").content, tmp_path)
    assert "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์" in text.replace(" ", "").replace("\n", "")


def test_lao_report_numbers_its_pages_x_of_y(server, lao, tmp_path):
    text = text_of(get_pdf(server, lao.http, fiscal_year=2569, form="lao").content, tmp_path)
    pages = [(int(x), int(y)) for x, y in re.findall(r"หน้า (\d+) จาก (\d+)", text)]
    assert pages and pages == [(i + 1, len(pages)) for i in range(len(pages))], pages


def test_report_embeds_the_thai_font(server, lao, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(get_pdf(server, lao.http, fiscal_year=2569, form="lao").content)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, timeout=60).stdout
    rows = [line for line in out.splitlines() if "Laksaman" in line]
    assert rows and all(" yes " in row for row in rows), out


def test_report_requires_a_fiscal_year(server, lao):
    r = get_pdf(server, lao.http, form="lao")
    assert r.status_code == 422 and "fiscal_year" in r.json()["errors"]


def test_lao_user_gets_only_its_own_lao(server, lao, tmp_path):
    r = get_pdf(server, lao.http, fiscal_year=2569, form="lao", lao_code="5540105")
    assert r.status_code == 200
    text = text_of(r.content, tmp_path)
    assert lao.name in text and "ทุ่งโฮ้ง" not in text


def test_lao_user_cannot_have_the_province_form(server, lao):
    assert get_pdf(server, lao.http, fiscal_year=2569, form="province", province_code="54").status_code == 403


def test_province_gets_its_province_form_with_its_laos(server, lao, session_for, tmp_path):
    http, _ = session_for("phrae.province")
    r = get_pdf(server, http, fiscal_year=2569, form="province")
    assert r.status_code == 200
    text = text_of(r.content, tmp_path)
    assert "แบบจังหวัด" in text and "แพร่" in text and lao.name in text and "12,345.60" in text, text[:3000]


def test_province_gets_the_lao_form_of_its_lao(server, lao, session_for, tmp_path):
    http, _ = session_for("phrae.province")
    r = get_pdf(server, http, fiscal_year=2569, form="lao", lao_code=lao.code)
    assert r.status_code == 200 and lao.name in text_of(r.content, tmp_path)


def test_province_cannot_have_another_provinces_lao_or_form(server, session_for):
    http, _ = session_for("phrae.province")
    assert get_pdf(server, http, fiscal_year=2569, form="lao", lao_code="2300101").status_code == 404
    assert get_pdf(server, http, fiscal_year=2569, form="province", province_code="30").status_code == 404


def test_province_cannot_have_the_national_form(server, session_for):
    http, _ = session_for("phrae.province")
    assert get_pdf(server, http, fiscal_year=2569, form="national").status_code == 403


def test_dla_gets_the_national_form_one_row_per_province(server, session_for, tmp_path):
    http, _ = session_for("dla.admin")
    r = get_pdf(server, http, fiscal_year=2569, form="national")
    assert r.status_code == 200
    text = text_of(r.content, tmp_path)
    assert "แบบภาพรวมประเทศ" in text and "นครราชสีมา" in text and "แพร่" in text
    assert "หน้า 1 จาก" in text


def test_report_page_fixes_the_form_for_an_lao_user(server, lao):
    html = lao.http.get(server.url("/reports/spending"), timeout=30).text
    assert 'value="แบบ อปท." readonly' in html and lao.name in html
