"""report/<jaar>/manifest.json: what produced the published numbers, and nothing time-dependent elsewhere."""

import datetime as dt
import hashlib
import json
import re

from prestatiemonitor import manifest

ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # sha256("abc"), FIPS 180-2 example


def test_hashes_relatief_aan_de_ruwe_map_en_gesorteerd(tmp_path):
    (tmp_path / "2026" / "vidomes").mkdir(parents=True)
    (tmp_path / "2026" / "vidomes" / "b.csv").write_bytes(b"abc")
    (tmp_path / "2026" / "a.txt").write_bytes(b"")
    (tmp_path / "2026" / ".DS_Store").write_bytes(b"x")  # hidden: not a delivery
    lijst = manifest.bestanden_met_hash(tmp_path / "2026", tmp_path)
    assert lijst == [
        {"pad": "2026/a.txt", "sha256": hashlib.sha256(b"").hexdigest()},
        {"pad": "2026/vidomes/b.csv", "sha256": ABC},
    ]
    # sha256sum format: "<hash>  <pad>\n" per file
    verwacht = hashlib.sha256(f"{hashlib.sha256(b'').hexdigest()}  2026/a.txt\n{ABC}  2026/vidomes/b.csv\n".encode())
    assert manifest.gecombineerde_hash(lijst) == verwacht.hexdigest()


def test_vergrendelde_pakketten_uit_lockbestand(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("# comment\nPandas==3.1.1 \\\n    --hash=sha256:aa\n    # via x\nbabel==2.19.0 \\\n")
    assert manifest.vergrendelde_pakketten(lock) == ["babel==2.19.0", "pandas==3.1.1"]


def test_zonder_git_zegt_het_manifest_dat(tmp_path, monkeypatch):
    assert manifest.git_info(tmp_path)["beschikbaar"] is False  # not a repository
    monkeypatch.setenv("PATH", str(tmp_path))  # no git on the path
    info = manifest.git_info()
    assert info == {"beschikbaar": False, "commit": None, "gewijzigd": None,
                    "melding": "git is niet geïnstalleerd; de commit is onbekend"}
    assert "commit onbekend: git niet beschikbaar" in manifest.kort({"git": info, "ruwe_bestanden": []})


def test_manifest_van_een_echte_run(demo_runs):
    report = demo_runs.uitvoer[2026].report
    tekst = (report / "manifest.json").read_text()
    m = json.loads(tekst)
    assert tekst == manifest.tekst(m)  # sorted keys, stable layout
    assert m["jaar"] == 2026 and m["formaat"] == 1
    ruw = demo_runs.raw / "2026"
    verwacht = sorted(p.relative_to(demo_runs.raw).as_posix() for p in ruw.rglob("*") if p.is_file())
    assert [b["pad"] for b in m["ruwe_bestanden"]] == verwacht and len(verwacht) >= 9
    een = m["ruwe_bestanden"][0]
    assert een["sha256"] == hashlib.sha256((demo_runs.raw / een["pad"]).read_bytes()).hexdigest()
    assert m["ruwe_bestanden_sha256"] == manifest.gecombineerde_hash(m["ruwe_bestanden"])
    assert m["pakketten"] == sorted(m["pakketten"]) and any(p.startswith("pandas==") for p in m["pakketten"])
    assert m["parameters"]["processed_dir"] == str(demo_runs.uitvoer[2026].processed)
    assert m["parameters"]["render"] is False and m["renderer"]["engine"] is None
    assert m["git"]["beschikbaar"] is True and re.fullmatch(r"[0-9a-f]{40}", m["git"]["commit"])
    start, einde = (dt.datetime.fromisoformat(m[k]) for k in ("start", "einde"))
    assert start <= einde
    kort = manifest.kort(m)
    assert m["git"]["commit"][:12] in kort and f"{len(verwacht)} aangeleverde bestanden" in kort
    assert m["ruwe_bestanden_sha256"][:16] in kort


def test_geen_tijdstempels_buiten_het_manifest(demo_runs):
    """The start/end time live only in manifest.json; no other output carries the run's time."""
    m = json.loads((demo_runs.uitvoer[2026].report / "manifest.json").read_text())
    dag = m["start"][:10]  # e.g. 2026-11-26
    for map_ in (demo_runs.uitvoer[2026].processed, demo_runs.uitvoer[2026].report):
        for pad in map_.rglob("*"):
            if pad.is_file() and pad.name != "manifest.json":
                assert dag.encode() not in pad.read_bytes(), f"tijdstempel in {pad.name}"


def test_code_in_het_manifest_en_gewijzigde_code_genoemd(demo_runs):
    from prestatiemonitor.verify import gewijzigde_code

    m = json.loads((demo_runs.uitvoer[2026].report / "manifest.json").read_text())
    paden = [b["pad"] for b in m["codebestanden"]]
    assert "src/prestatiemonitor/manifest.py" in paden and "notebooks/00_opschonen.ipynb" in paden
    assert not any("__pycache__" in p for p in paden)
    # as if pipeline.py had been different at publication time
    for b in m["codebestanden"]:
        if b["pad"] == "src/prestatiemonitor/pipeline.py":
            b["sha256"] = "0" * 64
    assert "src/prestatiemonitor/pipeline.py: gewijzigd" in gewijzigde_code(m)
