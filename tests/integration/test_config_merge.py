"""A <VirtualHost> that sets one Carbon directive keeps every other setting of
the main server: the merge of server configurations covers every field.

The Apache of these tests is a copy of the suite's server (same database,
same LSSO keys) with a <VirtualHost> on a second port that sets only
CarbonSessionTTL."""
import re
import subprocess
import time

import pytest
import requests

import support

VHOST_TTL = 3600
MAIN_TTL = 28800      # conf/httpd-dev.conf.in


@pytest.fixture(scope="module")
def ports(server):
    """(main port, vhost port) of an Apache whose vhost overrides CarbonSessionTTL."""
    rundir = support.new_rundir("merge-")
    main_port, vhost_port = support.free_port(), support.free_port()
    conf = (server.rundir / "httpd.conf").read_text()
    assert f"CarbonSessionTTL {MAIN_TTL}" in conf
    conf = conf.replace(str(server.rundir), str(rundir))
    conf = re.sub(r'DBDParams ".*"', lambda _m: f'DBDParams "{server.target}"', conf)
    conf = re.sub(r"^Listen .*$", f"Listen 127.0.0.1:{main_port}\nListen 127.0.0.1:{vhost_port}",
                  conf, flags=re.M)
    conf += (f"\n<VirtualHost 127.0.0.1:{vhost_port}>\n"
             f"    CarbonSessionTTL {VHOST_TTL}\n"
             f"</VirtualHost>\n")
    for name in ("lsso-secret", "lsso-public.pem"):
        (rundir / name).write_bytes((server.rundir / name).read_bytes())
    path = rundir / "httpd.conf"
    path.write_text(conf)
    proc = subprocess.run([support.APACHE, "-f", str(path), "-k", "start"], capture_output=True,
                          text=True, timeout=60)
    log = rundir / "error.log"
    assert proc.returncode == 0, proc.stderr + (log.read_text() if log.exists() else "")
    try:
        for port in (main_port, vhost_port):
            for _ in range(100):
                try:
                    requests.get(f"http://127.0.0.1:{port}/carbon/api/v1/public/summary", timeout=2)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
        yield main_port, vhost_port
    finally:
        subprocess.run([support.APACHE, "-f", str(path), "-k", "stop"], capture_output=True,
                       timeout=60)
        support.remove_tree(rundir)


def base(port):
    return f"http://127.0.0.1:{port}/carbon"


def max_age_of_sign_in(port):
    r = requests.post(base(port) + "/login/dev", data={"user": "lao.54-1"}, allow_redirects=False,
                      timeout=30)
    assert r.status_code in (302, 303), r.text[:300]
    cookie = next(h for h in r.raw.headers.getlist("Set-Cookie")
                  if h.startswith(support.SESSION_COOKIE + "="))
    return int(re.search(r"Max-Age=(\d+)", cookie).group(1))


def lsso_sign_in(port, tok):
    """The user /api/v1/me names after an LSSO callback with tok (None: refused)."""
    r = support.lsso_callback(base(port), tok, "/registry/buyers")
    cookie = support.session_cookie_of(r)
    if r.status_code not in (302, 303) or not cookie:
        return None
    me = requests.get(base(port) + "/api/v1/me", cookies={support.SESSION_COOKIE: cookie}, timeout=30)
    return me.json()["user"] if me.status_code == 200 else None


def test_vhost_applies_the_directive_it_sets(ports):
    assert max_age_of_sign_in(ports[1]) == VHOST_TTL


def test_main_server_keeps_its_own_value_of_that_directive(ports):
    assert max_age_of_sign_in(ports[0]) == MAIN_TTL


def test_vhost_verifies_rs256_tokens_with_the_inherited_public_key(ports, token):
    assert lsso_sign_in(ports[1], token("phrae.province", alg="RS256")) == "phrae.province"


def test_vhost_verifies_hs256_tokens_with_the_inherited_secret(ports, token):
    assert lsso_sign_in(ports[1], token("lao.54-1")) == "lao.54-1"


def test_vhost_renders_pages_from_the_inherited_template_dir(ports):
    r = requests.get(base(ports[1]) + "/", timeout=30)
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert support.is_thai(r.text)


def test_vhost_inherits_the_insecure_cookie_of_the_dev_server(ports):
    r = requests.post(base(ports[1]) + "/login/dev", data={"user": "lao.54-1"},
                      allow_redirects=False, timeout=30)
    cookie = next(h for h in r.raw.headers.getlist("Set-Cookie")
                  if h.startswith(support.SESSION_COOKIE + "="))
    assert "secure" not in cookie.lower()
