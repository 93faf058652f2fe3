"""Bad values in httpd.conf stop Apache when the configuration is read
(`apache2 -t`, as `apachectl configtest` before a reload), naming the
directive and where it is."""
import re
import shutil
import subprocess

import pytest

import support


@pytest.fixture
def conf_dir(tmp_path):
    return tmp_path


def variant(server, conf_dir, replacements, name="httpd.conf"):
    """A copy of the server's httpd.conf with directive lines replaced, writing
    its pid, log and runtime files into conf_dir and listening elsewhere."""
    text = (server.rundir / "httpd.conf").read_text()
    replacements = dict(replacements)
    replacements.setdefault("Listen", f"127.0.0.1:{support.free_port()}")
    replacements.setdefault("PidFile", f'"{conf_dir}/httpd.pid"')
    replacements.setdefault("ErrorLog", f'"{conf_dir}/error.log"')
    replacements.setdefault("DefaultRuntimeDir", f'"{conf_dir}"')
    replacements.setdefault("Mutex", f"file:{conf_dir} default")
    for directive, value in replacements.items():
        text, n = re.subn(rf"^{directive}\s.*$", f"{directive} {value}", text, flags=re.M)
        assert n == 1, directive
    path = conf_dir / name
    path.write_text(text)
    return path


def line_of(path, directive):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith(directive + " "):
            return number
    raise AssertionError(directive)


def configtest(path):
    proc = subprocess.run([support.APACHE, "-t", "-f", str(path)], capture_output=True, text=True,
                          timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def broken_templates(conf_dir, page="logout.html", bad="{{#if me}}never closed\n"):
    folder = conf_dir / "templates"
    shutil.copytree(support.ROOT / "templates", folder)
    target = folder / page
    text = target.read_text()
    target.write_text(text + bad)
    return folder, len(text.splitlines()) + 1


def test_the_servers_own_configuration_passes(server, conf_dir):
    rc, out = configtest(variant(server, conf_dir, {}))
    assert rc == 0, out


@pytest.mark.parametrize("directive,value", [
    ("CarbonSessionTTL", "abc"),
    ("CarbonSessionTTL", "-5"),
    ("CarbonUploadMaxBytes", "99999999"),
    ("CarbonUploadMaxBytes", "12kb"),
    ("CarbonLssoAudience", '""'),
    ("CarbonLssoLoginURL", '"ftp://lsso.example/login"'),
    ("CarbonLssoPublicKey", '"/nonexistent/lsso-public.pem"'),
    ("CarbonLssoSecret", '"file:/nonexistent/lsso-secret"'),
    ("CarbonLssoSecret", '"short"'),
    ("CarbonTemplateDir", '"/nonexistent/templates"'),
    ("CarbonDevLogin", "Maybe"),
])
def test_bad_directive_value_stops_apache_naming_it(server, conf_dir, directive, value):
    conf = variant(server, conf_dir, {directive: value})
    rc, out = configtest(conf)
    assert rc != 0, out
    assert directive in out
    assert f"line {line_of(conf, directive)} of {conf}" in out


def test_unknown_role_in_require_stops_apache(server, conf_dir):
    conf = variant(server, conf_dir, {})
    conf.write_text(conf.read_text().replace("Require carbon-role lao province dla",
                                             "Require carbon-role lao mayor"))
    rc, out = configtest(conf)
    assert rc != 0
    assert "carbon-role" in out and "mayor" in out


def test_template_syntax_error_fails_configtest_with_file_and_line(server, conf_dir):
    folder, line = broken_templates(conf_dir)
    conf = variant(server, conf_dir, {"CarbonTemplateDir": f'"{folder}"'})
    rc, out = configtest(conf)
    assert rc != 0, out
    assert "CarbonTemplateDir" in out
    assert f"logout.html:{line}" in out


def test_template_syntax_error_stops_apache_from_starting(server, conf_dir):
    folder, line = broken_templates(conf_dir)
    conf = variant(server, conf_dir, {"CarbonTemplateDir": f'"{folder}"'})
    proc = subprocess.run([support.APACHE, "-f", str(conf), "-k", "start"], capture_output=True,
                          text=True, timeout=60)
    pid_file = conf_dir / "httpd.pid"
    try:
        log = (conf_dir / "error.log").read_text() if (conf_dir / "error.log").exists() else ""
        out = proc.stdout + proc.stderr + log
        assert proc.returncode != 0, out
        assert "CarbonTemplateDir" in out
        assert f"logout.html:{line}" in out
    finally:
        if pid_file.exists():
            subprocess.run([support.APACHE, "-f", str(conf), "-k", "stop"], capture_output=True,
                           timeout=60)
