"""ThaID sign-in through the real mod_auth_openidc: conf/carbon-thaid.conf.example
in front of mod_carbon (CarbonTrustRemoteUser On), against a small OIDC
provider on loopback (oidc_provider.py) standing in for ThaID. A browser-like
client follows the redirects: mod_carbon -> provider -> mod_auth_openidc's
redirect URI -> the page it asked for."""
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

import support
from oidc_provider import Provider

OPENIDC = Path("/usr/lib/apache2/modules/mod_auth_openidc.so")
EXAMPLE = support.ROOT / "conf" / "carbon-thaid.conf.example"
KNOWN_PID = "3100500123457"      # mapped to an LAO user of 5540105 below
UNKNOWN_PID = "1103700987654"    # ThaID knows this citizen, mod_carbon does not
CLIENT_ID, CLIENT_SECRET = "carbon-test", "test-client-secret-0123456789"

pytestmark = pytest.mark.skipif(not OPENIDC.exists(),
                                reason=f"{OPENIDC} is missing (apt-get install libapache2-mod-auth-openidc)")


def example_with(settings):
    """The example's text with the given directives' values replaced."""
    text = EXAMPLE.read_text()
    for directive, value in settings.items():
        text, n = re.subn(rf"^{directive}\s.*$", f"{directive} {value}", text, flags=re.M)
        assert n == 1, directive
    return text


@pytest.fixture(scope="module")
def thaid(server, session_for):
    """(base URL, provider): a second Apache on the server's database with the
    example's ThaID settings, pointing at the loopback provider."""
    http, csrf = session_for("dla.admin")
    r = http.post(server.url("/api/v1/users"), headers={"X-CSRF-Token": csrf}, timeout=30,
                  json={"subject": KNOWN_PID, "display_name": "สมชาย ใจดี", "role": "lao",
                        "lao_code": "5540105"})
    assert r.status_code == 201, r.text[:300]

    rundir = support.new_rundir("thaid-")
    port = support.free_port()
    origin = f"http://127.0.0.1:{port}"
    redirect_uri = origin + "/carbon/oidc/redirect"
    provider = Provider(CLIENT_ID, CLIENT_SECRET, redirect_uri).start()

    conf = (server.rundir / "httpd.conf").read_text()
    conf = conf.replace(str(server.rundir), str(rundir))
    conf = re.sub(r'DBDParams ".*"', lambda _m: f'DBDParams "{server.target}"', conf)
    conf = re.sub(r"Listen 127\.0\.0\.1:\d+", f"Listen 127.0.0.1:{port}", conf)
    conf = conf.replace(f"http://127.0.0.1:{server.port}/", origin + "/")
    conf = re.sub(r"^CarbonDevLogin .*$", "", conf, flags=re.M)   # the example sets it
    conf = conf.replace("LoadModule dbd_module",
                        "LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so\n"
                        f"LoadModule auth_openidc_module {OPENIDC}\nLoadModule dbd_module")
    conf += "\n# --- conf/carbon-thaid.conf.example, pointed at the test provider ---\n"
    conf += example_with({
        "OIDCProviderMetadataURL": provider.metadata_url,
        "OIDCClientID": CLIENT_ID,
        "OIDCClientSecret": CLIENT_SECRET,
        "OIDCRedirectURI": redirect_uri,
        "OIDCCryptoPassphrase": '"test-passphrase-of-at-least-32-characters"',
    })
    for name in ("lsso-secret", "lsso-public.pem"):
        (rundir / name).write_bytes((server.rundir / name).read_bytes())
    (rundir / "httpd.conf").write_text(conf)
    proc = subprocess.run([support.APACHE, "-f", str(rundir / "httpd.conf"), "-k", "start"],
                          capture_output=True, text=True, timeout=60)
    log = rundir / "error.log"
    assert proc.returncode == 0, proc.stdout + proc.stderr + (log.read_text() if log.exists() else "")
    base = origin + "/carbon"
    for _ in range(100):
        try:
            requests.get(base + "/api/v1/public/summary", timeout=2)
            break
        except requests.ConnectionError:
            subprocess.run(["sleep", "0.1"])
    yield base, provider
    subprocess.run([support.APACHE, "-f", str(rundir / "httpd.conf"), "-k", "stop"],
                   capture_output=True, timeout=60)
    provider.stop()
    support.remove_tree(rundir)


def sign_in(thaid, pid, path="/login"):
    base, provider = thaid
    provider.citizen_id = pid
    http = requests.Session()
    r = http.get(base + path, timeout=30)
    return http, r


def test_a_known_citizen_signs_in_and_lands_on_the_home_page_as_their_user(thaid):
    base, provider = thaid
    http, r = sign_in(thaid, KNOWN_PID)
    hops = [urlsplit(h.headers.get("Location", "")).path for h in r.history]
    assert "/authorize" in hops, hops                  # went to the provider
    assert "/carbon/oidc/redirect" in hops, hops       # back through mod_auth_openidc
    assert any(p == "/token" for p, _ in provider.log)  # which redeemed the code
    assert r.status_code == 200, r.text[:500]
    assert r.url == base + "/"
    assert "<html" in r.text and support.is_thai(r.text)
    me = http.get(base + "/api/v1/me", timeout=30)
    assert me.status_code == 200, me.text[:300]
    body = me.json()
    assert (body["user"], body["role"], body["lao_code"]) == (KNOWN_PID, "lao", "5540105")
    assert body["csrf_token"]


def test_a_signed_in_page_sends_a_signed_out_browser_to_thaid_and_back(thaid):
    base, _ = thaid
    http, r = sign_in(thaid, KNOWN_PID, "/api/v1/me")
    assert r.status_code == 200, r.text[:300]
    assert r.url == base + "/api/v1/me"
    assert r.json()["user"] == KNOWN_PID


def test_an_unknown_citizen_gets_a_thai_403_page(thaid):
    base, _ = thaid
    http, r = sign_in(thaid, UNKNOWN_PID)
    assert any(urlsplit(h.headers.get("Location", "")).path == "/authorize" for h in r.history)
    assert r.status_code == 403, r.text[:500]
    assert "text/html" in r.headers["Content-Type"]
    assert "ไม่มีสิทธิ์" in r.text
    assert "Forbidden" not in r.text
    api = http.get(base + "/api/v1/me", timeout=30)
    assert api.status_code == 403
    assert support.is_thai(api.json()["error"]) if "error" in api.json() else support.is_thai(api.text)


def test_public_pages_need_no_thaid(thaid):
    base, provider = thaid
    before = len(provider.log)
    r = requests.get(base + "/", timeout=30, allow_redirects=False)
    assert r.status_code == 200
    assert requests.get(base + "/api/v1/public/summary", timeout=30).status_code == 200
    assert not [p for p, _ in provider.log[before:] if p == "/authorize"]
