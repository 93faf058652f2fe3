"""A group sale and self-operated sales competing for the same LAO's
credits never oversell: an LAO holds 40 credits; a group sale asking 30 of
them and ten self-operated sales of 5 start at the same moment. Whatever
wins, the LAO's awaiting never exceeds 40 and remaining + awaiting + sold =
certified on both ledgers (SQLite, and PostgreSQL under CARBON_TEST_PG)."""
import threading

import requests

import support
from support import ledger_of, project_ledger_broken, sale_fields, sale_files, sale_multipart
from test_sales_group import Lao, province_user, upload_file

CREDITS = 40
SELF_SALES = 10
EACH = 5
GROUP_QTY = 30


def test_group_and_self_sales_never_oversell(server, db, session_for):
    dla = session_for("dla.admin")
    project = support.full_share_project(server, dla[0])
    buyer = support.create_buyer(server, *dla, tver=True)
    province = province_user(server, dla, session_for, "54")
    shared = Lao(server, db, session_for, dla, project, CREDITS)
    other = Lao(server, db, session_for, dla, project, 100)
    intent = upload_file(server, province[0], province[1])
    group_body = {"project_id": project, "buyer_id": buyer, "ordered_on": "2026-01-10", "trade_type": "transfer",
                  "unit_price_satang": 25000, "representative_lao_code": other.code,
                  "participants": [{"lao_code": other.code, "quantity_tco2e": 10},
                                   {"lao_code": shared.code, "quantity_tco2e": GROUP_QTY}],
                  "intent_letter_file_id": intent}
    self_body = sale_multipart(sale_fields(buyer, quantity_tco2e=EACH, project_id=project), sale_files())
    barrier = threading.Barrier(SELF_SALES + 1)
    results = {}

    def run(key, http_of, send):
        http = requests.Session()
        http.cookies.update(http_of.cookies)
        barrier.wait()
        for _ in range(8):
            r = send(http)
            if r.status_code != 503:
                break
        results[key] = r.status_code

    threads = [threading.Thread(target=run, args=("group", province[0], lambda h: h.post(
        server.url("/api/v1/sales/group"), json=group_body, headers={"X-CSRF-Token": province[1]}, timeout=120)))]
    for i in range(SELF_SALES):
        threads.append(threading.Thread(target=run, args=(i, shared.http, lambda h: h.post(
            server.url("/api/v1/sales/self"), files=self_body, headers={"X-CSRF-Token": shared.csrf}, timeout=120))))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(results.values()) <= {201, 422}, results
    sold_self = sum(1 for k, v in results.items() if k != "group" and v == 201)
    group_won = results["group"] == 201
    reserved = sold_self * EACH + (GROUP_QTY if group_won else 0)
    assert reserved <= CREDITS
    assert ledger_of(db, shared.code) == (CREDITS, CREDITS - reserved, reserved, 0)
    assert ledger_of(db, other.code) == (100, 90 if group_won else 100, 10 if group_won else 0, 0)
    assert project_ledger_broken(db) == []
