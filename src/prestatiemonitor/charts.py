"""One chart style for every figure: Dutch labels, fixed colours per corporation, SVG output
that is byte-identical on reruns (no date, fixed id salt)."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from prestatiemonitor import fmt

# Colour-blind safe (Okabe-Ito); the same colour for a corporation in every figure.
KLEUREN = {"Vidomes": "#0072B2", "WoonInvest": "#E69F00", "totaal": "#555555", "gemeente": "#009E73"}
# Ordered classes (light to dark reads in greyscale too).
REEKS = ["#DCE9F5", "#9CC3E4", "#4A90C9", "#1F5F99", "#0B2F57"]
# Status colours (Okabe-Ito) with hatching, so the statuses differ in greyscale too.
STATUSKLEUREN = {"behaald": "#009E73", "op koers": "#56B4E9", "aandacht nodig": "#E69F00",
                 "niet behaald": "#D55E00", "geen gegevens": "#BBBBBB"}
STATUSARCERING = {"behaald": "", "op koers": "//", "aandacht nodig": "..", "niet behaald": "xx", "geen gegevens": ""}


def stijl() -> None:
    """Apply the house style; call once at the top of a notebook."""
    mpl.rcParams.update({
        "figure.figsize": (7.0, 3.6), "figure.dpi": 100, "font.size": 10,
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold",
        "axes.titlesize": 11, "axes.grid": True, "grid.color": "#DDDDDD", "axes.axisbelow": True,
        "legend.frameon": False, "svg.hashsalt": "prestatiemonitor", "svg.fonttype": "path",
        "axes.formatter.use_locale": False,
    })
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", metadata={"Date": None}, bbox_inches="tight")
    except ImportError:  # outside IPython
        pass


def as_procent(ax, as_: str = "x", decimalen: int = 0) -> None:
    """Axis ticks as Dutch percentages (shares 0..1 on the axis)."""
    form = FuncFormatter(lambda v, _: fmt.procent(v, decimalen))
    (ax.xaxis if as_ == "x" else ax.yaxis).set_major_formatter(form)


def as_getal(ax, as_: str = "y") -> None:
    """Axis ticks with Dutch thousands separators."""
    form = FuncFormatter(lambda v, _: fmt.getal(v))
    (ax.xaxis if as_ == "x" else ax.yaxis).set_major_formatter(form)


def sluit(fig) -> None:
    """Show the figure once (as SVG output) and free it."""
    plt.show()
    plt.close(fig)
