"""Matplotlib figures (presentation layer). One module per topic: ``kit``, ``mesh``, ``smoke``, …

Every plot function returns a figure that pyplot no longer tracks (:func:`detached`): a notebook shows
it once, and a widget that redraws a hundred times does not keep a hundred figures in memory.
"""

from __future__ import annotations


def detached(fig):
    """``fig``, closed in pyplot so it is neither shown twice nor kept alive; it still renders."""
    import matplotlib.pyplot as plt

    plt.close(fig)
    return fig
