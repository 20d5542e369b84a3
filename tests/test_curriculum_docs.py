"""The README's curriculum, the start map and the facilitator agendas are what the metadata says."""

from __future__ import annotations

from mesh_lab.kit import curriculum


def test_maps_and_agendas_match_the_generator():
    stale = [str(path.name) for path, text in curriculum.planned_files().items()
             if path.read_text(encoding="utf-8") != text]
    assert not stale, (f"{stale} are out of step with the notebooks' metadata: run "
                       "`python -m mesh_lab.kit.curriculum --write` and commit the result")


def test_every_written_notebook_is_in_the_curriculum():
    listed = {entry.path for entry in curriculum.CURRICULUM}
    written = {p.relative_to(curriculum.notebooks_dir()).with_suffix("").as_posix()
               for p in curriculum.notebooks_dir().rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    assert written <= listed, f"notebooks missing from kit/curriculum.py's CURRICULUM: {sorted(written - listed)}"


def test_a_planned_notebook_shows_as_coming_and_a_written_one_as_a_link(tmp_path):
    (tmp_path / "notebooks").mkdir()
    table = curriculum.curriculum_table("notebooks/", root=tmp_path)
    assert "🚧 coming" in table and "](notebooks/" not in table
    assert table.count("\n") == len(curriculum.CURRICULUM) + 1


def test_an_agenda_that_overruns_is_refused():
    import pytest

    with pytest.raises(ValueError, match="after its 30 minutes"):
        curriculum.agenda("t", 30, [("setup", "—", 10), ("a", "👶", 25)])
