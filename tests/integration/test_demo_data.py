"""The demo data of `make run` (FIXED-POINTS.md, "Demo data")."""
import requests

import support

PHRAE = "54"


def dev_users(server):
    return requests.get(server.url("/api/v1/dev/users")).json()


def public_provinces(server):
    return requests.get(server.url("/api/v1/public/provinces")).json()


def test_demo_has_a_dla_user(server):
    assert any(u["role"] == "dla" for u in dev_users(server))


def test_demo_has_a_phrae_province_user(server):
    assert any(u["role"] == "province" and u["province_code"] == PHRAE for u in dev_users(server))


def test_demo_has_three_phrae_lao_users_whose_laos_hold_credits(server):
    phrae_laos = {u["lao_code"] for u in dev_users(server)
                  if u["role"] == "lao" and u["province_code"] == PHRAE}
    http, _ = support.sign_in(server, "dla.admin")
    with_credits = [code for code in phrae_laos
                    if http.get(server.url(f"/api/v1/laos/{code}/balance")).json()["certified_tco2e"] > 0]
    assert len(with_credits) >= 3


def test_phrae_laos_hold_credits_of_the_wet_waste_bin_project(server):
    laos = requests.get(server.url(f"/api/v1/public/provinces/{PHRAE}/laos")).json()["laos"]
    assert len(laos) >= 3
    lao = requests.get(server.url(f"/api/v1/public/laos/{laos[0]['lao_code']}")).json()
    assert any("ถังขยะเปียก" in c["project_name"] for c in lao["certifications"])


def test_demo_has_credits_in_five_other_provinces(server):
    others = [p for p in public_provinces(server)
              if p["province_code"] != PHRAE and p["laos_with_credits"] > 0]
    assert len(others) >= 5


def test_summary_equals_the_sum_over_provinces(server):
    summary = requests.get(server.url("/api/v1/public/summary")).json()
    provinces = public_provinces(server)
    for field in ("certified_tco2e", "sold_tco2e", "remaining_tco2e", "laos_with_credits"):
        assert summary[field] == sum(p[field] for p in provinces), field
    if all("awaiting_tco2e" in p for p in provinces):
        assert summary["awaiting_tco2e"] == sum(p["awaiting_tco2e"] for p in provinces)


def test_summary_totals_add_up(server):
    s = requests.get(server.url("/api/v1/public/summary")).json()
    assert s["remaining_tco2e"] + s["awaiting_tco2e"] + s["sold_tco2e"] == s["certified_tco2e"]


def test_every_lao_balance_keeps_remaining_awaiting_sold_equal_certified(server, db):
    http, _ = support.sign_in(server, "dla.admin")
    codes = [row[0] for row in db.query("SELECT code FROM laos ORDER BY code")]
    assert codes
    for code in codes:
        b = http.get(server.url(f"/api/v1/laos/{code}/balance")).json()
        assert b["remaining_tco2e"] + b["awaiting_tco2e"] + b["sold_tco2e"] == b["certified_tco2e"], code
