"""Property-based tests: malformed partner files never crash the validation.

Whatever a partner delivers (random bytes, truncated files, the wrong encoding, empty or header-only
files, huge numbers, shuffled columns), validate_year returns findings with a Dutch rule and a
suggested fix, and `prestatiemonitor validate` exits non-zero with a clean message, no traceback
and no half-written output. Budget: the whole file runs in well under a minute.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_validation import JAAR, VIDOMES, mini_levering

from prestatiemonitor.validation import FOUT, validate_year

SNEL = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True)
DUTCH = ("ontbreekt", "geen", "niet", "bestand", "kolom", "waarde", "leeg", "te groot", "tekens", "rij", "datum",
         "code", "bereik", "kopregel", "werkblad", "Excel", "beschadigd", "scheidingsteken", "dubbele", "kwartaal",
         "getal", "eenduidig", "onduidelijk", "verhuur", "voorraad", "vrijgekomen", "totaal")


@pytest.fixture(scope="module")
def basis(tmp_path_factory) -> Path:
    return mini_levering(tmp_path_factory.mktemp("fuzz") / "raw")


class Kopie:
    """A fresh copy of the valid mini delivery per example (hypothesis reuses function fixtures)."""

    def __init__(self, basis: Path):
        self.basis = basis

    def __enter__(self) -> Path:
        self.tmp = Path(tempfile.mkdtemp(prefix="pm-fuzz-"))
        shutil.copytree(self.basis, self.tmp / "raw")
        return self.tmp / "raw"

    def __exit__(self, *exc):
        shutil.rmtree(self.tmp, ignore_errors=True)


def _vidomes(root: Path, naam: str) -> Path:
    return root / str(JAAR) / "vidomes" / f"{naam}_{JAAR}.csv"


def _wooninvest(root: Path) -> Path:
    return root / str(JAAR) / "wooninvest" / f"wooninvest_{JAAR}.xlsx"


def _nette_fouten(rapport, bestand: str | None = None) -> list:
    """Every fout is Dutch, has a fix, and the report text renders; returns fouten (of one file)."""
    for b in rapport.fouten + rapport.waarschuwingen:
        assert b.regel and any(w in b.regel for w in DUTCH), b
        assert "Traceback" not in b.regel and "Error" not in b.regel.replace("Fout", "")
    assert all(b.suggestie for b in rapport.fouten)
    tekst = rapport.tekst()
    assert tekst.startswith(f"Validatie levering {JAAR}:")
    return [b for b in rapport.fouten if bestand is None or b.bestand.startswith(bestand)]


TABELLEN = sorted(VIDOMES)


@SNEL
@given(naam=st.sampled_from(TABELLEN), inhoud=st.binary(min_size=0, max_size=2000))
def test_random_bytes_as_csv(basis, naam, inhoud):
    with Kopie(basis) as root:
        _vidomes(root, naam).write_bytes(inhoud)
        rapport = validate_year(JAAR, root)
        fouten = _nette_fouten(rapport)
        # random bytes can, very rarely, be a valid empty-ish CSV; it can never be the valid delivery
        assert not rapport.ok or inhoud.strip() == b""  # an all-blank file is still 'leeg' -> fout
        assert fouten


@SNEL
@given(inhoud=st.binary(min_size=0, max_size=4000), zip_kop=st.booleans())
def test_random_bytes_as_xlsx(basis, inhoud, zip_kop):
    with Kopie(basis) as root:
        _wooninvest(root).write_bytes((b"PK\x03\x04" if zip_kop else b"") + inhoud)
        rapport = validate_year(JAAR, root)
        fouten = _nette_fouten(rapport, "wooninvest_2026.xlsx")
        assert not rapport.ok and fouten


@SNEL
@given(naam=st.sampled_from(TABELLEN + ["wooninvest"]), deel=st.floats(min_value=0.0, max_value=0.98))
def test_truncated_files(basis, naam, deel):
    with Kopie(basis) as root:
        pad = _wooninvest(root) if naam == "wooninvest" else _vidomes(root, naam)
        data = pad.read_bytes()
        pad.write_bytes(data[: int(len(data) * deel)])
        rapport = validate_year(JAAR, root)
        _nette_fouten(rapport)
        if naam == "wooninvest":  # a zip without its central directory can never be read
            assert not rapport.ok


@SNEL
@given(naam=st.sampled_from(TABELLEN), codering=st.sampled_from(["utf-16", "utf-32", "utf-16-le", "cp1252", "latin-1",
                                                                  "utf-8", "utf-8-sig"]))
def test_wrong_encodings(basis, naam, codering):
    with Kopie(basis) as root:
        pad = _vidomes(root, naam)
        tekst = pad.read_text(encoding="utf-8-sig")
        try:
            inhoud, verlies = tekst.encode(codering), False
        except UnicodeEncodeError:  # e.g. '—' in latin-1: the file then cannot hold the exact content
            inhoud, verlies = tekst.encode(codering, errors="replace"), True
        pad.write_bytes(inhoud)
        rapport = validate_year(JAAR, root)
        fouten = _nette_fouten(rapport, f"{naam}_{JAAR}.csv")
        if codering.startswith(("utf-16", "utf-32")):
            assert fouten and any(w in fouten[0].regel for w in ("UTF-16", "NUL-tekens"))
        elif not verlies:  # 8-bit encodings and UTF-8 (with or without BOM) are all accepted
            assert rapport.ok, rapport.tekst()


@pytest.mark.parametrize("naam", TABELLEN)
@pytest.mark.parametrize("soort", ["leeg", "alleen witruimte", "alleen kopregel"])
def test_empty_and_header_only(basis, naam, soort):
    with Kopie(basis) as root:
        pad = _vidomes(root, naam)
        kop = VIDOMES[naam].split("\n")[0]
        pad.write_text({"leeg": "", "alleen witruimte": " \n\n  \n", "alleen kopregel": kop + "\n"}[soort], encoding="utf-8")
        rapport = validate_year(JAAR, root)
        fouten = _nette_fouten(rapport)
        if soort != "alleen kopregel":
            assert [b.regel for b in fouten if b.bestand == pad.name] and not rapport.ok
        elif naam in ("mutaties", "complexen_55plus"):  # mag_leeg in the contract: nothing happened this year
            assert not [b for b in fouten if b.bestand == pad.name], rapport.tekst()
        else:
            assert any("alleen de kopregel" in b.regel for b in fouten if b.bestand == pad.name), rapport.tekst()


@SNEL
@given(getal=st.one_of(st.integers(min_value=10**6, max_value=10**400).map(str),
                       st.integers(max_value=-1, min_value=-10**30).map(str),
                       st.text(alphabet="0123456789.,", min_size=1, max_size=60),
                       st.sampled_from(["1e308", "inf", "NaN", "-0", "1.234", "1,234.5.6"])),
       kolom=st.sampled_from(["Kale huur", "Huishoudgrootte", "Inkomen"]))
def test_huge_and_odd_numbers(basis, getal, kolom):
    with Kopie(basis) as root:
        pad = _vidomes(root, "verhuringen")
        regels = pad.read_text(encoding="utf-8-sig").split("\n")
        kop = regels[1].split(";")
        cellen = regels[2].split(";")
        cellen[kop.index(kolom)] = getal.replace(";", "")
        regels[2] = ";".join(cellen)
        pad.write_text("\n".join(regels), encoding="utf-8-sig")
        rapport = validate_year(JAAR, root)
        _nette_fouten(rapport)
        rij3 = [b for b in rapport.fouten if b.bestand == pad.name and b.rij == 3]
        if rapport.ok:  # accepted: then it parsed to a plausible, in-range value
            assert getal.strip(".,") and not any(c in getal for c in "eEnN")
        else:
            assert rij3 or any(b.rij is None for b in rapport.fouten)


@SNEL
@given(data=st.data())
def test_shuffled_columns_give_the_same_result(basis, data):
    naam = data.draw(st.sampled_from(TABELLEN))
    with Kopie(basis) as root:
        pad = _vidomes(root, naam)
        regels = pad.read_text(encoding="utf-8-sig").split("\n")
        n = len(regels[1].split(";"))
        volgorde = data.draw(st.permutations(range(n)))
        for i in range(1, len(regels)):
            if regels[i]:
                cellen = regels[i].split(";")
                regels[i] = ";".join(cellen[j] for j in volgorde)
        pad.write_text("\n".join(regels), encoding="utf-8-sig")
        rapport = validate_year(JAAR, root)
        assert rapport.ok, rapport.tekst()
        assert rapport.waarschuwingen == []


# ---------------------------------------------------------------- the CLI, a few examples only


@settings(max_examples=3, deadline=None, derandomize=True)
@given(naam=st.sampled_from(TABELLEN + ["wooninvest"]), inhoud=st.binary(min_size=1, max_size=500))
def test_cli_validate_on_garbage(basis, naam, inhoud):
    with Kopie(basis) as root:
        pad = _wooninvest(root) if naam == "wooninvest" else _vidomes(root, naam)
        pad.write_bytes(inhoud)
        uit = root.parent / "validatie"
        env = {**os.environ, "PRESTATIEMONITOR_DATA": str(root.parent)}
        proc = subprocess.run([sys.executable, "-m", "prestatiemonitor.cli", "validate", str(JAAR), "--uitvoer", str(uit)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
        assert "FOUT" in proc.stdout and pad.name in proc.stdout
        # complete files only: one .xlsx and one .html per partij, no temporary leftovers, all readable
        assert sorted(p.name for p in uit.iterdir()) == sorted(f"{p}.{e}" for p in ("gemeente", "vidomes", "wooninvest")
                                                               for e in ("html", "xlsx"))
        partij = "wooninvest" if naam == "wooninvest" else "vidomes"
        ws = load_workbook(uit / f"{partij}.xlsx")["Bevindingen"]
        assert any(r[1] and str(r[1]).startswith(pad.name) and r[0] == FOUT for r in ws.iter_rows(min_row=6, values_only=True))
        assert (uit / f"{partij}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_cli_damaged_run_writes_nothing(basis):
    """`run` on garbage: Dutch message, non-zero exit, no processed folder."""
    with Kopie(basis) as root:
        _vidomes(root, "voorraad").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(3000)))
        env = {**os.environ, "PRESTATIEMONITOR_DATA": str(root.parent)}
        # year 2026 processed lives under the temporary data folder; report/ is not reached
        proc = subprocess.run([sys.executable, "-m", "prestatiemonitor.cli", "run", str(JAAR), "--zonder-rapport"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 1
        assert "Traceback" not in proc.stderr
        assert "voldoen niet aan het datacontract" in proc.stderr and "voorraad_2026.csv" in proc.stderr
        assert not (root.parent / "processed").exists()
