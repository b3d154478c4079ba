"""Forms published through sync: the loader reads them beside the shipped ones; an app that
cannot render a newer definition says so instead of failing."""

from __future__ import annotations

import json

import pytest

from forms import form_definitions
from forms.errors import UserError
from forms.workspace import Workspace


def _visit_v2() -> form_definitions.Definition:
    data = form_definitions.latest("visit").to_dict()
    data["version"] = 2
    data["fields"].append(
        {"name": "safety", "type": "text", "label": {"zh": "安全生产", "en": "Safety"}}
    )
    return form_definitions.Definition.from_dict(data)


def _carry(source: Workspace, target: Workspace) -> int:
    bodies = [
        json.loads(r[0]) for r in source.db.execute("SELECT body FROM changes ORDER BY rowid")
    ]
    return target.receive(bodies)


def test_a_published_version_reaches_another_workspace_and_is_used(tmp_path):
    with Workspace.open(tmp_path / "o") as office, Workspace.open(tmp_path / "l") as laptop:
        assert form_definitions.publish(office, _visit_v2())
        assert not form_definitions.publish(office, _visit_v2())  # the same again: nothing new
        assert form_definitions.latest("visit", laptop.db).version == 1
        assert _carry(office, laptop) == 1
        assert form_definitions.latest("visit", laptop.db).version == 2
        assert form_definitions.load("visit", 1, laptop.db).version == 1  # old records still render
        assert "safety" in [f.name for f in form_definitions.load("visit", 2, laptop.conn).fields]


def test_a_version_is_never_republished_with_other_content(tmp_path):
    with Workspace.open(tmp_path / "o") as office:
        form_definitions.publish(office, _visit_v2())
        other = _visit_v2().to_dict()
        other["fields"].pop()
        before = office.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
        with pytest.raises(UserError, match="内容不同"):
            form_definitions.publish(office, form_definitions.Definition.from_dict(other))
        assert office.db.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == before


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"schema": 2}, "表单格式 2"),
        ({"field_type": "signature"}, "'signature' 本应用不认识"),
        ({"attribute": "visible_if"}, "visible_if"),
    ],
)
def test_a_newer_form_this_app_cannot_render_is_reported(tmp_path, change, reason):
    body = _visit_v2().to_dict()
    body["version"] = 3
    if "schema" in change:
        body["schema"] = change["schema"]
    if "field_type" in change:
        body["fields"][-1]["type"] = change["field_type"]
    if "attribute" in change:
        body["fields"][-1][change["attribute"]] = {"field": "kind"}
    with Workspace.open(tmp_path / "o") as office, Workspace.open(tmp_path / "l") as laptop:
        # as a newer SiteLedger at the office would publish it
        office.record(
            "form_definition",
            "visit",
            {"version": 3, "kind": "visit", "body": json.dumps(body, ensure_ascii=False)},
        )
        _carry(office, laptop)
        assert (
            form_definitions.latest("visit", laptop.db).version == 1
        )  # keeps to what it can render
        [problem] = form_definitions.unrenderable(laptop.db)
        assert (problem.form_id, problem.version) == ("visit", 3)
        with pytest.raises(form_definitions.UnrenderableForm, match=reason) as raised:
            form_definitions.load("visit", 3, laptop.db)
        assert "请更新 SiteLedger" in str(raised.value)
        with pytest.raises(UserError, match="请先同步"):
            form_definitions.load("visit", 9, laptop.db)


def test_a_record_keeps_the_version_it_was_filled_with(demo_ws):
    from forms import visits

    project = demo_ws.db.execute("SELECT id FROM projects ORDER BY id LIMIT 1").fetchone()[0]
    values = {
        "project_id": project,
        "visited_at": "2026-11-20T10:00",
        "kind": "routine",
        "progress_text": "主体完工",
    }
    first = visits.record(demo_ws, values, author_id=None)
    form_definitions.publish(demo_ws, _visit_v2())
    visit_id = visits.record(demo_ws, {**values, "safety": "良好"}, author_id=None)
    old = demo_ws.db.execute("SELECT form_version FROM visits WHERE id = ?", [first]).fetchone()
    assert old[0] == 1
    row = demo_ws.db.execute("SELECT form_version FROM visits WHERE id = ?", [visit_id]).fetchone()
    assert row[0] == 2


def test_form_publish_and_list_on_the_command_line(tmp_path, capsys):
    from desktop.cli import main

    path = tmp_path / "visit.v2.json"
    path.write_text(json.dumps(_visit_v2().to_dict(), ensure_ascii=False), "utf-8")
    home = str(tmp_path / "ws")
    assert main(["--home", home, "form", "publish", str(path)]) == 0
    assert "visit v2: published" in capsys.readouterr().out
    newer = {**_visit_v2().to_dict(), "version": 3, "schema": 9}
    with Workspace.open(tmp_path / "ws") as ws:
        ws.record(
            "form_definition", "visit", {"version": 3, "kind": "visit", "body": json.dumps(newer)}
        )
    assert main(["--home", home, "form", "list"]) == 0
    out = capsys.readouterr()
    assert "visit v2" in out.out and "visit v3" not in out.out
    assert "visit 第 3 版无法在本版本中显示" in out.err
    path.write_text(json.dumps(newer), "utf-8")
    assert main(["--home", home, "form", "publish", str(path)]) == 1  # this app cannot render it
