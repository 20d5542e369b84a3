"""``python -m mesh_lab doctor``: can this machine run the kit?

Every check is a small function returning a :class:`CheckResult`; :func:`run_checks` runs them all
and returns a :class:`DoctorReport`, which prints as a ✔/✘ table in a terminal and renders as an
HTML table in JupyterLab. A failed check always carries a hint saying how to fix it.

Heavy libraries (matplotlib, ipywidgets) are imported inside the checks that need them, so importing
this module stays cheap and a broken library shows up as a failed row, never as a crash.
"""

from __future__ import annotations

import argparse
import functools
import html
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from mesh_lab import report
from mesh_lab.paths import WORKSPACE_ENV, data_dir, workspace

MIN_PYTHON = (3, 10)
DISTRIBUTION = "mesh-lab"

# distribution name -> import name, where the two differ
IMPORT_NAMES = {"pyyaml": "yaml", "scikit-learn": "sklearn", "pillow": "PIL"}

# The JupyterLab server runs outside the kernel and takes seconds to import; the notebook's self-check
# only locates it (the command-line doctor imports it, and `make smoke` boots it for real). pytest and
# nbval run in their own processes (a smoke step, a notebook test), so the kernel need not import them.
LOCATE_ONLY = frozenset({"jupyterlab", "pytest", "nbval"})

INSTALL_HINT = 'Install it into the kit\'s environment: {python} -m pip install "{requirement}" (or run `make lab` again).'


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: its name, whether it passed, what was found and how to fix it."""

    name: str
    ok: bool
    detail: str
    hint: str = ""
    seconds: float = 0.0

    @property
    def mark(self) -> str:
        return "✔" if self.ok else "✘"

    def __repr__(self) -> str:
        text = f"{self.mark} {self.name}: {self.detail}"
        return text if self.ok else f"{text}\n    fix: {self.hint}"

    def _repr_html_(self) -> str:
        fix = "" if self.ok else f"<br><b>how to fix:</b> {html.escape(self.hint)}"
        return (f"<div>{report.status_html(report.status_of(self.ok), self.mark)} "
                f"<b>{html.escape(self.name)}</b>: {html.escape(self.detail)}{fix}</div>")


@dataclass
class DoctorReport:
    """All check results; ``ok`` is true only when every check passed."""

    results: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def passed(self) -> int:
        return sum(result.ok for result in self.results)

    @property
    def failed(self) -> list[CheckResult]:
        return [result for result in self.results if not result.ok]

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def summary(self) -> str:
        if self.ok:
            return f"All {len(self)} checks passed: this machine can run Mesh Lab."
        return f"{len(self.failed)} of {len(self)} checks failed: follow the fix under each ✘."

    def to_text(self, ascii_only: bool = False) -> str:
        """The ✔/✘ table as plain text (``ascii_only`` writes OK/FAIL for consoles without Unicode)."""
        width = max((len(r.name) for r in self.results), default=10)
        lines = []
        for result in self.results:
            mark = ("OK  " if result.ok else "FAIL") if ascii_only else result.mark
            lines.append(f"{mark} {result.name:<{width}}  {result.detail}")
            if not result.ok:
                lines.append(f"{' ' * (len(mark) + 1)}{'':<{width}}  fix: {result.hint}")
        lines.append(self.summary())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        """The table, left-aligned; the "how to fix" column only when a check failed (else it is empty)."""
        columns = ["", "check", "found"]
        rows = [[report.status_html(report.status_of(r.ok), r.mark), r.name, r.detail] for r in self.results]
        if not self.ok:
            columns.append("how to fix")
            for row, result in zip(rows, self.results, strict=True):
                row.append("" if result.ok else result.hint)
        table = report.table_html(columns, rows, html_columns=[""])
        return f"<div class='mesh-lab-doctor'>{table}{report.verdict_html(report.status_of(self.ok), self.summary())}</div>"


# --- the checks -------------------------------------------------------------------------------------


def check_python(version_info: tuple[int, ...] | None = None) -> CheckResult:
    """Python must be at least 3.10."""
    found = tuple(version_info or sys.version_info[:3])
    text = ".".join(str(part) for part in found)
    if found[:2] >= MIN_PYTHON:
        return CheckResult("Python", True, f"{text} (needs ≥ 3.10)")
    return CheckResult(
        "Python", False, f"{text} is too old (needs ≥ 3.10)",
        "Install Python 3.10 or newer (python.org, your package manager, or conda), then run "
        "`make lab` with it: make lab PYTHON=python3.12",
    )


def runtime_requirements(distribution: str = DISTRIBUTION) -> list[str]:
    """The kit's runtime requirements, read from its installed metadata (so the list never drifts)."""
    requirements = importlib.metadata.requires(distribution) or []
    return [req for req in requirements if "extra ==" not in req.partition(";")[2]]


def parse_requirement(requirement: str) -> tuple[str, str]:
    """Split ``"pandas>=2.1; python_version>'3'"`` into ``("pandas", ">=2.1")``."""
    spec = requirement.partition(";")[0].strip()
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)", spec)
    if not match:
        raise ValueError(f"cannot read the requirement {requirement!r}")
    return match.group(1), match.group(2).replace(" ", "")


def import_name(distribution: str) -> str:
    """The module name a distribution is imported as (``pyyaml`` -> ``yaml``).

    Known exceptions come from the table; otherwise the installed distribution's own metadata says
    which top-level module it provides (``websocket-client`` -> ``websocket``).
    """
    key = distribution.lower()
    if key in IMPORT_NAMES:
        return IMPORT_NAMES[key]
    provided = _modules_by_distribution().get(_normalise(key))
    if provided:
        return provided
    return key.replace("-", "_").replace(".", "_")


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.lru_cache(maxsize=1)
def _modules_by_distribution() -> dict[str, str]:
    """Installed distribution -> the one public top-level module it provides (when there is exactly one)."""
    found: dict[str, list[str]] = {}
    for module, dists in importlib.metadata.packages_distributions().items():
        if module.startswith("_"):
            continue
        for dist in dists:
            found.setdefault(_normalise(dist), []).append(module)
    return {dist: modules[0] for dist, modules in found.items() if len(modules) == 1}


def version_tuple(text: str) -> tuple[int, ...]:
    """Leading numeric parts of a version: ``"2.1.0rc1"`` -> ``(2, 1, 0)``."""
    parts = []
    for piece in text.split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
        if digits.group() != piece:
            break
    return tuple(parts)


def lower_bound(spec: str) -> str | None:
    """The ``>=`` bound of a specifier such as ``">=2.1,<4"``, if any."""
    match = re.search(r">=\s*([0-9][0-9A-Za-z.]*)", spec)
    return match.group(1) if match else None


def check_dependency(requirement: str, importer: Callable[[str], object] = importlib.import_module) -> CheckResult:
    """One dependency must import, and its installed version must meet the lower bound."""
    name, spec = parse_requirement(requirement)
    hint = INSTALL_HINT.format(python=_python_command(), requirement=f"{name}{spec}")
    try:
        importer(import_name(name))
    except Exception as exc:  # a broken package can raise anything on import
        return CheckResult(f"import {name}", False, f"cannot import: {type(exc).__name__}: {exc}", hint)
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return CheckResult(f"import {name}", False, "imports, but is not installed as a package", hint)
    bound = lower_bound(spec)
    if bound and version_tuple(version) < version_tuple(bound):
        return CheckResult(f"import {name}", False, f"{version} is older than the needed {spec}", hint)
    detail = f"{version}" + (f" (needs {spec})" if spec else "")
    if importer is locate_module:
        detail += " — installed; this is the server, so the notebook does not import it"
    return CheckResult(f"import {name}", True, detail)


def check_dependencies(requirements: list[str] | None = None,
                       importer: Callable[[str], object] = importlib.import_module) -> list[CheckResult]:
    """One result per runtime dependency of the kit."""
    if requirements is None:
        try:
            requirements = runtime_requirements()
        except importlib.metadata.PackageNotFoundError:
            return [CheckResult(
                "mesh-lab installed", False, "the kit is not installed in this Python",
                f"From the project folder run: {_python_command()} -m pip install -e . (or `make lab`).",
            )]
    return [check_dependency(req, importer) for req in requirements]


def check_data() -> CheckResult:
    """The sample data products (``data/``) must be there."""
    folder = data_dir()
    if not folder.is_dir():
        return CheckResult(
            "sample data", False, f"{folder} is missing",
            "The data/ folder ships with the kit: run from a full clone of the project, "
            "or point MESH_LAB_DATA at the folder that holds it.",
        )
    contracts = sorted(folder.glob("*/*.odcs.yaml"))
    if not contracts:
        return CheckResult(
            "sample data", False, f"{folder} holds no data products (<domain>/<product>.odcs.yaml)",
            "Restore it from git: git checkout -- data (the contracts are hand-written; "
            "`python -m mesh_lab data generate` rebuilds only the CSV files).",
        )
    return CheckResult("sample data", True, f"{folder} ({len(contracts)} data products)")


def check_matplotlib() -> CheckResult:
    """Matplotlib must draw a figure without a screen (the Agg renderer, into memory)."""
    try:
        import io

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(2, 1), dpi=50)
        FigureCanvasAgg(figure)
        figure.add_subplot().plot([0, 1, 2], [0, 1, 0])
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        png = buffer.getvalue()
    except Exception as exc:
        return CheckResult("plots (matplotlib)", False, f"{type(exc).__name__}: {exc}",
                           'Reinstall matplotlib: python -m pip install --force-reinstall "matplotlib>=3.8".')
    if not png.startswith(b"\x89PNG"):
        return CheckResult("plots (matplotlib)", False, "the rendered figure is not a PNG image",
                           'Reinstall matplotlib: python -m pip install --force-reinstall "matplotlib>=3.8".')
    return CheckResult("plots (matplotlib)", True, f"drew a figure headless ({len(png)} bytes of PNG)")


def check_widgets() -> CheckResult:
    """An ipywidgets widget must build and react to a change of value."""
    try:
        import ipywidgets

        seen = []
        slider = ipywidgets.IntSlider(value=1, min=0, max=10)
        slider.observe(lambda change: seen.append(change["new"]), names="value")
        slider.value = 7
        slider.close()
    except Exception as exc:
        return CheckResult("widgets (ipywidgets)", False, f"{type(exc).__name__}: {exc}",
                           'Reinstall the widgets: python -m pip install "ipywidgets>=8.1", then restart JupyterLab.')
    if seen != [7]:
        return CheckResult("widgets (ipywidgets)", False, "a slider was built but did not report its change",
                           'Reinstall the widgets: python -m pip install "ipywidgets>=8.1", then restart JupyterLab.')
    return CheckResult("widgets (ipywidgets)", True, f"built a slider (ipywidgets {ipywidgets.__version__})")


def check_kernel() -> CheckResult:
    """JupyterLab must find a ``python3`` kernel (what every notebook asks for)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
    except Exception as exc:
        return CheckResult("Jupyter kernel", False, f"{type(exc).__name__}: {exc}",
                           "Reinstall JupyterLab: python -m pip install --force-reinstall jupyterlab ipykernel.")
    if "python3" not in specs:
        return CheckResult("Jupyter kernel", False, f"no python3 kernel (found: {', '.join(specs) or 'none'})",
                           f"Register one: {_python_command()} -m ipykernel install --sys-prefix --name python3")
    return CheckResult("Jupyter kernel", True, "python3")


def check_workspace() -> CheckResult:
    """The learner's workspace must exist and take a file (written, read back, removed)."""
    fix = (f"Point the kit at a folder you can write: set {WORKSPACE_ENV}, "
           f"e.g. export {WORKSPACE_ENV}=$HOME/mesh-lab-workspace (Windows: set {WORKSPACE_ENV}=%USERPROFILE%\\mesh-lab-workspace).")
    where = os.environ.get(WORKSPACE_ENV) or "workspace/"
    try:
        folder = workspace()
        probe = folder / f".doctor-{uuid.uuid4().hex}.tmp"
        probe.write_text("ok", encoding="utf-8")
        readable = probe.read_text(encoding="utf-8") == "ok"
        probe.unlink()
    except OSError as exc:
        return CheckResult("workspace writable", False, f"cannot write in {where}: {exc.strerror or exc}", fix)
    if not readable:
        return CheckResult("workspace writable", False, f"{folder} did not give back what was written", fix)
    return CheckResult("workspace writable", True, str(folder))


def _timed(check: Callable[[], CheckResult | list[CheckResult]]) -> list[CheckResult]:
    start = time.perf_counter()
    outcome = check()
    seconds = time.perf_counter() - start
    results = outcome if isinstance(outcome, list) else [outcome]
    share = seconds / max(len(results), 1)
    return [CheckResult(r.name, r.ok, r.detail, r.hint, share) for r in results]


def locate_module(name: str) -> object:
    """Find a module without importing it; raise ImportError when it is not there."""
    spec = importlib.util.find_spec(name)
    if spec is None:
        raise ImportError(f"No module named {name!r}")
    return spec


def _dependency_checks(import_all: bool) -> list[Callable[[], CheckResult | list[CheckResult]]]:
    """One check per runtime dependency (each timed on its own), or the "not installed" result."""
    try:
        requirements = runtime_requirements()
    except importlib.metadata.PackageNotFoundError:
        return [check_dependencies]
    checks = []
    for requirement in requirements:
        locate = not import_all and parse_requirement(requirement)[0].lower() in LOCATE_ONLY
        importer = locate_module if locate else importlib.import_module
        checks.append(functools.partial(check_dependency, requirement, importer))
    return checks


def all_checks(import_all: bool = False) -> list[Callable[[], CheckResult | list[CheckResult]]]:
    """Every check, in the order the table shows them."""
    return [check_python, *_dependency_checks(import_all), check_data, check_matplotlib, check_widgets,
            check_kernel, check_workspace]


def run_checks(import_all: bool = False) -> DoctorReport:
    """Run every check and return the report (never raises for a broken environment).

    ``import_all=False`` (the notebook's quick check) only locates the JupyterLab server package
    instead of importing it; the command line imports everything.
    """
    results: list[CheckResult] = []
    for check in all_checks(import_all):
        try:
            results.extend(_timed(check))
        except Exception as exc:  # a check itself broke: report it, keep going
            name = getattr(check, "__name__", "check").removeprefix("check_")
            results.append(CheckResult(name, False, f"the check crashed: {type(exc).__name__}: {exc}",
                                       "Please report this with the output of `python -m mesh_lab doctor`."))
    return DoctorReport(results)


def _python_command() -> str:
    return "python" if os.name == "nt" else "python3" if not sys.prefix.endswith(".venv") else ".venv/bin/python"


def _can_print_unicode(stream) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "✔✘≥".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """Print the ✔/✘ table; exit 0 when every check passed, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab doctor",
                                     description="Check that this machine can run Mesh Lab.")
    parser.parse_args(argv or [])
    report = run_checks(import_all=True)
    if _can_print_unicode(sys.stdout):
        print(report.to_text())
    else:  # e.g. an old Windows console: keep the table readable instead of crashing
        print(report.to_text(ascii_only=True).encode("ascii", "replace").decode("ascii"))
    return 0 if report.ok else 1
