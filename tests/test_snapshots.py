"""Back-test: the demo years give exactly the committed results in tests/snapshots/<jaar>/.

A failure lists every changed row ("indicator X (afspraak, corporatie): van A naar B"). If the
change is intended, regenerate the snapshots with `make snapshots` and commit them with the code
change, so the reviewer sees the changed numbers in the pull request.
"""

import pytest

from prestatiemonitor import snapshots
from prestatiemonitor.snapshots import BIJWERKEN, DEMOJAREN, SNAPSHOT_BESTANDEN, SNAPSHOT_MAP


@pytest.mark.parametrize("jaar", DEMOJAREN)
def test_demojaar_gelijk_aan_snapshot(demo_runs, jaar):
    assert (SNAPSHOT_MAP / str(jaar) / "indicatoren.csv").is_file(), \
        f"geen snapshot voor {jaar}; maak die met: {BIJWERKEN}"
    verschillen = snapshots.verschillen(jaar, demo_runs.uitvoer[jaar].processed)
    if verschillen:
        pytest.fail(f"De uitkomsten van demojaar {jaar} wijken af van tests/snapshots/{jaar}/:\n  "
                    + "\n  ".join(verschillen)
                    + f"\nIs dit de bedoeling? Werk de snapshots bij met `{BIJWERKEN}` en commit ze mee.",
                    pytrace=False)


def test_verschil_wordt_leesbaar_benoemd(tmp_path):
    """The snapshot comparison itself can fail, with the reviewer's wording."""
    kop = "jaar,afspraak,indicator,corporatie,waarde,teller,noemer,eenheid,omschrijving,notebook,cel\n"
    (tmp_path / "snap" / "2026").mkdir(parents=True)
    (tmp_path / "snap" / "2026" / "indicatoren.csv").write_text(
        kop + "2026,2.2.3,aandeel_tot_x,Vidomes,0.41,41,100,aandeel,,20_x,7\n"
              "2026,2.2.3,aandeel_tot_x,WoonInvest,0.5,5,10,aandeel,,20_x,7\n")
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "indicatoren.csv").write_text(
        kop + "2026,2.2.3,aandeel_tot_x,Vidomes,0.42,42,100,aandeel,,20_x,7\n"
              "2026,2.2.3,aandeel_tot_x,WoonInvest,0.5,5,10,aandeel,,20_x,7\n"
              "2026,1.1,nieuw,totaal,3,,,aantal,,20_x,8\n")
    (tmp_path / "run" / "scorekaart.csv").write_text("id;corporatie;status\n2.2.3;Vidomes;behaald\n")
    regels = snapshots.verschillen(2026, tmp_path / "run", tmp_path / "snap")
    assert regels == [
        "2026/indicatoren.csv: indicator aandeel_tot_x (2.2.3, Vidomes): van '0.41' naar '0.42'",
        "2026/indicatoren.csv: indicator aandeel_tot_x (2.2.3, Vidomes): teller van '41' naar '42'",
        "2026/indicatoren.csv: indicator nieuw (1.1, totaal): nieuw ('3')",
        "2026/scorekaart.csv: nog geen snapshot; de run maakt dit bestand nu wel",
    ]
    assert "scorekaart.csv" in SNAPSHOT_BESTANDEN
