"""ipywidgets shells (presentation layer). One module per topic: ``kit``, ``mesh``, ``smoke``.

A widget is a thin shell: its callback calls one core function and one plot function.
"""
