"""Synthetic news articles for the benchmarks.

Real articles cannot ship with the repository, and what the extractor costs depends on the
mix of a text: how many sentences hold a number, how many a toll word, how many both. These
articles copy that mix from news writing: a headline line, sometimes a byline and a
dateline, paragraphs of background, quotes, politics, weather and economy full of years,
money, percentages, ages and counts of things, sentences with a toll word but no figure,
and two to five sentences that report a human toll with varied amounts, qualifiers,
places and sources. Every name and place is invented.

Deterministic: article `i` of seed `s` depends only on `(s, i, words)`, so the first 300
articles of a 5,000-article run are the 300 articles of a `--quick` run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tolltrace import Document


@dataclass(frozen=True)
class Country:
    name: str
    adj: str
    capital: str
    cities: tuple[str, ...]
    currency: str
    neighbour: str


@dataclass(frozen=True)
class EventKind:
    noun: str  # as the text names it: "the protests"
    short: str  # for headlines: "protests"
    measures: tuple[str, ...]  # which toll sentences fit the event


COUNTRIES = tuple(
    Country(name, adj, capital, tuple(cities.split(", ")), currency, neighbour)
    for name, adj, capital, cities, currency, neighbour in (
        row.split(" | ")
        for row in """\
Valdoria | Valdorian | Castrel | Sarrin, Mirow, Tolvas, Ebbing | dinar | Corvinia
Corvinia | Corvinian | Ostrel | Brask, Velen, Dunmere, Harrow Point | crown | Lunesia
Lunesia | Lunesian | Port Amari | Kessa, Olberg, Riventa, Sael | lira | Paravel
Paravel | Paravelian | San Lucero | Amberton, Quill, Morrasa, Teodo | peso | Drosnia
Drosnia | Drosnian | Vilnar | Karsk, Pellin, Ostov, Brezna | ruble | Halvaria
Halvaria | Halvarian | Nordhal | Skarven, Lindmoor, Ekeby, Tarsund | krona | Zemaro
Zemaro | Zemaran | Akuru | Bensa, Dolo, Maraki, Tesfay | shilling | Sundrava
Sundrava | Sundravan | Pura Jaya | Kalimas, Tirta, Rembang, Soga | rupiah | Valdoria""".splitlines()
    )
)

EVENTS = (
    EventKind("the protests", "protests", ("killed", "injured", "arrested", "missing")),
    EventKind("the crackdown on protesters", "crackdown", ("killed", "arrested", "executed")),
    EventKind("the fighting", "fighting", ("killed", "injured", "displaced", "missing")),
    EventKind("the earthquake", "earthquake", ("killed", "injured", "missing", "displaced")),
    EventKind("the floods", "floods", ("killed", "missing", "displaced", "injured")),
    EventKind("the cholera outbreak", "cholera outbreak", ("disease", "disease", "displaced")),
    EventKind("the factory fire", "factory fire", ("killed", "injured", "missing")),
    EventKind("the bombing", "bombing", ("killed", "injured", "arrested", "hypothetical")),
    EventKind("the cyclone", "cyclone", ("killed", "displaced", "missing", "hypothetical")),
)

FIRST = (
    "Amira",
    "Tomas",
    "Elena",
    "Dario",
    "Nadia",
    "Jonas",
    "Selin",
    "Mateo",
    "Irina",
    "Yusuf",
    "Leila",
    "Pavel",
    "Sofia",
)
LAST = (
    "Varos",
    "Kelmani",
    "Dravic",
    "Osterhal",
    "Benari",
    "Marquand",
    "Tesh",
    "Lindqvar",
    "Okonta",
    "Ferrawi",
    "Halden",
)
OUTLETS = (
    "Meridian Wire",
    "The Northern Ledger",
    "Harbour Post",
    "Daily Courant",
    "Globe Dispatch",
    "Civic Times",
    "Nord Press",
    "The Evening Standardbearer",
)
PARTIES = ("National Renewal Party", "People's Front", "Democratic Union", "Green Alliance")
JOBS = ("teacher", "taxi driver", "nurse", "shopkeeper", "student", "engineer", "farmer", "baker")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SMALL = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth")
LANDMARKS = (
    "the central market",
    "the university gates",
    "Freedom Square",
    "the old port",
    "the railway station",
    "the main bridge",
    "the provincial hospital",
)
COMMODITIES = ("copper", "cotton", "coffee", "natural gas", "wheat", "phosphate")

# Human-toll sentences, by the measure they report. {amount} goes before a plural noun and
# may be vague ("hundreds of"); {total} stands alone; {big} counts the displaced.
TOLL: dict[str, tuple[str, ...]] = {
    "killed": (
        "{Claimant} said {amount} people had been killed in {city} since {event} began.",
        "The death toll from {event} rose to {total} on {weekday}, according to {claimant}.",
        "{Amount} people have died, {claimant} said in a statement on {weekday}.",
        "Hospitals in {city} reported {total} deaths and {total} injuries by {weekday} evening.",
        "{Claimant} put the number of dead at {total}, far above the official figure of {total}.",
        "Rescuers have recovered {amount} bodies from {landmark}, {official} told reporters.",
        "Among the {total} dead were {few} children and a {age}-year-old {job}, relatives said.",
        "{Claimant} said {amount} members of the security forces had been killed, a figure "
        "that could not be independently verified.",
        "In the worst single incident, {amount} people were shot dead near {landmark} on "
        "{month} {day}.",
        "{Claimant} now counts {total} deaths, up from {total} a week ago.",
    ),
    "injured": (
        "{Amount} people were injured, {few} of them critically, {claimant} said.",
        "Medics treated {amount} wounded people at makeshift clinics, according to {claimant}.",
        "At {landmark}, {official} said {amount} people had been taken to hospital with injuries.",
    ),
    "arrested": (
        "Police said they had arrested {amount} people since {month} {day}.",
        "{Claimant} put the number of people detained at {total}.",
        "{Amount} people remain in custody, among them {few} journalists, {claimant} said.",
        'The {ministry} said {total} "rioters" had been detained in {city} alone.',
    ),
    "missing": (
        "{Amount} people are still missing, and {official} said the search would continue.",
        "{Claimant} said it had received reports of {amount} people unaccounted for.",
    ),
    "displaced": (
        "{Event} drove {big} people from their homes, {claimant} estimates.",
        "{Big} people have fled to neighbouring {neighbour}, according to {claimant}.",
    ),
    "executed": (
        "{Claimant} says {amount} people have been executed in {country} this year, up from "
        "{total} in {year}.",
    ),
    "disease": (
        "The outbreak has killed {amount} people in {few} districts, the {ministry} said.",
        "{Claimant} recorded {total} deaths from cholera in the camps in the week to {month} "
        "{day}.",
    ),
    "hypothetical": (
        "{Claimant} said the blast could have killed {amount} people had it struck at rush hour.",
        "Officials warned that a second wave could kill thousands more if aid did not arrive.",
    ),
}

HEADLINES = (
    "{Country}: {total} killed in {short} in {city}",
    "Death toll from {short} in {city} rises to {total}",
    "{Country} {short}: rights group says {amount} detained",
    "Thousands march in {capital} as {short} crisis enters {ordinal} week",
    "{Country}'s {currency} slides amid {short}",
    "Aid reaches {city} days after {short}",
    "What we know about the {short} in {city}",
    "{City} counts the cost of the {short}",
)

# Sentences without a toll figure, most with a number that is not one.
FILLER = (
    # background
    "{Event} began on {month} {day} in {city}, a city of about {pop} people some {km} "
    "kilometres from {capital}.",
    "{Country} has a population of roughly {millions} million, {pct} percent of whom live in "
    "cities.",
    "The last comparable crisis in {country} was in {year}, when the government imposed a "
    "curfew for {few} weeks.",
    "The region was hit by a similar disaster in {year} and again in {year}.",
    "Mobile internet has been cut in {few} provinces for more than {hours} hours.",
    "{Num} schools and {num} clinics in the area have been closed since {month} {day}.",
    "More than {num} buildings were damaged, according to a survey by city engineers.",
    "Aid agencies said {num} trucks carrying food and water had reached {city} by {weekday}.",
    "The road linking {city} and {city2}, which carries {num} vehicles a day, remains closed.",
    "{Num} flights were cancelled at the international airport in {capital} on {weekday}.",
    "The district, home to {pop} people, lies {km} km south of {capital}.",
    # politics
    "{Person}, {age}, has led the {party} since {year}.",
    "Parliament approved the emergency measures by {seats} votes to {few}.",
    "The {party} won {seats} of the 300 seats in the {year} election.",
    "Elections are due in {month} {year}, and polls give the governing coalition {pct} percent.",
    "President {last} is expected to address the nation on {weekday}.",
    "The opposition has called for a general strike on {month} {day}.",
    "{Person}, a former minister, resigned in {year} after a corruption inquiry.",
    "The government has survived {few} confidence votes since taking office in {year}.",
    # economy
    "Inflation reached {pct} percent in {month}, the highest rate since {year}.",
    "The {currency} has lost {pct} percent of its value against the dollar this year.",
    "The government announced an aid package worth ${money} on {weekday}.",
    "Fuel prices rose by {pct}% overnight after subsidies were cut.",
    "Exports of {commodity} fell to ${bn} billion in {year}, from ${bn} billion a year earlier.",
    "The central bank raised its main rate by {bp} basis points to {rate}%.",
    "Unemployment among people under 25 stands at {pct} percent.",
    "The finance ministry expects growth of {rate}% this year, down from {rate}% in {year}.",
    "A loaf of bread now costs {num} {currency}s, up from {few} {currency}s in {year}.",
    # weather
    "Temperatures reached {temp} degrees Celsius on {weekday}.",
    "Forecasters expect up to {mm} millimetres of rain over the next {few} days.",
    "Winds of up to {kmh} km/h brought down power lines across {few} districts.",
    "The river peaked at {rate} metres on {weekday}, {num} centimetres below its {year} record.",
    "About {num},000 homes were without electricity on {weekday} morning.",
    # quotes
    '"We have never seen anything like this," said {person}, a {age}-year-old {job} from {city}.',
    '"We are asking for calm and for the truth," {person} told {outlet}.',
    '"The government must answer for what happened," said {person} of the {party}.',
    '"Everyone here knows someone who has lost everything," said {person}, who runs a shop '
    "on {num} Harbour Street.",
    '"We need {num} more tents and clean water, today," said {person}, an aid coordinator.',
    '"Our teams have been working for {hours} hours without a break," {official} said.',
    '"This is not the country I grew up in," said {person}, {age}.',
    '"My son is {age}. He went out for bread and never came back," his mother said.',
    # toll words, no figure
    "Relatives of the dead gathered outside the morgue in {city} on {weekday}.",
    "The {ministry} has not published a death toll since {month} {day}.",
    "A {age}-year-old student who was arrested in {month} was released on bail of {num} "
    "{currency}s.",
    "The {year} killings in {city2} were never investigated.",
    "Funerals were held on {weekday} for victims of {event}.",
    "Footage verified by {outlet} showed security forces firing on crowds in {city}.",
    # no numbers
    "Residents described scenes of chaos as shops closed early.",
    "The authorities blamed foreign agitators for the unrest, without offering evidence.",
    "Schools in the capital are expected to reopen next week.",
    "Diplomats in {capital} said they were watching the situation closely.",
    "{Outlet} could not independently verify the accounts.",
    "Aid groups say access to the worst-hit areas remains limited.",
    "Many families spent the night in the open, wrapped in blankets.",
    "The {ministry} did not respond to a request for comment.",
    "Neighbouring {neighbour} has offered to send rescue teams and medical supplies.",
    "State television broadcast a cookery programme as the crisis unfolded.",
)


def _number(value: int) -> str:
    """Digits with thousands commas, small amounts in words, as style guides write them."""
    if 2 <= value <= len(SMALL) + 1:
        return SMALL[value - 2]
    return f"{value:,}"


def _toll_value(rng: random.Random) -> int:
    """Log-uniform from 2 to ~20,000: most tolls are small, a few very large."""
    return max(2, int(10 ** rng.uniform(0.3, 4.3)))


def _total(rng: random.Random) -> str:
    value = _toll_value(rng)
    roll = rng.random()
    if roll < 0.35:
        return _number(value)
    if roll < 0.85:
        qualifier = rng.choice(
            (
                "at least",
                "more than",
                "about",
                "around",
                "nearly",
                "some",
                "an estimated",
                "up to",
                "over",
            )
        )
        space = "\u00a0" if rng.random() < 0.04 else " "  # web copy keeps odd spaces
        return f"{qualifier}{space}{_number(value)}"
    value = max(value, 5)
    low = max(2, int(value * rng.uniform(0.3, 0.8)))
    return rng.choice(("between {} and {}", "{} to {}", "{}-{}")).format(
        _number(low), _number(value)
    )


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return rng.choice(("dozens of", "hundreds of", "thousands of", "scores of"))
    return _total(rng)


def _big(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(("tens of thousands of", "hundreds of thousands of"))
    if roll < 0.45:
        return f"{rng.choice(('about', 'more than', 'nearly'))} {rng.randint(11, 29) / 10} million"
    return f"{rng.choice(('', 'about ', 'more than ', 'some '))}{rng.randint(8, 900) * 500:,}"


_GENERATORS: dict[str, Callable[[random.Random], str]] = {
    "total": _total,
    "amount": _amount,
    "big": _big,
    "few": lambda r: r.choice(SMALL[:8]) if r.random() < 0.7 else str(r.randint(2, 9)),
    "num": lambda r: str(r.choice((r.randint(3, 99), r.randint(100, 999)))),
    "pct": lambda r: str(r.randint(2, 85)) if r.random() < 0.7 else f"{r.uniform(1, 40):.1f}",
    "rate": lambda r: f"{r.uniform(0.5, 12):.1f}",
    "year": lambda r: str(r.randint(1985, 2024)),
    "age": lambda r: str(r.randint(16, 84)),
    "day": lambda r: str(r.randint(1, 28)),
    "month": lambda r: r.choice(MONTHS),
    "weekday": lambda r: r.choice(WEEKDAYS),
    "ordinal": lambda r: r.choice(ORDINALS),
    "pop": lambda r: f"{r.randint(20, 900) * 1000:,}",
    "millions": lambda r: f"{r.uniform(2, 90):.1f}",
    "km": lambda r: str(r.randint(12, 480)),
    "hours": lambda r: str(r.choice((24, 36, 48, 72, 96))),
    "seats": lambda r: str(r.randint(20, 180)),
    "money": lambda r: f"{r.randint(12, 950) / 10} million",
    "bn": lambda r: f"{r.uniform(0.4, 30):.1f}",
    "bp": lambda r: str(r.choice((25, 50, 75, 100, 150))),
    "temp": lambda r: str(r.randint(-12, 46)),
    "mm": lambda r: str(r.randint(40, 400)),
    "kmh": lambda r: str(r.randint(60, 220)),
    "job": lambda r: r.choice(JOBS),
    "landmark": lambda r: r.choice(LANDMARKS),
    "commodity": lambda r: r.choice(COMMODITIES),
    "party": lambda r: r.choice(PARTIES),
    "last": lambda r: r.choice(LAST),
}


class _Slots(dict[str, str]):
    """Template values: fixed per article when stored, drawn afresh on each use otherwise;
    a capitalised slot ("{Claimant}") gives its value with a capital first letter."""

    def __init__(self, rng: random.Random, fixed: dict[str, str], pools: dict[str, list[str]]):
        super().__init__(fixed)
        self.rng = rng
        self.pools = pools

    def __missing__(self, key: str) -> str:
        lower = key[0].lower() + key[1:]
        if lower != key:
            value = self[lower]
            return value[0].upper() + value[1:]
        if key in self.pools:
            return self.rng.choice(self.pools[key])
        return _GENERATORS[key](self.rng)


def _slots(rng: random.Random, country: Country, event: EventKind, outlet: str) -> _Slots:
    cast = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(3)]
    city, city2 = rng.sample(country.cities, 2)
    ministry = rng.choice(("Interior Ministry", "Health Ministry", "Civil Defence Agency"))
    sources = [
        f"the {country.adj} Human Rights Centre",
        f"the {ministry}",
        rng.choice((f"the {country.adj} Red Crescent", "the Office for Humanitarian Relief")),
        rng.choice(
            (
                "local officials",
                "hospital sources",
                "police",
                "Civic Monitor",
                f"the state news agency {country.adj[:4].upper()}A",
            )
        ),
        rng.choice(
            (
                "the Coalition for Detained Persons",
                f"the opposition {rng.choice(PARTIES)}",
                f"{country.name}'s Medical Association",
            )
        ),
    ]
    officials = [
        f"the provincial governor, {cast[0]}",
        "a police spokesman",
        f"Civil Defence chief {cast[1]}",
        f"{cast[2]}, a spokeswoman for the {ministry}",
    ]
    fixed = {
        "country": country.name,
        "capital": country.capital,
        "currency": country.currency,
        "neighbour": country.neighbour,
        "city": city,
        "city2": city2,
        "CITY": city.upper(),
        "event": event.noun,
        "short": event.short,
        "outlet": outlet,
        "ministry": ministry,
    }
    pools = {
        "claimant": rng.sample(sources, rng.randint(2, 4)),
        "official": officials,
        "person": cast,
    }
    return _Slots(rng, fixed, pools)


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    """Lead paragraph of one or two sentences, then one to four a paragraph."""
    paragraphs, i = [], 0
    size = rng.randint(1, 2)
    while i < len(sentences):
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
        size = rng.choice((1, 2, 2, 3, 3, 4))
    return paragraphs


def generate_article(index: int, words: int = 600, seed: int = 0) -> Document:
    """Article `index` of the corpus for `seed`: about `words` words, two to five figures."""
    rng = random.Random(f"tolltrace-bench:{seed}:{index}")
    country = rng.choice(COUNTRIES)
    event = rng.choice(EVENTS)
    outlet = rng.choice(OUTLETS)
    slots = _slots(rng, country, event, outlet)

    tolls = [
        rng.choice(TOLL[rng.choice(event.measures)]).format_map(slots)
        for _ in range(rng.randint(2, 5))
    ]
    target = int(words * rng.uniform(0.85, 1.15))
    count = sum(len(s.split()) for s in tolls)
    body: list[str] = []
    for template in rng.sample(FILLER, len(FILLER)):
        if count >= target:
            break
        body.append(template.format_map(slots))
        count += len(body[-1].split())
    # the lead reports a figure, as news leads do; the others fall anywhere below it
    body.insert(rng.randint(0, 1), tolls[0])
    for sentence in tolls[1:]:
        body.insert(rng.randint(2, len(body)), sentence)

    published = date(2018, 1, 1) + timedelta(days=rng.randint(0, 8 * 365))
    paragraphs = _paragraphs(rng, body)
    if rng.random() < 0.4:
        month = MONTHS[published.month - 1]
        paragraphs[0] = f"{slots['CITY']}, {month} {published.day} ({outlet}) — {paragraphs[0]}"
    title = rng.choice(HEADLINES).format_map(slots)
    head = [title, f"By {slots['person']}"] if rng.random() < 0.3 else [title]
    separator = "\n" if rng.random() < 0.2 else "\n\n"
    text = separator.join(head + paragraphs)
    slug = "-".join(title.lower().split()[:6]).strip(":,'")
    return Document(
        id=f"synth-{seed}-{index:05d}",
        text=text,
        url=f"https://{outlet.lower().replace(' ', '')}.example/{published.year}/{slug}",
        outlet=outlet,
        title=title,
        published=published.isoformat(),
        source="bench/corpus.py",
    )


def generate_articles(n: int, words: int = 600, seed: int = 0) -> list[Document]:
    """`n` synthetic articles of about `words` words each, the same on every run."""
    return [generate_article(i, words, seed) for i in range(n)]


if __name__ == "__main__":
    print(generate_article(0).text)
