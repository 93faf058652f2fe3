"""Fixtures of the integration suite: one real Apache for the whole session
(SQLite by default, PostgreSQL when CARBON_TEST_PG names an empty database),
signing in as a demo user, LSSO tokens, and the database helper."""
import os

import pytest

import support


@pytest.fixture(scope="session")
def server(request):
    """The Apache under test, started with tools/devserver and stopped at the end."""
    rundir = support.new_rundir("it-")
    pg = os.environ.get("CARBON_TEST_PG")
    if pg:
        driver, target = "pgsql", pg
    else:
        driver, target = "sqlite3", str(rundir / "carbon.db")
    srv = support.Server(rundir, support.free_port(), driver, target)
    srv.start()
    yield srv
    srv.stop()
    if request.session.testsfailed or os.environ.get("CARBON_TEST_KEEP"):
        print(f"\nintegration run folder kept: {rundir}")
    else:
        support.remove_tree(rundir)


@pytest.fixture(scope="session")
def db(server):
    """Direct database access (SQLite file or PostgreSQL conninfo of the server)."""
    return support.Database(server.driver, server.target)


@pytest.fixture(scope="session")
def session_for(server):
    """session_for(user) -> (requests.Session signed in through /login/dev, csrf_token)."""
    def sign_in(user, next_path=None):
        return support.sign_in(server, user, next_path)
    return sign_in


@pytest.fixture(scope="session")
def lsso_ready():
    if not support.build_lsso_issue():
        pytest.skip("tests/tools/lsso_issue (the fake LSSO issuer) is not available")
    return True


@pytest.fixture(scope="session")
def token(server, lsso_ready):
    """token(sub, alg=..., aud=..., exp_in=..., nbf_in=..., alg_header=...,
    secret_file=..., key_file=...) -> a compact JWT from the fake LSSO."""
    def issue(sub, **kwargs):
        return support.issue_token(server, sub, **kwargs)
    return issue
