"""ipywidgets shells (presentation layer). One module per topic: ``kit``, ``mesh``, ``smoke``.

A widget is a thin shell: its callback calls one core function and one plot function.
This package imports no widget library itself, so its helpers stay cheap to import.
"""

from __future__ import annotations

import io


def figure_png(figure, dpi: float = 100) -> bytes:
    """Render a matplotlib figure to PNG bytes, what an ``ipywidgets.Image`` shows (headless)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def show_figure(image, figure, dpi: float = 100) -> None:
    """Put a figure into an ``ipywidgets.Image`` at its own pixel width, so the browser never stretches
    (and softens) it: the PNG is drawn at the size it is shown."""
    image.value = figure_png(figure, dpi=dpi)
    image.width = str(int(round(figure.get_figwidth() * dpi)))
