"""Command line: `prestatiemonitor demo|validate|run|render JAAR`.

Every expected problem (bad delivery, failing notebook, missing reference data) ends in a
Dutch message and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from prestatiemonitor import paths


def _fouten():
    """Exception types whose message is meant for the analyst."""
    from prestatiemonitor.pipeline import RunFout
    from prestatiemonitor.reference import ReferentieFout
    from prestatiemonitor.render import RenderFout
    from prestatiemonitor.validation import Leveringsfout

    return (RunFout, ReferentieFout, RenderFout, Leveringsfout)


def cmd_demo(args) -> int:
    from prestatiemonitor.demo import write_demo

    for jaar in args.jaar:
        bestanden = write_demo(jaar, paths.RAW, als_leeg=args.als_leeg)
        if bestanden:
            print(f"Demodata {jaar} (synthetisch) geschreven: {len(bestanden)} bestanden in {paths.raw_dir(jaar)}")
        else:
            print(f"Demodata {jaar}: {paths.raw_dir(jaar)} bevat al leveringen; niets geschreven.")
    return 0


def cmd_validate(args) -> int:
    from prestatiemonitor.validation import validate_year

    rapport = validate_year(args.jaar, paths.RAW)
    print(rapport.tekst())
    return 0 if rapport.ok else 1


def cmd_run(args) -> int:
    from prestatiemonitor.pipeline import run

    uitvoer = run(args.jaar, engine=args.engine, render=not args.zonder_rapport)
    print(f"Klaar: {uitvoer.processed} en {uitvoer.report}")
    return 0


def cmd_render(args) -> int:
    from prestatiemonitor.pipeline import Uitvoer, render_jaar

    uitvoer = Uitvoer(paths.processed_dir(args.jaar), paths.report_dir(args.jaar))
    for pad in render_jaar(args.jaar, uitvoer, engine=args.engine):
        print(f"Geschreven: {pad}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="prestatiemonitor", description="Monitor prestatieafspraken sociaal wonen Leidschendam-Voorburg")
    sub = p.add_subparsers(dest="commando", required=True)

    d = sub.add_parser("demo", help="schrijf synthetische demoleveringen voor een of meer jaren")
    d.add_argument("jaar", type=int, nargs="+")
    d.add_argument("--als-leeg", action="store_true", help="alleen schrijven als data/raw/<jaar>/ leeg is")
    d.set_defaults(func=cmd_demo)

    v = sub.add_parser("validate", help="controleer alle leveringen van een jaar, zonder te rekenen")
    v.add_argument("jaar", type=int)
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("run", help="valideer, reken alle notebooks door en maak het rapport")
    r.add_argument("jaar", type=int)
    r.add_argument("--engine", choices=["auto", "builtin", "quarto"], default="auto")
    r.add_argument("--zonder-rapport", action="store_true", help="alleen rekenen, geen HTML/PDF")
    r.set_defaults(func=cmd_run)

    g = sub.add_parser("render", help="maak HTML en PDF uit de uitgevoerde notebooks van een jaar")
    g.add_argument("jaar", type=int)
    g.add_argument("--engine", choices=["auto", "builtin", "quarto"], default="auto")
    g.set_defaults(func=cmd_render)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except _fouten() as fout:
        print(f"\nFOUT: {fout}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nAfgebroken; er is niets gepubliceerd.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
