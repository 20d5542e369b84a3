"""The start-here notebook's live widget: a slider that redraws a toy data mesh.

A thin shell: its callback calls :func:`mesh_lab.plots.kit.domain_sketch` and puts the PNG in an
``Image`` widget, so a test can move the slider without a browser and look at ``.png``.
"""

from __future__ import annotations

from mesh_lab.plots.kit import MAX_DOMAINS, domain_sketch
from mesh_lab.widgets import figure_png

IMAGE_WIDTH_PX = 480


class DomainSlider:
    """``slider`` (how many domains) → ``image`` (the redrawn mesh). ``.box`` is what the notebook shows."""

    def __init__(self, n_domains: int = 3):
        import ipywidgets as widgets

        self.slider = widgets.IntSlider(value=n_domains, min=1, max=MAX_DOMAINS, description="domains",
                                        continuous_update=False)
        self.image = widgets.Image(format="png", width=IMAGE_WIDTH_PX)
        self.caption = widgets.HTML()
        self.slider.observe(self.on_change, names="value")
        self.box = widgets.VBox([self.slider, self.image, self.caption])
        self.redraw(n_domains)

    @property
    def png(self) -> bytes:
        return bytes(self.image.value)

    def on_change(self, change: dict) -> None:
        self.redraw(change["new"])

    def redraw(self, n_domains: int) -> None:
        """Draw the mesh for ``n_domains`` and show it."""
        self.n_domains = n_domains
        figure = domain_sketch(n_domains)
        # drawn at the pixels it is shown at: crisp, and fewer pixels to draw than a scaled-down picture
        self.image.value = figure_png(figure, dpi=IMAGE_WIDTH_PX / figure.get_figwidth())
        owners = "1 domain owns its data" if n_domains == 1 else f"{n_domains} domains own their data"
        self.caption.value = (f"{owners}; move the slider and the picture redraws. "  # no <small>: 10.8 px
                              "If it does, widgets work. ✔")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)

    def __repr__(self) -> str:
        return f"DomainSlider(n_domains={self.n_domains}) — move the slider in JupyterLab to redraw the mesh"


def domain_slider(n_domains: int = 3) -> DomainSlider:
    """Build the live widget of the start-here notebook."""
    return DomainSlider(n_domains)
