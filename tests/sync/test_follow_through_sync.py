"""Follow-through over a real server on loopback: two commissioners register problems offline
(each numbering from its own lane, announced through the server), the office issues a notice
and records its delivery; everyone ends with the same numbers and the same notice life."""

from __future__ import annotations

import datetime as dt
import re

from forms import problems
from forms.documents import notice, numbering
from forms.store import notices as notice_store
from forms.store import problems as problem_store
from sync.client import Client

from .helpers import demo_queued

TODAY = dt.date(2026, 11, 23)


def sync(ws):
    with Client(ws) as client:
        return client.sync()


def test_numbers_and_notice_life_through_the_server(server, tmp_path):
    office = server.enrolled(tmp_path / "o", "办公室")
    demo_queued(office)
    numbering.set_lane(office, numbering.OFFICE_LANE)
    sync(office)
    project, district = office.db.execute(
        "SELECT id, district_id FROM projects WHERE district_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    unit = office.db.execute("SELECT id FROM units WHERE kind = 'department' LIMIT 1").fetchone()[0]
    laptops = [
        server.enrolled(tmp_path / f"c{n}", f"专员{n}", "commissioner", district=district)
        for n in range(2)
    ]
    for laptop in laptops:
        sync(laptop)  # set up, then both go out to sites with no network
    made = {}
    for n, laptop in enumerate(laptops):
        made[n] = [
            problems.register(
                laptop,
                project,
                {
                    "category": "land",
                    "description": f"专员{n}发现的问题{k}",
                    "raised_on": "2026-11-02",
                    "unit_id": unit,
                    "deadline": "2026-11-16",
                },
                author_id=None,
            )
            for k in range(3)
        ]
    for laptop in laptops:
        report = sync(laptop)
        assert report.set_aside == [], report.set_aside  # the lane claim is accepted too
    sync(office)
    for laptop in laptops:
        sync(laptop)
    everyone = (office, *laptops)
    for ws in everyone:
        assert numbering.lane_conflicts(ws) == {}
        assert problem_store.duplicate_numbers(ws.db) == {}
        assert len(numbering.lanes(ws)) == 3
    lanes = [numbering.lanes(office)[laptop.device_id] for laptop in laptops]
    assert len(set(lanes)) == 2 and 0 not in lanes
    for n, lane in enumerate(lanes):
        numbers = [problems.get(office, pid)["number"] for pid in made[n]]
        assert numbers == [f"Q26-{lane:02d}-{k:04d}" for k in (1, 2, 3)]
        assert all(re.fullmatch(r"Q\d{2}-\d{2}-\d{4}", x) for x in numbers)
    # The office issues a notice for the six and records its delivery.
    ids = made[0] + made[1]
    (nid,) = notice.issue(office, unit, today=TODAY, problem_ids=ids)
    from forms import notices

    notices.deliver(office, "工专班督〔2026〕1号", on=TODAY, note="签收", author_id=None)
    sync(office)
    for laptop in laptops:
        sync(laptop)
        row = notice_store.get(laptop.db, nid)
        assert row["shown_number"] == "工专班督〔2026〕1号" and row["state"] == "delivered"
        kinds = [e["kind"] for e in problems.events(laptop, made[0][0])]
        assert kinds == ["registered", "noticed"]
