"""The shipped configuration, installed as docs/OPERATIONS.md says: the
module by conf/carbon.load (mods-available, `a2enmod carbon`, which also
enables the modules its Depends line names) and the site by conf/carbon.conf
(conf-available, `a2enconf carbon`). The Apache of these tests is built the
way a2enmod / a2enconf would link it, on the suite's database (issue 11)."""
import re
import subprocess
import time

import pytest
import requests

import support

MODS = "/etc/apache2/mods-available"


def depends():
    line = next(x for x in (support.ROOT / "conf" / "carbon.load").read_text().splitlines()
                if x.startswith("# Depends:"))
    return line.split(":", 1)[1].split()


@pytest.fixture(scope="module")
def shipped(server):
    rundir = support.new_rundir("shipped-")
    port = support.free_port()
    load = (support.ROOT / "conf" / "carbon.load").read_text().replace(
        "/usr/lib/apache2/modules/mod_carbon.so", str(support.ROOT / "build" / "mod_carbon.so"))
    site = (support.ROOT / "conf" / "carbon.conf").read_text()
    site = site.replace("/usr/share/mod-carbon/templates", str(support.ROOT / "templates"))
    site = site.replace("file:/etc/carbon/lsso-secret", f"file:{server.rundir / 'lsso-secret'}")
    site = re.sub(r"^DBDriver .*$", f"DBDriver {server.driver}", site, count=1, flags=re.M)
    site = re.sub(r"^DBDParams .*$", lambda _m: f'DBDParams "{server.target}"', site, count=1, flags=re.M)
    if server.driver == "pgsql":
        site = re.sub(r"^DBDInitSQL .*$", "DBDInitSQL \"SET TIME ZONE 'UTC'\"", site, flags=re.M)
    (rundir / "carbon.load").write_text(load)
    (rundir / "carbon.conf").write_text(site)
    enabled = []
    for dep in depends():            # what a2enmod carbon links first
        for ext in ("load", "conf"):
            path = f"{MODS}/{dep}.{ext}"
            if subprocess.run(["test", "-e", path]).returncode == 0:
                enabled.append(f"Include {path}")
    conf = "\n".join([
        'ServerRoot "/etc/apache2"', "ServerName 127.0.0.1", f"Listen 127.0.0.1:{port}",
        f'PidFile "{rundir}/httpd.pid"', f'DefaultRuntimeDir "{rundir}"', f"Mutex file:{rundir} default",
        f'ErrorLog "{rundir}/error.log"', "User www-data", "Group www-data", "TypesConfig /etc/mime.types",
        "LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so",
        "LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so",
        "LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so",
        "LoadModule alias_module /usr/lib/apache2/modules/mod_alias.so",
        "LoadModule mime_module /usr/lib/apache2/modules/mod_mime.so",
        *enabled, f"Include {rundir}/carbon.load", f"Include {rundir}/carbon.conf", ""])
    (rundir / "httpd.conf").write_text(conf)
    proc = subprocess.run([support.APACHE, "-f", str(rundir / "httpd.conf"), "-k", "start"],
                          capture_output=True, text=True, timeout=60)
    log = rundir / "error.log"
    assert proc.returncode == 0, proc.stderr + (log.read_text() if log.exists() else "")
    base = f"http://127.0.0.1:{port}/carbon"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/api/v1/public/summary", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield base
    finally:
        subprocess.run([support.APACHE, "-f", str(rundir / "httpd.conf"), "-k", "stop"], capture_output=True,
                       timeout=60)
        support.remove_tree(rundir)


def test_carbon_load_alone_brings_mod_dbd(shipped):
    assert "dbd" in depends()
    assert requests.get(shipped + "/api/v1/public/summary", timeout=30).status_code == 200


def test_shipped_configuration_sends_hsts(shipped):
    r = requests.get(shipped + "/", timeout=30)
    assert r.headers.get("Strict-Transport-Security", "").startswith("max-age=")


def test_shipped_configuration_refuses_trace(shipped):
    assert requests.request("TRACE", shipped + "/", timeout=30).status_code == 405


def test_shipped_configuration_names_only_the_product_in_the_server_header(shipped):
    assert requests.get(shipped + "/", timeout=30).headers["Server"] == "Apache"


def test_every_public_page_keeps_its_csp_under_the_shipped_configuration(shipped):
    pages = [p for m, p, flags in support.route_table()
             if "PUBLIC" in flags and m == "GET" and not p.startswith("/api/") and p != "/lsso/callback"]
    assert pages
    for path in pages:
        r = requests.get(shipped + support.concrete(path), timeout=30, allow_redirects=False)
        if r.headers.get("Content-Type", "").startswith("text/html"):
            assert "default-src 'self'" in r.headers.get("Content-Security-Policy", ""), path
