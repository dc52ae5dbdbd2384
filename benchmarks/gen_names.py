"""Names for the generated governance extract (GENERATED people; cp1252 only).

Forenames and surnames by rank frequency (flattened at the head as national counts are), a
long tail of composed English surnames, accented and hyphenated names, and the ways one person
is listed differently from one appointment to the next. Used by gen_governance.py.
"""
from __future__ import annotations

import random

FEMALE = ("Sarah Emma Claire Helen Rachel Laura Karen Susan Julie Joanne Lisa Nicola Amanda "
          "Elizabeth Catherine Jane Louise Victoria Rebecca Alison Deborah Caroline Anne Jennifer "
          "Margaret Gillian Fiona Michelle Hannah Katherine Samantha Kate Lucy Ruth Mary Natalie "
          "Charlotte Sophie Amy Jessica Zoë Chloë Renée Siân Aoife Niamh Bríd Anaïs Inès Noémie "
          "Zoé Fatima Aisha Priya Anjali Nasreen Agnieszka Małgosia Ewa Marta Oluwaseun Ngozi "
          "Ifeoma Chiamaka Grace Joy Beatriz María Lucía Sofía Günay Ayşe Hélène Françoise "
          "Mélanie Ingrid Astrid Björk").split()
MALE = ("David Paul Andrew Mark John Michael Stephen Richard Peter James Robert Simon Christopher "
        "Ian Neil Martin Gary Jonathan Matthew Thomas Daniel Nicholas Anthony Philip Alan Graham "
        "Timothy Kevin Stuart Adam Benjamin William Edward Steven Colin Keith Brian Roger Tony "
        "Chris René José Jürgen Søren Seán Éamonn Ciarán Pádraig Dónal Mohammed Ahmed Imran "
        "Tariq Rajesh Sanjay Vikram Tomasz Piotr Krzysztof Oluwafemi Chukwuemeka Adebayo "
        "Kwame Kofi André François Jérôme Łukasz Björn Ömer Raúl Andrés Joaquín Niño").split()
SURNAMES = ("Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
            "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke "
            "Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker "
            "Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young "
            "Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy "
            "Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson "
            "Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen "
            "Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins "
            "Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews "
            "Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole "
            "Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry "
            "Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter "
            "Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins "
            "Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah "
            "Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd "
            "Ross Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson "
            "Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers "
            "O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace "
            "George Jordan Hutchinson Rowe Burke May Pritchard Gilbert Willis Higgins Read Miles "
            "Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt Barber Nelson Slater "
            "Austin Sullivan Whitehead Mann Frost Lambert Stephens Blake Akhtar Lynch Goodwin "
            "Barton Woodward Thomson Cunningham Quinn Barnett Baxter Bibi Clayton Nash Greenwood "
            "Jennings Holt Kemp Poole Gallagher Bond Stokes Tucker Davidson Fowler Heath Norman "
            "Middleton Lawson Banks French Stanley Jarvis Gibbs Ferguson Hayward Carroll Douglas "
            "Dickinson Todd Barlow Peters Lucas Knowles Hartley Miah Simmons Morton Alexander "
            "Field Morrison Norris Townsend Preston Hancock Thornton Baldwin Burrows Briggs Storey "
            "Pugh Hyde Vaughan").split()
RARE_SURNAMES = ("Müller Núñez Ní Bhriain Ó Briain Lefèvre Gonçalves Søndergaard "
                 "Brontë Dvořák Çelik Öztürk Jiménez Peña Ibáñez Fernández Höffner "
                 "Zieliński Kowalczyk Nowakowski Wiśniewska Okonkwo Adeyemi Oyelaran Achebe "
                 "Mensah Boateng Asante Nakamura Tanaka Nguyen Tran Chaudhry Siddiqui Qureshi "
                 "Fairweather Blackwood Thistlethwaite Featherstonehaugh Cholmondeley Wainwright "
                 "Ravenscroft Ashdown Pennington Trelawney Penhaligon Tremayne Polglaze Carnegie "
                 "Urquhart Drummond Macaulay Farquharson Ogilvy Lindqvist Haaland Kristiansen "
                 "Vasquez Delacroix Beaumont Fontaine Marchetti Bianchi Esposito Romano Ferrari "
                 "Greco Papadopoulos Georgiou Christodoulou Antoniou Kowalski Novak Horvat").split()
DOUBLE = ("Smith-Jones Bowes-Lyon Fforde-Hughes Lloyd-Webber Taylor-Wood Ashby-Clarke "
          "Davies-Evans Price-Thomas Lewis-Morgan Hughes-Hallett Parry-Williams Wynne-Jones "
          "Owen-Pritchard Clarke-Hill Baker-Reid Scott-Watson Fox-Talbot Hart-Davis "
          "Martin-Lefèvre Núñez-García Khan-Patel Begum-Ali Holt-Müller").split()


def _cp1252_safe(names: list[str]) -> list[str]:
    return [n for n in names if n.encode("cp1252", "ignore").decode("cp1252") == n]


FEMALE, MALE = _cp1252_safe(FEMALE), _cp1252_safe(MALE)
SURNAMES, RARE_SURNAMES, DOUBLE = (_cp1252_safe(SURNAMES), _cp1252_safe(RARE_SURNAMES),
                                   _cp1252_safe(DOUBLE))
PLAIN = str.maketrans("àáâäãåçèéêëìíîïñòóôöõøùúûüýÿÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØÙÚÛÜÝ",
                      "aaaaaaceeeeiiiinoooooouuuuyyAAAAAACEEEEIIIINOOOOOOUUUUY")


PREFIX = ("Ash Black Brad Brook Cald Clay Cold Craw Dal Elm Fair Farn Gold Green Hal Hart "
          "Haw Hazel Holl Kings Lang Lin Marsh Mid Mill Mor New North Oak Pen Red Rid Ros "
          "Sand Shel South Stan Sut Thorn Wake Well West Whit Wood Wor").split()
SUFFIX = ("by bury combe croft den ell field ford gate ham hill hurst ing ley low more ridge "
          "shaw ston ton wood worth well wick thorpe").split()


def _composed(rng: random.Random) -> str:
    """A plausible English surname from the long tail (about 1,000 of them, each rare)."""
    return rng.choice(PREFIX) + rng.choice(SUFFIX)


def _zipf(rng: random.Random, items: list[str], s: float = 1.0) -> str:
    """Rank-frequency choice, flattened at the head (offset 10) as national name counts are:
    the commonest forenames and surnames hold about 1-3% of adults, not 5-10%."""
    weights = _zipf.cache.get((id(items), s))
    if weights is None:
        acc, total = [], 0.0
        for i in range(len(items)):
            total += 1.0 / (i + 10) ** s
            acc.append(total)
        weights = _zipf.cache[(id(items), s)] = acc
    return rng.choices(items, cum_weights=weights)[0]


_zipf.cache = {}


class People:
    """The planted population: each person has one true name and a home authority."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people: list[dict] = []

    def new(self, la: str, kind: str = "lay") -> int:
        rng = self.rng
        female = rng.random() < 0.58
        first = _zipf(rng, FEMALE if female else MALE, 1.0)
        middle = _zipf(rng, FEMALE if female else MALE, 1.0) if rng.random() < 0.45 else ""
        r = rng.random()
        surname = (_zipf(rng, SURNAMES, 1.0) if r < 0.55 else _composed(rng) if r < 0.86 else
                   rng.choice(RARE_SURNAMES) if r < 0.95 else rng.choice(DOUBLE))
        if female:
            title = rng.choices(["Mrs", "Ms", "Miss", "Dr", "Prof", ""], [50, 25, 8, 8, 1, 8])[0]
        else:
            title = rng.choices(["Mr", "Dr", "Prof", "Revd", "Cllr", ""], [76, 9, 2, 3, 3, 7])[0]
        self.people.append({"id": len(self.people) + 1, "title": title, "first": first,
                            "middle": middle, "surname": surname, "la": la, "kind": kind,
                            "female": female})
        return len(self.people)

    def listed(self, pid: int) -> tuple[str, str, str, str]:
        """How one appointment lists the person (title, forename 1, forename 2, surname)."""
        p, rng = self.people[pid - 1], self.rng
        title, first, middle, surname = p["title"], p["first"], p["middle"], p["surname"]
        if middle and rng.random() < 0.3:
            middle = ""
        if rng.random() < 0.05:
            title = {"Mrs": "Ms", "Ms": "Mrs", "Dr": "Mr" if not p["female"] else "Mrs",
                     "Miss": "Ms"}.get(title, title)
        if rng.random() < 0.12:
            first, middle, surname = (x.translate(PLAIN) for x in (first, middle, surname))
        if "-" in surname and rng.random() < 0.2:
            surname = surname.replace("-", " ")
        if rng.random() < 0.03:
            surname = surname.upper()
        if rng.random() < 0.01 and len(first) > 4:
            i = rng.randrange(1, len(first) - 1)
            first = first[:i] + first[i + 1] + first[i] + first[i + 2:]
        return title, first, middle, surname


