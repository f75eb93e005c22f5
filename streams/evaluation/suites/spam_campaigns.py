"""Spam campaigns: copy-paste money-making spam with link variations, against legitimate comments
that also carry links or amounts of money. Metrics: spam ROC-AUC and action rates."""

from __future__ import annotations

import random

from streams.evaluation.suites.base import SEED, SuiteRow, dedupe, sample

NAME = "spam_campaigns"

HOOKS = (
    "I make {money}/{period} from home",
    "My aunt earns {money} a {period} working online",
    "Earn {money} per {period} with this one simple trick",
    "I quit my job and now I make {money} every {period}",
    "Want to make {money} a {period}? It's easy",
    "Single mom makes {money} a {period} from her laptop",
    "Start earning {money} every {period} in your spare time",
    "Got paid {money} this {period} just by typing",
)
CTAS = ("check {url}", "visit {url}", "details at {url}", "go to {url} to start", "click here {url}",
        "more info: {url}", "", "message me on whatsapp {phone}")
MONEY = ("$500", "$350", "$7,000", "£400", "$85", "$12,500", "€900", "85 dollars")
PERIODS = ("day", "week", "month")
SITES = ("cashfromhome", "easyincome", "workathome247", "quickprofit", "dailyearn", "homejobs",
         "payday-online", "bestincome")
URLS = ("www.{site}.com", "{site}.com", "{site} dot com", "http://{site}.net/join", "bit.ly/{code}",
        "{site}[.]com", "www . {site} . com", "hxxp://{site}.biz", "https://{site}.info/?ref={code}")
PHONES = ("+1 415 555 0199", "0800 555 123", "(212) 555-0142")

LEGIT = (
    "Source: bbc.co.uk/news/{slug}",
    "Here's the full report: https://www.reuters.com/world/{slug}",
    "The council minutes are online at {gov}",
    "Fact check: apnews.com/article/{slug}",
    "The original study is here: https://doi.org/10.1038/{code}",
    "For context, see the Guardian piece from last year: theguardian.com/uk-news/{slug}",
    "The new stadium will cost {big} according to the budget at {gov}",
    "I pay {rent} a month in rent, so this matters to me. Data: ons.gov.uk/{slug}",
    "Wikipedia has a decent summary: en.wikipedia.org/wiki/{slug}",
    "You can watch the whole debate at www.c-span.org/video/{code}",
    "The school raised {rent} for the library, details at {gov}",
    "Correction: the figure was {big}, see page 4 of {gov}",
)
SLUGS = ("housing-crisis-2025", "bike-lanes-vote", "flood-defences", "budget-deficit", "Rent_control",
         "nhs-waiting-times", "school-funding", "bus-fares")
GOVS = ("citycouncil.gov/minutes", "www.leeds.gov.uk/budget", "portland.gov/transportation",
        "parliament.uk/business")
LEADS = ("", "Good piece. ", "For anyone asking, ", "Worth reading. ", "Thanks for covering this. ",
         "Not quite right. ")
BIG = ("$500 million", "£1.2bn", "$85 million", "€40m")
RENT = ("$1,200", "£950", "$2,400", "€800")


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6))


def generate(limit: int | None = None, n_spam: int = 320, n_legit: int = 320) -> list[SuiteRow]:
    """Seeded random combinations of hook, amount, call to action and link variant."""
    rng = random.Random(SEED)
    rows: list[SuiteRow] = []
    for i in range(n_spam):
        hook = rng.choice(HOOKS).format(money=rng.choice(MONEY), period=rng.choice(PERIODS))
        url = rng.choice(URLS).format(site=rng.choice(SITES), code=_code(rng))
        cta = rng.choice(CTAS).format(url=url, phone=rng.choice(PHONES))
        text = f"{hook}, {cta}" if cta else f"{hook}!!! {url}"
        rows.append(SuiteRow(NAME, text, "spam", f"spam:{i}", True))
    for i in range(n_legit):
        text = rng.choice(LEADS) + rng.choice(LEGIT).format(
            slug=rng.choice(SLUGS), gov=rng.choice(GOVS), code=_code(rng), big=rng.choice(BIG),
            rent=rng.choice(RENT),
        )
        rows.append(SuiteRow(NAME, text, "legit", f"legit:{i}", False))
    return sample(dedupe(rows), limit)
