"""The public pages and APIs never carry a buyer's name, phone or address
(issue 11, PDPA): signed in nowhere, every public GET route is fetched and
scanned for the personal data of the demo buyers (sql/demo.sql)."""
import re

import requests

import support


def demo_buyers_personal_data(db):
    rows = db.query("SELECT first_name, last_name, display_name, address, phone, office_phone,"
                    " coordinator_first_name, coordinator_last_name FROM buyers")
    needles = set()
    for first, last, display, address, phone, office, cfirst, clast in rows:
        if first and last:
            needles.add(f"{first} {last}")
        if cfirst and clast:
            needles.add(f"{cfirst} {clast}")
        for value in (display, address):
            if value and len(value) >= 6:
                needles.add(value)
        for digits in (phone, office):
            if digits:
                needles.add(digits)
                needles.add(f"{digits[:3]}-{digits[3:6]}-{digits[6:]}")
                needles.add(f"{digits[:2]}-{digits[2:5]}-{digits[5:]}")
    return needles


def test_public_pages_and_apis_carry_no_buyers_personal_data(server, db):
    needles = demo_buyers_personal_data(db)
    assert len(needles) > 10, needles
    routes = [p for m, p, flags in support.route_table()
              if "PUBLIC" in flags and m == "GET" and p != "/lsso/callback"]
    assert routes
    found = []
    for path in routes:
        r = requests.get(server.url(support.concrete(path)), timeout=30, allow_redirects=False)
        text = r.text
        found += [(path, n) for n in needles if n in text]
    assert not found, found
