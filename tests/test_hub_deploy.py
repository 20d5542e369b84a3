"""The JupyterHub deploy files and the nbgitpuller link builder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from mesh_lab.kit.hub import HubLinkError, main, nbgitpuller_link, repo_folder

DEPLOY = Path(__file__).resolve().parent.parent / "deploy" / "jupyterhub"


def test_the_link_opens_the_start_notebook_in_the_cloned_folder():
    link = nbgitpuller_link("https://hub.example.org/", "https://github.com/acme/mesh-lab.git", "workshop")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "hub.example.org", "/hub/user-redirect/git-pull")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"repo": "https://github.com/acme/mesh-lab.git", "branch": "workshop",
                     "urlpath": "lab/tree/mesh-lab/notebooks/00_start_here.ipynb"}


@pytest.mark.parametrize("hub, repo, branch, message", [
    ("hub.example.org", "https://github.com/a/b", "main", "not a web address"),
    ("https://hub.example.org", "git@github.com:a/b.git", "main", "repository"),
    ("https://hub.example.org", "https://github.com/a/b", "two words", "branch"),
])
def test_bad_link_input_is_a_clear_error(hub, repo, branch, message):
    with pytest.raises(HubLinkError, match=message):
        nbgitpuller_link(hub, repo, branch)


def test_the_command_prints_the_link_or_exits_2(capsys):
    assert main(["link", "--hub", "https://hub.example.org", "--repo", "https://github.com/a/mesh-lab"]) == 0
    assert "urlpath=lab%2Ftree%2Fmesh-lab%2Fnotebooks%2F00_start_here.ipynb" in capsys.readouterr().out
    assert main(["link", "--hub", "nope", "--repo", "https://github.com/a/mesh-lab"]) == 2
    assert repo_folder("https://github.com/a/mesh-lab.git") == "mesh-lab"


def test_the_hub_config_loads_and_says_what_a_workshop_needs():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    assert config.Spawner.default_url == "/lab"
    assert config.Spawner.environment["MESH_LAB_WORKSPACE"].startswith("~/")
    assert config.Spawner.mem_limit and config.Spawner.mem_guarantee
    culler = next(s for s in config.JupyterHub.services if s["name"] == "idle-culler")
    assert "jupyterhub_idle_culler" in culler["command"] and any(a.startswith("--timeout=") for a in culler["command"])
    role = next(r for r in config.JupyterHub.load_roles if "idle-culler" in r["services"])
    assert {"list:users", "delete:servers"} <= set(role["scopes"])


def test_the_helm_values_are_valid_yaml_with_the_expected_keys():
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab" and "MESH_LAB_WORKSPACE" in single["extraEnv"]
    assert {"guarantee", "limit"} <= set(single["memory"]) and values["cull"]["enabled"] is True
    assert single["image"]["name"] and values["cull"]["timeout"] > 0


def test_the_memory_numbers_agree_between_the_two_files():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))
    assert str(config.Spawner.mem_limit) == values["singleuser"]["memory"]["limit"]
    assert str(config.Spawner.mem_guarantee) == values["singleuser"]["memory"]["guarantee"]
