"""With CarbonDevLogin Off (every real server) the demo sign-in does not
exist: nobody signs in without LSSO."""
import pytest
import requests

import support


@pytest.fixture(scope="module")
def prod_like(server):
    """A second Apache on the same database with CarbonDevLogin Off."""
    rundir = support.new_rundir("it-nodev-")
    other = support.Server(rundir, support.free_port(), server.driver, server.target)
    try:
        other.start(extra_env={"CARBON_DEVLOGIN": "Off"})
        yield other
    finally:
        other.stop()
        support.remove_tree(rundir)


def test_dev_login_is_404_when_off(prod_like):
    r = requests.post(prod_like.url("/login/dev"), data={"user": "dla.admin"}, allow_redirects=False)
    assert r.status_code == 404
    assert not support.session_cookie_of(r)


def test_dev_users_is_404_when_off(prod_like):
    assert requests.get(prod_like.url("/api/v1/dev/users")).status_code == 404


def test_login_page_offers_no_demo_users_when_off(prod_like):
    html = requests.get(prod_like.url("/login")).text
    assert "dla.admin" not in html
    assert "dev-login-form" not in html


def test_lsso_still_signs_in_when_dev_login_is_off(prod_like, lsso_ready):
    t = support.issue_token(prod_like, "lao.54-1")   # signed with that server's own test keys
    r = support.lsso_callback(prod_like.base, t, "/")
    assert r.status_code in (302, 303)
    assert support.session_cookie_of(r)
