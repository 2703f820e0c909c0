"""Status per afspraak (prestatiemonitor.status): every rule on small hand-made indicator rows, with
the expected outcome worked out in the comments. Most cases use the real register; a few rules
(a declared tolerance, a falling path) use a one-afspraak register made here."""

import datetime as dt

import pandas as pd
import pytest

from prestatiemonitor import register as reg, status

REGISTER = reg.laad_register()
BEVESTIGD: dict[str, str] = {}  # no estimated limits unless a test says so


def ind(*rijen):
    """Indicator rows as (jaar, indicator, corporatie, waarde[, afspraak])."""
    uit = []
    for r in rijen:
        jaar, indicator, corporatie, waarde, *rest = r
        uit.append({"jaar": jaar, "afspraak": rest[0] if rest else "x", "indicator": indicator,
                    "corporatie": corporatie, "waarde": waarde, "teller": None, "noemer": None})
    return pd.DataFrame(uit)


def score(afspraak_id, rijen, jaar=2026, publicatie=False, register=REGISTER, niet_bevestigd=None):
    return status.evalueer(register[register["id"] == afspraak_id], ind(*rijen), jaar, publicatie=publicatie,
                           niet_bevestigd=BEVESTIGD if niet_bevestigd is None else niet_bevestigd)


def een(afspraak_id, rijen, jaar=2026, corporatie="", publicatie=False, register=REGISTER, niet_bevestigd=None):
    df = score(afspraak_id, rijen, jaar, publicatie, register, niet_bevestigd)
    return df[df["corporatie"] == corporatie].iloc[0]


def eigen_register(norm: dict, indicatoren: list[str], per_corporatie=True) -> pd.DataFrame:
    """A register with one afspraak "9.9" (thema 1 numbering is not needed for the rules)."""
    eisen = reg.eisen_van(norm, indicatoren)
    return pd.DataFrame([{
        "id": "9.9", "thema": 1, "paragraaf": "1.1.2", "titel": "proef", "tekst": "proef", "citaat": [],
        "partijen": ["Vidomes", "WoonInvest"], "soort": "norm", "per_corporatie": per_corporatie,
        "indicatoren": indicatoren, "norm": norm, "bron": {"woningcorporaties": "x"}, "af_te_stemmen": False,
        "te_controleren": "", "eisen": eisen, "corporaties": ["Vidomes", "WoonInvest"],
    }])


SH = "verhuringen_statushouders"
VR = "vrijgekomen_woningen"
MP = "mijlpaal_gereed_op"

GEVALLEN = [
    # id, rijen, jaar, corporatie, verwachte status, norm-tekst (deel), waarde (deel)
    # ---- minimum, no tolerance declared: short by one is niet behaald
    ("1.3.2-18", [(2026, SH, "totaal", 62)], 2026, "", "behaald", "minimaal 50", "62"),
    ("1.3.2-18", [(2026, SH, "totaal", 50)], 2026, "", "behaald", "minimaal 50", "50"),
    ("1.3.2-18", [(2026, SH, "totaal", 49)], 2026, "", "niet behaald", "minimaal 50", "49"),
    ("1.3.2-17", [(2026, "verhuringen_convenant", "totaal", 35)], 2026, "", "behaald", "minimaal 35", "35"),
    ("1.3.2-21", [(2026, "noodwoningen_beschikbaar", "totaal", 3)], 2026, "", "niet behaald", "minimaal 4", "3"),
    ("1.2.2-13", [(2026, "deelname_bijeenkomst_minimaregelingen", "Vidomes", 0)], 2026, "Vidomes", "niet behaald",
     "ja", "nee"),
    ("1.2.2-11", [(2026, "overleg_vroegsignalering", "totaal", 11), (2026, "overleg_voorkomen_uithuiszettingen", "totaal", 4)],
     2026, "", "niet behaald", "minimaal 12", "11"),
    # ---- 18 names a number for 2026 only: 2027 is gevolgd, never geen gegevens
    ("1.3.2-18", [(2027, SH, "totaal", 70)], 2027, "", "gevolgd", "geen norm voor 2027", "70"),
    # ---- 19: fewer mutations than last year -> no requirement this year (gevolgd)
    ("1.3.2-19", [(2026, SH, "totaal", 50), (2026, VR, "totaal", 480), (2025, VR, "totaal", 510)],
     2026, "", "gevolgd", "geen eis", "50"),
    # 19: more mutations -> more than 50 needed; 50 is not more than 50
    ("1.3.2-19", [(2026, SH, "totaal", 50), (2026, VR, "totaal", 530), (2025, VR, "totaal", 510)],
     2026, "", "niet behaald", "meer dan 50", "50"),
    ("1.3.2-19", [(2026, SH, "totaal", 51), (2026, VR, "totaal", 530), (2025, VR, "totaal", 510)],
     2026, "", "behaald", "meer dan 50", "51"),
    # 19: last year unknown -> geen gegevens (the outcome depends on it)
    ("1.3.2-19", [(2026, SH, "totaal", 60), (2026, VR, "totaal", 530)], 2026, "", "geen gegevens", "meer dan 50", "60"),
    # ---- minimum as a share, per corporation
    ("2.1.2-5", [(2026, "aandeel_verhuringen_svh_conform", "Vidomes", 0.90),
                 (2026, "aandeel_verhuringen_svh_conform", "WoonInvest", 0.80)], 2026, "Vidomes",
     "behaald", "minimaal 85,0%", "90,0%"),
    ("2.1.2-5", [(2026, "aandeel_verhuringen_svh_conform", "Vidomes", 0.90),
                 (2026, "aandeel_verhuringen_svh_conform", "WoonInvest", 0.84)], 2026, "WoonInvest",
     "niet behaald", "minimaal 85,0%", "84,0%"),
    # ---- maximum (provisional theme 5)
    ("5.2", [(2026, "gemiddelde_energie_index", "Vidomes", 1.38)], 2026, "Vidomes", "behaald", "maximaal 1,40", "1,38"),
    ("5.2", [(2026, "gemiddelde_energie_index", "Vidomes", 1.41)], 2026, "Vidomes", "niet behaald", "maximaal 1,40", "1,41"),
    # 2.2.2-9: no new social home may leave the social stock
    ("2.2.2-9", [(2026, "nieuwbouw_sociaal_onttrokken", "Vidomes", 0)], 2026, "Vidomes", "behaald", "maximaal 0", "0"),
    ("2.2.2-9", [(2026, "nieuwbouw_sociaal_onttrokken", "Vidomes", 1)], 2026, "Vidomes", "niet behaald", "maximaal 0", "1"),
    # ---- range 1-4 (WoonInvest only)
    ("1.3.2-23", [(2026, "verhuringen_niet_daeb_pilot", "WoonInvest", 2)], 2026, "WoonInvest", "behaald", "1 tot en met 4", "2"),
    ("1.3.2-23", [(2026, "verhuringen_niet_daeb_pilot", "WoonInvest", 0)], 2026, "WoonInvest", "niet behaald", "1 tot en met 4", "0"),
    ("1.3.2-23", [(2026, "verhuringen_niet_daeb_pilot", "WoonInvest", 5)], 2026, "WoonInvest", "niet behaald", "1 tot en met 4", "5"),
    # ---- milestones (deadline 30-09-2026); waarde jjjjmmdd, empty = not done
    ("1.1.2-1", [(2026, MP, "totaal", 20260915, "1.1.2-1")], 2026, "", "behaald", "30 september 2026", "gereed op 15 september 2026"),
    ("1.1.2-1", [(2026, MP, "totaal", 20260930, "1.1.2-1")], 2026, "", "behaald", "30 september 2026", "gereed op 30 september 2026"),
    # late: niet behaald, and the value says so
    ("1.1.2-1", [(2026, MP, "totaal", 20261015, "1.1.2-1")], 2026, "", "niet behaald", "30 september 2026",
     "te laat: gereed op 15 oktober 2026"),
    ("1.1.2-1", [(2026, MP, "totaal", None, "1.1.2-1")], 2026, "", "niet behaald", "30 september 2026", "niet gereed"),
    ("1.1.2-1", [(2025, MP, "totaal", None, "1.1.2-1")], 2025, "", "op koers", "30 september 2026", "nog niet gereed"),
    # late and reported in the next year's delivery: still late, in every later year
    ("1.3.2-31", [(2027, MP, "totaal", 20270215, "1.3.2-31")], 2027, "", "niet behaald", "30 juni 2026",
     "te laat: gereed op 15 februari 2027"),
    # a one-off milestone done in an earlier year stays done
    ("1.3.2-30d", [(2026, MP, "totaal", 20261008, "1.3.2-30d")], 2027, "", "behaald", "31 december 2026",
     "gereed op 8 oktober 2026"),
    # no term in the text: the end of the term (2029)
    ("1.2.2-15", [(2027, MP, "totaal", 20270301, "1.2.2-15")], 2027, "", "behaald", "31 december 2029", "gereed op 1 maart 2027"),
    ("1.2.2-15", [(2026, MP, "totaal", None, "1.2.2-15")], 2026, "", "op koers", "31 december 2029", "nog niet gereed"),
    # ---- the monitoring item that repeats 1.1.2-1 is gevolgd, judged once under 1.1.2-1
    ("1.1.3-a", [(2026, MP, "totaal", 20260915, "1.1.2-1")], 2026, "", "gevolgd", "geen toetsbare norm",
     "gereed op 15 september 2026"),
    # ---- paths: EFG 120 on 1 Jan 2026 -> 0 by end 2028 (dalend); path end 2026 = 80
    ("5.1", [(2026, "woningen_label_efg", "WoonInvest", 75), (2026, "woningen_label_efg_1jan", "WoonInvest", 120)],
     2026, "WoonInvest", "op koers", "pad eind 2026: 80", "75"),
    ("5.1", [(2026, "woningen_label_efg", "WoonInvest", 95), (2026, "woningen_label_efg_1jan", "WoonInvest", 120)],
     2026, "WoonInvest", "aandacht nodig", "pad eind 2026: 80", "95"),
    ("5.1", [(2026, "woningen_label_efg", "WoonInvest", 0), (2026, "woningen_label_efg_1jan", "WoonInvest", 120)],
     2026, "WoonInvest", "behaald", "maximaal 0 uiterlijk eind 2028", "0"),
    # 2027 with the 2026 start in the data: path end 2027 = 40
    ("5.1", [(2027, "woningen_label_efg", "WoonInvest", 45), (2026, "woningen_label_efg_1jan", "WoonInvest", 120),
             (2027, "woningen_label_efg_1jan", "WoonInvest", 70)], 2027, "WoonInvest", "aandacht nodig",
     "pad eind 2027: 40", "45"),
    ("5.1", [(2028, "woningen_label_efg", "WoonInvest", 3), (2026, "woningen_label_efg_1jan", "WoonInvest", 30)],
     2028, "WoonInvest", "niet behaald", "maximaal 0 uiterlijk eind 2028", "3"),
    # without the start year's value there is no path
    ("5.1", [(2027, "woningen_label_efg", "WoonInvest", 45)], 2027, "WoonInvest", "geen gegevens", "uiterlijk eind 2028", "45"),
    # flatcoach 3 -> 4 over 2026-2029 (stijgend): path 3,25 / 3,5 / 3,75 rounded down for whole coaches
    ("1.1.2-2", [(2027, "flatcoach_aantal", "totaal", 3)] + [(2027, "flatcoach_bijdrage", p, 60000)
                                                          for p in ("gemeente", "Vidomes", "WoonInvest")],
     2027, "", "op koers", "pad eind 2027: 3", "3"),
    ("1.1.2-2", [(2029, "flatcoach_aantal", "totaal", 3)] + [(2029, "flatcoach_bijdrage", p, 60000)
                                                          for p in ("gemeente", "Vidomes", "WoonInvest")],
     2029, "", "niet behaald", "4 uiterlijk eind 2029", "3"),
    # a contribution above the cap of € 60.000 is not met
    ("1.1.2-2", [(2026, "flatcoach_aantal", "totaal", 3), (2026, "flatcoach_bijdrage", "gemeente", 60000),
                 (2026, "flatcoach_bijdrage", "Vidomes", 65000), (2026, "flatcoach_bijdrage", "WoonInvest", 1000)],
     2026, "", "niet behaald", "maximaal €\xa060.000", "€\xa065.000"),
    # 1.1.2-4 (stijgend, start = the 2026 overview at the end of 2026): 100% >= 80% is behaald in any
    # year, and a fall from 90% to 85% is still above the end value -> behaald, never "op koers" by inference
    ("1.1.2-4", [(2027, "aandeel_complexen_55plus_collectief", "Vidomes", 1.0),
                 (2026, "aandeel_complexen_55plus_collectief", "Vidomes", 0.7)], 2027, "Vidomes", "behaald",
     "minimaal 80,0% uiterlijk eind 2030", "100,0%"),
    ("1.1.2-4", [(2027, "aandeel_complexen_55plus_collectief", "Vidomes", 0.85),
                 (2026, "aandeel_complexen_55plus_collectief", "Vidomes", 0.9)], 2027, "Vidomes", "behaald",
     "80,0%", "85,0%"),
    # start 60% end 2026 -> 80% end 2030: path end 2027 = 65%
    ("1.1.2-4", [(2027, "aandeel_complexen_55plus_collectief", "Vidomes", 0.66),
                 (2026, "aandeel_complexen_55plus_collectief", "Vidomes", 0.6)], 2027, "Vidomes", "op koers",
     "pad eind 2027: 65,0%", "66,0%"),
    ("1.1.2-4", [(2027, "aandeel_complexen_55plus_collectief", "Vidomes", 0.55),
                 (2026, "aandeel_complexen_55plus_collectief", "Vidomes", 0.6)], 2027, "Vidomes", "aandacht nodig",
     "pad eind 2027: 65,0%", "55,0%"),
    # in the start year itself the value is the start: on the path
    ("1.1.2-4", [(2026, "aandeel_complexen_55plus_collectief", "WoonInvest", 0.6)], 2026, "WoonInvest", "op koers",
     "pad eind 2026: 60,0%", "60,0%"),
    # ---- gevolgd: a value without a norm from the text is shown, never behaald
    ("1.2.2-10", [(2026, "ontruimingen_aangezegd", "totaal", 31), (2026, "ontruimingen_uitgevoerd", "totaal", 6)],
     2026, "", "gevolgd", "geen toetsbare norm", "31"),
    ("2.2.2-7b", [(2026, MP, "totaal", 20260630, "2.2.2-7b")], 2026, "", "gevolgd", "geen toetsbare norm",
     "gereed op 30 juni 2026 (volgens de gemeente)"),
    ("2.2.3-a", [(2026, i, "Vidomes", 0.5) for i in ["aandeel_tot_kwaliteitskortingsgrens", "aandeel_tot_aftoppingsgrens_laag",
                                                      "aandeel_tot_aftoppingsgrens_hoog", "aandeel_tot_huurprijsgrens_daeb"]],
     2026, "Vidomes", "gevolgd", "geen toetsbare norm", "50,0%"),
    ("1.1.2-3", [(2026, "jongerenwoningen", "totaal", 171)], 2026, "", "gevolgd", "geen toetsbare norm", "171"),
]


@pytest.mark.parametrize("afspraak, rijen, jaar, corporatie, verwacht, norm, waarde", GEVALLEN)
def test_status(afspraak, rijen, jaar, corporatie, verwacht, norm, waarde):
    r = een(afspraak, rijen, jaar, corporatie)
    assert r["status"] == verwacht, r["toelichting"]
    assert norm in r["norm"], r["norm"]
    assert waarde in r["waarde"], r["waarde"]


def test_marge_alleen_waar_het_register_hem_noemt():
    met = eigen_register({"type": "minimum", "waarde": 50, "marge": 0.1}, [SH])
    zonder = eigen_register({"type": "minimum", "waarde": 50}, [SH])
    rijen = [(2026, SH, "Vidomes", 46), (2026, SH, "WoonInvest", 44)]
    assert een("9.9", rijen, corporatie="Vidomes", register=met)["status"] == "aandacht nodig"  # within 10%
    assert een("9.9", rijen, corporatie="WoonInvest", register=met)["status"] == "niet behaald"  # 44 < 45
    assert een("9.9", rijen, corporatie="Vidomes", register=zonder)["status"] == "niet behaald"
    assert "marge" in status.legenda(met)["aandacht nodig"]
    assert "marge" not in status.legenda(REGISTER)["aandacht nodig"]  # the real register declares none


@pytest.mark.parametrize("waarde, verwacht", [
    # stijgend 100 (1 Jan 2026) -> 200 (end 2027): path end 2026 = 150
    (160, "op koers"), (150, "op koers"), (140, "aandacht nodig"), (200, "behaald"), (90, "aandacht nodig"),
])
def test_pad_stijgend(waarde, verwacht):
    reg_ = eigen_register({"type": "pad", "indicator": SH, "start": 100, "doel": 200, "startjaar": 2026,
                           "eindjaar": 2027, "richting": "stijgend"}, [SH])
    assert een("9.9", [(2026, SH, "Vidomes", waarde)], corporatie="Vidomes", register=reg_)["status"] == verwacht


def test_pad_in_beide_richtingen():
    # dalend 100 -> 50 over 2026-2027: path end 2026 = 75
    dalend = eigen_register({"type": "pad", "indicator": SH, "start": 100, "doel": 50, "startjaar": 2026,
                             "eindjaar": 2027, "richting": "dalend"}, [SH])
    rijen = [(2026, SH, "Vidomes", 70), (2026, SH, "WoonInvest", 80)]
    assert een("9.9", rijen, corporatie="Vidomes", register=dalend)["status"] == "op koers"
    assert een("9.9", rijen, corporatie="WoonInvest", register=dalend)["status"] == "aandacht nodig"
    # stijgend 100 -> 150: 70 (a fall) is behind the path, never "op koers"
    stijgend = eigen_register({"type": "pad", "indicator": SH, "start": 100, "doel": 150, "startjaar": 2026,
                               "eindjaar": 2027, "richting": "stijgend"}, [SH])
    assert een("9.9", rijen, corporatie="Vidomes", register=stijgend)["status"] == "aandacht nodig"


def test_mijlpaal_per_halfjaar():
    """1.3.2-20 is half-yearly: each half year needs its own row of this year's delivery."""
    beide = [(2026, MP, "totaal", 20260615, "1.3.2-20 H1"), (2026, MP, "totaal", 20261218, "1.3.2-20 H2")]
    assert een("1.3.2-20", beide)["status"] == "behaald"
    te_laat = [(2026, MP, "totaal", 20260715, "1.3.2-20 H1"), (2026, MP, "totaal", 20261218, "1.3.2-20 H2")]
    r = een("1.3.2-20", te_laat)
    assert r["status"] == "niet behaald" and "H1: te laat: gereed op 15 juli 2026" in r["waarde"]
    alleen_h1 = een("1.3.2-20", beide[:1])
    assert alleen_h1["status"] == "geen gegevens" and "H2 2026" in alleen_h1["toelichting"]
    assert "gemeente: mijlpalen_2026.csv" in alleen_h1["aan_te_leveren"]
    # the rows of 2026 never satisfy 2027
    vorig_jaar = een("1.3.2-20", beide, jaar=2027)
    assert vorig_jaar["status"] == "geen gegevens" and "eerder jaar telt niet" in vorig_jaar["toelichting"]
    niet_gereed = een("1.3.2-20", [beide[0], (2026, MP, "totaal", None, "1.3.2-20 H2")])
    assert niet_gereed["status"] == "niet behaald"


def test_mijlpaal_een_jaar_na_de_eerste_verhuring():
    """1.3.2-28: the deadline is computed: the end of the month one year after the first woningdelen letting."""
    eerste = (2026, "woningdelen_eerste_verhuring", "totaal", 20260331)  # March 2026
    op_tijd = een("1.3.2-28", [eerste, (2027, MP, "totaal", 20270320, "1.3.2-28")], jaar=2027)
    assert op_tijd["status"] == "behaald" and "31 maart 2027" in op_tijd["norm"]
    te_laat = een("1.3.2-28", [eerste, (2027, MP, "totaal", 20270420, "1.3.2-28")], jaar=2027)
    assert te_laat["status"] == "niet behaald" and te_laat["waarde"] == "te laat: gereed op 20 april 2027"
    lopend = een("1.3.2-28", [eerste, (2026, MP, "totaal", None, "1.3.2-28")], jaar=2026)
    assert lopend["status"] == "op koers"
    # an earlier first letting in a later year's data does not move the deadline later
    twee = [eerste, (2027, "woningdelen_eerste_verhuring", "totaal", 20270131), (2027, MP, "totaal", None, "1.3.2-28")]
    assert een("1.3.2-28", twee, jaar=2027)["status"] == "niet behaald"
    nog_niet = een("1.3.2-28", [(2026, MP, "totaal", None, "1.3.2-28")], jaar=2026)
    assert nog_niet["status"] == "op koers" and nog_niet["waarde"] == "termijn nog niet begonnen"


def cellen(corporatie, waarden):
    return [(2026, f"aandeel_aandachtsgroepen_{naam}", corporatie, v) for naam, v in waarden.items()]


def test_afspraak_16_per_deelsegment_over_het_jaar_kwartalen_beslissen_niet():
    jaar = {"jongeren": 0.25, "55plus": 0.289, "eengezins": 0.20, "meergezins": 0.10}
    # tiny quarter cells far above 30% (1 of 3 homes = 33%, 2 of 2 = 100%) do not flip the verdict
    kwartalen = {"jongeren_q2": 1 / 3, "55plus_q4": 1.0}
    df = score("1.3.2-16", cellen("Vidomes", {**jaar, **kwartalen})
               + cellen("WoonInvest", {**jaar, "meergezins": 0.31})).set_index("corporatie")
    assert df.loc["Vidomes", "status"] == "behaald", df.loc["Vidomes", "toelichting"]
    assert df.loc["Vidomes", "waarde"] == "hoogste 28,9% (55+)"
    assert df.loc["WoonInvest", "status"] == "niet behaald"  # a whole year's deelsegment above 30%
    assert "meergezins (31,0%)" in df.loc["WoonInvest", "toelichting"]
    alleen_kwartalen = score("1.3.2-16", cellen("Vidomes", kwartalen))
    assert alleen_kwartalen["status"].iloc[0] == "geen gegevens"


def test_compensatie_over_de_looptijd():
    """2.2.2-10: the saldo summed over the years from 2026, both corporations together."""
    S = "daeb_compensatie_saldo"
    r26 = een("2.2.2-10", [(2026, S, "totaal", -3)])
    assert r26["status"] == "aandacht nodig" and r26["waarde"] == "-3 in 2026"  # time left to compensate
    r27 = een("2.2.2-10", [(2026, S, "totaal", -3), (2027, S, "totaal", 5)], jaar=2027)
    assert r27["status"] == "op koers" and r27["waarde"] == "2 over 2026-2027"
    r29 = een("2.2.2-10", [(2026, S, "totaal", -3), (2027, S, "totaal", 1), (2028, S, "totaal", 0),
                           (2029, S, "totaal", 1)], jaar=2029)
    assert r29["status"] == "niet behaald"  # -1 at the end of the term
    ok29 = een("2.2.2-10", [(2026, S, "totaal", -3), (2027, S, "totaal", 1), (2028, S, "totaal", 0),
                            (2029, S, "totaal", 2)], jaar=2029)
    assert ok29["status"] == "behaald"
    gat = een("2.2.2-10", [(2027, S, "totaal", 5)], jaar=2027)
    assert gat["status"] == "geen gegevens" and "2026" in gat["toelichting"]
    # a corporation's own yearly deficit does not decide: the norm is over both together
    assert list(score("2.2.2-10", [(2026, S, "totaal", 0), (2026, S, "Vidomes", -4)])["corporatie"]) == [""]


def test_geen_gegevens_noemt_partij_en_bestand():
    r = een("1.3.2-17", [])
    assert r["status"] == "geen gegevens"
    assert "Vidomes: verhuringen_2026.csv" in r["toelichting"]
    assert "WoonInvest: wooninvest_2026.xlsx, blad Verhuringen" in r["toelichting"]
    g = een("1.2.3-a", [])
    assert g["status"] == "geen gegevens"
    assert "gemeente: kengetallen_2026.xlsx" in g["toelichting"] and "voorlichtingsbijeenkomsten" in g["toelichting"]
    m = een("1.3.2-31", [])
    assert m["status"] == "geen gegevens" and "gemeente: mijlpalen_2026.csv" in m["toelichting"]
    assert "1.3.2-31" in m["toelichting"]
    # 19's baseline for the year before the first run is owed by the gemeente (kengetal), not a 2025 file
    b = een("1.3.2-19", [(2026, SH, "totaal", 40), (2026, VR, "totaal", 400)])
    assert "gemeente: kengetallen_2026.xlsx" in b["aan_te_leveren"] and "vrijgekomen_vorig_jaar" in b["toelichting"]


def test_corporatie_die_niets_leverde():
    df = score("2.1.2-6", [(2026, "aandeel_verhuringen_daeb_doelgroep", "Vidomes", 0.93)]).set_index("corporatie")
    assert df.loc["Vidomes", "status"] == "behaald"
    woi = df.loc["WoonInvest"]
    assert woi["status"] == "geen gegevens"
    assert "WoonInvest 2026" in woi["toelichting"]
    assert "wooninvest_2026.xlsx, blad Verhuringen" in woi["toelichting"]
    assert "Vidomes" not in woi["toelichting"]  # only the corporation that owes the data


def test_voorlopige_afspraak_zegt_dat_en_telt_niet_mee():
    n = een("3.1", [(2026, "nieuwbouw_daeb", "totaal", 40)])
    assert n["status"] == "gevolgd" and "40" in n["waarde"] and "Voorlopig" in n["toelichting"]
    s = score("3.2", [(2026, "aandeel_sociale_huur_voorraad", "totaal", 0.2)])
    assert s["status"].iloc[0] == "niet behaald" and status.beoordeeld(s).empty


def test_geraamde_grens_staat_in_de_toelichting():
    rijen = [(2027, "aandeel_verhuringen_daeb_doelgroep", "Vidomes", 0.9)]
    r = een("2.1.2-6", rijen, jaar=2027, corporatie="Vidomes",
            niet_bevestigd={"inkomensgrens_daeb_1p": "raming (2026 maal 1,035)"})
    assert "niet bevestigde grens voor 2027: inkomensgrens daeb 1p (raming (2026 maal 1,035))" in r["toelichting"]
    assert "niet bevestigde" not in een("2.1.2-6", rijen, jaar=2027, corporatie="Vidomes")["toelichting"]


def test_meerdere_eisen_een_ontbreekt_is_geen_gegevens():
    r = een("1.2.2-11", [(2026, "overleg_vroegsignalering", "totaal", 12)])
    assert r["status"] == "geen gegevens"
    assert "kwartaaloverleggen" in r["toelichting"]


def test_gevoelige_kleine_aantallen_alleen_bij_publicatie_afgeschermd():
    rijen = [(2026, "ontruimingen_aangezegd", "totaal", 14), (2026, "ontruimingen_uitgevoerd", "totaal", 3)]
    r = een("1.2.2-10", rijen, publicatie=True)
    assert "< 10" in r["waarde"] and "14" in r["waarde"] and " 3" not in r["waarde"]
    exact = een("1.2.2-10", rijen)  # the scorecard CSV keeps exact values
    assert "< 10" not in exact["waarde"] and "3" in exact["waarde"]


def test_scorekaart_hele_register_en_bestand(tmp_path):
    df = status.evalueer(REGISTER, ind((2026, SH, "totaal", 62)), 2026)
    assert set(df["status"]) <= set(status.STATUSSEN)
    assert list(dict.fromkeys(df["id"])) == list(REGISTER["id"])  # register order
    assert list(df.columns) == status.KOLOMMEN  # the CSV keeps its columns
    pad = status.schrijf_scorekaart(df, tmp_path / "scorekaart.csv")
    ruw = pad.read_bytes()
    assert ruw.startswith(b"\xef\xbb\xbf")
    assert ruw.decode("utf-8-sig").splitlines()[0].startswith("id;thema;paragraaf;titel;partij;corporatie")
    terug = pd.read_csv(pad, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(terug["id"]) == list(df["id"])
    # deterministic: a second write is byte-identical
    assert status.schrijf_scorekaart(df, tmp_path / "b.csv").read_bytes() == ruw


def test_geen_afspraak_zonder_norm_uit_de_tekst_is_behaald():
    """Whatever the values, a gevolgd afspraak never becomes behaald: feed every indicator a value."""
    cat = reg.laad_indicatoren()
    rijen = [(2026, i, c, 20260115 if cat.loc[i, "eenheid"] == "datum" else 1)
             for i in cat.index for c in ("Vidomes", "WoonInvest", "gemeente", "totaal")]
    df = status.evalueer(REGISTER, ind(*rijen), 2026)
    soorten = {a: {e["type"] for e in eisen} for a, eisen in zip(REGISTER["id"], REGISTER["eisen"])}
    for r in df.itertuples():
        if soorten[r.id] <= {"gevolgd"}:
            assert r.status in ("gevolgd", "geen gegevens"), r.id


def test_klein_aantal_per_corporatie_en_tweede_corporatie_afgeschermd():
    # woningdelen (publicatie: klein): Vidomes 3, WoonInvest 40, total 43 printed elsewhere in the report
    rijen = [(2026, "verhuringen_woningdelen", "Vidomes", 3), (2026, "verhuringen_woningdelen", "WoonInvest", 40),
             (2026, "verhuringen_woningdelen", "totaal", 43)]
    vid = een("1.3.2-26", rijen, corporatie="Vidomes", publicatie=True)
    woi = een("1.3.2-26", rijen, corporatie="WoonInvest", publicatie=True)
    assert vid["waarde"] == "< 5"
    assert woi["waarde"] == "×"  # else 43 - 40 = 3
    assert vid["status"] == woi["status"] == "gevolgd"
    assert een("1.3.2-26", rijen, corporatie="WoonInvest")["waarde"] == "40"  # the CSV keeps exact values


def test_norm_en_waarde_in_woorden_zonder_ids():
    r = een("1.2.2-11", [(2026, "overleg_vroegsignalering", "totaal", 12)])
    assert "overleg_vroegsignalering" not in r["norm"] + r["waarde"]
    assert "Geen gegevens: " in r["toelichting"] and r["aan_te_leveren"].startswith("gemeente: kengetallen_2026.xlsx")


def test_legenda_noemt_elke_status_en_gevolgd_telt_nooit():
    leg = status.legenda(REGISTER)
    assert list(leg) == status.STATUSSEN
    assert "telt nooit als behaald" in leg["gevolgd"]
    assert status.SYMBOLEN["gevolgd"] not in {s for k, s in status.SYMBOLEN.items() if k != "gevolgd"}


@pytest.mark.parametrize("partijen, corporatie, verwacht", [
    (["gemeente", "Vidomes", "WoonInvest", "Huurdersraad Vidomes", "Respectus"], None, "alle partijen"),
    (["Vidomes", "WoonInvest"], None, "corporaties"),
    (["Vidomes", "WoonInvest", "Huurdersraad Vidomes", "Respectus"], None, "corporaties en huurdersorganisaties"),
    (["gemeente"], None, "gemeente"),
    (["gemeente", "Vidomes", "WoonInvest"], None, "gemeente en corporaties"),
    (["Vidomes", "WoonInvest"], "Vidomes", "Vidomes"),
    ("gemeente, Vidomes, WoonInvest, Huurdersraad Vidomes, Respectus", None, "alle partijen"),
])
def test_partij_label(partijen, corporatie, verwacht):
    assert status.partij_label(partijen, corporatie) == verwacht


def test_maanden_later():
    from prestatiemonitor.statuswaarden import maanden_later

    assert maanden_later(dt.date(2026, 3, 31), 12) == dt.date(2027, 3, 31)
    assert maanden_later(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
