"""At start-up mod_carbon prepares every statement on one connection, so a
broken statement stops Apache naming its label and the driver's message, and
a label used twice stops it (configtest included) naming the label.

The modules under test are copies built for these tests only (Makefile,
TEST_MODULES): statements.c compiled with -DCARBON_TEST_BROKEN_STATEMENT or
-DCARBON_TEST_DUPLICATE_LABEL."""
import subprocess

import pytest

import support
from test_config import configtest, variant


def built_module(name):
    path = support.ROOT / "build" / name / "mod_carbon.so"
    proc = subprocess.run(["make", "-s", "-C", str(support.ROOT), f"build/{name}/mod_carbon.so"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return path


def with_module(server, conf_dir, module):
    """A copy of the server's httpd.conf that loads module instead of the shipped one."""
    conf = variant(server, conf_dir, {})
    text = conf.read_text()
    shipped = f'LoadModule carbon_module "{support.ROOT}/build/mod_carbon.so"'
    assert shipped in text
    conf.write_text(text.replace(shipped, f'LoadModule carbon_module "{module}"'))
    return conf


def start(conf, conf_dir):
    """Starts Apache on conf, stops it again if it came up; (exit code, output + error.log)."""
    proc = subprocess.run([support.APACHE, "-f", str(conf), "-k", "start"], capture_output=True,
                          text=True, timeout=60)
    try:
        log = conf_dir / "error.log"
        return proc.returncode, proc.stdout + proc.stderr + (log.read_text() if log.exists() else "")
    finally:
        if (conf_dir / "httpd.pid").exists():
            subprocess.run([support.APACHE, "-f", str(conf), "-k", "stop"], capture_output=True,
                           timeout=60)


@pytest.fixture
def conf_dir(tmp_path):
    return tmp_path


@pytest.fixture(scope="module")
def broken_module():
    return built_module("test-broken")


@pytest.fixture(scope="module")
def duplicate_module():
    return built_module("test-duplicate")


def test_broken_statement_stops_apache_naming_its_label(server, conf_dir, broken_module):
    rc, out = start(with_module(server, conf_dir, broken_module), conf_dir)
    assert rc != 0, out
    assert "statement test_broken_statement does not prepare at start-up" in out


def test_broken_statement_is_reported_with_the_drivers_message(server, conf_dir, broken_module):
    rc, out = start(with_module(server, conf_dir, broken_module), conf_dir)
    assert rc != 0, out
    line = next(x for x in out.splitlines() if "test_broken_statement" in x)
    assert "no_such_table" in line


def test_broken_statement_does_not_fail_configtest_which_checks_only_the_schema(server, conf_dir,
                                                                        broken_module):
    rc, out = configtest(with_module(server, conf_dir, broken_module))
    assert rc == 0, out


def test_label_used_twice_fails_configtest_naming_it(server, conf_dir, duplicate_module):
    rc, out = configtest(with_module(server, conf_dir, duplicate_module))
    assert rc != 0, out
    assert "statement label session_delete labels two statements" in out


def test_label_used_twice_stops_apache(server, conf_dir, duplicate_module):
    rc, out = start(with_module(server, conf_dir, duplicate_module), conf_dir)
    assert rc != 0, out
    assert "session_delete" in out
