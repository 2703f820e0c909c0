"""Benchmark of `prestatiemonitor run` (``make benchmark``; not a test).

Everything is measured in the same process tree on the same machine, in a temporary data root
(PRESTATIEMONITOR_DATA) with temporary report folders (pipeline.run(uitvoer=...)): the repository's
data/ and report/ are never touched.

Printed:
- the kernel floor: papermill running a notebook that only does the imports of the real notebooks
  (collected from their code cells), median of a few runs, times the number of notebooks in a run;
- the full run (validate, notebooks, HTML+PDF, manifest, publish) cold -- nothing published yet, so
  nothing to reuse -- and its ratio to the floor;
- a rerun with nothing changed, and a rerun after one partner file changed;
- peak RSS of the whole run: psutil polls the process tree (the run, its kernels, pandoc, typst)
  every 50 ms and sums the resident set sizes; the maximum of that sum is printed;
- the same for the larger synthetic data sets (`demo --schaal haaglanden|nationaal`) when the demo
  supports them (``--schalen lv`` skips them).

Usage: .venv/bin/python benchmarks/run.py [--jaar 2026] [--schalen lv,haaglanden,nationaal]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from prestatiemonitor import kernels, paths, pipeline  # noqa: E402

DOELEN = {"ratio": 0.8, "rerun": 2.0, "haaglanden_x_lv": 2.0, "nationaal_s": 60.0, "nationaal_gb": 4.0}


def nl(x: float, decimalen: int = 2) -> str:
    """A number the Dutch way: 0,66."""
    return f"{x:.{decimalen}f}".replace(".", ",")


def sec(s: float) -> str:
    return nl(s, 1) + " s"


def mb(b: float) -> str:
    return f"{b / 2**20:,.0f}".replace(",", ".") + " MB"


# ---------------------------------------------------------------------------- measuring


def meet(cmd: list[str], env: dict) -> tuple[float, int, str]:
    """Run ``cmd``; wall time, peak RSS of its process tree (psutil, summed), output."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    hoofd = psutil.Process(proc.pid)
    piek = 0
    uit: list[str] = []
    import threading

    lezer = threading.Thread(target=lambda: uit.append(proc.stdout.read()), daemon=True)
    lezer.start()
    while proc.poll() is None:
        try:
            boom = [hoofd, *hoofd.children(recursive=True)]
            som = 0
            for p in boom:
                try:
                    som += p.memory_info().rss
                except psutil.Error:
                    pass
            piek = max(piek, som)
        except psutil.Error:
            pass
        time.sleep(0.05)
    duur = time.perf_counter() - start
    lezer.join()
    tekst = "".join(uit)
    if proc.returncode != 0:
        raise SystemExit(f"Mislukt ({proc.returncode}): {' '.join(cmd)}\n{tekst[-3000:]}")
    return duur, piek, tekst


def run_cmd(jaar: int, data: Path, rapport: Path, *, render: bool = True, opnieuw: bool = False) -> list[str]:
    code = (
        "from pathlib import Path; from prestatiemonitor import pipeline; "
        f"pipeline.run({jaar}, engine='builtin', render={render}, opnieuw={opnieuw}, voortgang=True, "
        f"raw_root=Path({str(data / 'raw')!r}), "
        f"uitvoer=pipeline.Uitvoer(Path({str(data / 'processed' / str(jaar))!r}), Path({str(rapport)!r})))"
    )
    return [sys.executable, "-c", code]


KOPIE: Path | None = None  # frozen copy of the code (see bevries_code)


def env_voor(data: Path) -> dict:
    env = {**os.environ, "PRESTATIEMONITOR_DATA": str(data), "PYTHONUNBUFFERED": "1"}
    if KOPIE is not None:
        env["PYTHONPATH"] = str(KOPIE / "src")
    return env


def bevries_code(werk: Path) -> Path:
    """Copy the code (package, notebooks, reference data, lock file) to a temporary tree and run from
    there: other engineers editing the work tree during the benchmark would otherwise change the
    code hash between runs and make every rerun a full run."""
    kopie = werk / "repo"
    negeer = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")
    shutil.copytree(ROOT / "src" / "prestatiemonitor", kopie / "src" / "prestatiemonitor", ignore=negeer)
    shutil.copytree(ROOT / "notebooks", kopie / "notebooks", ignore=negeer)
    shutil.copytree(ROOT / "data" / "reference", kopie / "data" / "reference", ignore=negeer)
    (kopie / "data" / "raw").mkdir(parents=True)
    if (ROOT / "data" / "raw" / "README.md").exists():
        shutil.copy2(ROOT / "data" / "raw" / "README.md", kopie / "data" / "raw" / "README.md")
    shutil.copy2(ROOT / "requirements.lock", kopie / "requirements.lock")
    return kopie


# ---------------------------------------------------------------------------- kernel floor


def importopdrachten() -> list[str]:
    """Every top-level import statement of the real notebooks (deduplicated, in run order)."""
    return list(dict.fromkeys(r for naam in pipeline.NOTEBOOKS for r in kernels.importregels(naam)))


def kernelvloer(werk: Path, herhalingen: int = 3) -> tuple[float, list[str]]:
    import papermill

    param = nbformat.v4.new_code_cell("jaar = 2026")
    param.metadata["tags"] = ["parameters"]
    bron = importopdrachten()
    nb = nbformat.v4.new_notebook(cells=[param, nbformat.v4.new_code_cell("\n".join(bron))])
    nb.metadata["kernelspec"] = {"name": kernels.KERNEL, "display_name": "Python 3", "language": "python"}
    pad = werk / "vloer.ipynb"
    nbformat.write(nb, pad)
    tijden = []
    for _ in range(herhalingen + 1):  # the first run warms the disk cache; not counted
        t = time.perf_counter()
        papermill.execute_notebook(str(pad), str(werk / "vloer-uit.ipynb"), parameters={"jaar": 2026},
                                   kernel_name=kernels.KERNEL, progress_bar=False, cwd=str(paths.NOTEBOOKS))
        tijden.append(time.perf_counter() - t)
    return statistics.median(tijden[1:]), bron


# ---------------------------------------------------------------------------- scenarios


def schrijf_demo(data: Path, jaar: int, schaal: str) -> float:
    extra = "" if schaal == "lv" else f", schaal={schaal!r}"
    code = f"from pathlib import Path; from prestatiemonitor.demo import write_demo; write_demo({jaar}, Path({str(data / 'raw')!r}){extra})"
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env_voor(data), check=True, cwd=ROOT)
    return time.perf_counter() - t


def uitgevoerd(rapport: Path) -> str:
    m = json.loads((rapport / "manifest.json").read_text())
    namen = [n for n, i in m["notebooks"].items() if not i["hergebruikt"]]
    return ", ".join(namen) if namen else "geen (alles hergebruikt)"


def wijzig_een_partnerbestand(data: Path, jaar: int) -> str:
    """One Vidomes delivery changes: a sale moves one day (same counts, other content hash)."""
    pad = next((data / "raw" / str(jaar) / "vidomes").glob(f"mutaties_{jaar}.*"))
    tekst = pad.read_text(encoding="utf-8-sig")
    m = re.search(r"(\d{2})-(\d{2})-" + str(jaar), tekst)
    dag = int(m.group(1))
    nieuw = f"{(dag % 27) + 1:02d}-{m.group(2)}-{jaar}"
    pad.write_text(tekst[:m.start()] + nieuw + tekst[m.end():], encoding="utf-8-sig")
    return pad.relative_to(data / "raw").as_posix()


def scenario(jaar: int, schaal: str, werk: Path, vloer: float, lv_tijd: float | None) -> dict:
    data = werk / f"data-{schaal}"
    rapport = werk / f"report-{schaal}" / str(jaar)
    env = env_voor(data)
    demo = schrijf_demo(data, jaar, schaal)
    grootte = sum(p.stat().st_size for p in (data / "raw" / str(jaar)).rglob("*") if p.is_file())
    print(f"\n== Schaal {schaal}: demodata {jaar} geschreven in {sec(demo)} ({mb(grootte)} aan leveringen)")

    koud, piek, uit = meet(run_cmd(jaar, data, rapport), env)
    m = json.loads((rapport / "manifest.json").read_text())
    uitgevoerd_koud = [n for n, i in m["notebooks"].items() if not i["hergebruikt"]]
    print(f"  volledige run, koud (niets gecachet): {sec(koud)}  = {nl(koud / vloer)} x de kernelvloer "
          f"({len(uitgevoerd_koud)} notebooks uitgevoerd); piek-RSS procesboom {mb(piek)}")
    regels = [r.strip() for r in uit.splitlines() if "uitgevoerd in" in r or "gemaakt in" in r]
    for r in regels:
        print(f"      {r}")
    niets, piek2, uit2 = meet(run_cmd(jaar, data, rapport), env)
    print(f"  herhaling, niets gewijzigd: {sec(niets)} (hele proces, inclusief Python-opstart); piek-RSS {mb(piek2)}; "
          f"uitgevoerd: {uitgevoerd(rapport) if 'niets gewijzigd' not in uit2 else 'niets (hele run overgeslagen)'}")
    bestand = wijzig_een_partnerbestand(data, jaar)
    een, piek3, uit3 = meet(run_cmd(jaar, data, rapport), env)
    print(f"  herhaling na wijziging van {bestand}: {sec(een)}; opnieuw uitgevoerd: {uitgevoerd(rapport)}; "
          f"piek-RSS {mb(piek3)}")
    uitkomst = {"schaal": schaal, "koud": koud, "ratio": koud / vloer, "niets": niets, "een": een,
                "piek": max(piek, piek2, piek3)}
    if schaal == "haaglanden" and lv_tijd:
        factor = koud / lv_tijd
        print(f"  doel: hoogstens {DOELEN['haaglanden_x_lv']:.0f} x de run van Leidschendam-Voorburg: "
              f"{nl(factor)} x -> {'GEHAALD' if factor <= DOELEN['haaglanden_x_lv'] else 'NIET GEHAALD'}")
    if schaal == "nationaal":
        gb = uitkomst["piek"] / 2**30
        ok = koud <= DOELEN["nationaal_s"] and gb <= DOELEN["nationaal_gb"]
        print(f"  doel: hoogstens {DOELEN['nationaal_s']:.0f} s en {DOELEN['nationaal_gb']:.0f} GB: "
              f"{sec(koud)}, {nl(gb)} GB -> {'GEHAALD' if ok else 'NIET GEHAALD'}")
    return uitkomst


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jaar", type=int, default=2026)
    p.add_argument("--schalen", default="lv,haaglanden,nationaal")
    p.add_argument("--bewaar", action="store_true", help="laat de tijdelijke map staan")
    args = p.parse_args()
    global KOPIE
    werk = Path(tempfile.mkdtemp(prefix="prestatiemonitor-benchmark-"))
    try:
        KOPIE = bevries_code(werk)
        os.environ["PYTHONPATH"] = str(KOPIE / "src")  # the floor kernels import the same copy
        print(f"Code: bevroren kopie in {KOPIE} (wijzigingen in de werkmap tijdens de meting tellen niet mee)")
        print(f"Machine: {os.cpu_count()} cores, {mb(psutil.virtual_memory().total)} geheugen; "
              f"Python {sys.version.split()[0]}; tijdelijke map {werk}")
        print(f"Piek-RSS: psutil telt elke 50 ms het RSS van het run-proces en al zijn kinderen "
              f"(kernels, pandoc, typst) op; het maximum van die som.")
        per_nb, bron = kernelvloer(werk)
        vloer = per_nb * len(pipeline.NOTEBOOKS)
        print(f"Kernelvloer: {sec(per_nb)} per notebook (papermill, notebook met alleen de {len(bron)} "
              f"importopdrachten van de echte notebooks; mediaan van 3) x {len(pipeline.NOTEBOOKS)} notebooks = {sec(vloer)}")
        schalen = [s.strip() for s in args.schalen.split(",") if s.strip()]
        lv = None
        uitkomsten = []
        for schaal in schalen:
            if schaal != "lv":
                if "schaal" not in (KOPIE / "src" / "prestatiemonitor" / "demo.py").read_text():
                    print(f"\n== Schaal {schaal}: overgeslagen, de demo kent nog geen --schaal")
                    continue
            u = scenario(args.jaar, schaal, werk, vloer, lv)
            uitkomsten.append(u)
            if schaal == "lv":
                lv = u["koud"]
                print(f"  doel volledige run: hoogstens {nl(DOELEN['ratio'], 1)} x de kernelvloer ({sec(DOELEN['ratio'] * vloer)}): "
                      f"{nl(u['ratio'])} x -> {'GEHAALD' if u['ratio'] <= DOELEN['ratio'] else 'NIET GEHAALD'}")
                print(f"  doel herhaling zonder wijziging: hoogstens {sec(DOELEN['rerun'])}: {sec(u['niets'])} -> "
                      f"{'GEHAALD' if u['niets'] <= DOELEN['rerun'] else 'NIET GEHAALD'}")
        print("\nSamenvatting (s; piek-RSS van de procesboom):")
        print(f"  {'schaal':<11} {'koud':>7} {'x vloer':>8} {'niets gewijzigd':>16} {'1 bestand gewijzigd':>20} {'piek-RSS':>10}")
        for u in uitkomsten:
            print(f"  {u['schaal']:<11} {nl(u['koud'], 1):>7} {nl(u['ratio']):>8} {nl(u['niets'], 1):>16} {nl(u['een'], 1):>20} "
                  f"{mb(u['piek']):>10}")
    finally:
        if args.bewaar:
            print(f"\nBewaard: {werk}")
        else:
            shutil.rmtree(werk, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
