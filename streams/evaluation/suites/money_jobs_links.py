"""Clean comments about money, wages, jobs, prices, investing, phone numbers and links: what a
news comment section is full of, and what spam features must not catch. Target: at most 1% hidden
(flagging for a human is reported). Kinds: ``wages``, ``prices``, ``investing``, ``links``,
``contacts``. Rows are random combinations of templates and fillers written for this suite.
"""

from __future__ import annotations

import random

from streams.evaluation.suites.base import SEED, SuiteRow, dedupe, sample

NAME = "money_jobs_links"
PER_KIND = 80

WAGES = (
    "My {rel} earns {wage} as a {job} and still can't afford rent in this town.",
    "The minimum wage here went up to {wage}, which is still not a living wage.",
    "I worked from home during the pandemic and honestly I was more productive.",
    "{job_cap}s start at {salary} in this state. No wonder nobody wants the job.",
    "Delivery drivers make about {wage} before fuel and insurance.",
    "I got a raise to {wage} last year and my rent went up by more than that.",
    "Remote jobs are great for parents, my {rel} has worked from home for {n} years.",
    "When I started as a {job} in 1998 I made {wage}. Prices have tripled since.",
    "Our union negotiated {salary} for new {job}s, a decent deal.",
    "Paid weekly or monthly, the point is {job}s are underpaid.",
)
PRICES = (
    "A gallon of milk was {price} at my local store this morning.",
    "Petrol is {litre} here, it was half that five years ago.",
    "I bought a used {car} for {carprice} last year and it has been great.",
    "My rent went up {small} a month and my landlord fixed nothing.",
    "The new stadium will cost taxpayers {bigpublic}.",
    "We paid {small} for a family ticket to the museum, worth every penny.",
    "The council spent {bigpublic} on the bypass and the potholes are still there.",
    "My energy bill is now {small} a month for a two-bed flat.",
    "Just got my first {car} after saving for {n} years, so happy!",
)
INVESTING = (
    "Bitcoin dropped {pct}% today, glad I sold last spring.",
    "My pension is in boring index funds and I'm fine with that.",
    "Crypto is a casino, don't put in more than you can lose.",
    "If an investment promises {pct}% a month, it's a scam. Report it.",
    "I lost {small} to a fake trading app, please be careful out there.",
    "The article explains the pension changes well, thanks.",
    "Interest rates at {pct}% make mortgages impossible for young people.",
    "Savings accounts pay {pct}% now, better than nothing.",
    "My {rel} put {small} a month into a pension from age 25 and retired comfortably.",
    "House prices rose {pct}% here while wages rose {n} percent. Explain that.",
    "The fund manager took {small} in fees, read the small print.",
    "Anyone who bought shares in {year} is laughing now.",
    "The {rel} next door made money on bitcoin in {year} and lost it all in {year2}.",
)
LINKS = (
    "Source: {news}/{slug}",
    "The full ruling is here: https://www.supremecourt.gov/opinions/{code}.pdf",
    "Here is the petition if anyone wants to sign: change.org/p/{slug}",
    "Donate to the flood appeal at www.redcross.org.uk",
    "The council's consultation page: www.leeds.gov.uk/{slug}",
    "Good explainer on this at {news}/{slug}, worth a read.",
    "Data from the census is at ons.gov.uk, anyone can check it.",
    "The original study: https://doi.org/10.1038/{code}",
    "More photos of the parade on the club's site, www.{club}.org",
    "Is this the same report as {news}/{slug}? The numbers differ.",
)
CONTACTS = (
    "If you see this man, call 999 immediately.",
    "The Samaritans are on 116 123 if anyone needs to talk.",
    "You can reach the council's housing team on {phone}.",
    "Call the Childline number, 0800 1111, it's free.",
    "The school office number is {phone} if parents have questions.",
    "My grandma uses WhatsApp to video call us every Sunday.",
    "Our residents' group is on WhatsApp, ask at the library to join.",
    "Ring {phone} to book a free blood pressure check at the pharmacy.",
    "The lost dog's owner left a number on the poster: {phone}.",
    "My {rel} texted me the news before the paper had it.",
    "Contact your MP, their office number is on the parliament website.",
    "The food bank is open {day}s, phone {phone} first.",
    "I messaged the paper on Telegram but nobody answered.",
    "Send your photos of the storm to the newsroom, they might print them.",
)
FILL = {
    "rel": ("sister", "brother", "mum", "dad", "wife", "husband", "neighbour"),
    "job": ("nurse", "teacher", "care worker", "bus driver", "paramedic", "cleaner", "chef"),
    "wage": ("$18 an hour", "£11.44 per hour", "$15/hr", "$22 an hour", "€13 an hour", "$31 per hour"),
    "salary": ("$45,000 a year", "£28,000", "$52,000", "€31,000 a year"),
    "n": ("3", "5", "10", "two"),
    "price": ("$4.99", "$3.79", "£1.65"),
    "litre": ("£1.45 a litre", "$4.10 a gallon", "€1.80 per litre"),
    "car": ("Honda Civic", "Toyota Corolla", "Ford Focus", "Tesla", "BMW"),
    "carprice": ("$8,000", "£6,500", "$12,000"),
    "small": ("$200", "£150", "$350", "€90", "$1,200"),
    "bigpublic": ("$500 million", "£1.2bn", "$85 million", "€40m"),
    "pct": ("10", "4.5", "20", "7"),
    "news": ("bbc.co.uk/news", "www.reuters.com/world", "apnews.com/article", "theguardian.com/uk-news"),
    "slug": ("housing-crisis-vote", "bus-fares-2025", "flood-defences", "school-funding-gap", "nhs-waiting-times"),
    "club": ("leedsrowingclub", "springfieldlions", "oakparkrunners"),
    "phone": ("0113 222 4400", "(212) 555-0142", "020 7946 0018", "+1 617 555 0134"),
    "year": ("2009", "2013", "2016", "2020"),
    "year2": ("2018", "2022", "2023"),
    "day": ("Tuesday", "Thursday", "Saturday"),
}
KINDS: dict[str, tuple[str, ...]] = {
    "wages": WAGES, "prices": PRICES, "investing": INVESTING, "links": LINKS, "contacts": CONTACTS,
}


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghjkmnpqrstuvwxyz0123456789") for _ in range(8))


def generate(limit: int | None = None, per_kind: int = PER_KIND) -> list[SuiteRow]:
    """``per_kind`` seeded random rows per kind (duplicates dropped)."""
    rng = random.Random(SEED + 1)
    rows: list[SuiteRow] = []
    for kind, templates in KINDS.items():
        for i in range(per_kind):
            values = {k: rng.choice(v) for k, v in FILL.items()}
            values["job_cap"] = values["job"][:1].upper() + values["job"][1:]
            text = rng.choice(templates).format(code=_code(rng), **values)
            rows.append(SuiteRow(NAME, text, kind, f"{kind}:{i}", False))
    return sample(dedupe(rows), limit)
