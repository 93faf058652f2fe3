"""The provincial office's read-only view of its LAOs' self-operated sales
(/province/sales): the list with its filters and the in progress /
completed switch, one trade with its documents; nothing of another
province, no action of any kind.

Trades are made through the fixed API by fresh LAOs (their own credits and
users) for fresh buyers: the database is shared with the other suites."""
import re

import pytest

import support
from confirm_support import (Seller, buyer_named, confirm_form, delete_form, element_text, field_error,
                             main_of, row_ids, unique_buyer)

LIST = "/province/sales"


@pytest.fixture(scope="module")
def dla(session_for):
    return session_for("dla.admin")


@pytest.fixture(scope="module")
def province(server, session_for, dla):
    """A new user of the provincial office of Phrae (54), without extra responsibilities."""
    http, csrf = dla
    subject = support.unique_tag("sale.province.")
    r = http.post(server.url("/api/v1/users"), headers={"X-CSRF-Token": csrf},
                  json={"subject": subject, "display_name": "สถจ.แพร่ ทดสอบ " + subject, "role": "province",
                        "province_code": "54"})
    assert r.status_code == 201, r.text
    return session_for(subject)


@pytest.fixture(scope="module")
def project_id(server, dla):
    return support.full_share_project(server, dla[0])


@pytest.fixture(scope="module")
def new_seller(server, db, session_for, dla, project_id):
    def make(credits=1000, **where):
        return Seller(server, db, session_for, dla, project_id, credits, **where)
    return make


@pytest.fixture(scope="module")
def seller(new_seller):
    """An LAO in Phrae."""
    return new_seller(100000)


@pytest.fixture(scope="module")
def far_seller(new_seller):
    """An LAO in Chiang Mai (50): not Phrae's."""
    return new_seller(1000, province="50", district="5001", subdistrict="500101",
                      name="องค์การบริหารส่วนตำบลทดสอบเชียงใหม่")


@pytest.fixture(scope="module")
def buyer(server, dla):
    return unique_buyer(server, dla)


def listing(server, http, **params):
    r = http.get(server.url(LIST), params=params)
    assert r.status_code == 200, f"{r.status_code} {r.text[:300]}"
    return r.text


# ---- who may use it ----

@pytest.mark.parametrize("user", ["lao.54-1", "dla.admin"])
def test_list_is_for_provincial_offices_only(server, session_for, user):
    http, _ = session_for(user)
    assert http.get(server.url(LIST)).status_code == 403


# ---- the list ----

def test_province_sees_an_in_progress_trade_of_its_lao(server, province, seller, buyer):
    trade = seller.sell(buyer[0])
    html = listing(server, province[0], lao_code=seller.code)
    assert trade["id"] in row_ids(html)
    assert trade["order_no"] in html


def test_province_does_not_list_another_provinces_trade(server, province, far_seller, buyer):
    trade = far_seller.sell(buyer[0])
    assert row_ids(listing(server, province[0], order_no=trade["order_no"])) == []


def test_province_lao_filter_offers_only_its_area(server, province, seller, far_seller):
    html = listing(server, province[0])
    assert f'<option value="{seller.code}"' in html
    assert f'<option value="{far_seller.code}"' not in html


def test_completed_trade_is_listed_under_the_completed_switch_only(server, dla, province, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *dla, trade["id"]).status_code == 303
    assert row_ids(listing(server, province[0], order_no=trade["order_no"])) == []
    assert row_ids(listing(server, province[0], status="completed", order_no=trade["order_no"])) == [trade["id"]]


def test_province_filter_by_part_of_the_buyer_name(server, dla, province, seller):
    buyer_id, name = unique_buyer(server, dla)
    trade = seller.sell(buyer_id)
    assert row_ids(listing(server, province[0], buyer=name.split()[2])) == [trade["id"]]


def test_province_filter_by_order_dates_in_buddhist_era(server, province, new_seller, buyer):
    s = new_seller(100)
    s.sell(buyer[0], ordered_on="2026-01-05")
    feb = s.sell(buyer[0], ordered_on="2026-02-14")
    html = listing(server, province[0], lao_code=s.code, ordered_from="01/02/2569", ordered_to="28/02/2569")
    assert row_ids(html) == [feb["id"]]


def test_province_filter_by_lao(server, province, new_seller, buyer):
    s = new_seller(100)
    trade = s.sell(buyer[0])
    assert row_ids(listing(server, province[0], lao_code=s.code)) == [trade["id"]]


def test_province_bad_date_filter_is_answered_in_thai_next_to_the_field(server, province):
    r = province[0].get(server.url(LIST), params={"ordered_to": "99/99/2569"})
    assert r.status_code == 422
    assert support.is_thai(field_error(r.text, "f-to"))


def test_province_does_not_see_deleted_trades(server, dla, province, seller, buyer):
    trade = seller.sell(buyer[0])
    assert delete_form(server, *dla, trade["id"]).status_code == 303
    for status in ("in_progress", "completed", "deleted"):
        assert trade["id"] not in row_ids(listing(server, province[0], status=status, order_no=trade["order_no"]))


def test_province_list_escapes_buyer_names(server, dla, province, seller):
    trade = seller.sell(buyer_named(server, dla, '<img src=x onerror="alert(1)"> ผู้ซื้อ'))
    html = listing(server, province[0], order_no=trade["order_no"])
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; ผู้ซื้อ" in html


def test_province_list_has_no_action_buttons(server, province, seller, buyer):
    seller.sell(buyer[0])
    body = main_of(listing(server, province[0], lao_code=seller.code))
    after_filters = body.split('id="sales-filters"')[1].split("</form>", 1)[1]
    assert "<form" not in after_filters and "<button" not in after_filters
    links = re.findall(r'href="([^"]+)"', after_filters.split("<tbody>")[1].split("</tbody>")[0])
    assert links and all(re.fullmatch(r"/carbon/province/sales/\d+(\?.*)?", h) for h in links), links


# ---- one trade ----

def test_province_opens_its_laos_trade_read_only(server, province, seller, buyer):
    trade = seller.sell(buyer[0])
    r = province[0].get(server.url(f"{LIST}/{trade['id']}"))
    assert r.status_code == 200
    body = main_of(r.text)
    assert trade["order_no"] in body and buyer[1] in body
    assert "<form" not in body and "<input" not in body and "<textarea" not in body


def test_province_trade_page_documents_download(server, province, seller, buyer):
    trade = seller.sell(buyer[0])
    html = province[0].get(server.url(f"{LIST}/{trade['id']}")).text
    links = re.findall(r'<a class="doc-link" href="/carbon/files/(\d+)"', html)
    assert len(links) == 3
    for file_id in links:
        assert province[0].get(server.url(f"/files/{file_id}")).status_code == 200


def test_province_gets_404_for_another_provinces_trade(server, province, far_seller, buyer):
    trade = far_seller.sell(buyer[0])
    assert province[0].get(server.url(f"{LIST}/{trade['id']}")).status_code == 404


def test_province_gets_404_for_a_deleted_trade(server, dla, province, seller, buyer):
    trade = seller.sell(buyer[0])
    assert delete_form(server, *dla, trade["id"]).status_code == 303
    assert province[0].get(server.url(f"{LIST}/{trade['id']}")).status_code == 404


def test_province_sees_step_3_once_completed(server, dla, province, seller, buyer):
    trade = seller.sell(buyer[0])
    html = province[0].get(server.url(f"{LIST}/{trade['id']}")).text
    assert 'id="step-3"' not in html
    assert confirm_form(server, *dla, trade["id"], confirmation_ref="REF-PROV-1").status_code == 303
    html = province[0].get(server.url(f"{LIST}/{trade['id']}")).text
    assert element_text(html, "confirmation-ref") == "REF-PROV-1"


def test_province_cannot_post_the_confirmation_form(server, db, province, seller, buyer):
    trade = seller.sell(buyer[0])
    assert confirm_form(server, *province, trade["id"]).status_code == 403
    assert db.query("SELECT status FROM trades WHERE id = ?", (trade["id"],))[0][0] == "in_progress"
