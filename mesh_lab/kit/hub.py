"""The kit on a JupyterHub: the nbgitpuller link that gives every learner the notebooks in one click.

``python -m mesh_lab hub link --hub URL [--repo URL] [--branch B]`` prints a link that, opened by a
learner on the hub, clones (or updates) the repository into their home with nbgitpuller and opens
``notebooks/00_start_here.ipynb`` in JupyterLab. Their own work is never overwritten: nbgitpuller
merges, keeping the learner's changes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

from mesh_lab.paths import PROJECT_ROOT

START_NOTEBOOK = "notebooks/00_start_here.ipynb"


class HubLinkError(ValueError):
    """A link cannot be built from what was given (the message says what to pass)."""


def _checked_url(url: str, what: str) -> str:
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubLinkError(f"{what} {url!r} is not a web address: give it with https://, e.g. https://hub.example.org")
    return str(url).rstrip("/")


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the repository's name without ``.git``."""
    name = PurePosixPath(urlsplit(repo).path).name
    return name[:-4] if name.endswith(".git") else name


def nbgitpuller_link(hub: str, repo: str, branch: str = "main", notebook: str = START_NOTEBOOK) -> str:
    """``<hub>/hub/user-redirect/git-pull?repo=…&branch=…&urlpath=lab/tree/<folder>/<notebook>``."""
    hub, repo = _checked_url(hub, "hub"), _checked_url(repo, "repository")
    if not branch or any(c in branch for c in " ~^:?*[\\"):
        raise HubLinkError(f"branch {branch!r} is not a git branch name")
    urlpath = f"lab/tree/{repo_folder(repo)}/{notebook}"
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath}, quote_via=quote)
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def origin_url() -> str | None:
    """This clone's ``origin`` remote, if it has one."""
    try:
        out = subprocess.run(["git", "-C", str(PROJECT_ROOT), "remote", "get-url", "origin"], capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    url = out.stdout.strip()
    return url if out.returncode == 0 and url.startswith(("http://", "https://")) else None


def main(argv: list[str] | None = None) -> int:
    """``python -m mesh_lab hub link --hub URL [--repo URL] [--branch B]``."""
    parser = argparse.ArgumentParser(prog="python -m mesh_lab hub", description="Mesh Lab on a JupyterHub.")
    parser.add_argument("action", choices=["link"], help="link: print the nbgitpuller link for learners")
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument("--repo", help="the repository learners clone (default: this clone's origin)")
    parser.add_argument("--branch", default="main", help="the branch (default: main)")
    args = parser.parse_args(argv)
    repo = args.repo or origin_url()
    if repo is None:
        print("mesh_lab hub: this clone has no https origin; pass --repo https://…/mesh-lab.git", file=sys.stderr)
        return 2
    try:
        link = nbgitpuller_link(args.hub, repo, args.branch)
    except HubLinkError as exc:
        print(f"mesh_lab hub: {exc}", file=sys.stderr)
        return 2
    print(link)
    return 0
