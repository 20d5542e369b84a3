"""The kit checking and serving itself: ``doctor`` (can this machine run the kit?), ``lab_smoke``
(boot JupyterLab and smoke-test it) and ``strip_notebooks`` (keep notebooks committed clean)."""
