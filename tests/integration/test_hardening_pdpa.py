"""Reads of a buyer's personal data are recorded (who, when, the record or
the filter and how many rows), and DLA lists them per buyer and per user
(issue 11, Thailand's PDPA)."""
import pytest

import support

READS = "/api/v1/admin/personal-data-reads"


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def buyer(server, dla):
    http, csrf = dla
    return support.create_buyer(server, http, csrf)


def reads_of_buyer(server, dla, buyer_id):
    r = dla[0].get(server.url(READS), params={"buyer_id": buyer_id}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["items"]


@pytest.mark.parametrize("path,action", [("/registry/buyers/{id}", "view"),
                                         ("/registry/buyers/{id}/edit", "edit_form"),
                                         ("/api/v1/buyers/{id}", "api_read")])
def test_reading_a_buyer_record_is_recorded_with_who_and_which(server, dla, buyer, path, action):
    r = dla[0].get(server.url(path.format(id=buyer)), timeout=30)   # DLA may open every form
    assert r.status_code == 200, r.status_code
    newest = reads_of_buyer(server, dla, buyer)[0]
    assert (newest["action"], newest["user_subject"], newest["buyer_id"], newest["row_count"]) == \
        (action, "dla.admin", buyer, 1)


@pytest.mark.parametrize("path,action", [("/registry/buyers.xlsx", "export"),
                                         ("/registry/buyers/print", "print"),
                                         ("/api/v1/buyers", "api_search")])
def test_list_reads_are_recorded_with_their_filter_and_row_count(server, dla, session_for, path, action):
    reader, _ = session_for("lao.54-1")
    tag = support.unique_tag("pdpa")
    assert reader.get(server.url(path), params={"q": tag}, timeout=60).status_code == 200
    r = dla[0].get(server.url(READS), params={"user": "lao.54-1"}, timeout=30)
    newest = r.json()["items"][0]
    assert newest["action"] == action
    assert tag in newest["filter_json"] and newest["row_count"] == 0 and newest["buyer_id"] is None


def test_reads_of_a_user_are_listed_newest_first_in_keyset_pages(server, dla, session_for, buyer):
    reader, _ = session_for("lao.54-3")
    for _ in range(55):
        assert reader.get(server.url(f"/api/v1/buyers/{buyer}"), timeout=30).status_code in (200, 404)
    first = dla[0].get(server.url(READS), params={"user": "lao.54-3"}, timeout=30).json()
    assert len(first["items"]) == 50 and first["next_before"]
    ids = [row["id"] for row in first["items"]]
    assert ids == sorted(ids, reverse=True)
    older = dla[0].get(server.url(READS), params={"user": "lao.54-3", "before": first["next_before"]},
                       timeout=30).json()
    assert older["items"] and max(row["id"] for row in older["items"]) < min(ids)


def test_the_list_of_reads_is_for_dla_only(server, session_for, buyer):
    http, _ = session_for("phrae.province")
    assert http.get(server.url(READS), params={"buyer_id": buyer}, timeout=30).status_code == 403


def test_the_reads_page_shows_a_buyers_reads(server, dla, buyer):
    dla[0].get(server.url(f"/registry/buyers/{buyer}"), timeout=30)
    r = dla[0].get(server.url("/admin/personal-data-reads"), params={"buyer_id": buyer}, timeout=30)
    assert r.status_code == 200
    assert "ดูข้อมูลผู้ซื้อ" in r.text and "dla.admin" in r.text
