"""Row-level scope: an LAO sees its own LAO, a province user the LAOs of
its province, DLA everything; anything outside is a 404, for balances and
for uploaded files (metadata and download) alike."""
import hashlib

import pytest

import support

OWN = "5540105"            # lao.54-1
PHRAE_OTHER = "6540302"    # lao.54-2, same province
CHIANG_MAI = "3500109"     # lao.50-1, province 50
UNKNOWN = "9999999"


def balance(server, http, code):
    return http.get(server.url(f"/api/v1/laos/{code}/balance"))


def test_lao_gets_its_own_balance(server, session_for):
    http, _ = session_for("lao.54-1")
    r = balance(server, http, OWN)
    assert r.status_code == 200
    assert r.json()["lao_code"] == OWN


@pytest.mark.parametrize("code", [PHRAE_OTHER, CHIANG_MAI, UNKNOWN])
def test_lao_gets_404_for_another_laos_balance(server, session_for, code):
    http, _ = session_for("lao.54-1")
    r = balance(server, http, code)
    assert r.status_code == 404
    assert "certified_tco2e" not in r.text


def test_province_user_gets_every_phrae_lao_balance(server, session_for, db):
    http, _ = session_for("phrae.province")
    codes = [row[0] for row in db.query("SELECT code FROM laos WHERE province_code = ?", ("54",))]
    assert len(codes) >= 3
    for code in codes:
        assert balance(server, http, code).status_code == 200, code


@pytest.mark.parametrize("code", [CHIANG_MAI, "2300101", UNKNOWN])
def test_province_user_gets_404_for_lao_in_another_province(server, session_for, code):
    http, _ = session_for("phrae.province")
    assert balance(server, http, code).status_code == 404


def test_dla_gets_every_lao_balance(server, session_for, db):
    http, _ = session_for("dla.admin")
    codes = [row[0] for row in db.query("SELECT code FROM laos")]
    for code in codes:
        assert balance(server, http, code).status_code == 200, code


def test_dla_gets_404_for_unknown_lao(server, session_for):
    http, _ = session_for("dla.admin")
    assert balance(server, http, UNKNOWN).status_code == 404


@pytest.mark.parametrize("code", ["54", "", "5540105' OR '1'='1", "%27%20OR%201=1--"])
def test_odd_lao_code_is_404(server, session_for, code):
    http, _ = session_for("lao.54-1")
    r = http.get(server.url("/api/v1/laos/") + code + "/balance")
    assert r.status_code == 404


@pytest.fixture(scope="module")
def lao_file(server):
    """A PDF uploaded by lao.54-1: (id, bytes)."""
    http, csrf = support.sign_in(server, "lao.54-1")
    content = support.padded_pdf(4096)
    r = support.upload(server, http, csrf, "scope.pdf", content, "application/pdf")
    assert r.status_code == 201, r.text
    return r.json()["id"], content


@pytest.fixture(scope="module")
def chiang_mai_file(server):
    http, csrf = support.sign_in(server, "lao.50-1")
    r = support.upload(server, http, csrf, "cm.jpg", support.fixture_bytes("sample.jpg"), "image/jpeg")
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.mark.parametrize("user", ["lao.54-2", "lao.50-1"])
def test_file_of_one_lao_is_404_for_another_lao(server, session_for, lao_file, user):
    http, _ = session_for(user)
    file_id, _ = lao_file
    meta = http.get(server.url(f"/api/v1/files/{file_id}"))
    download = http.get(server.url(f"/files/{file_id}"))
    assert meta.status_code == 404
    assert download.status_code == 404
    assert "sha256" not in meta.text
    assert not download.content.startswith(b"%PDF")


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province", "dla.admin"])
def test_file_of_an_lao_is_visible_to_it_its_province_and_dla(server, session_for, lao_file, user):
    http, _ = session_for(user)
    file_id, _ = lao_file
    assert http.get(server.url(f"/api/v1/files/{file_id}")).status_code == 200
    assert http.get(server.url(f"/files/{file_id}")).status_code == 200


def test_file_of_an_lao_in_another_province_is_404_for_province_user(server, session_for,
                                                                      chiang_mai_file):
    http, _ = session_for("phrae.province")
    assert http.get(server.url(f"/api/v1/files/{chiang_mai_file}")).status_code == 404
    assert http.get(server.url(f"/files/{chiang_mai_file}")).status_code == 404


def test_downloaded_bytes_equal_uploaded_bytes(server, session_for, lao_file):
    http, _ = session_for("phrae.province")
    file_id, content = lao_file
    r = http.get(server.url(f"/files/{file_id}"))
    assert r.content == content
    assert r.headers["Content-Type"].startswith("application/pdf")


def test_download_sha256_matches_metadata(server, session_for, lao_file):
    http, _ = session_for("dla.admin")
    file_id, content = lao_file
    meta = http.get(server.url(f"/api/v1/files/{file_id}")).json()
    body = http.get(server.url(f"/files/{file_id}")).content
    assert meta["sha256"] == hashlib.sha256(content).hexdigest() == hashlib.sha256(body).hexdigest()


def test_download_is_an_attachment_never_rendered(server, session_for, lao_file):
    http, _ = session_for("lao.54-1")
    file_id, _ = lao_file
    r = http.get(server.url(f"/files/{file_id}"))
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("file_id", ["999999999", "abc", "1e3", "-1", "0x1"])
def test_unknown_or_odd_file_id_is_404(server, session_for, file_id):
    http, _ = session_for("dla.admin")
    assert http.get(server.url(f"/api/v1/files/{file_id}")).status_code == 404
    assert http.get(server.url(f"/files/{file_id}")).status_code == 404


@pytest.fixture(scope="module")
def dla_file(server):
    http, csrf = support.sign_in(server, "dla.admin")
    r = support.upload(server, http, csrf, "dla.doc", support.fixture_bytes("sample.doc"),
                       "application/msword")
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.mark.parametrize("user", ["lao.54-1", "phrae.province"])
def test_file_of_dla_is_404_for_lao_and_province(server, session_for, dla_file, user):
    http, _ = session_for(user)
    assert http.get(server.url(f"/api/v1/files/{dla_file}")).status_code == 404
    assert http.get(server.url(f"/files/{dla_file}")).status_code == 404


def test_file_of_dla_is_visible_to_dla(server, session_for, dla_file):
    http, _ = session_for("dla.admin")
    assert http.get(server.url(f"/files/{dla_file}")).status_code == 200
