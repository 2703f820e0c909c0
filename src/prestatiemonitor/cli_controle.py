"""Command line for control and reproducibility: `prestatiemonitor verify|diff|snapshot`.

Registered into the main parser by prestatiemonitor.cli (``registreer(sub)``), kept in its own
module so the main CLI stays small.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prestatiemonitor import paths


def cmd_verify(args) -> int:
    from prestatiemonitor.verify import verifieer

    print(f"Controle {args.jaar}: de leveringen worden opnieuw verwerkt in een tijdelijke map; "
          f"de gepubliceerde uitvoer blijft onaangeroerd.", file=sys.stderr)
    verslag = verifieer(args.jaar, engine=args.engine, bewaar=args.bewaar)
    print(verslag.tekst())
    return 0 if verslag.ok else 1


def cmd_diff(args) -> int:
    from prestatiemonitor import jaardiff

    try:
        verschil, status = jaardiff.jaren(args.jaar_a, args.jaar_b)
    except jaardiff.DiffFout as fout:
        print(f"\nFOUT: {fout}", file=sys.stderr)
        return 1
    if args.csv is not None:
        tekst = jaardiff.als_csv(verschil, args.jaar_a, args.jaar_b)
        if args.csv == "-":
            sys.stdout.write(tekst)
        else:
            Path(args.csv).write_text(tekst, encoding="utf-8")
            print(f"Geschreven: {args.csv}")
        return 0
    print(jaardiff.tekst(verschil, args.jaar_a, args.jaar_b, wijzigingen_status=status, alles=args.alles))
    return 0


def cmd_snapshot(args) -> int:
    from prestatiemonitor import demo, snapshots

    buiten = [j for j in args.jaar if not demo.EERSTE_JAAR <= j <= demo.LAATSTE_JAAR]
    if buiten:
        print(f"\nFOUT: snapshots bestaan alleen voor demojaren {demo.EERSTE_JAAR}-{demo.LAATSTE_JAAR}, "
              f"niet voor {', '.join(map(str, buiten))}.", file=sys.stderr)
        return 1
    for pad in snapshots.werk_bij(args.jaar):
        print(f"Bijgewerkt: {pad.relative_to(paths.ROOT)}")
    return 0


def registreer(sub) -> None:
    """Add verify, diff and snapshot to the subcommands of the main parser."""
    c = sub.add_parser("verify", help="draai een jaar opnieuw in een tijdelijke map en vergelijk met de "
                                      "gepubliceerde uitvoer (byte voor byte)")
    c.add_argument("jaar", type=int)
    c.add_argument("--engine", choices=["auto", "builtin", "quarto"], default=None,
                   help="renderer (standaard: die uit manifest.json)")
    c.add_argument("--bewaar", action="store_true", help="bewaar de herhaling om zelf te bekijken")
    c.set_defaults(func=cmd_verify)

    d = sub.add_parser("diff", help="wat veranderde per afspraak en indicator tussen twee jaren")
    d.add_argument("jaar_a", type=int)
    d.add_argument("jaar_b", type=int)
    d.add_argument("--csv", nargs="?", const="-", default=None, metavar="BESTAND",
                   help="exacte waarden als CSV (naar BESTAND, of zonder naam naar het scherm)")
    d.add_argument("--alles", action="store_true", help="toon ook ongewijzigde indicatoren")
    d.set_defaults(func=cmd_diff)

    s = sub.add_parser("snapshot", help="werk de back-testsnapshots van demojaren bij (tests/snapshots/)")
    s.add_argument("jaar", type=int, nargs="+")
    s.set_defaults(func=cmd_snapshot)


__all__ = ["registreer"]
