"""Security against a real server process, administered with the real command line."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from forms.workspace import Workspace
from sync import laptop_state

from .factory import project, visit
from .helpers import cli, demo_queued


def enrol(server, home, name: str, role: str, district: str | None = None) -> str:
    """add-user and enroll-code through the CLI; returns the device token."""
    args = ["server", "add-user", "--data", str(server.data), "--name", name, "--role", role]
    cli(*args, *(["--district", district] if district else []))
    code = (
        cli("server", "enroll-code", "--data", str(server.data), "--user", name)
        .stdout.strip()
        .splitlines()[-1]
    )
    cli("enroll", "--server", server.url, "--code", code, home=home)
    with Workspace.open(home, lock=False) as ws:
        return laptop_state.get_secret(ws, "token")


def api(server, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=f"{server.url}/v1", headers=headers, timeout=10)


def test_authentication(server, tmp_path):
    token = enrol(server, tmp_path / "o", "办公室", "office")
    assert api(server).get("/changes").status_code == 401
    assert api(server, "not-a-token").get("/changes").status_code == 401
    assert api(server, token).get("/changes").status_code == 200
    # an expired enrolment code, and a used one
    cli("server", "add-user", "--data", str(server.data), "--name", "迟到", "--role", "office")
    late = (
        cli("server", "enroll-code", "--data", str(server.data), "--user", "迟到", "--ttl", "0")
        .stdout.strip()
        .splitlines()[-1]
    )
    assert api(server).post("/enroll", json={"code": late}).status_code == 401
    failed = cli(
        "enroll", "--server", server.url, "--code", late, home=tmp_path / "late", check=False
    )
    assert failed.returncode == 1 and "过期" in failed.stderr
    # a revoked device
    with Workspace.open(tmp_path / "o", lock=False) as ws:
        device = laptop_state.get(ws, "server_device")
    assert device in cli("server", "devices", "--data", str(server.data)).stdout
    cli("server", "revoke-device", "--data", str(server.data), "--device", device)
    assert api(server, token).get("/changes").status_code == 401
    refused = cli("sync", home=tmp_path / "o", check=False)
    assert refused.returncode == 1 and "撤销" in refused.stderr


def test_out_of_scope_is_403_and_nothing_written(server, tmp_path):
    office = enrol(server, tmp_path / "o", "办公室", "office")
    leader = enrol(server, tmp_path / "l", "区领导", "leader", district="east")
    mine, theirs = project("east"), project("west")
    assert api(server, office).post("/changes", json={"changes": [mine, theirs]}).status_code == 200
    store = server.store()
    before = store.count_changes()
    response = api(server, leader).post(
        "/changes", json={"changes": [visit(mine["entity_id"]), visit(theirs["entity_id"])]}
    )
    assert response.status_code == 403
    assert [r["status"] for r in response.json()["refused"]] == [403]
    assert store.count_changes() == before
    pulled = api(server, leader).get("/changes").json()["changes"]
    assert {c["entity_id"] for c in pulled} == {mine["entity_id"]}
    store.close()


def test_limits_and_malformed_input(server, tmp_path):
    token = enrol(server, tmp_path / "o", "办公室", "office")
    client = api(server, token)
    huge = b'{"changes": [' + b" " * (9 * 1024 * 1024) + b"]}"
    assert (
        client.post(
            "/changes", content=huge, headers={"Content-Type": "application/json"}
        ).status_code
        == 413
    )
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))
    assert (
        client.post(
            "/changes",
            content=bomb,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        ).status_code
        == 413
    )
    assert (
        client.post(
            "/changes", content=b'{"changes": [', headers={"Content-Type": "application/json"}
        ).status_code
        == 422
    )
    assert client.post("/changes", json={"changes": [{"id": "x"}]}).status_code == 422
    # (a literal "../" is resolved by the HTTP client before sending; encoded ones reach us)
    tus = {"Content-Type": "application/offset+octet-stream", "Upload-Offset": "0"}
    for name in ("..%2F..%2Fserver.sqlite", "abc", "A" * 64, "..%2f..%2fetc%2fpasswd"):
        response = client.patch(
            f"/photos/{name}", content=b"x", headers={**tus, "Upload-Length": "1"}
        )
        assert response.status_code == 400, name
    assert client.get("/photos/" + "a" * 63).status_code == 400
    assert client.head("/photos/" + "g" * 64).status_code == 400
    # bytes for a photo no record names are refused and not kept (tests/sync/test_tus.py has
    # the photo whose bytes do not match its name)
    unnamed = "0" * 64
    response = client.patch(
        f"/photos/{unnamed}", content=b"hello", headers={**tus, "Upload-Length": "5"}
    )
    assert response.status_code == 403
    assert client.head(f"/photos/{unnamed}").status_code == 404
    assert not (server.data / "partial" / unnamed).exists()
    too_big = client.patch(
        "/photos/" + "1" * 64, content=b"x", headers={**tus, "Upload-Length": str(2**30)}
    )
    assert too_big.status_code == 413
    other = client.get("/info", headers={"SiteLedger-Protocol": "99"})
    assert other.status_code == 400 and "协议" in other.json()["detail"]
    assert client.get("/info").headers["SiteLedger-Protocol"] == "1"
    assert "/v1/changes" in client.get(f"{server.url}/openapi.json").json()["paths"]


def test_tokens_never_in_logs(server, tmp_path):
    token = enrol(server, tmp_path / "o", "办公室", "office")
    with Workspace.open(tmp_path / "o") as ws:
        demo_queued(ws)
    out = cli("sync", home=tmp_path / "o")
    api(server, token + "x").get("/changes")
    server.stop()
    log = server.log.read_text()
    assert "POST /v1/changes" in log  # the log is there, and says what happened
    assert token not in log and token not in out.stdout + out.stderr
    assert token[:12] not in log


def test_schemathesis_finds_no_server_errors(server, tmp_path):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, Phase, given, settings

    token = enrol(server, tmp_path / "o", "办公室", "office")
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    failures, calls = [], []
    for operation in schema.get_all_operations():
        op = operation.ok()

        @settings(
            max_examples=12,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy())
        def check(case):
            response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=10)
            calls.append(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    (case.method, case.formatted_path, response.status_code, response.text[:200])
                )

        check()
    assert len(calls) > 30 and 200 in calls and 422 in calls
    assert not failures, json.dumps(failures, ensure_ascii=False)
