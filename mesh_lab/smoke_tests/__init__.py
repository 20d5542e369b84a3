"""The demo service's smoke suite as pytest tests, the way teams run it in CI.

Against a service that is already running::

    pytest mesh_lab/smoke_tests -m smoke -x --base-url http://127.0.0.1:8000
    MESH_LAB_BASE_URL=http://127.0.0.1:8000 pytest mesh_lab/smoke_tests -m smoke -x

Without a base URL the tests start their own ``DemoService`` (``--release NAME`` or
``$MESH_LAB_RELEASE``, default ``healthy``) and stop it afterwards. From Python (a notebook):
``mesh_lab.smoke.run_pytest_smoke(base_url)`` runs this in a subprocess and returns its output.
The options come from ``plugin.py``; ``-p mesh_lab.smoke_tests.plugin`` adds them to any pytest run.
"""
