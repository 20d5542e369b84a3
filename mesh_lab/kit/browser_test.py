"""``python -m mesh_lab.kit.browser_test`` (``make browser-test``): every notebook, run in a real browser.

What a person sees, checked by a machine:

1. copy ``notebooks/`` to a temporary folder (JupyterLab writes ``.ipynb_checkpoints/`` next to what it
   opens; the repository stays untouched) and start JupyterLab on it: 127.0.0.1, an OS-chosen port,
   token auth on (the token in ``$JUPYTER_TOKEN``), private config/runtime folders, a temporary
   ``MESH_LAB_WORKSPACE``, no ``MPLBACKEND`` (figures inline, as for a learner);
2. open every notebook in headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright), wait
   for an idle kernel, run all cells and wait until they are done;
3. fail on any error output (except in cells tagged ``raises-exception``), any widget that does not
   render, any visible image that does not load or is shown stretched beyond its pixels (soft), any text
   under 11 px, and any button, toggle button, dropdown or label whose text does not fit its box;
4. for every widget, change one control (a slider: ArrowRight on its handle; a dropdown: another
   option; a button: pick an answer if there is a choice, then click) and check that its output
   changes; record the milliseconds from the change to the redrawn output;
5. save screenshots (the whole notebook, top to bottom, and every widget after its change) to a
   temporary folder and print its path.

Exit code 0 when nothing failed, 1 otherwise, with one line per failure: notebook, cell (counted from 1,
top to bottom, as a person counts them) and what is wrong. Per-widget latency and the median are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from mesh_lab.kit.lab_smoke import (
    HOST,
    LabServer,
    _new_process_group,
    check_token_required,
    stop_server,
    wait_for_port,
    wait_for_status,
)
from mesh_lab.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]
INSTALL_HINT = ("install them with: apt-get install -y chromium fonts-noto-color-emoji "
                "(Debian; as root), then `make browser-test` (it installs the Python package playwright)")
STRETCH_LIMIT = 1.05  # an image shown more than 5 % wider than its pixels is blurred by the browser
MIN_TEXT_PX = 11.0  # smaller text is hard to read (a <small> in a 13 px output is 10.8 px)
LATENCY_BUDGET_MS = 250.0  # DESIGN.md: a widget control → redrawn output, measured in the browser
INTENDED_FAILURE_TAG = "raises-exception"
VIEWPORT = {"width": 1280, "height": 1600}  # one screenshot shows about a screen and a half
RUN_ALL_TIMEOUT_S = 300.0
WIDGET_RENDER_TIMEOUT_S = 20.0
OUTPUT_CHANGE_TIMEOUT_S = 60.0  # a Deploy runs a whole pipeline
IDLE_NO_CHANGE_S = 5.0  # the kernel is idle again and nothing changed: the output will not change
QUIET_MS = 400  # an output is redrawn when the kernel is idle and nothing changed for this long

LAB_SETTINGS = {
    # every cell in the DOM: nothing to scroll into view before checking or clicking it
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # no "Would you like to receive official Jupyter news?" toast over the notebook, no web requests
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}

# What JupyterLab shows instead of a widget that did not render: its placeholder, its error, or the
# widget's text form (``VBox(children=(...))``) when no widget manager took it.
UNRENDERED_WIDGET = re.compile(
    r"Loading widget\.\.\.|Error displaying widget|Error rendering|"
    r"\b(?:[A-Z][A-Za-z]*)(?:Box|Slider|Button|Buttons|Dropdown|Image|HTML|Output|Text)\((?:children|value|"
    r"description|layout|options)=")


# --- findings and the report (pure) -----------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One thing a person would see go wrong: where (notebook, cell counted from 1) and what."""

    notebook: str
    cell: int | None
    what: str

    def __str__(self) -> str:
        where = f"{self.notebook} cell {self.cell}" if self.cell is not None else self.notebook
        return f"✘ {where}: {self.what}"


@dataclass(frozen=True)
class Latency:
    """A widget's change → redrawn output, in ms (``first``: the first visible change)."""

    notebook: str
    cell: int
    widget: str
    action: str
    first_ms: float
    redrawn_ms: float
    picture: bool = False  # the output holds a picture (a redrawn figure), not only text


@dataclass
class BrowserReport:
    """Everything one run found: failures, latencies, where the screenshots are, how long it took."""

    screenshots: Path | None = None
    failures: list[Failure] = field(default_factory=list)
    latencies: list[Latency] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.notebooks) and not self.failures

    @property
    def median_ms(self) -> float | None:
        return median_or_none([latency.redrawn_ms for latency in self.latencies])

    @property
    def picture_median_ms(self) -> float | None:
        """The median over widgets that redraw a picture (the slow kind; quizzes only answer in text)."""
        return median_or_none([latency.redrawn_ms for latency in self.latencies if latency.picture])

    def latency_lines(self) -> list[str]:
        """A table: one line per widget, then the median against the budget."""
        lines = [f"{'notebook':<48} {'cell':>4}  {'widget':<28} {'change':<34} {'first':>7} {'redrawn':>8}"]
        for lat in self.latencies:
            picture = "  picture" if lat.picture else ""
            lines.append(f"{lat.notebook:<48} {lat.cell:>4}  {lat.widget[:28]:<28} {lat.action[:34]:<34} "
                         f"{lat.first_ms:>5.0f}ms {lat.redrawn_ms:>6.0f}ms{picture}")
        median = self.median_ms
        if median is None:
            lines.append("no widget latency measured")
        else:
            verdict = "within" if median <= LATENCY_BUDGET_MS else "OVER"
            lines.append(f"median change → redrawn output: {median:.0f} ms over {len(self.latencies)} "
                         f"widgets ({verdict} the {LATENCY_BUDGET_MS:.0f} ms budget)")
            pictures = [lat for lat in self.latencies if lat.picture]
            if pictures:
                lines.append(f"  of which {len(pictures)} redraw a picture: "
                             f"median {self.picture_median_ms:.0f} ms")
        return lines

    def summary_lines(self) -> list[str]:
        """The failures (one line each), the screenshot folder and the verdict."""
        lines = [str(failure) for failure in self.failures]
        if self.screenshots is not None:
            lines.append(f"screenshots: {self.screenshots}")
        if self.ok:
            lines.append(f"browser test passed: {len(self.notebooks)} notebooks in {self.seconds:.0f} s")
        elif not self.notebooks:
            lines.append("browser test FAILED: no notebook was checked")
        else:
            lines.append(f"browser test FAILED: {len(self.failures)} failure(s) in {len(self.notebooks)} "
                         f"notebooks, {self.seconds:.0f} s")
        return lines


def median_or_none(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def text_overflows(box: dict, tolerance: float = 1.0) -> bool:
    """Whether a control's text is wider than its box (``el.scrollWidth > el.clientWidth + 1``).

    ``box`` is what the browser measured: ``scrollWidth`` and ``clientWidth`` of the element, and for a
    ``<select>`` (whose scrollWidth ignores the chosen option) ``textWidth`` of the shown option plus
    the element's horizontal ``padding``. A box that is not shown (width 0) does not overflow.
    """
    if box.get("clientWidth", 0) <= 0:
        return False
    needed = max(box.get("scrollWidth", 0), box.get("textWidth", 0) + box.get("padding", 0))
    return needed > box["clientWidth"] + tolerance


def unrendered_widget_text(text: str) -> str | None:
    """The placeholder or text form a widget left instead of rendering, or None."""
    found = UNRENDERED_WIDGET.search(text or "")
    return found.group(0) if found else None


def intended_failure(tags: list[str] | None) -> bool:
    """A cell tagged ``raises-exception`` is meant to show an error (JupyterLab and nbval agree)."""
    return INTENDED_FAILURE_TAG in (tags or [])


def cell_failures(notebook: str, cells: list[dict]) -> list[Failure]:
    """Failures in the cells' outputs, from what the page reported for each cell.

    Each cell: ``index`` (from 0), ``tags``, ``errors`` (``ename: evalue`` of error outputs),
    ``stderrTracebacks`` (stderr text holding a traceback), ``widgetTexts`` (widget outputs' text),
    ``brokenImages`` (sources of visible images that did not load), ``stretchedImages`` (``natural`` and
    ``shown`` [width, height] of images shown larger than their pixels), ``smallText`` (``px`` and ``text``
    of text under :data:`MIN_TEXT_PX`) and ``overflows`` (measured boxes).
    """
    failures = []
    for cell in cells:
        number = cell["index"] + 1
        if not intended_failure(cell.get("tags")):
            errors = cell.get("errors", [])
            failures += [Failure(notebook, number, f"error output: {error}") for error in errors]
            if not errors:  # JupyterLab shows an error output as stderr too: report it once
                failures += [Failure(notebook, number, f"traceback on stderr: {first_line(text)}")
                             for text in cell.get("stderrTracebacks", [])]
        for text in cell.get("widgetTexts", []):
            left = unrendered_widget_text(text)
            if left:
                failures.append(Failure(notebook, number, f"a widget did not render (shows {left!r})"))
        failures += [Failure(notebook, number, f"image does not load: {image_name(source)}")
                     for source in cell.get("brokenImages", [])]
        failures += [Failure(notebook, number, stretch_message(image))
                     for image in cell.get("stretchedImages", [])]
        if cell.get("smallText"):
            failures.append(Failure(notebook, number, small_text_message(cell["smallText"])))
        for box in cell.get("overflows", []):
            if text_overflows(box):
                failures.append(Failure(notebook, number, overflow_message(box)))
    return failures


def image_name(source: str) -> str:
    """An image's address as a person reads it: no query (it holds the page's _xsrf), no server, short."""
    if source.startswith("data:"):
        return source[:30] + "…"
    path = re.sub(r"^https?://[^/]+", "", source.split("?", 1)[0])
    return path if len(path) <= 100 else "…" + path[-99:]


def small_text_message(texts: list[dict]) -> str:
    """One line for all the too-small text of a cell: the smallest size, one example, how many more."""
    smallest = min(texts, key=lambda text: text["px"])
    more = f" and {len(texts) - 1} more" if len(texts) > 1 else ""
    return (f"text too small to read: {smallest['px']:.1f} px (under {MIN_TEXT_PX:g} px): "
            f"{smallest['text']!r}{more}")


def stretch_message(image: dict) -> str:
    (width, height), (shown_width, shown_height) = image["natural"], image["shown"]
    return (f"image stretched and soft: {width}×{height} px shown at {shown_width}×{shown_height} "
            "(draw it at the size it is shown)")


def overflow_message(box: dict) -> str:
    needed = max(box.get("scrollWidth", 0), box.get("textWidth", 0) + box.get("padding", 0))
    return (f"{box.get('kind', 'control')} text cut off: {box.get('text', '')!r} needs {needed:.0f} px, "
            f"its box is {box['clientWidth']:.0f} px")


def failure_kind(failure: Failure) -> tuple:
    """What a failure is about, without its details: (notebook, cell, "text too small to read")."""
    return failure.notebook, failure.cell, failure.what.split(":", 1)[0]


def first_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^\w+(Error|Exception|Warning)\b", line)]
    return (errors[-1] if errors else lines[-1] if lines else "")[:160]


# --- the temporary copy and the server -------------------------------------------------------------


def copy_notebooks(source: Path, destination: Path) -> list[str]:
    """Copy the notebooks folder (without checkpoints or outputs of earlier runs); return the notebooks'
    paths relative to ``destination``, sorted, as JupyterLab names them (``/`` separated)."""
    if not source.is_dir():
        raise FileNotFoundError(f"no notebooks folder at {source}: run from the project "
                                "(or pass --notebooks DIR)")
    shutil.copytree(source, destination / source.name,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    found = sorted((destination / source.name).rglob("*.ipynb"))
    return [path.relative_to(destination).as_posix() for path in found]


def write_lab_settings(config_dir: Path) -> Path:
    """Default settings for this run's JupyterLab (``labconfig/default_setting_overrides.json``)."""
    path = config_dir / "labconfig" / "default_setting_overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(LAB_SETTINGS, indent=2), encoding="utf-8")
    return path


def lab_environment(workdir: Path, token: str, base: dict | None = None) -> dict:
    """The server's environment: private Jupyter folders, the token, a temporary workspace, inline figures."""
    env = {key: value for key, value in (base if base is not None else os.environ).items()
           if key != "MPLBACKEND"}  # unset: the kernel draws inline, as for a learner
    env.update({
        "JUPYTER_TOKEN": token,
        "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
        "JUPYTER_CONFIG_DIR": str(workdir / "config"),
        "JUPYTER_DATA_DIR": str(workdir / "data"),
        "JUPYTERLAB_WORKSPACES_DIR": str(workdir / "lab-workspaces"),
        "IPYTHONDIR": str(workdir / "ipython"),
        "MESH_LAB_WORKSPACE": str(workdir / "workspace"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def lab_arguments(root_dir: Path, is_root: bool) -> list[str]:
    args = [
        f"--ServerApp.ip={HOST}", "--ServerApp.port=0", "--ServerApp.port_retries=0", "--no-browser",
        f"--ServerApp.root_dir={root_dir}", "--ServerApp.shutdown_no_activity_timeout=600",
        "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True",
    ]
    return [*args, "--allow-root"] if is_root else args


def start_browser_lab(workdir: Path, root_dir: Path) -> LabServer:
    """Start JupyterLab on ``root_dir`` in its own process group; the token only in its environment."""
    token = secrets.token_hex(24)
    for folder in ("runtime", "config", "workspace"):
        (workdir / folder).mkdir(parents=True, exist_ok=True)
    write_lab_settings(workdir / "config")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    log_path = workdir / "lab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "jupyterlab", *lab_arguments(root_dir, is_root)],
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=lab_environment(workdir, token), cwd=str(root_dir),
                                   **_new_process_group())
    return LabServer(process, workdir / "runtime", token, log_path)


def missing_requirements(chromium: Path | None = None) -> list[str]:
    """What this machine lacks to run the browser test (empty when it has everything)."""
    chromium = chromium or CHROMIUM
    missing = []
    if not chromium.exists():
        missing.append(f"Chromium ({chromium})")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright (the dev extra)")
    return missing


# --- in the page ------------------------------------------------------------------------------------

PAGE_MEASURE = r"""
() => {
  // What a person sees in one part of the page: controls whose text does not fit, images that do not load
  // or are stretched. Needs no JupyterLab: tests run it on a plain page.
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
      && getComputedStyle(el).visibility !== 'hidden';
  const canvas = document.createElement('canvas');
  const textWidth = (el, text) => {
    const ctx = canvas.getContext('2d');
    const s = getComputedStyle(el);
    ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return ctx.measureText(text).width;
  };
  const px = (v) => parseFloat(v) || 0;
  const measure = (el, kind) => {
    const box = {kind, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
                 text: (el.innerText || el.textContent || '').trim()};
    if (el.tagName === 'SELECT') {  // its scrollWidth ignores the option shown: measure that text
      const s = getComputedStyle(el);
      const option = el.options[el.selectedIndex];
      box.text = option ? option.text : '';
      box.scrollWidth = 0;
      box.textWidth = textWidth(el, box.text);
      box.padding = px(s.paddingLeft) + px(s.paddingRight);
    }
    return box;
  };
  const CONTROLS = [
    ['button', 'button.widget-button:not(.widget-toggle-button)'],
    ['toggle button', 'button.widget-toggle-button'],
    ['dropdown', '.widget-dropdown select'],
    ['label', '.widget-label'],
  ];
  window.__meshLabMeasure = {
    visible,
    inspect(node) {
      const images = [...node.querySelectorAll('img')].filter(visible);
      const overflows = [];
      for (const [kind, selector] of CONTROLS) {
        for (const el of node.querySelectorAll(selector)) if (visible(el)) overflows.push(measure(el, kind));
      }
      const small = [];
      for (const area of node.querySelectorAll('.jp-OutputArea-output, .jp-RenderedMarkdown')) {
        const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
          const parent = text.parentElement;
          if (!text.textContent.trim() || !parent || parent.closest('svg') || !visible(parent)) continue;
          const size = px(getComputedStyle(parent).fontSize);
          if (size < MIN_TEXT_PX) small.push({px: size, text: text.textContent.trim().slice(0, 60)});
        }
      }
      return {
        smallText: small,
        brokenImages: images.filter((img) => img.complete && img.naturalWidth === 0)
            .map((img) => img.src || '(no src)'),
        stretchedImages: images
            .filter((img) => img.naturalWidth > 0 && img.clientWidth > img.naturalWidth * STRETCH_LIMIT)
            .map((img) => ({natural: [img.naturalWidth, img.naturalHeight],
                            shown: [img.clientWidth, img.clientHeight]})),
        overflows,
      };
    },
  };
}
""".replace("STRETCH_LIMIT", str(STRETCH_LIMIT)).replace("MIN_TEXT_PX", str(MIN_TEXT_PX))

PAGE_HELPERS = r"""
() => {
  if (window.__meshLab) return;
  const app = () => window.jupyterapp;
  const panel = () => app().shell.currentWidget;
  const widgetRoots = (cellNode) => [...cellNode.querySelectorAll('.jp-OutputArea-output')].filter(
      (out) => out.querySelector('.jupyter-widgets') && !out.parentElement.closest('.jupyter-widgets'));
  const signature = (root) => {
    const images = [...root.querySelectorAll('img')]
        .map((img) => img.src + '@' + getComputedStyle(img).display);
    const texts = [...root.querySelectorAll('.widget-html-content, .jp-RenderedHTMLCommon, .jp-RenderedText, '
                                            + 'svg, canvas')].map((el) => el.innerHTML);
    return images.join('|') + '#' + texts.join('|');
  };
  window.__meshLab = {
    kernelStatus() {
      const ctx = panel() && panel().sessionContext;
      const kernel = ctx && ctx.session && ctx.session.kernel;
      return kernel ? kernel.status : 'none';
    },
    ready() { return !!(app() && panel() && panel().content && panel().sessionContext
                        && panel().sessionContext.isReady && this.kernelStatus() === 'idle'); },
    startRunAll() {  // returns at once; runAllDone() says when every cell has run
      this.runAll = {done: false, error: null};
      panel().context.ready.then(() => app().commands.execute('notebook:run-all-cells'))
          .then(() => { this.runAll.done = true; },
                (e) => { this.runAll.done = true; this.runAll.error = String(e); });
    },
    runAllDone() { return this.runAll.done && !this.running() && this.kernelStatus() === 'idle'; },
    running() {
      return panel().content.widgets.some((cell) => {
        const prompt = cell.node.querySelector('.jp-InputPrompt');
        return prompt && prompt.textContent.includes('*');
      });
    },
    loadingWidgets() {
      return [...panel().node.querySelectorAll('.jp-OutputArea-output')]
          .filter((out) => /Loading widget\.\.\./.test(out.textContent)).length;
    },
    cells() {
      return panel().content.widgets.map((cell, index) => {
        const model = cell.model;
        const outputs = model.type === 'code' ? model.outputs.toJSON() : [];
        const node = cell.node;
        const stderr = [...node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map((el) => el.innerText).filter((text) => /Traceback|Error:/.test(text));
        const widgetTexts = [...node.querySelectorAll('.jp-OutputArea-output')].map((el) => el.innerText)
            .filter((text) => text.length < 2000);
        return {index, type: model.type, tags: model.getMetadata('tags') || [],
                errors: outputs.filter((o) => o.output_type === 'error')
                    .map((o) => `${o.ename}: ${o.evalue}`),
                stderrTracebacks: stderr, widgetTexts, ...window.__meshLabMeasure.inspect(node)};
      });
    },
    widgets() {
      const found = [];
      panel().content.widgets.forEach((cell, index) => {
        widgetRoots(cell.node).forEach((root, nth) => {
          const kinds = [];
          const action = 'button.widget-button:not(.widget-toggle-button):not([disabled])';
          if (root.querySelector(action)) kinds.push('button');
          if (root.querySelector('.noUi-handle, .widget-slider input[type=range]')) kinds.push('slider');
          if (root.querySelector('.widget-dropdown select')) kinds.push('dropdown');
          if (root.querySelector('.widget-radio-box input[type=radio]')) kinds.push('radio');
          if (root.querySelector('button.widget-toggle-button')) kinds.push('toggle');
          const texts = [...root.querySelectorAll('.widget-label, .widget-html-content, button')]
              .map((el) => (el.innerText || '').trim()).filter((text) => text);
          found.push({cell: index, nth, kinds, label: (texts[0] || '').split('\n')[0].slice(0, 40),
                      picture: !!root.querySelector('img')});
        });
      });
      return found;
    },
    root(cell, nth) { return widgetRoots(panel().content.widgets[cell].node)[nth]; },
    arm(cell, nth) {
      const root = this.root(cell, nth);
      const state = {t0: null, first: null, last: null, changes: 0, before: signature(root)};
      this.state = state;
      const start = () => { if (state.t0 === null) state.t0 = performance.now(); };
      for (const type of ['keydown', 'pointerdown', 'mousedown', 'click', 'input', 'change']) {
        root.addEventListener(type, start, {capture: true, once: true});
      }
      if (this.observer) this.observer.disconnect();
      let seen = state.before;
      this.observer = new MutationObserver(() => {
        const now = signature(root);
        if (now === seen) return;
        seen = now;
        const t = performance.now();
        if (state.first === null) state.first = t;
        state.last = t;
        state.changes += 1;
      });
      this.observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    },
    progress() {
      const s = this.state;
      return {t0: s.t0, first: s.first, last: s.last, changes: s.changes, now: performance.now(),
              kernel: this.kernelStatus()};
    },
    scrollTo(y) { const outer = panel().node.querySelector('.jp-WindowedPanel-outer'); outer.scrollTop = y;
                  return {top: outer.scrollTop, height: outer.scrollHeight, view: outer.clientHeight}; },
  };
}
"""


# --- driving one notebook ---------------------------------------------------------------------------


class NotebookRun:
    """One notebook in one browser page: open, run all, check, change every widget, screenshot."""

    def __init__(self, page, server: LabServer, notebook: str, shots: Path, out, repeats: int = 1):
        self.page, self.server, self.notebook, self.shots, self.out = page, server, notebook, shots, out
        self.repeats = repeats  # changes per widget (the benchmark takes the median of several)
        self.failures: list[Failure] = []
        self.latencies: list[Latency] = []
        self.slug = re.sub(r"[^A-Za-z0-9]+", "_", notebook.removesuffix(".ipynb")).strip("_")

    def fail(self, cell: int | None, what: str) -> None:
        self.failures.append(Failure(self.notebook, cell, what))

    def run(self) -> None:
        started = time.perf_counter()
        try:
            self.open()
            self.run_all()
            self.wait_for_widgets()
            self.check_cells()
            self.change_every_widget()
            self.check_cells()  # what the changes brought up: a pressed toy's answer, a deploy's report
            self.screenshot_notebook()
        except Exception as exc:  # a step that could not be done is this notebook's failure
            self.fail(None, f"{type(exc).__name__}: {first_line(str(exc)) or 'no message'}")
            self.safe_screenshot("at-failure")
        finally:
            self.shutdown_kernel()
        self.failures.sort(key=lambda failure: failure.cell or 0)  # top to bottom, as a person reads
        seconds = time.perf_counter() - started
        print(f"  {self.notebook}: {seconds:.0f} s, {len(self.latencies)} widget changes timed, "
              f"{len(self.failures)} failure(s)", file=self.out, flush=True)

    def check_cells(self) -> None:
        """Check every cell; a kind of failure already found in a cell (before the widgets changed) is
        not repeated."""
        known = {failure_kind(failure) for failure in self.failures}
        found = cell_failures(self.notebook, self.js("() => window.__meshLab.cells()"))
        self.failures += [failure for failure in found if failure_kind(failure) not in known]

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def open(self) -> None:
        workspace = f"check-{self.slug}"
        self.page.goto(self.server.url(f"/lab/workspaces/{workspace}/tree/{self.notebook}"),
                       wait_until="domcontentloaded")
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                                    "&& window.jupyterapp.shell.currentWidget.sessionContext", timeout=60_000)
        self.js(PAGE_MEASURE)
        self.js(PAGE_HELPERS)
        self.page.wait_for_function("() => window.__meshLab.ready()", timeout=60_000)  # else "Select Kernel"
        self.js("() => window.jupyterapp.shell.collapseLeft()")  # the notebook gets the page's width
        self.dismiss_popups()

    def dismiss_popups(self) -> None:
        """Close a news toast or a dialog if one is there anyway (the settings ask JupyterLab not to)."""
        for selector in (".jp-toast-button:has-text('No')", ".jp-Dialog .jp-mod-reject"):
            button = self.page.locator(selector)
            if button.count():
                button.first.click()

    def run_all(self) -> None:
        self.js("() => window.__meshLab.startRunAll()")
        deadline = time.monotonic() + RUN_ALL_TIMEOUT_S
        while not self.js("() => window.__meshLab.runAllDone()"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"Run All did not finish in {RUN_ALL_TIMEOUT_S:.0f} s: a cell still runs "
                                   "or waits for input")
            time.sleep(0.25)
        error = self.js("() => window.__meshLab.runAll.error")
        if error:
            raise RuntimeError(f"Run All could not run: {error}")

    def wait_for_widgets(self) -> None:
        deadline = time.monotonic() + WIDGET_RENDER_TIMEOUT_S
        while self.js("() => window.__meshLab.loadingWidgets()") and time.monotonic() < deadline:
            time.sleep(0.25)
        time.sleep(0.5)  # images decode

    def change_every_widget(self) -> None:
        for widget in self.js("() => window.__meshLab.widgets()"):
            for _ in range(self.repeats):
                if not self.change_and_record(widget):
                    break
            self.screenshot_widget(widget)

    def change_and_record(self, widget: dict) -> bool:
        """Change the widget once and record its latency; False when it could not be changed."""
        cell = widget["cell"] + 1
        try:
            latency = self.change_widget(widget)
        except Exception as exc:
            self.fail(cell, f"could not change the widget {widget['label']!r}: {first_line(str(exc))}")
            return False
        if latency is not None:
            self.latencies.append(latency)
            print(f"    cell {cell:>3} {widget['label'][:30]:<30} {latency.action[:36]:<36} "
                  f"{latency.redrawn_ms:6.0f} ms", file=self.out, flush=True)
        return latency is not None

    def change_widget(self, widget: dict) -> Latency | None:
        """Change the widget's main control; return the time until its output was redrawn."""
        root = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(widget["cell"]) \
            .locator(".jp-OutputArea-output:has(.jupyter-widgets)").nth(widget["nth"])
        kinds = widget["kinds"]
        if "button" in kinds:
            self.prepare_choices(root, kinds)
            action = self.click_button(root, widget)
        elif "slider" in kinds:
            action = self.press_slider(root, widget)
        elif "dropdown" in kinds:
            action = self.pick_other_option(root, widget)
        elif "toggle" in kinds:
            action = self.click_toggle(root, widget)
        else:
            return None  # nothing to change: a picture or text only
        return self.wait_for_redraw(widget, action)

    def prepare_choices(self, root, kinds: list[str]) -> None:
        """Before pressing a button, pick an answer (a radio option) or another dropdown option."""
        if "radio" in kinds:
            root.locator(".widget-radio-box input[type=radio]:not(:checked)").first.check()
        elif "dropdown" in kinds:
            self.select_other(root.locator(".widget-dropdown select").first)
        self.settle()

    def settle(self) -> None:
        deadline = time.monotonic() + 30
        time.sleep(0.3)
        while self.js("() => window.__meshLab.kernelStatus()") != "idle" and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.3)

    def arm(self, widget: dict) -> None:
        self.js("([c, n]) => window.__meshLab.arm(c, n)", [widget["cell"], widget["nth"]])

    def click_button(self, root, widget: dict) -> str:
        button = root.locator("button.widget-button:not(.widget-toggle-button):not([disabled])").first
        text = button.inner_text().strip()
        button.scroll_into_view_if_needed()
        self.arm(widget)
        button.click()
        return f"click {text!r}"

    def press_slider(self, root, widget: dict) -> str:
        handle = root.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
        handle.focus()
        self.arm(widget)
        handle.press(key)
        label = root.locator(".widget-slider .widget-label").first
        return f"{key} on slider {label.inner_text().strip()[:20]!r}" if label.count() else f"{key} on slider"

    def pick_other_option(self, root, widget: dict) -> str:
        select = root.locator(".widget-dropdown select").first
        select.scroll_into_view_if_needed()
        self.arm(widget)
        return f"select {self.select_other(select)!r}"

    @staticmethod
    def select_other(select) -> str:
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("el => el.selectedIndex")
        choice = (current + 1) % len(options)
        select.select_option(index=choice)
        return options[choice].strip()

    def click_toggle(self, root, widget: dict) -> str:
        toggle = root.locator("button.widget-toggle-button:not(.mod-active)").first
        self.arm(widget)
        toggle.click()
        return f"toggle {toggle.inner_text().strip()!r}"

    def wait_for_redraw(self, widget: dict, action: str) -> Latency | None:
        cell = widget["cell"] + 1
        started = time.monotonic()
        idle_since = None
        while time.monotonic() - started < OUTPUT_CHANGE_TIMEOUT_S:
            state = self.js("() => window.__meshLab.progress()")
            quiet = state["last"] is not None and state["now"] - state["last"] >= QUIET_MS
            if quiet and state["kernel"] == "idle" and state["t0"] is not None:
                first, last = state["first"] - state["t0"], state["last"] - state["t0"]
                return Latency(self.notebook, cell, widget["label"], action, first, last, widget["picture"])
            if state["first"] is None and state["kernel"] == "idle":
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= IDLE_NO_CHANGE_S:
                    break
            else:
                idle_since = None
            time.sleep(0.05)
        self.fail(cell, f"widget {widget['label']!r}: {action} did not change its output "
                        f"(waited {time.monotonic() - started:.0f} s)")
        return None

    def screenshot_widget(self, widget: dict) -> None:
        root = self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(widget["cell"]) \
            .locator(".jp-OutputArea-output:has(.jupyter-widgets)").nth(widget["nth"])
        self.page.bring_to_front()
        try:
            name = f"{self.slug}-cell{widget['cell'] + 1:03d}-widget{widget['nth']}.png"
            root.screenshot(path=str(self.shots / name))
        except Exception as exc:
            print(f"    (no screenshot of cell {widget['cell'] + 1}: {first_line(str(exc))})", file=self.out)

    def screenshot_notebook(self) -> None:
        """The whole notebook, top to bottom, in viewport-sized pages."""
        self.page.bring_to_front()
        top, part = 0, 1
        while True:
            at = self.js("(y) => window.__meshLab.scrollTo(y)", top)
            time.sleep(0.2)
            self.page.screenshot(path=str(self.shots / f"{self.slug}-page{part:02d}.png"))
            if at["top"] + at["view"] >= at["height"] or part >= 60:
                break
            top, part = at["top"] + at["view"] - 40, part + 1

    def safe_screenshot(self, name: str) -> None:
        try:
            self.page.bring_to_front()
            self.page.screenshot(path=str(self.shots / f"{self.slug}-{name}.png"))
        except Exception:
            pass

    def shutdown_kernel(self) -> None:
        try:
            self.js("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:
            pass


# --- the whole run ----------------------------------------------------------------------------------


def run(notebooks_dir: Path = PROJECT_ROOT / "notebooks", only: list[str] | None = None,
        shots: Path | None = None, out=None, repeats: int = 1) -> BrowserReport:
    """Check every notebook (or those whose path contains one of ``only``) in the browser; change
    every widget ``repeats`` times."""
    out = out or sys.stdout
    report = BrowserReport()
    started = time.perf_counter()
    missing = missing_requirements()
    if missing:
        report.failures.append(Failure("setup", None, f"missing {' and '.join(missing)}; {INSTALL_HINT}"))
        return report
    report.screenshots = shots or Path(tempfile.mkdtemp(prefix="mesh-lab-browser-shots-"))
    report.screenshots.mkdir(parents=True, exist_ok=True)
    print(f"screenshots go to {report.screenshots}", file=out, flush=True)
    if hasattr(os, "getloadavg"):
        print(f"  load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
              "(latencies grow with it)", file=out, flush=True)
    with tempfile.TemporaryDirectory(prefix="mesh-lab-browser-") as tmp:
        workdir = Path(tmp)
        root_dir = workdir / "root"
        root_dir.mkdir()
        notebooks = [nb for nb in copy_notebooks(notebooks_dir, root_dir)
                     if not only or any(part in nb for part in only)]
        server = start_browser_lab(workdir / "lab", root_dir)
        try:
            boot_deadline = time.monotonic() + 60
            print(f"  {wait_for_port(server, boot_deadline)}", file=out, flush=True)
            wait_for_status(server, boot_deadline)
            check_token_required(server)
            check_notebooks(server, notebooks, report, out, repeats)
        except Exception as exc:
            what = f"{type(exc).__name__}: {first_line(str(exc))}"
            report.failures.append(Failure("JupyterLab", None, what))
        finally:
            stop_server(server)
    report.seconds = time.perf_counter() - started
    return report


def check_notebooks(server: LabServer, notebooks: list[str], report: BrowserReport, out,
                    repeats: int = 1) -> None:
    try:  # a developer's tool: playwright comes with the dev extra, never with a learner's install
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SystemExit("make browser-test needs the Python package playwright: run `make browser-test`, "
                         "which installs the dev extra") from None

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
            for notebook in notebooks:
                page = context.new_page()
                run = NotebookRun(page, server, notebook, report.screenshots, out, repeats)
                run.run()
                report.notebooks.append(notebook)
                report.failures += run.failures
                report.latencies += run.latencies
                page.close()
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    """Command line: exit 0 when every notebook passed in the browser, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab.kit.browser_test",
                                     description="Run every notebook in JupyterLab in headless Chromium and "
                                                 "check what a person would see.")
    parser.add_argument("only", nargs="*", help="check only notebooks whose path contains one of these")
    parser.add_argument("--notebooks", type=Path, default=PROJECT_ROOT / "notebooks",
                        help="the notebooks folder")
    parser.add_argument("--screenshots", type=Path,
                        help="folder for screenshots (default: a new temporary one)")
    args = parser.parse_args(argv)
    report = run(args.notebooks, args.only, args.screenshots)
    print("\n".join(report.latency_lines()))
    print("\n".join(report.summary_lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
