"""The geography lists behind the cascading pickers: provinces, districts of
a province, subdistricts of a district, postcodes of a subdistrict."""
import pytest
import requests


@pytest.fixture(scope="module")
def http(session_for):
    return session_for("lao.54-1")[0]


def listing(server, http, path):
    r = http.get(server.url("/api/v1/geo" + path))
    assert r.status_code == 200, r.text
    return r.json()


def test_provinces_lists_all_77(server, http):
    rows = listing(server, http, "/provinces")
    assert len(rows) == 77 and {"code": "54", "name_th": "แพร่"} in rows


def test_provinces_are_in_thai_dictionary_order(server, http):
    names = [row["name_th"] for row in listing(server, http, "/provinces")]
    expected = ["กระบี่", "กรุงเทพมหานคร", "ชลบุรี", "ชัยนาท", "ชุมพร", "เชียงราย", "เชียงใหม่", "ตรัง"]
    assert [n for n in names if n in expected] == expected


def test_districts_of_a_province(server, http):
    rows = listing(server, http, "/provinces/54/districts")
    codes = {row["code"] for row in rows}
    assert "5401" in codes and all(code.startswith("54") for code in codes) and len(rows) == 8


def test_subdistricts_of_a_district(server, http):
    rows = listing(server, http, "/districts/5401/subdistricts")
    assert {"code": "540105", "name_th": "ทุ่งโฮ้ง"} in rows
    assert all(row["code"].startswith("5401") for row in rows)


def test_postcodes_of_a_subdistrict(server, http):
    assert listing(server, http, "/subdistricts/540105/postcodes") == [{"code": "54000", "name_th": "54000"}]


@pytest.mark.parametrize("path", ["/provinces/99/districts", "/provinces/abc/districts",
                                  "/districts/9999/subdistricts", "/subdistricts/999999/postcodes"])
def test_unknown_parent_is_404(server, http, path):
    r = http.get(server.url("/api/v1/geo" + path))
    assert r.status_code == 404 and "error" in r.json()


def test_geography_needs_sign_in(server):
    assert requests.get(server.url("/api/v1/geo/provinces")).status_code == 401
