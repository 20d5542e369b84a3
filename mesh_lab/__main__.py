"""The command line: ``python -m mesh_lab COMMAND ...``.

Each command lives in the module that owns its logic; this file only dispatches, importing
lazily so that ``--help`` is instant.
"""

from __future__ import annotations

import importlib
import sys

from mesh_lab.errors import MeshLabError

# command -> ("module:function", one-line help). Each function takes argv and returns an exit code.
COMMANDS: dict[str, tuple[str, str]] = {
    "doctor": ("mesh_lab.kit.doctor:main", "check that this machine can run the kit"),
    "kit-smoke": ("mesh_lab.kit.lab_smoke:main", "smoke-test the kit itself: boot JupyterLab, serve, run a kernel"),
    "exercises": ("mesh_lab.learning.selftest:main", "list exercises; --selftest proves each one"),
    "progress": ("mesh_lab.learning:progress_main", "print the learner's progress (for facilitators)"),
    "data": ("mesh_lab.datasets:main", "data generate [--out DIR]: rebuild the sample data files (CSV)"),
    "lint": ("mesh_lab.lint:lint_main", "lint CONTRACT...: check ODCS contract files"),
    "validate": ("mesh_lab.validation:main", "validate CONTRACT DATA.csv: check data against a contract"),
    "diff": ("mesh_lab.evolution:main", "diff OLD NEW: grade every change between two contracts"),
    "product": ("mesh_lab.platform:product_main", "product new DOMAIN NAME [--from-csv PATH]: scaffold a product"),
    "publish": ("mesh_lab.platform:publish_main", "publish PATH: run the publish gate, add it to your mesh"),
    "catalog": ("mesh_lab.platform:catalog_main", "catalog [--search T] [--owner O] [--tag T] [--column C]"),
    "govern": ("mesh_lab.governance:main", "govern [--policies DIR] [PRODUCT...]: run the governance policies"),
    "hub": ("mesh_lab.kit.hub:main", "hub link --hub URL [--repo URL]: the one-click link for a workshop hub"),
    "smoke": ("mesh_lab.data_smoke:smoke_command",
              "smoke --release NAME | --product ID: smoke-test the demo service or a data product"),
}


def usage() -> str:
    lines = ["usage: python -m mesh_lab COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"mesh_lab: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    target, _ = COMMANDS[command]
    module_name, func_name = target.split(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        return int(func(rest) or 0)
    except KeyboardInterrupt:  # Ctrl-C before or outside a command's own handling: no traceback
        print(f"mesh_lab {command}: interrupted (Ctrl-C)", file=sys.stderr)
        return 130
    except MeshLabError as exc:  # a kit error a command did not handle itself: its message, not a traceback
        print(f"mesh_lab {command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
