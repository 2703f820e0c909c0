"""Back-test snapshots: the demo years' results, committed under tests/snapshots/<jaar>/.

A pull request that changes a number shows it twice: in the diff of the snapshot files, and in
a failing tests/test_snapshots.py that names every changed indicator
("indicator X (afspraak, corporatie): van A naar B"). When the change is intended, regenerate:

    make snapshots          # or: .venv/bin/prestatiemonitor snapshot 2026 2027
                            # or: .venv/bin/python -m prestatiemonitor.snapshots

The run is the real pipeline (validate + every notebook through papermill) on freshly written
demo data in a temporary data root, without rendering the report (that is what keeps it fast).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from prestatiemonitor import paths, vergelijk

SNAPSHOT_BESTANDEN = ["indicatoren.csv", "scorekaart.csv"]  # absent files are skipped
SNAPSHOT_MAP = paths.ROOT / "tests" / "snapshots"
DEMOJAREN = [2026, 2027]
BIJWERKEN = "make snapshots"


@contextmanager
def _data_root(root: Path):
    """Point PRESTATIEMONITOR_DATA at ``root`` for the kernels started meanwhile (notebooks that
    look up other years through prestatiemonitor.paths then find the demo years, not real data)."""
    oud = os.environ.get("PRESTATIEMONITOR_DATA")
    os.environ["PRESTATIEMONITOR_DATA"] = str(root)
    try:
        yield
    finally:
        if oud is None:
            os.environ.pop("PRESTATIEMONITOR_DATA", None)
        else:
            os.environ["PRESTATIEMONITOR_DATA"] = oud


def draai_demo(root: Path, jaren: list[int] | None = None, *, voortgang: bool = False) -> dict:
    """Write the demo deliveries into ``root``/raw and run the pipeline (render=False) for each
    year in order into ``root``/processed/<jaar> and ``root``/report/<jaar>.
    Returns {jaar: pipeline.Uitvoer}."""
    from prestatiemonitor.demo import write_demo
    from prestatiemonitor.pipeline import Uitvoer, run

    root = Path(root)
    jaren = sorted(jaren or DEMOJAREN)
    uit = {}
    with _data_root(root):
        for jaar in jaren:
            write_demo(jaar, root / "raw", als_leeg=True)
        for jaar in jaren:
            uit[jaar] = run(jaar, render=False, raw_root=root / "raw", voortgang=voortgang,
                            uitvoer=Uitvoer(root / "processed" / str(jaar), root / "report" / str(jaar)))
    return uit


def verschillen(jaar: int, processed: Path, snapshot_map: Path | None = None) -> list[str]:
    """Dutch lines for every difference between a fresh run and the committed snapshot of ``jaar``."""
    snapshot_map = Path(snapshot_map or SNAPSHOT_MAP) / str(jaar)
    regels: list[str] = []
    for naam in SNAPSHOT_BESTANDEN:
        nieuw, oud = Path(processed) / naam, snapshot_map / naam
        if not nieuw.exists() and not oud.exists():
            continue
        if not oud.exists():
            regels.append(f"{jaar}/{naam}: nog geen snapshot; de run maakt dit bestand nu wel")
        elif not nieuw.exists():
            regels.append(f"{jaar}/{naam}: de run maakt dit bestand niet meer")
        else:
            details = vergelijk.verschillen_bestand(oud, nieuw)
            regels += [f"{jaar}/{naam}: {d}" for d in details]
    return regels


def werk_bij(jaren: list[int], snapshot_map: Path | None = None, *, voortgang: bool = True) -> list[Path]:
    """Regenerate the snapshots of ``jaren`` (runs every demo year up to the latest requested, in
    order, because a year may read the year before). Returns the files written."""
    snapshot_map = Path(snapshot_map or SNAPSHOT_MAP)
    eerste = min(DEMOJAREN)
    alle = list(range(eerste, max(jaren) + 1))
    geschreven: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="prestatiemonitor-snapshot-") as tmp:
        uitvoer = draai_demo(Path(tmp), alle, voortgang=voortgang)
        for jaar in sorted(jaren):
            doelmap = snapshot_map / str(jaar)
            doelmap.mkdir(parents=True, exist_ok=True)
            for naam in SNAPSHOT_BESTANDEN:
                bron, doel = uitvoer[jaar].processed / naam, doelmap / naam
                if bron.exists():
                    shutil.copyfile(bron, doel)
                    geschreven.append(doel)
                elif doel.exists():
                    doel.unlink()  # the run no longer makes it: the snapshot goes too
    return geschreven


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m prestatiemonitor.snapshots",
                                description="Werk de back-testsnapshots van de demojaren bij (tests/snapshots/<jaar>/).")
    p.add_argument("jaar", type=int, nargs="*", default=DEMOJAREN)
    args = p.parse_args(argv)
    from prestatiemonitor.cli import main as cli_main

    return cli_main(["snapshot", *map(str, args.jaar)])


if __name__ == "__main__":
    sys.exit(main())
