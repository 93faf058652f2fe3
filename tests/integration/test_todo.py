"""The to-do list (งานที่ต้องดำเนินการ, GET api/v1/me/todo): each kind of task
appears for exactly the user who must act and disappears once done."""
import pytest

import support
import delegated_support as ds


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def prov(session_for):
    return session_for("phrae.province")


@pytest.fixture(scope="module")
def project(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def buyer(server, dla):
    return support.create_buyer(server, *dla, tver=True)


@pytest.fixture
def laos(server, db, session_for, dla, project):
    out = []
    for _ in range(2):
        code, subject = ds.lao_with_credits(server, db, dla, 50, project)
        out.append((code, session_for(subject)))
    return out


def tasks(server, session, trade_id):
    r = session[0].get(server.url("/api/v1/me/todo"), timeout=30)
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert body["total"] == len(body["items"])
    for item in body["items"]:
        assert {"task", "record", "id", "url", "waiting_since"} <= set(item)
    return {i["task"] for i in body["items"] if i["id"] == trade_id and i["record"] == "sale"}


def test_signed_out_todo_is_401(server):
    import requests
    assert requests.get(server.url("/api/v1/me/todo"), timeout=30).status_code == 401


def test_province_sees_a_new_delegated_sale_until_it_adds_its_laos(server, dla, prov, buyer, project, laos):
    t = ds.created(server, dla, buyer, project)
    assert tasks(server, prov, t["id"]) == {"delegated_add_laos"}
    assert tasks(server, dla, t["id"]) == set()
    assert ds.participants(server, prov, t["id"], [(laos[0][0], 5)]).status_code == 200
    assert tasks(server, prov, t["id"]) == set()


def test_lao_consent_task_is_its_own_and_goes_when_answered(server, dla, prov, buyer, project, laos):
    (a, sa), (b, sb) = laos
    t = ds.created(server, dla, buyer, project)
    assert ds.participants(server, prov, t["id"], [(a, 5)]).status_code == 200
    assert tasks(server, sa, t["id"]) == {"delegated_consent"}
    assert tasks(server, sb, t["id"]) == set()
    item = [i for i in sa[0].get(server.url("/api/v1/me/todo"), timeout=30).json()["items"] if i["id"] == t["id"]][0]
    assert item["url"].endswith(f"/sales/delegated/{t['id']}#step-1")
    assert ds.consent(server, sa, t["id"]).status_code == 200
    assert tasks(server, sa, t["id"]) == set()


def test_dla_documents_then_lao_receipts_then_dla_confirmation(server, dla, prov, buyer, project, laos):
    (a, sa), (b, sb) = laos
    t = ds.created(server, dla, buyer, project)
    assert ds.participants(server, prov, t["id"], [(a, 5), (b, 5)]).status_code == 200
    assert ds.consent(server, sa, t["id"]).status_code == 200
    assert tasks(server, dla, t["id"]) == set()            # b has not answered yet
    assert ds.consent(server, sb, t["id"]).status_code == 200
    assert tasks(server, dla, t["id"]) == {"delegated_documents"}
    assert ds.trade_docs(server, dla, t["id"], [a, b]).status_code == 200
    assert tasks(server, dla, t["id"]) == set()
    assert tasks(server, sa, t["id"]) == {"delegated_receipt"} == tasks(server, sb, t["id"])
    assert ds.receipt(server, sa, t["id"]).status_code == 200
    assert tasks(server, sa, t["id"]) == set() and tasks(server, sb, t["id"]) == {"delegated_receipt"}
    assert ds.receipt(server, sb, t["id"]).status_code == 200
    assert tasks(server, dla, t["id"]) == {"confirm_sale"}
    assert support.confirm_sale(server, *dla, t["id"]).status_code == 200
    assert tasks(server, dla, t["id"]) == set()


def test_dla_sees_a_self_sale_to_confirm_until_confirmed(server, dla, buyer, project, laos):
    (a, sa), _ = laos
    r = support.post_sale(server, sa[0], sa[1], support.sale_fields(buyer, project_id=project), support.sale_files())
    assert r.status_code == 201
    tid = r.json()["id"]
    assert tasks(server, dla, tid) == {"confirm_sale"}
    assert tasks(server, sa, tid) == set()
    assert support.delete_sale(server, *dla, tid).status_code == 200
    assert tasks(server, dla, tid) == set()


def test_home_page_starts_with_the_todo_list(server, dla, buyer, project, laos):
    html = dla[0].get(server.url("/"), timeout=30).text
    assert 'id="todo"' in html and "งานที่ต้องดำเนินการ" in html
    assert html.index('id="todo"') < html.index("ปริมาณคาร์บอนเครดิตขององค์กรปกครองส่วนท้องถิ่นทั่วประเทศ")
    assert dla[0].get(server.url("/todo"), timeout=30).status_code == 200
