"""JupyterHub configuration for a Mesh Lab workshop (The Littlest JupyterHub or any JupyterHub).

Every learner gets JupyterLab, their own Mesh Lab workspace in their home folder, a memory limit
sized from the kit's measured peak, and a server that is stopped after an hour of idleness.
Copy it to /opt/tljh/config/jupyterhub_config.d/mesh_lab.py on TLJH, or pass it with -f.
Numbers come from `make hub-smoke` / `make bench` (see README.md in this folder).
"""

import sys

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# --- what a learner sees --------------------------------------------------------------------------
c.Spawner.default_url = "/lab"
# Each learner's progress, own products and scratch files stay in their own home, never in the
# shared notebooks: the kit expands "~" to the learner's home folder.
c.Spawner.environment = {"MESH_LAB_WORKSPACE": "~/mesh-lab-workspace"}

# --- how much each learner may use ------------------------------------------------------------------
# Measured: a learner's server + kernel peaks well under 300 MB with the start notebook and the
# smoke lab (make hub-smoke prints it). Spawners that enforce limits (systemd on TLJH, Kubernetes)
# stop a runaway kernel here instead of starving the room.
c.Spawner.mem_limit = "400M"
c.Spawner.mem_guarantee = "300M"
c.Spawner.cpu_limit = 1.0

# --- idle servers are culled ---------------------------------------------------------------------------
c.JupyterHub.load_roles = [{
    "name": "mesh-lab-idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"],
}]

# --- safety -----------------------------------------------------------------------------------------
# Learners run code: keep token authentication on and never disable the hub's own authentication.
c.JupyterHub.cookie_max_age_days = 1
