import json

import pytest

PROJECT_LAT, PROJECT_LON = 34.26580, 108.95410
VISIT_DAY = "2026-11-20"


@pytest.fixture
def site(ws):
    """A project with a location, a visitor, a visit on VISIT_DAY and a problem raised on it."""
    from forms.ids import new_id

    project, person, visit, problem = new_id(), new_id(), new_id(), new_id()
    with ws.transaction():
        ws.record("person", person, {"name": "王建国", "role": "commissioner"})
        ws.record(
            "project",
            project,
            {
                "name": "年产30万吨铝合金轮毂项目",
                "location": "高新区纬二路18号",
                "latitude": PROJECT_LAT,
                "longitude": PROJECT_LON,
            },
        )
        ws.record(
            "visit",
            visit,
            {
                "project_id": project,
                "visited_at": f"{VISIT_DAY}T09:30",
                "kind": "routine",
                "form_id": "visit",
                "form_version": 1,
                "data": "{}",
            },
            author_id=person,
        )
        ws.record(
            "problem",
            problem,
            {
                "project_id": project,
                "visit_id": visit,
                "category": "land",
                "description": "用地手续未办结",
                "raised_on": VISIT_DAY,
                "form_id": "problem",
                "form_version": 1,
                "data": "{}",
            },
            author_id=person,
        )
    return {"ws": ws, "project": project, "person": person, "visit": visit, "problem": problem}


def set_setting(ws, key, value):
    ws.record("setting", key, {"value": json.dumps(value)})
