"""Which route answers does not depend on the order of the tables
(router.h): a literal segment beats a {param} one. Two routes of one method
with the same shape would be ambiguous, so there must be none; and the
literal routes that share a prefix with a {param} one are answered by
their own handler, whatever file registered them first."""
import re

import pytest

import support


def shape(pattern):
    return re.sub(r"\{[^}]+\}", "{}", pattern)


def test_no_two_routes_of_one_method_have_the_same_shape():
    seen = {}
    for method, pattern, _flags in support.route_table():
        key = (method, shape(pattern))
        assert key not in seen, f"{method} {pattern} and {method} {seen[key]} match the same paths"
        seen[key] = pattern


def test_every_pattern_is_well_formed():
    for method, pattern, _flags in support.route_table():
        assert pattern.startswith("/"), pattern
        for segment in pattern.split("/")[1:]:
            assert "{" not in segment or re.fullmatch(r"\{\w+\}", segment), f"{method} {pattern}"


@pytest.mark.parametrize("user,path", [
    ("dla.admin", "/registry/buyers/print"),   # registry_export.c, beside registry.c's /registry/buyers/{id}
    ("dla.admin", "/admin/news/new"),           # beside /admin/news/{id}
    ("dla.admin", "/admin/certifications/new"),
])
def test_literal_segment_wins_over_param(session_for, server, user, path):
    http, _csrf = session_for(user)
    r = http.get(server.url(path), allow_redirects=False, timeout=30)
    assert r.status_code == 200, f"{path}: {r.status_code}"
