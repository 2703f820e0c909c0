"""One chart style for every figure: Dutch labels, fixed colours per corporation, SVG output
that is byte-identical on reruns (no date, fixed id salt).

Conventions for every figure (the report is read on A4, 16 cm text width, and on a phone):
- ``charts.stijl()`` once per notebook; figures 7 x 3.6 inch or less, so text stays >= 8 pt on A4;
- axis labels say the unit ("Aantal woningen", "Aandeel van de voorraad (%)", "Huur (€ per maand)");
  ticks through ``as_getal`` / ``as_procent`` / ``as_euro`` (Dutch: 1.234 / 12% / € 713);
- a corporation always has its colour from ``KLEUREN`` (``kleur(naam)``);
- close with ``charts.sluit(fig, alt=...)``: the alt text states the message of the figure in
  Dutch, computed from the data; it replaces the cell's static ``#| fig-alt`` in the report.
"""

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
                 "niet behaald": "#D55E00", "gevolgd": "#CC79A7", "geen gegevens": "#BBBBBB"}
STATUSARCERING = {"behaald": "", "op koers": "//", "aandacht nodig": "..", "niet behaald": "xx", "gevolgd": "--",
                  "geen gegevens": ""}


def stijl() -> None:
    """Apply the house style; call once at the top of a notebook."""
    mpl.rcParams.update({
        "figure.figsize": (7.0, 3.6), "figure.dpi": 100, "font.size": 10,
        "axes.spines.top": False, "axes.spines.right": False, "axes.titleweight": "bold",
        "axes.titlesize": 11, "axes.grid": True, "grid.color": "#DDDDDD", "axes.axisbelow": True,
        "legend.frameon": False, "svg.hashsalt": "prestatiemonitor", "svg.fonttype": "path",
        "axes.formatter.use_locale": False, "font.family": "DejaVu Sans", "axes.labelsize": 10,
        "xtick.labelsize": 9, "ytick.labelsize": 9, "legend.fontsize": 9, "axes.labelcolor": "#1d1d1f",
        "text.color": "#1d1d1f", "xtick.color": "#3d3d3d", "ytick.color": "#3d3d3d",
        "axes.prop_cycle": mpl.cycler(color=[KLEUREN["Vidomes"], KLEUREN["WoonInvest"], KLEUREN["gemeente"],
                                             KLEUREN["totaal"], "#CC79A7", "#56B4E9"]),
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


def kleur(naam: str) -> str:
    """The fixed colour of a corporation / the total / the gemeente."""
    return KLEUREN.get(naam, KLEUREN["totaal"])


def as_euro(ax, as_: str = "y") -> None:
    """Axis ticks as whole euros ('€ 713')."""
    form = FuncFormatter(lambda v, _: fmt.euro(v, 0))
    (ax.xaxis if as_ == "x" else ax.yaxis).set_major_formatter(form)


def sluit(fig, alt: str | None = None) -> None:
    """Show the figure once (as SVG output) and free it. ``alt``: the Dutch alt text stating the
    figure's message; it travels with the output (metadata ``alt``) into the report."""
    if alt:
        from IPython.display import display

        display(fig, metadata={"alt": " ".join(str(alt).split())})
    else:
        plt.show()
    plt.close(fig)
