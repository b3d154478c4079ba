"""Site visits (现场走访): validated against the visit form, recorded with their problems."""

from __future__ import annotations

import json
from typing import Any

from . import form_definitions, problems, projects
from .errors import UserError
from .ids import new_id
from .store import visits as store
from .workspace import Workspace

# Visit fields that also update the project's ledger (milestones seen, figures reported).
LEDGER_UPDATES = (
    "cumulative_investment",
    "started_actual",
    "completed_actual",
    "production_actual",
)


class InvalidForm(UserError):
    """Values that do not pass their form definition; `errors` lists each field's problem."""

    def __init__(self, errors: list[form_definitions.FieldError], prefix: str = "") -> None:
        self.errors = errors
        self.prefix = prefix
        super().__init__("; ".join(f"{prefix}{e.field}: {e.zh} / {e.en}" for e in errors))


def lookups(ws: Workspace) -> form_definitions.Lookups:
    def exists(table: str):
        return lambda key: store.exists(ws.conn, table, key)

    return form_definitions.Lookups(
        person=exists("people"), unit=exists("units"), project=exists("projects")
    )


def check(
    ws: Workspace, values: dict[str, Any], new_problems: list[dict[str, Any]]
) -> list[form_definitions.FieldError]:
    """Every error of the visit and of its problems; problem fields are named `problems[i].field`."""
    visit_form, problem_form = (
        form_definitions.latest("visit", ws.conn),
        form_definitions.latest("problem", ws.conn),
    )
    ws_lookups = lookups(ws)
    errors = form_definitions.validate(visit_form, values, ws_lookups)
    visit_day = str(values.get("visited_at") or "")[:10]
    for i, problem in enumerate(new_problems):
        for e in form_definitions.validate(problem_form, problem, ws_lookups):
            errors.append(form_definitions.FieldError(f"problems[{i}].{e.field}", e.zh, e.en))
        deadline = problem.get("deadline")
        if (
            deadline
            and visit_day
            and form_definitions.parse_date(deadline)
            and deadline < visit_day
        ):
            errors.append(
                form_definitions.FieldError(
                    f"problems[{i}].deadline",
                    "办结时限不能早于走访日期",
                    "the deadline cannot be before the visit",
                )
            )
    return errors


def record(
    ws: Workspace,
    values: dict[str, Any],
    *,
    author_id: str | None,
    new_problems: list[dict[str, Any]] = (),
) -> str:
    """Validate and record a visit, its problems and its ledger updates in one transaction."""
    new_problems = list(new_problems)
    errors = check(ws, values, new_problems)
    if errors:
        raise InvalidForm(errors)
    visit_form = form_definitions.latest("visit", ws.conn)
    visit_id = new_id()
    location = values.get("location") or {}
    with ws.transaction():
        ws.record(
            "visit",
            visit_id,
            {
                "project_id": values["project_id"],
                "visited_at": values["visited_at"],
                "kind": values.get("kind"),
                "latitude": location.get("lat"),
                "longitude": location.get("lon"),
                "progress_text": values.get("progress_text"),
                "cumulative_investment": values.get("cumulative_investment"),
                "form_id": visit_form.id,
                "form_version": visit_form.version,
                "data": json.dumps(values, ensure_ascii=False, sort_keys=True),
            },
            author_id=author_id,
        )
        updates = {k: values[k] for k in LEDGER_UPDATES if values.get(k) not in (None, "")}
        if updates:
            projects.update(ws, values["project_id"], updates, author_id=author_id)
        for problem in new_problems:
            problems.register(
                ws, values["project_id"], problem, author_id=author_id, visit_id=visit_id
            )
    return visit_id


def get(ws: Workspace, visit_id: str) -> dict[str, Any] | None:
    return store.get(ws.conn, visit_id)


def for_project(ws: Workspace, project_id: str) -> list[dict[str, Any]]:
    return store.for_project(ws.conn, project_id)
