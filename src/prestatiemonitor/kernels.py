"""Jupyter kernels for the notebooks of a run, started ahead and ready when their turn comes.

A notebook's kernel is started while earlier notebooks still run (pipeline.voer_notebooks_uit),
imports the modules that notebook imports (``voorladen``), and is handed to papermill. Two
latencies of jupyter_client are avoided on the way, not skipped:

- ``wait_for_ready`` ends by waiting 0,2 s for the IOPub channel to stay quiet, on every client
  that connects (ours, then papermill's): ``kernelclient.SnelleClient`` drains what is there and
  goes on. The check that IOPub is connected at all (a message must arrive after kernel_info) stays.
- IPython's input history (an SQLite database written after every cell) is switched off;
  execution counts, which the audit trail cites, are not affected.
"""

from __future__ import annotations

import ast
import subprocess

from prestatiemonitor import paths

KERNEL = "python3"
KERNEL_ARGUMENTEN = ["--HistoryManager.enabled=False"]
# Imported on first use inside pandas (read_parquet/to_parquet): worth having ready too.
IMPLICIET = ("pyarrow.parquet",)


def importregels(naam: str) -> list[str]:
    """The top-level import statements of a notebook's code cells, in order (source text,
    deduplicated). A cell that is not plain Python (a magic) is skipped."""
    import nbformat

    regels: list[str] = []
    for cel in nbformat.read(paths.NOTEBOOKS / f"{naam}.ipynb", as_version=4).cells:
        if cel.cell_type != "code":
            continue
        try:
            boom = ast.parse(cel.source)
        except SyntaxError:
            continue
        for knoop in boom.body:
            if isinstance(knoop, (ast.Import, ast.ImportFrom)):
                regels.append(ast.get_source_segment(cel.source, knoop))
    return list(dict.fromkeys(regels))


def voorladen(naam: str) -> list[str]:
    """Modules a kernel imports for notebook ``naam`` while it waits for its turn: those of the
    notebook's own import statements (for ``from a import b`` both ``a`` and ``a.b``, which may be
    a submodule), plus IMPLICIET. Nothing is defined in the notebook's namespace; its cells still
    import visibly."""
    modules: list[str] = []
    for regel in importregels(naam):
        knoop = ast.parse(regel).body[0]
        if isinstance(knoop, ast.Import):
            modules += [a.name for a in knoop.names]
        elif knoop.module and not knoop.level:
            modules += [knoop.module] + [f"{knoop.module}.{a.name}" for a in knoop.names]
    return list(dict.fromkeys(modules + list(IMPLICIET)))


class Kernel:
    """A kernel started ahead of notebook ``naam`` (in the thread that will run the notebook), with
    the modules the notebook imports already imported. ``km`` goes to papermill."""

    def __init__(self, naam: str | None = None):
        from jupyter_client.manager import AsyncKernelManager  # local: a rerun that reuses all needs none
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.km = AsyncKernelManager(kernel_name=KERNEL, client_class="prestatiemonitor.kernelclient.SnelleClient")
        run_sync(self.km.start_kernel)(cwd=str(paths.NOTEBOOKS), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, extra_arguments=KERNEL_ARGUMENTEN)
        kc = self.km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=120)
            if naam:
                # a module that fails here fails again, visibly, in the notebook's own import cell
                code = ("import importlib as _pm_il\n"
                        f"for _pm_module in {voorladen(naam)!r}:\n"
                        "    try:\n        _pm_il.import_module(_pm_module)\n"
                        "    except ImportError:\n        pass\n"
                        "del _pm_il, _pm_module\n")
                run_sync(kc.execute_interactive)(code, silent=True, store_history=False, timeout=120)
        finally:
            kc.stop_channels()  # papermill connects its own client to this kernel

    def sluit(self) -> None:
        try:
            self._run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a kernel that is already gone needs no shutdown
            pass
