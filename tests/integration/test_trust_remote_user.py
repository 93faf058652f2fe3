"""CarbonTrustRemoteUser On: behind another authn module (here mod_auth_basic
standing in for mod_auth_openidc against ThaID), the user it sets is mapped
to a mod_carbon user like an LSSO subject."""
import re
import subprocess

import pytest
import requests

import support

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def basic_server(server):
    """A second Apache on the same database: Basic auth instead of LSSO."""
    rundir = support.new_rundir("trust-")
    port = support.free_port()
    htpasswd = rundir / "users"
    for user in ("lao.54-1", "dla.admin", "stranger"):
        subprocess.run(["htpasswd", "-b", "-B", "-C", "4"] + (["-c"] if user == "lao.54-1" else [])
                       + [str(htpasswd), user, PASSWORD], check=True, capture_output=True)
    conf = (server.rundir / "httpd.conf").read_text()
    conf = conf.replace(str(server.rundir), str(rundir))
    conf = re.sub(r'DBDParams ".*"', lambda _m: f'DBDParams "{server.target}"', conf)
    conf = re.sub(r"Listen 127\.0\.0\.1:\d+", f"Listen 127.0.0.1:{port}", conf)
    conf = conf.replace(f"http://127.0.0.1:{server.port}/", f"http://127.0.0.1:{port}/")
    conf = conf.replace("CarbonDevLogin On", "CarbonDevLogin Off\nCarbonTrustRemoteUser On")
    conf = conf.replace("AuthType LSSO", f"AuthType Basic\n    AuthBasicProvider file\n"
                                         f"    AuthUserFile \"{htpasswd}\"")
    conf = conf.replace("LoadModule dbd_module",
                        "LoadModule auth_basic_module /usr/lib/apache2/modules/mod_auth_basic.so\n"
                        "LoadModule authn_file_module /usr/lib/apache2/modules/mod_authn_file.so\n"
                        "LoadModule dbd_module")
    for name in ("lsso-secret", "lsso-public.pem"):
        (rundir / name).write_bytes((server.rundir / name).read_bytes())
    (rundir / "httpd.conf").write_text(conf)
    subprocess.run(["chmod", "644", str(htpasswd)], check=True)
    proc = subprocess.run(["/usr/sbin/apache2", "-f", str(rundir / "httpd.conf"), "-k", "start"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    base = f"http://127.0.0.1:{port}/carbon"
    for _ in range(100):
        try:
            requests.get(base + "/api/v1/public/summary", timeout=2)
            break
        except requests.ConnectionError:
            subprocess.run(["sleep", "0.1"])
    yield base
    subprocess.run(["/usr/sbin/apache2", "-f", str(rundir / "httpd.conf"), "-k", "stop"],
                   capture_output=True)


def test_remote_user_known_to_carbon_is_signed_in_with_their_role(basic_server):
    r = requests.get(basic_server + "/api/v1/me", auth=("lao.54-1", PASSWORD), timeout=30)
    assert r.status_code == 200
    me = r.json()
    assert (me["user"], me["role"], me["lao_code"]) == ("lao.54-1", "lao", "5540105")
    assert me["csrf_token"]


def test_remote_user_unknown_to_carbon_is_refused(basic_server):
    r = requests.get(basic_server + "/api/v1/me", auth=("stranger", PASSWORD), timeout=30)
    assert r.status_code in (401, 403)


def test_remote_user_scope_applies(basic_server):
    r = requests.get(basic_server + "/api/v1/laos/3500109/balance", auth=("lao.54-1", PASSWORD), timeout=30)
    assert r.status_code == 404


def test_public_pages_need_no_remote_user(basic_server):
    assert requests.get(basic_server + "/api/v1/public/summary", timeout=30).status_code == 200


def test_without_credentials_the_other_module_asks_for_them(basic_server):
    r = requests.get(basic_server + "/api/v1/me", timeout=30)
    assert r.status_code == 401
    assert r.headers.get("WWW-Authenticate", "").startswith("Basic")
