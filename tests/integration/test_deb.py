"""`make deb`: the Debian package (debhelper + dh_apache2). Its contents
(dpkg-deb -c / -I) and its own maintainer scripts, run against a throwaway
root through DPKG_ROOT (the dh_apache2 a2enmod/a2enconf sections are left
out there: they would change this machine's /etc/apache2).

CARBON_TEST_DEB_ROOT=1 also installs the package into a clean Debian root
made with debootstrap (needs debootstrap and a mirror, CARBON_TEST_DEB_MIRROR,
default http://deb.debian.org/debian; minutes, so not in `make test`)."""
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

import support

DEB = support.ROOT / "build" / "deb"


@pytest.fixture(scope="module")
def deb():
    proc = subprocess.run(["make", "-s", "-C", str(support.ROOT), "deb"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    debs = sorted(DEB.glob("mod-carbon_*_amd64.deb"))
    assert len(debs) == 1, debs
    return debs[0]


def dpkg_deb(*args):
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


def test_the_file_is_named_with_the_changelog_version(deb):
    version = subprocess.run(["dpkg-parsechangelog", "-l", str(support.ROOT / "debian/changelog"),
                              "-S", "Version"], capture_output=True, text=True, check=True).stdout.strip()
    assert deb.name == f"mod-carbon_{version}_amd64.deb"


def test_control_fields(deb):
    info = dpkg_deb("-I", str(deb))
    assert re.search(r"^ Package: mod-carbon$", info, re.M)
    assert re.search(r"^ Architecture: amd64$", info, re.M)
    depends = re.search(r"^ Depends: (.*)$", info, re.M).group(1)
    for dep in ("apache2-api-20120211", "sqlite3", "libaprutil1-dbd-sqlite3", "libjansson4"):
        assert dep in depends, depends
    for script in ("postinst", "postrm", "prerm"):
        assert re.search(rf"^\s+\d+ bytes,\s+\d+ lines\s+\*\s+{script}\b", info, re.M), info
    conffiles = subprocess.run(["sh", "-c", f"dpkg-deb --ctrl-tarfile {deb} | tar -xOf - ./conffiles"],
                               capture_output=True, text=True, check=True).stdout.split()
    assert "/etc/apache2/conf-available/carbon.conf" in conffiles
    assert "/etc/apache2/mods-available/carbon.load" in conffiles


def test_contents(deb):
    listing = dpkg_deb("-c", str(deb))
    paths = {line.split()[5].lstrip(".") for line in listing.splitlines()}
    expected = {"/usr/lib/apache2/modules/mod_carbon.so",
                "/etc/apache2/mods-available/carbon.load",
                "/etc/apache2/conf-available/carbon.conf",
                "/usr/share/mod-carbon/tools/migrate",
                "/usr/share/mod-carbon/sql/geo.sql",
                "/usr/share/mod-carbon/templates/layout.html",
                "/usr/share/mod-carbon/templates/static/"}
    expected |= {"/usr/share/mod-carbon/sql/" + p.name for p in (support.ROOT / "sql").glob("[0-9]*.sql")}
    assert expected <= paths, sorted(expected - paths)
    assert "/usr/share/mod-carbon/sql/demo.sql" not in paths   # test data stays out
    assert not [p for p in paths if "/build/" in p or "/tests/" in p]


def maintainer_script(control, name):
    """The package's script without dh_apache2's sections (a2enmod on this machine)."""
    text = (control / name).read_text()
    text = re.sub(r"# Automatically added by dh_apache2.*?# End automatically added section\n", "",
                  text, flags=re.S)
    path = control / (name + ".local")
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def root(deb):
    base = support.new_rundir("deb-")
    target, control = base / "root", base / "control"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(target)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    yield target, control
    support.remove_tree(base)


def run(script, *args, target):
    return subprocess.run([str(script), *args], env={**os.environ, "DPKG_ROOT": str(target)},
                          capture_output=True, text=True, timeout=120)


def test_postinst_creates_the_database_folder_and_migrates_and_postrm_keeps_it_until_purge(root):
    target, control = root
    postinst, postrm = maintainer_script(control, "postinst"), maintainer_script(control, "postrm")
    p = run(postinst, "configure", "", target=target)
    assert p.returncode == 0, p.stdout + p.stderr
    folder, db = target / "var/lib/carbon", target / "var/lib/carbon/carbon.db"
    assert folder.is_dir() and db.is_file()
    assert folder.owner() == "www-data" and db.owner() == "www-data"
    migrations = {p.stem for p in (support.ROOT / "sql").glob("[0-9]*.sql")}
    with sqlite3.connect(db) as c:
        assert {r[0] for r in c.execute("SELECT version FROM schema_migrations")} == migrations
        assert c.execute("SELECT COUNT(*) FROM provinces").fetchone()[0] == 77
        assert c.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0   # no demo users
    # an upgrade runs it again: nothing to do, nothing lost
    p = run(postinst, "configure", "0.11.0", target=target)
    assert p.returncode == 0, p.stdout + p.stderr
    p = run(postrm, "remove", target=target)
    assert p.returncode == 0, p.stderr
    assert db.is_file()
    p = run(postrm, "purge", target=target)
    assert p.returncode == 0, p.stderr
    assert not folder.exists()


@pytest.mark.skipif(not os.environ.get("CARBON_TEST_DEB_ROOT"),
                    reason="CARBON_TEST_DEB_ROOT=1 installs into a debootstrap root (slow, needs a mirror)")
def test_install_into_a_clean_debian_root(deb):
    if not shutil.which("debootstrap"):
        pytest.skip("debootstrap is not installed")
    mirror = os.environ.get("CARBON_TEST_DEB_MIRROR", "http://deb.debian.org/debian")
    base = support.new_rundir("debroot-")
    target = base / "root"
    port = support.free_port()
    sh = lambda cmd, **kw: subprocess.run(["chroot", str(target), "sh", "-c", cmd], capture_output=True,
                                          text=True, timeout=1800, **kw)
    try:
        subprocess.run(["debootstrap", "--variant=minbase", "bookworm", str(target), mirror],
                       check=True, capture_output=True, timeout=1800)
        shutil.copy(deb, target / "tmp" / deb.name)
        p = sh(f"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
               f"--no-install-recommends /tmp/{deb.name} curl")
        assert p.returncode == 0, p.stdout + p.stderr
        assert (target / "etc/apache2/mods-enabled/carbon.load").exists()
        assert (target / "etc/apache2/conf-enabled/carbon.conf").exists()
        assert (target / "var/lib/carbon/carbon.db").exists()
        p = sh(f"sed -i 's/^Listen .*/Listen 127.0.0.1:{port}/' /etc/apache2/ports.conf && "
               f"apache2ctl start && sleep 1 && "
               f"curl -sf http://127.0.0.1:{port}/carbon/api/v1/public/summary; apache2ctl stop")
        assert p.returncode == 0 and p.stdout.startswith("{"), p.stdout + p.stderr
        assert sh("apt-get remove -y -qq mod-carbon").returncode == 0
        assert (target / "var/lib/carbon/carbon.db").exists()
        assert sh("apt-get purge -y -qq mod-carbon").returncode == 0
        assert not (target / "var/lib/carbon").exists()
    finally:
        support.remove_tree(base)
