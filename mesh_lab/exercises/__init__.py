"""Exercises that check themselves. The engine is in ``engine``; one module per notebook binds its
exercises, e.g. ``from mesh_lab.exercises.start_here import *``."""
