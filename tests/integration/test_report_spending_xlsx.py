"""The revenue-spending account report as .xlsx (GET api/v1/reports/spending.xlsx):
the same rows and the same scope as the PDF, with real number and date cells."""
import datetime
import io

import openpyxl
import pytest

from spending_support import FundedLao

XLSX = "/api/v1/reports/spending.xlsx"


@pytest.fixture(scope="module")
def lao(server, db, session_for):
    dla = session_for("dla.admin")
    lao = FundedLao(server, db, session_for, dla, quantity=10, unit_satang=123_456,
                    name="อบต.ทดสอบรายงานเอ็กเซล")
    rec = lao.request(2569)
    r = lao.item(rec["id"], name="โครงการลานกีฬาชุมชน", budget_credit_satang=123_450, budget_other_satang=5_000)
    assert r.status_code == 200, r.text
    return lao


def sheet(r):
    assert r.status_code == 200, r.text[:300]
    assert r.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return openpyxl.load_workbook(io.BytesIO(r.content)).active


def rows_of(ws):
    return [row for row in ws.iter_rows(min_row=5, values_only=True) if any(v is not None for v in row)]


def test_lao_report_lists_its_income_and_its_spending_with_numbers_and_dates(server, lao):
    ws = sheet(lao.http.get(server.url(XLSX), params={"fiscal_year": 2569, "form": "lao"}, timeout=60))
    assert "รายงานข้อมูลบัญชีการขอใช้จ่ายรายได้จากการขายคาร์บอนเครดิต" in ws["A1"].value
    assert "2569" in ws["A2"].value and lao.name in ws["A2"].value
    rows = rows_of(ws)
    income = [r for r in rows if r[0] == "รายรับ"]
    spending = [r for r in rows if r[0] == "รายจ่าย"]
    assert len(income) == 1 and income[0][4] == 10 and income[0][5] == pytest.approx(12345.60)
    assert isinstance(income[0][2], datetime.datetime) and income[0][2].date() == datetime.date(2026, 2, 1)
    assert spending == [("รายจ่าย", "ครั้งที่ 1", spending[0][2], "โครงการลานกีฬาชุมชน", None,
                         pytest.approx(1234.50), pytest.approx(50.0), spending[0][7])]


def test_lao_user_gets_only_its_own_lao(server, lao):
    ws = sheet(lao.http.get(server.url(XLSX), params={"fiscal_year": 2569, "form": "lao", "lao_code": "2300101"},
                            timeout=60))
    assert lao.name in ws["A2"].value
    assert all(r[1] != "2569-00002" for r in rows_of(ws))   # 2300101's demo sale


def test_province_form_has_one_row_per_lao_with_real_numbers(server, lao, session_for):
    http, _ = session_for("phrae.province")
    ws = sheet(http.get(server.url(XLSX), params={"fiscal_year": 2569, "form": "province"}, timeout=60))
    mine = [r for r in rows_of(ws) if r[1] == lao.code]
    assert len(mine) == 1
    assert mine[0][2] == lao.name and mine[0][3] == pytest.approx(12345.60) and mine[0][5] == 1


def test_national_form_is_dla_only(server, session_for):
    http, _ = session_for("phrae.province")
    assert http.get(server.url(XLSX), params={"fiscal_year": 2569, "form": "national"}, timeout=60).status_code == 403
    dla, _ = session_for("dla.admin")
    rows = rows_of(sheet(dla.get(server.url(XLSX), params={"fiscal_year": 2569, "form": "national"}, timeout=60)))
    assert len(rows) == 77 and any(r[1] == "แพร่" for r in rows)
