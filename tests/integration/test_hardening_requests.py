"""Request hardening (issue 11): a query parameter with a NUL byte is
refused with 400 instead of being dropped (and its filter skipped)."""
import support


def test_query_parameter_with_a_nul_byte_is_refused(server, session_for):
    http, _ = session_for("dla.admin")
    r = http.get(server.url("/api/v1/buyers") + "?registered_from=2025-01-01%00", timeout=30)
    assert r.status_code == 400
    assert support.is_thai(r.json()["error"])
