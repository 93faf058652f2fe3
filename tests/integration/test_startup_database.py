"""A database that does not exist or lacks a migration this build needs is
caught when the configuration is read (`apache2 -t` and start alike), with
a message naming the database and the missing migration, instead of 500
pages and "no such table" in the log (issue 11)."""
import sqlite3

import pytest

import support
from test_config import configtest, variant

NEWEST = sorted(p.stem for p in (support.ROOT / "sql").glob("[0-9][0-9][0-9]_*.sql"))[-1]


@pytest.fixture
def conf_dir(tmp_path):
    return tmp_path


def on_sqlite(server, conf_dir, path):
    return variant(server, conf_dir, {"DBDriver": "sqlite3", "DBDParams": f'"{path}"',
                                      "DBDInitSQL": '"PRAGMA foreign_keys=ON"'})


def test_missing_database_file_fails_configtest_naming_it(server, conf_dir):
    path = conf_dir / "no-such.db"
    rc, out = configtest(on_sqlite(server, conf_dir, path))
    assert rc != 0, out
    assert f"the database file {path} does not exist" in out


def test_database_without_the_newest_migration_fails_configtest_naming_it(server, conf_dir):
    path = conf_dir / "behind.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for f in sorted((support.ROOT / "sql").glob("[0-9][0-9][0-9]_*.sql"))[:-1]:
        con.execute("INSERT INTO schema_migrations VALUES (?, '2025-01-01T00:00:00Z')", (f.stem,))
    con.commit()
    con.close()
    rc, out = configtest(on_sqlite(server, conf_dir, path))
    assert rc != 0, out
    line = next(x for x in out.splitlines() if "CARBON19" in x)
    assert str(path) in line and f"lacks migration {NEWEST} " in line
