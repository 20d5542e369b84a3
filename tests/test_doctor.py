"""`python -m mesh_lab doctor`: a healthy machine passes; a broken one fails with a fix per problem."""

from __future__ import annotations

import os
import subprocess
import sys

from mesh_lab.kit import doctor


def _unwritable_workspace(tmp_path, monkeypatch):
    """A workspace path under a regular FILE: no user (root included) can create a folder there."""
    blocker = tmp_path / "not-a-folder.txt"
    blocker.write_text("I am a file, not a folder", encoding="utf-8")
    monkeypatch.setenv("MESH_LAB_WORKSPACE", str(blocker / "workspace"))


def test_healthy_environment_passes(capsys):
    assert doctor.main([]) == 0
    out = capsys.readouterr().out
    assert "✘" not in out
    for name in ("Python", "import pandas", "import jupyterlab", "plots (matplotlib)",
                 "widgets (ipywidgets)", "workspace writable", "sample data"):
        assert f"✔ {name}" in out
    assert "checks passed" in out


def test_every_runtime_dependency_is_checked_from_the_installed_metadata():
    report = doctor.run_checks()
    names = {r.name for r in report}
    for requirement in doctor.runtime_requirements():
        assert f"import {doctor.parse_requirement(requirement)[0]}" in names
    assert not any("hypothesis" in name for name in names), "dev extras are not runtime dependencies"


def test_missing_package_fails_with_an_install_hint(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "networkx", None)  # `import networkx` now raises ImportError
    assert doctor.main([]) == 1
    out = capsys.readouterr().out
    assert "✘ import networkx" in out
    assert 'pip install "networkx>=' in out
    assert "✔ import pandas" in out, "one missing package must not hide the others"


def test_package_that_is_not_installed_at_all():
    result = doctor.check_dependency("mesh-lab-no-such-package>=1.0")
    assert not result.ok
    assert "cannot import" in result.detail
    assert 'pip install "mesh-lab-no-such-package>=1.0"' in result.hint


def test_too_old_package_fails():
    result = doctor.check_dependency("pandas>=999.0")
    assert not result.ok
    assert "older than the needed >=999.0" in result.detail


def test_unwritable_workspace_fails_with_a_hint(tmp_path, monkeypatch, capsys):
    _unwritable_workspace(tmp_path, monkeypatch)
    assert doctor.main([]) == 1
    out = capsys.readouterr().out
    assert "✘ workspace writable" in out
    assert "fix: Point the kit at a folder you can write: set MESH_LAB_WORKSPACE" in out


def test_two_problems_give_two_hints(tmp_path, monkeypatch):
    _unwritable_workspace(tmp_path, monkeypatch)
    monkeypatch.setitem(sys.modules, "networkx", None)
    report = doctor.run_checks()
    assert not report.ok
    assert {r.name for r in report.failed} == {"import networkx", "workspace writable"}
    assert all(r.hint for r in report.failed)
    assert "2 of" in report.summary()


def test_missing_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MESH_LAB_DATA", str(tmp_path / "nowhere"))
    result = doctor.check_data()
    assert not result.ok and "MESH_LAB_DATA" in result.hint


def test_data_folder_without_products(tmp_path, monkeypatch):
    (tmp_path / "payments").mkdir()
    monkeypatch.setenv("MESH_LAB_DATA", str(tmp_path))
    result = doctor.check_data()
    assert not result.ok and "no data products" in result.detail and result.hint


def test_old_python_is_refused():
    assert doctor.check_python((3, 11, 0)).ok
    old = doctor.check_python((3, 9, 18))
    assert not old.ok and "3.9.18" in old.detail and "3.10" in old.hint
    assert "how to fix" in old._repr_html_() and "fix: Install Python" in repr(old)


def test_a_crashing_check_is_reported_not_raised(monkeypatch):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(doctor, "check_kernel", broken)
    report = doctor.run_checks()
    crashed = [r for r in report.failed if "boom" in r.detail]
    assert len(crashed) == 1 and crashed[0].hint


def test_report_renders_as_html_and_text(tmp_path, monkeypatch):
    _unwritable_workspace(tmp_path, monkeypatch)
    report = doctor.run_checks()
    page = report._repr_html_()
    assert page.count("<tr>") == len(report) + 1
    assert "✘" in page and "MESH_LAB_WORKSPACE" in page
    assert "✘ workspace writable" in repr(report)
    plain = report.to_text(ascii_only=True)
    assert "FAIL workspace writable" in plain and "✔" not in plain


def test_requirement_parsing():
    assert doctor.parse_requirement("pandas>=2.1") == ("pandas", ">=2.1")
    assert doctor.parse_requirement("PyYAML >= 6.0 ; python_version >= '3'") == ("PyYAML", ">=6.0")
    assert doctor.parse_requirement("jupyterlab[dev]>=4.2,<5") == ("jupyterlab", ">=4.2,<5")
    assert doctor.import_name("pyyaml") == "yaml"
    assert doctor.version_tuple("2.1.0rc1") == (2, 1, 0)
    assert doctor.lower_bound(">=4.2,<5") == "4.2"


def test_command_line_exit_code(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    env = {**os.environ, "MESH_LAB_WORKSPACE": str(blocker / "ws"), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-m", "mesh_lab", "doctor"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "✘ workspace writable" in done.stdout


# --- the self-check's pictures (plots/kit.py, widgets/kit.py): they draw headless ------------------

def test_self_check_chart_has_one_bar_per_check_coloured_by_result(tmp_path, monkeypatch):
    from matplotlib.colors import to_hex

    from mesh_lab.plots.kit import FAIL_COLOR, PASS_COLOR, self_check_chart

    _unwritable_workspace(tmp_path, monkeypatch)
    report = doctor.run_checks()
    figure = self_check_chart(report)
    bars = figure.axes[0].patches
    assert len(bars) == len(report)
    colours = [to_hex(bar.get_facecolor()) for bar in bars]
    assert colours.count(FAIL_COLOR) == len(report.failed) == 1
    assert colours.count(PASS_COLOR) == report.passed
    assert f"{report.passed} of {len(report)}" in figure.axes[0].get_title()


def test_self_check_chart_refuses_an_empty_report():
    import pytest

    from mesh_lab.plots.kit import self_check_chart

    with pytest.raises(ValueError, match="at least one check"):
        self_check_chart([])


def test_domain_sketch_draws_one_box_per_domain():
    import pytest

    from mesh_lab.plots.kit import MAX_DOMAINS, domain_ring, domain_sketch

    for n in (1, 4, MAX_DOMAINS):
        labels = [t.get_text() for t in domain_sketch(n).axes[0].texts]
        assert [name for name, _, _ in domain_ring(n)] == [lab for lab in labels if lab in
                                                           {name for name, _, _ in domain_ring(MAX_DOMAINS)}]
    with pytest.raises(ValueError, match="from 1 to"):
        domain_ring(0)


def test_domain_slider_redraws_when_the_slider_moves():
    from mesh_lab.widgets.kit import domain_slider

    widget = domain_slider(2)
    first = widget.png
    assert first.startswith(b"\x89PNG")
    widget.slider.value = 5  # what a learner's drag does: the observer redraws
    assert widget.n_domains == 5
    assert widget.png.startswith(b"\x89PNG") and widget.png != first
    assert "5 domains" in widget.caption.value
    assert "n_domains=5" in repr(widget)


def test_widget_pictures_show_at_their_drawn_size_not_stretched():
    """Without a width an ipywidgets.Image is stretched by JupyterLab and the picture turns blurry."""
    from mesh_lab.widgets.kit import domain_slider
    from mesh_lab.widgets.mesh import org_simulator

    assert domain_slider(3).image.width == "480"
    assert org_simulator().picture.width
