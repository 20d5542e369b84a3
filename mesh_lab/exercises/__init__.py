"""One module per notebook, and nothing else: each binds that notebook's exercises.

A notebook binds them with ``from mesh_lab.exercises.<notebook key> import *``. The machinery they
are built from (the engine, quizzes, the selftest…) lives in :mod:`mesh_lab.learning`.
"""
