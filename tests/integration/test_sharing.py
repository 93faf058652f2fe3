"""Sharing certified credits by the regulations' rules: each rule on a
certification of an odd number of credits, through the API (the stored
split and the LAO's ledger), shares that do not add up to 100 % or leave a
rule's bounds refused, the rules seeded with their legal references, and
the ledger invariant after every certification."""
import uuid

import pytest

LAO = "6300109"          # องค์การบริหารส่วนตำบลพลกรัง (นครราชสีมา): no demo user


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def dla(session_for):
    return session_for("dla.admin")


def create_project(server, http, csrf, rule, **shares):
    body = {"name_th": unique("โครงการทดสอบการแบ่งปัน"), "registrant_name": "หน่วยงานทดสอบ",
            "tver_registrant_no": unique("T-VER-TEST"), "sharing_rule_code": rule}
    body.update(shares)
    return http.post(server.url("/api/v1/projects"), json=body, headers={"X-CSRF-Token": csrf})


def certify(server, http, csrf, project_id, total, lao=LAO):
    body = {"project_id": project_id, "lao_code": lao, "period_from": "2025-01-01",
            "period_to": "2025-12-31", "certified_on": "2026-02-01", "tgo_ref": unique("TGO"),
            "total_tco2e": total}
    return http.post(server.url("/api/v1/certifications"), json=body, headers={"X-CSRF-Token": csrf})


def balance(server, http, lao=LAO):
    return http.get(server.url(f"/api/v1/laos/{lao}/balance")).json()


def stored_split(db, cert_id):
    row = db.query("SELECT total_tco2e, lao_share_tco2e, developer_share_tco2e, state_share_tco2e "
                   "FROM certifications WHERE id = ?", (cert_id,))[0]
    return tuple(int(v) for v in row)


def assert_ledger_invariant(db):
    broken = db.query("SELECT lao_code FROM lao_credits "
                      "WHERE remaining_tco2e + awaiting_tco2e + sold_tco2e <> certified_tco2e")
    assert broken == []
    unequal = db.query("SELECT c.lao_code FROM lao_credits c LEFT JOIN "
                       "(SELECT lao_code, SUM(lao_share_tco2e) AS s FROM certifications GROUP BY lao_code) x "
                       "ON x.lao_code = c.lao_code WHERE c.certified_tco2e <> COALESCE(x.s, 0)")
    assert unequal == []


def certify_under(server, http, csrf, db, rule, total, **shares):
    """Certifies total credits under a new project of rule; returns the
    response body and the LAO's balance change."""
    project = create_project(server, http, csrf, rule, **shares)
    assert project.status_code == 201, project.text
    before = balance(server, http)
    r = certify(server, http, csrf, project.json()["id"], total)
    assert r.status_code == 201, r.text
    after = balance(server, http)
    body = r.json()
    assert stored_split(db, body["id"]) == (total, body["lao_share_tco2e"], body["developer_share_tco2e"],
                                            body["state_share_tco2e"])
    assert_ledger_invariant(db)
    return body, after["certified_tco2e"] - before["certified_tco2e"], after["remaining_tco2e"] - before["remaining_tco2e"]


def split_of(body):
    return body["lao_share_tco2e"], body["developer_share_tco2e"], body["state_share_tco2e"]


def test_dmcr_rule_gives_the_community_90_percent_rounded_down_of_101(server, dla, db):
    body, certified, remaining = certify_under(server, *dla, db, "dmcr_mangrove_2565", 101)
    assert split_of(body) == (90, 0, 11)
    assert certified == remaining == 90


def test_dmcr_rule_gives_dmcr_the_last_credit_of_1(server, dla, db):
    body, certified, _ = certify_under(server, *dla, db, "dmcr_mangrove_2565", 1)
    assert split_of(body) == (0, 0, 1)
    assert certified == 0


def test_dmcr_rule_with_an_agreed_share_of_87_5_percent(server, dla, db):
    body, certified, _ = certify_under(server, *dla, db, "dmcr_mangrove_2565", 101, lao_share_bp=8750)
    assert split_of(body) == (88, 0, 13)
    assert (body["lao_share_bp"], body["state_share_bp"]) == (8750, 1250)
    assert certified == 88


def test_rfd_6_1_to_4_rule_gives_the_applicant_90_percent_of_7(server, dla, db):
    body, certified, remaining = certify_under(server, *dla, db, "rfd_2567_6_1_4", 7)
    assert split_of(body) == (6, 0, 1)
    assert certified == remaining == 6


def test_rfd_6_5_rule_gives_20_70_10_of_101(server, dla, db):
    body, certified, remaining = certify_under(server, *dla, db, "rfd_2567_6_5", 101)
    assert split_of(body) == (20, 70, 11)
    assert (body["lao_share_bp"], body["developer_share_bp"], body["state_share_bp"]) == (2000, 7000, 1000)
    assert certified == remaining == 20


def test_rfd_6_5_rule_rounds_both_shares_down_for_7(server, dla, db):
    body, certified, _ = certify_under(server, *dla, db, "rfd_2567_6_5", 7)
    assert split_of(body) == (1, 4, 2)
    assert certified == 1


def test_dla_programme_rule_gives_the_lao_every_credit(server, dla, db):
    body, certified, _ = certify_under(server, *dla, db, "dla_programme", 7)
    assert split_of(body) == (7, 0, 0)
    assert certified == 7


def test_certification_response_names_the_rule_and_its_legal_reference(server, dla, db):
    body, _, _ = certify_under(server, *dla, db, "dmcr_mangrove_2565", 101)
    assert body["sharing_rule_code"] == "dmcr_mangrove_2565"
    assert "ข้อ 14" in body["legal_ref"]
    assert body["state_party_th"] == "กรมทรัพยากรทางทะเลและชายฝั่ง"


def test_shares_not_adding_up_to_100_percent_are_refused(server, dla, db):
    http, csrf = dla
    count = db.count("projects")
    r = create_project(server, http, csrf, "dmcr_mangrove_2565", lao_share_bp=9000, developer_share_bp=0,
                       state_share_bp=500)
    assert r.status_code == 422
    msg = r.json()["errors"]["state_share_bp"]
    assert "ร้อยละ 100" in msg and "95" in msg
    assert db.count("projects") == count


def test_dmcr_lao_share_above_90_percent_is_refused(server, dla, db):
    http, csrf = dla
    count = db.count("projects")
    r = create_project(server, http, csrf, "dmcr_mangrove_2565", lao_share_bp=9100)
    assert r.status_code == 422
    assert "0 ถึง 90" in r.json()["errors"]["lao_share_bp"]
    assert db.count("projects") == count


def test_dmcr_lao_share_below_0_percent_is_refused(server, dla):
    http, csrf = dla
    r = create_project(server, http, csrf, "dmcr_mangrove_2565", lao_share_bp=-1, state_share_bp=10001)
    assert r.status_code == 422
    assert "lao_share_bp" in r.json()["errors"]


def test_dmcr_lao_share_of_0_and_90_percent_are_accepted(server, dla):
    http, csrf = dla
    for bp in (0, 9000):
        r = create_project(server, http, csrf, "dmcr_mangrove_2565", lao_share_bp=bp)
        assert r.status_code == 201, r.text
        assert r.json()["state_share_bp"] == 10000 - bp


def test_fixed_rfd_rule_refuses_another_lao_share(server, dla):
    http, csrf = dla
    r = create_project(server, http, csrf, "rfd_2567_6_1_4", lao_share_bp=8000)
    assert r.status_code == 422
    assert "ร้อยละ 90" in r.json()["errors"]["lao_share_bp"]


def test_rfd_6_5_rule_refuses_another_developer_share(server, dla):
    http, csrf = dla
    r = create_project(server, http, csrf, "rfd_2567_6_5", developer_share_bp=6000, state_share_bp=2000)
    assert r.status_code == 422
    assert "ร้อยละ 70" in r.json()["errors"]["developer_share_bp"]


def test_unknown_rule_is_refused(server, dla):
    http, csrf = dla
    r = create_project(server, http, csrf, "no_such_rule")
    assert r.status_code == 422
    assert "sharing_rule_code" in r.json()["errors"]


def test_rules_are_seeded_with_their_legal_references(server, session_for):
    http, _ = session_for("lao.54-1")
    rules = {r["sharing_rule_code"]: r for r in http.get(server.url("/api/v1/sharing-rules")).json()}
    assert set(rules) >= {"dla_programme", "dmcr_mangrove_2565", "rfd_2567_6_1_4", "rfd_2567_6_5"}
    dmcr = rules["dmcr_mangrove_2565"]
    assert "ข้อ 14" in dmcr["legal_ref"] and "เล่ม 140 ตอนพิเศษ 9 ง" in dmcr["legal_ref"]
    assert (dmcr["lao_min_bp"], dmcr["lao_max_bp"], dmcr["state_min_bp"], dmcr["is_adjustable"]) == (0, 9000, 1000, True)
    assert "ข้อ 12 (1)" in rules["rfd_2567_6_1_4"]["legal_ref"]
    assert "ข้อ 12 (3)" in rules["rfd_2567_6_5"]["legal_ref"]
    assert (rules["rfd_2567_6_5"]["lao_share_bp"], rules["rfd_2567_6_5"]["developer_share_bp"]) == (2000, 7000)


def test_every_rule_adds_up_to_100_percent_in_the_database(db):
    rows = db.query("SELECT code FROM sharing_rules WHERE lao_max_bp + developer_share_bp + state_min_bp <> 10000")
    assert rows == []


def test_every_stored_split_adds_up_to_the_total(db):
    rows = db.query("SELECT id FROM certifications "
                    "WHERE lao_share_tco2e + developer_share_tco2e + state_share_tco2e <> total_tco2e "
                    "OR lao_share_bp + developer_share_bp + state_share_bp <> 10000")
    assert rows == []


def test_database_refuses_a_split_that_does_not_add_up(db):
    with pytest.raises(Exception):
        db.execute("UPDATE certifications SET state_share_tco2e = state_share_tco2e + 1 "
                   "WHERE id = (SELECT MIN(id) FROM certifications)")
