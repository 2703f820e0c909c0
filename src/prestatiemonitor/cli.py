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
        bestanden = write_demo(jaar, paths.RAW, als_leeg=args.als_leeg, schaal=args.schaal)
        if bestanden:
            print(f"Demodata {jaar} (synthetisch) geschreven: {len(bestanden)} bestanden in {paths.raw_dir(jaar)}")
        else:
            print(f"Demodata {jaar}: {paths.raw_dir(jaar)} bevat al leveringen; niets geschreven.")
    return 0


def cmd_validate(args) -> int:
    """Check every delivery of the year (no pipeline run); print the Dutch list and write it per
    partner to report/<jaar>/validatie/<partij>.xlsx and .html. Exit 0 = no errors, 1 = errors,
    2 = the check itself could not be completed."""
    from prestatiemonitor.validatie_uitvoer import schrijf_per_partij
    from prestatiemonitor.validation import validate_year

    try:
        rapport = validate_year(args.jaar, paths.RAW)
    except Exception as exc:  # noqa: BLE001 - the analyst gets a Dutch message, never a traceback
        print(f"FOUT: de controle van {args.jaar} kon niet worden afgemaakt ({type(exc).__name__}: {exc}). "
              "Meld dit aan de beheerder van de monitor.", file=sys.stderr)
        return 2
    print(rapport.tekst())
    if not args.geen_bestanden:
        map_ = Path(args.uitvoer) if args.uitvoer else paths.report_dir(args.jaar) / "validatie"
        try:
            bestanden = schrijf_per_partij(rapport, map_)
        except OSError as exc:
            print(f"FOUT: de lijsten per partij konden niet worden geschreven in {map_} ({exc.strerror or exc}).",
                  file=sys.stderr)
            return 2
        print(f"\nLijst per partij (om te mailen): {len(bestanden) // 2} partijen, .xlsx en .html in {map_}")
    return 0 if rapport.ok else 1


def cmd_run(args) -> int:
    from prestatiemonitor.pipeline import run

    uitvoer = run(args.jaar, engine=args.engine, render=not args.zonder_rapport, opnieuw=args.opnieuw)
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
    d.add_argument("--schaal", choices=["lv", "haaglanden", "nationaal"], default="lv",
                   help="grootte van de levering: lv (Leidschendam-Voorburg, standaard), haaglanden "
                        "(ca. 142.000 woningen) of nationaal (ca. 2,3 miljoen woningen)")
    d.set_defaults(func=cmd_demo)

    v = sub.add_parser("validate", help="controleer alle leveringen van een jaar, zonder te rekenen")
    v.add_argument("jaar", type=int)
    v.add_argument("--uitvoer", metavar="MAP", help="map voor de lijsten per partij (standaard report/<jaar>/validatie)")
    v.add_argument("--geen-bestanden", action="store_true", help="alleen de lijst tonen, geen .xlsx/.html schrijven")
    v.set_defaults(func=cmd_validate)

    r = sub.add_parser("run", help="valideer, reken alle notebooks door en maak het rapport")
    r.add_argument("jaar", type=int)
    r.add_argument("--engine", choices=["auto", "builtin", "quarto"], default="auto")
    r.add_argument("--zonder-rapport", action="store_true", help="alleen rekenen, geen HTML/PDF")
    r.add_argument("--opnieuw", action="store_true",
                   help="voer alle notebooks opnieuw uit, ook als hun invoer niet is gewijzigd")
    r.set_defaults(func=cmd_run)

    g = sub.add_parser("render", help="maak HTML en PDF uit de uitgevoerde notebooks van een jaar")
    g.add_argument("jaar", type=int)
    g.add_argument("--engine", choices=["auto", "builtin", "quarto"], default="auto")
    g.set_defaults(func=cmd_render)

    from prestatiemonitor import cli_controle  # verify, diff, snapshot

    cli_controle.registreer(sub)
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
