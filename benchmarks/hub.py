"""Budget (DESIGN.md): 10 learners at once on one 2-core JupyterHub, the start notebook each in ≤ 60 s,
≤ 300 MB per learner. Boots a real hub on 127.0.0.1 (make hub-smoke's machinery) and prints the figures."""

from __future__ import annotations

import sys

from mesh_lab.kit import hub_smoke

USERS = 10

if __name__ == "__main__":
    try:
        hub = hub_smoke.run(USERS)
    except hub_smoke.HubSmokeFailed as exc:
        print(f"hub benchmark failed: {exc}")
        sys.exit(1)
    print(hub_smoke.report(hub))
    worst_time = max(learner.seconds for learner in hub.learners)
    worst_mb = max(learner.peak_mb for learner in hub.learners)
    print(f"budget: ≤ 60 s each → {worst_time:.1f} s ({'within' if worst_time <= 60 else 'OVER'}); "
          f"≤ 300 MB each → {worst_mb:.0f} MB ({'within' if worst_mb <= 300 else 'OVER'})")
