"""`make browser-test`'s pure parts: what counts as a failure, the temporary copy of the notebooks, the
server's settings and environment, and the report. The page's measuring script runs in a real Chromium on
a plain page (skipped where Chromium or playwright is missing); the whole run is `make browser-test`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mesh_lab.kit import browser_test as bt

# --- what counts as a failure ----------------------------------------------------------------------


def test_a_button_whose_text_is_wider_than_its_box_overflows():
    assert bt.text_overflows({"scrollWidth": 188, "clientWidth": 148})


def test_a_button_whose_text_fits_or_misses_by_a_rounding_pixel_does_not_overflow():
    assert not bt.text_overflows({"scrollWidth": 148, "clientWidth": 148})
    assert not bt.text_overflows({"scrollWidth": 149, "clientWidth": 148})


def test_a_dropdown_overflows_when_its_shown_option_and_padding_do_not_fit():
    select = {"scrollWidth": 0, "clientWidth": 390, "textWidth": 400, "padding": 28}
    assert bt.text_overflows(select)
    assert not bt.text_overflows({**select, "textWidth": 300})


def test_a_control_that_is_not_shown_does_not_overflow():
    assert not bt.text_overflows({"scrollWidth": 200, "clientWidth": 0})


@pytest.mark.parametrize("text", ["Loading widget...", "Error displaying widget: model not found",
                                  "VBox(children=(IntSlider(value=3, description='domains'),))",
                                  "IntSlider(value=3, min=1, max=8)"])
def test_what_a_widget_leaves_when_it_does_not_render_is_found(text):
    assert bt.unrendered_widget_text(text)


@pytest.mark.parametrize("text", ["PosixPath('/tmp/workspace')", "All 16 checks passed", "A Box(es) of toys",
                                  ""])
def test_ordinary_output_is_not_mistaken_for_an_unrendered_widget(text):
    assert bt.unrendered_widget_text(text) is None


def _cell(index=0, **found):
    return {"index": index, "tags": [], "errors": [], "stderrTracebacks": [], "widgetTexts": [],
            "brokenImages": [], "stretchedImages": [], "overflows": [], **found}


def test_an_error_output_fails_with_the_notebook_and_the_cell_counted_from_one():
    [failure] = bt.cell_failures("nb.ipynb", [_cell(4, errors=["NameError: name 'b' is not defined"])])
    assert (failure.notebook, failure.cell) == ("nb.ipynb", 5)
    assert str(failure) == "✘ nb.ipynb cell 5: error output: NameError: name 'b' is not defined"


def test_a_cell_tagged_raises_exception_may_show_its_error():
    cell = _cell(errors=["ValueError: on purpose"],
                 stderrTracebacks=["Traceback ...\nValueError: on purpose"])
    assert bt.cell_failures("nb.ipynb", [{**cell, "tags": ["raises-exception"]}]) == []
    whats = [failure.what for failure in bt.cell_failures("nb.ipynb", [cell])]
    assert whats == ["error output: ValueError: on purpose"], "shown as stderr too: reported once"


def test_a_traceback_on_stderr_is_reported_by_its_error_line():
    text = "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'currency'\n"
    [failure] = bt.cell_failures("nb.ipynb", [_cell(stderrTracebacks=[text])])
    assert failure.what == "traceback on stderr: KeyError: 'currency'"


def test_unrendered_widgets_broken_stretched_images_and_cut_labels_each_fail():
    cell = _cell(2, widgetTexts=["Loading widget..."],
                 brokenImages=["http://127.0.0.1:8888/files/notebooks/missing.png?_xsrf=2%7Csecret"],
                 stretchedImages=[{"natural": [360, 259], "shown": [480, 345]}],
                 overflows=[{"kind": "button", "text": "Press the power button", "scrollWidth": 188,
                             "clientWidth": 148},
                            {"kind": "button", "text": "Check", "scrollWidth": 60, "clientWidth": 148}])
    whats = [failure.what for failure in bt.cell_failures("nb.ipynb", [cell])]
    assert whats == [
        "a widget did not render (shows 'Loading widget...')",
        "image does not load: /files/notebooks/missing.png",
        "image stretched and soft: 360×259 px shown at 480×345 (draw it at the size it is shown)",
        "button text cut off: 'Press the power button' needs 188 px, its box is 148 px",
    ]


def test_text_under_11_px_fails_once_per_cell_with_its_smallest_example():
    cell = _cell(smallText=[{"px": 10.8, "text": "4 domains own their data"}, {"px": 10.0, "text": "v1.0"}])
    [failure] = bt.cell_failures("nb.ipynb", [cell])
    assert failure.what == "text too small to read: 10.0 px (under 11 px): 'v1.0' and 1 more"


def test_a_failure_s_kind_leaves_out_its_details_so_a_second_look_does_not_repeat_it():
    before = bt.Failure("nb.ipynb", 3, "text too small to read: 10.8 px (under 11 px): 'a'")
    after = bt.Failure("nb.ipynb", 3, "text too small to read: 10.8 px (under 11 px): 'b' and 1 more")
    assert bt.failure_kind(before) == bt.failure_kind(after) == ("nb.ipynb", 3, "text too small to read")
    assert bt.failure_kind(before) != bt.failure_kind(bt.Failure("nb.ipynb", 4, before.what))


def test_a_clean_cell_has_no_failures():
    assert bt.cell_failures("nb.ipynb", [_cell(), _cell(1)]) == []


# --- the temporary copy, the settings, the server's environment --------------------------------------


def _notebooks(tmp_path: Path) -> Path:
    source = tmp_path / "repo" / "notebooks"
    (source / "topic" / ".ipynb_checkpoints").mkdir(parents=True)
    (source / "00_start.ipynb").write_text("{}", encoding="utf-8")
    (source / "topic" / "01_first.ipynb").write_text("{}", encoding="utf-8")
    (source / "topic" / ".ipynb_checkpoints" / "01_first-checkpoint.ipynb").write_text("{}", encoding="utf-8")
    return source


def test_the_notebooks_are_copied_without_checkpoints_and_named_as_jupyterlab_names_them(tmp_path):
    source = _notebooks(tmp_path)
    before = sorted(p.relative_to(source).as_posix() for p in source.rglob("*"))
    root = tmp_path / "root"
    root.mkdir()
    assert bt.copy_notebooks(source, root) == ["notebooks/00_start.ipynb", "notebooks/topic/01_first.ipynb"]
    assert not list(root.rglob(".ipynb_checkpoints"))
    assert sorted(p.relative_to(source).as_posix() for p in source.rglob("*")) == before, "source untouched"


def test_a_missing_notebooks_folder_is_named_with_how_to_fix_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="no notebooks folder at .*--notebooks"):
        bt.copy_notebooks(tmp_path / "nowhere", tmp_path)


def test_lab_settings_render_every_cell_and_ask_for_no_news(tmp_path):
    path = bt.write_lab_settings(tmp_path / "config")
    assert path == tmp_path / "config" / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(path.read_text(encoding="utf-8"))
    assert settings["@jupyterlab/notebook-extension:tracker"] == {"windowingMode": "none"}
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_server_environment_draws_inline_keeps_the_token_private_and_writes_in_the_temp_folder(tmp_path):
    env = bt.lab_environment(tmp_path, "s3cret", base={"MPLBACKEND": "Agg", "PATH": "/bin"})
    assert "MPLBACKEND" not in env
    assert env["PATH"] == "/bin"
    assert env["JUPYTER_TOKEN"] == "s3cret"
    assert env["MESH_LAB_WORKSPACE"] == str(tmp_path / "workspace")
    assert env["JUPYTER_CONFIG_DIR"] == str(tmp_path / "config")


def test_the_server_listens_on_localhost_allows_root_only_as_root_and_never_shows_the_token(tmp_path):
    args = bt.lab_arguments(tmp_path, is_root=False)
    assert "--ServerApp.ip=127.0.0.1" in args and "--no-browser" in args
    assert f"--ServerApp.root_dir={tmp_path}" in args
    assert "--allow-root" not in args and "--allow-root" in bt.lab_arguments(tmp_path, is_root=True)
    assert not [arg for arg in args if "token" in arg.lower()]


def test_without_chromium_the_run_fails_at_once_and_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bt, "CHROMIUM", tmp_path / "no-chromium")
    assert bt.main(["--notebooks", str(_notebooks(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "missing Chromium" in out and "apt-get install -y chromium fonts-noto-color-emoji" in out
    assert "no notebook was checked" in out


# --- the report -------------------------------------------------------------------------------------


def _latency(ms: float, cell: int = 3, picture: bool = False) -> bt.Latency:
    return bt.Latency("nb.ipynb", cell, "domains", "ArrowRight on slider", ms / 2, ms, picture)


def test_the_report_prints_every_widget_and_the_median_against_the_budget():
    report = bt.BrowserReport(notebooks=["nb.ipynb"],
                              latencies=[_latency(100), _latency(300, 4), _latency(200, 5)])
    lines = report.latency_lines()
    assert len(lines) == 1 + 3 + 1
    assert report.median_ms == 200
    assert lines[-1] == "median change → redrawn output: 200 ms over 3 widgets (within the 250 ms budget)"
    report.latencies.append(_latency(900, 6))
    assert "250 ms over 4 widgets (within" in report.latency_lines()[-1]
    report.latencies.append(_latency(901, 7))
    assert "(OVER the 250 ms budget)" in report.latency_lines()[-1]


def test_the_report_gives_the_median_of_the_widgets_that_redraw_a_picture_apart():
    report = bt.BrowserReport(latencies=[_latency(80), _latency(90, 4), _latency(700, 5, picture=True)])
    assert report.median_ms == 90 and report.picture_median_ms == 700
    assert report.latency_lines()[-1] == "  of which 1 redraw a picture: median 700 ms"
    assert report.latency_lines()[3].endswith("700ms  picture")


def test_the_report_passes_only_with_notebooks_checked_and_no_failure(tmp_path):
    assert not bt.BrowserReport().ok
    report = bt.BrowserReport(screenshots=tmp_path, notebooks=["nb.ipynb"], seconds=12)
    assert report.ok
    assert report.summary_lines() == [f"screenshots: {tmp_path}", "browser test passed: 1 notebooks in 12 s"]
    report.failures.append(bt.Failure("nb.ipynb", 2, "error output: ValueError: x"))
    assert not report.ok
    assert report.summary_lines()[0] == "✘ nb.ipynb cell 2: error output: ValueError: x"
    assert report.summary_lines()[-1].startswith("browser test FAILED: 1 failure(s) in 1 notebooks")


# --- the widgets size their controls to their text (what the browser test found cut off) -------------


def test_the_smoke_widgets_buttons_toggles_and_dropdowns_are_as_wide_as_their_text():
    from mesh_lab.widgets.smoke import deploy_console, reel_preview, toy_switch

    toy, reel, console = toy_switch(), reel_preview(), deploy_console()
    controls = [toy.toy_picker, toy.button, reel.reel_picker, reel.button, console.release_picker,
                console.gate, console.button]
    assert [control.layout.width for control in controls] == ["max-content"] * len(controls)
    assert console.gate.style.button_width == "max-content"


def test_the_start_slider_picture_is_drawn_at_the_width_it_is_shown_and_its_caption_is_not_small():
    import io

    from PIL import Image

    from mesh_lab.widgets.kit import domain_slider

    widget = domain_slider(3)
    widget.slider.value = 5
    assert Image.open(io.BytesIO(widget.png)).size[0] == int(widget.image.width), "scaled pictures are soft"
    assert "<small>" not in widget.caption.value, "<small> in a 13 px output is 10.8 px"


# --- the page's measuring script, in a real browser --------------------------------------------------

PAGE = """<style>
  body { font: 13px sans-serif; }
  .widget-button { width: 148px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
                   padding: 0 8px; }
  select { width: 200px; padding: 0 20px 0 8px; }
</style>
<button class="widget-button" id="cut">Press the power button, then look at the toy</button>
<button class="widget-button" id="fits">Check</button>
<div class="widget-dropdown"><select id="dropdown">
  <option>broken_login — /health is green, but nobody can log in</option>
</select></div>
<img id="stretched" width="480" src="data:image/png;base64,{png}">
<div class="jp-OutputArea-output"><p>readable</p><p><small>10.8 px caption</small></p></div>
<img id="broken" src="/does-not-exist.png">
"""


@pytest.mark.skipif(bool(bt.missing_requirements()),
                    reason="needs Chromium and playwright (make browser-test)")
def test_the_page_script_finds_cut_off_text_and_stretched_or_broken_images_in_chromium():
    import base64
    import io

    from PIL import Image
    from playwright.sync_api import sync_playwright

    buffer = io.BytesIO()
    Image.new("RGB", (360, 259), "white").save(buffer, format="PNG")
    page_html = PAGE.replace("{png}", base64.b64encode(buffer.getvalue()).decode())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(bt.CHROMIUM), args=bt.CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(page_html)
            page.wait_for_load_state("load")
            page.evaluate(bt.PAGE_MEASURE)
            found = page.evaluate("() => window.__meshLabMeasure.inspect(document.body)")
        finally:
            browser.close()
    whats = [failure.what for failure in bt.cell_failures("page", [_cell(**found)])]
    assert any(what.startswith("button text cut off: 'Press the power button") for what in whats)
    assert any(what.startswith("dropdown text cut off: 'broken_login") for what in whats)
    assert not any("'Check'" in what for what in whats)
    assert "image stretched and soft: 360×259 px shown at 480×345 (draw it at the size it is shown)" in whats
    assert any(what.startswith("image does not load:") for what in whats)
    assert "text too small to read: 10.8 px (under 11 px): '10.8 px caption'" in whats
