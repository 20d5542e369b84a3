"""The facilitator pack is generated from the notebooks and their exercises, and stays in step."""

from __future__ import annotations

from mesh_lab.kit import curriculum, facilitator


def written_entries():
    return [e for e in curriculum.CURRICULUM if (curriculum.metadata(e) or {}).get("level_minutes")]


def test_the_pack_matches_the_generator():
    stale = [path.name for path, text in facilitator.planned_files().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert not stale, f"{stale}: run `python -m mesh_lab.kit.facilitator --write` and commit the result"


def test_every_page_lists_every_declared_misconception_of_its_notebook():
    for entry in written_entries():
        notebook = facilitator._notebook(entry, curriculum.PROJECT_ROOT)
        text = facilitator.page(entry)
        exercises = facilitator.exercises_of(notebook)
        assert exercises, f"{entry.path}: no exercises found"
        for exercise in exercises:
            for mistake in exercise.mistakes:
                if not mistake.name.startswith("option_"):
                    assert f"`{mistake.name}`: {mistake.message}" in text, (entry.path, exercise.id, mistake.name)


def test_every_written_notebook_has_discussion_prompts():
    prompts = facilitator.prompts()
    missing = [e.path for e in written_entries() if len(prompts.get(e.path, [])) < 2]
    assert not missing, f"add two or more discussion prompts to docs/facilitator/prompts.yaml for {missing}"


def test_where_to_cut_fits_each_slot():
    meta = {"minutes": 60, "level_minutes": {"kid": 8, "teen": 14, "tech": 33, "wrap": 5}}
    lines = facilitator.where_to_cut(meta)
    assert lines[0] == "- **30 min:** 👶 Kid + 🧑‍🎓 Teen (27 min)"
    assert lines[2] == "- **60 min:** 👶 Kid + 🧑‍🎓 Teen + 👨‍💻 Tech Lead (60 min)"


def test_the_cheat_sheets_print_on_their_own():
    text = facilitator.cheat_sheet_html("smoke-testing")
    assert text.startswith("<!doctype html>") and "@media print" in text and "What is Smoke Testing?" in text
