import pytest

from forms import form_definitions


@pytest.fixture
def visit_form():
    return form_definitions.latest("visit")


def test_bundled_definitions_have_id_and_version():
    found = form_definitions.bundled()
    assert ("visit", 1) in found and ("problem", 1) in found


def test_every_error_is_returned_with_its_field(visit_form):
    errors = form_definitions.validate(
        visit_form,
        {
            "visited_at": "not a time",
            "kind": "picnic",
            "progress_text": "",
            "cumulative_investment": -5,
            "location": {"lat": 120, "lon": 10},
            "note": "字" * 2001,
            "photos": ["../../etc/passwd"],
        },
    )
    fields = [e.field for e in errors]
    assert fields == [
        "project_id",
        "visited_at",
        "kind",
        "location",
        "progress_text",
        "cumulative_investment",
        "note",
        "photos",
    ]
    by_field = {e.field: e for e in errors}
    assert by_field["project_id"].zh == "项目不能为空"
    assert by_field["project_id"].en == "Project is required"
    assert "过长" in by_field["note"].zh and "too long" in by_field["note"].en
    assert "不能小于" in by_field["cumulative_investment"].zh


def test_valid_values_pass(visit_form):
    values = form_definitions.defaults(visit_form)
    values.update(
        project_id="p1",
        progress_text="主体施工",
        cumulative_investment=12_000_000,
        location={"lat": 34.2, "lon": 108.9},
        photos=["a" * 64],
    )
    assert form_definitions.validate(visit_form, values) == []


def test_reference_lookups_are_checked(visit_form):
    values = {
        "project_id": "nope",
        "visited_at": "2026-11-23T10:00",
        "kind": "routine",
        "progress_text": "x",
    }
    errors = form_definitions.validate(
        visit_form, values, form_definitions.Lookups(project=lambda key: key == "p1")
    )
    assert [e.field for e in errors] == ["project_id"]


def test_deadline_not_before_found_on():
    problem = form_definitions.latest("problem")
    errors = form_definitions.validate(
        problem,
        {
            "category": "land",
            "description": "用地未征收",
            "raised_on": "2026-11-20",
            "deadline": "2026-11-01",
        },
    )
    assert [(e.field, e.zh) for e in errors] == [("deadline", "办结时限不能早于发现日期")]


def test_unknown_fields_and_bad_types():
    problem = form_definitions.latest("problem")
    errors = form_definitions.validate(
        problem, {"category": "land", "description": 12, "raised_on": "2026-02-30", "colour": "red"}
    )
    assert [e.field for e in errors] == ["description", "raised_on", "colour"]


def test_definition_round_trips_as_data():
    visit = form_definitions.latest("visit")
    assert form_definitions.Definition.from_dict(visit.to_dict()) == visit


def test_unknown_field_type_is_rejected():
    with pytest.raises(ValueError, match="unknown type"):
        form_definitions.Definition.from_dict(
            {
                "id": "x",
                "version": 1,
                "kind": "x",
                "title": {},
                "fields": [{"name": "a", "type": "colour", "label": {}}],
            }
        )
