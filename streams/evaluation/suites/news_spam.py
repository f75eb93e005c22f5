"""News-site spam: the scam families news comment sections get, each written many ways.

Every row is spam and should be actioned (flag or hide) by the model and policy alone (target
>= 95%). Families (``kind``): ``pay_rate`` (work-from-home pay-rate scams: an hourly rate, weekly
payouts, a big recent earning, a car bought with it, a fake or truncated link, decorative symbol
runs, a share of them arriving as GBK mojibake), ``crypto`` (crypto / investment "recovery" and
mentor scams), ``pills``, ``dating``, ``survey`` (paid surveys), ``contact_bait`` (WhatsApp,
Telegram, phone) and ``link_spam`` (fake or truncated domains). Rows are random combinations of
templates and slot fillers written for this suite, never training rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from streams.evaluation.suites.base import SEED, SuiteRow, dedupe, sample

NAME = "news_spam"
PER_KIND = 64

RATES = ("$90 per hour", "$85/hr", "97 dollars an hour", "$16,000 a month", "$400 a day", "£70 per hour",
         "$8,500 per week", "$120/hour", "12k a month", "$350 daily", "€95 an hour", "$7,200 every week")
BIG = ("$19,862", "$27,531", "$14,000", "£11,500", "$31,208", "$9,800", "$42k", "$17,450")
CARS = ("Range Rover", "BMW M5", "Tesla Model S", "Porsche Cayenne", "Lexus", "Mercedes GLE", "Audi Q7")
PERIODS = ("last month", "in my first month", "in just 3 weeks", "last week", "since January")
WHO = ("my best friend", "my neighbour", "my cousin", "my sister-in-law", "a friend of mine", "my aunt")
DECO = ("✥✥✥✥✥", "➤➤➤➤", "★★★★★", "►►►", "✔✔✔", "❖❖❖❖", "☛☛☛", "▶▶▶▶", "✪✪✪✪")
SITES = ("NetJob1", "PayCash5", "WorkHome365", "Earn4Home", "Jobs-Daily", "OnlineIncome7", "HomeProfit2",
         "CashRoute9", "Smart-Pay24")
LINKS = ("www.{site}.com", "WWW.{site}.COM", "www.{site}. com", "{site}.com", "http://www.{site}.info",
         "www.{site}.xyz/start", "bit.ly/{code}", "tinyurl.com/{code}", "{site} dot com", "www. {site}. net",
         "https://{site}.online", "{site}[.]com")

PAY_OPENERS = (
    "I get paid over {rate} working from home with 2 kids at home.",
    "I'm making {rate} online from my laptop, no experience needed.",
    "Im earning {rate} working part time from home.",
    "Start earning {rate} from home right now.",
    "Google is paying {rate} to work online from home.",
    "I never thought I'd be able to earn {rate} from my kitchen table, but I do.",
    "Single mum here, I make {rate} doing simple online work.",
    "{who_cap} makes {rate} sitting at home on her computer.",
)
PAY_PROOFS = (
    "My last paycheck was {big} {period}.",
    "I made {big} {period}.",
    "{who_cap} earned {big} {period} doing this.",
    "Payouts every Friday, I got {big} {period}.",
    "Weekly payouts straight to my bank, {big} {period}.",
    "",
)
PAY_CARS = (
    "I just bought a brand new {car} with it.",
    "Already paid off my {car}.",
    "Got my dream {car} last week thanks to this.",
    "",
)
PAY_CTAS = (
    "Here's what I do {deco} {link}",
    "Go to this site for more details {deco} {link}",
    "Copy this link {deco} {link}",
    "Open this {link} {deco}",
    "Start here {deco} {link}",
    "{deco} {link} {deco}",
    "See it yourself ... {link}",
)

CRYPTO = (
    "I invested {small} in bitcoin with {mentor} and got {big} back in {days} days. {contact}",
    "Thanks to {mentor} I now earn {rate} trading crypto. {contact}",
    "Forex and bitcoin mining changed my life, {big} profit in {days} days with {mentor}. {contact}",
    "Lost money to fake brokers? {mentor} recovered my {big} in stolen bitcoin. {contact}",
    "Stop working for peanuts. My crypto portfolio made {big} this month with {mentor}'s signals. {contact}",
    "Anyone still doubting crypto? I withdrew {big} yesterday, all thanks to {mentor}. {contact}",
    "Best investment platform: put in {small}, get {big} in {days} days, guaranteed. {link}",
)
MENTORS = ("Mrs Sandra Wilson", "Mr James Carter", "expert trader Anna Lee", "Dr. Michael Ross", "Maria Gonzalez")
SMALL = ("$500", "$1,000", "$250", "£300", "$2,000")
DAYS = ("7", "10", "14", "5")

PILLS = (
    "Cheap {drug} without prescription, {pct}% off today only at {link}",
    "Men, boost your stamina naturally with {drug}. Order now {link}",
    "Lose {lbs} pounds in {weeks} weeks with this keto pill doctors hate {link}",
    "Buy {drug} online, fast discreet shipping worldwide {link}",
    "{drug} {pct}% discount, no doctor visit needed {deco} {link}",
    "This one supplement melted {lbs} lbs off my belly in {weeks} weeks. Get it here {link}",
)
DRUGS = ("viagra", "cialis", "generic sildenafil", "tramadol", "xanax", "male enhancement pills", "keto diet pills",
         "testosterone booster", "oxycodone")

DATING = (
    "Hot singles in {city} want to meet you tonight {link}",
    "Lonely? Beautiful girls near you are waiting, chat free {link}",
    "Hi, I'm {girl}, {age}, looking for a man to have fun with tonight. My pics are here {link}",
    "Bored at home? {girl} ({age}) sent you a private message, read it at {link}",
    "Find sexy women in {city} who want a no strings date {deco} {link}",
    "Meet real local girls tonight, no signup needed {link}",
)
CITIES = ("your area", "Manchester", "Chicago", "Toronto", "Sydney", "your city", "Leeds")
GIRLS = ("Anna", "Jessica", "Kate", "Lena", "Vicky", "Sophie")
AGES = ("23", "25", "28", "21", "31")

SURVEY = (
    "Get paid {money} for every survey you take at {link}",
    "Companies pay {money} for your opinion. Sign up free {deco} {link}",
    "I earn {money} gift cards a day taking simple surveys, join here {link}",
    "Answer 5 questions and win a {prize}! Claim it now {link}",
    "Paid surveys are legit, I cashed out {money} this morning. {link}",
    "Congratulations! You were selected to receive a {prize}. Complete the survey at {link}",
)
MONEY = ("$50", "$25", "$75", "£40", "$100")
PRIZES = ("$1000 Walmart gift card", "free iPhone 15", "$500 Amazon voucher", "new Samsung Galaxy")

CONTACT = (
    "Need a loan fast? No credit check. Contact {mentor} on WhatsApp {phone}",
    "For genuine trading signals text me on Telegram @{handle}",
    "Call {phone} now to claim your cash prize",
    "DM me on Instagram @{handle} to learn how I make {rate}",
    "Want to earn {rate}? WhatsApp me: {phone}",
    "Spell caster to bring back your ex, contact Dr. Oduma on WhatsApp {phone}",
    "Hacker for hire, recover accounts and fix credit scores, Telegram @{handle}",
    "Text {phone} for the best investment plan in town",
    "I was broke until I met {mentor}. WhatsApp {phone} and thank me later",
    "Get {money} free on Cash App, message me on Telegram @{handle}",
    "Work from home opportunity, {rate}, serious people only. WhatsApp {phone}",
    "Looking for {n} people to join my team, earn {rate}. Text me {phone}",
)
PHONES = ("+1 (415) 555-0199", "+44 7700 900123", "+234 803 555 0147", "+1 213 555 0188", "+91 98765 43210")
HANDLES = ("cryptoqueen_ann", "fx_signals_pro", "richlife_247", "mentor.james", "investwithmaria")

LINK_SPAM = (
    "Check out my channel {link}",
    "Best deals on {product} here {link}",
    "Watch {movie} full movie free online {link}",
    "Free {product} codes, working 100% {link}",
    "Visit {link} for cheap {product}",
    "{product} sale {pct}% off {deco} {link}",
    "Please visit my website {link} thanks",
)
PRODUCTS = ("Ray-Ban sunglasses", "Nike shoes", "designer handbags", "PSN gift cards", "Rolex replicas",
            "Xbox Live", "Fortnite V-bucks")
MOVIES = ("Avengers Endgame", "Dune Part Two", "Oppenheimer", "the new Batman")


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghjkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(6))


def _gbk(text: str) -> str:
    """UTF-8 text as it arrives when decoded as GBK (symbols become CJK-looking mojibake)."""
    return text.encode("utf-8").decode("gbk", errors="replace")


class _Slots:
    """Random slot fillers for one row."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def link(self) -> str:
        return self.pick(LINKS).format(site=self.pick(SITES), code=_code(self.rng))

    def fill(self, template: str) -> str:
        who = self.pick(WHO)
        contact = self.pick((
            "WhatsApp her on {phone}", "Contact him on Telegram @{handle}", "Message {phone} on WhatsApp",
            "Reach out: {link}",
        ))
        values = {
            "rate": self.pick(RATES), "big": self.pick(BIG), "car": self.pick(CARS), "period": self.pick(PERIODS),
            "who_cap": who[:1].upper() + who[1:], "deco": self.pick(DECO), "link": self.link(),
            "mentor": self.pick(MENTORS), "small": self.pick(SMALL), "days": self.pick(DAYS),
            "drug": self.pick(DRUGS), "pct": self.pick(("50", "70", "80", "90")), "lbs": self.pick(("20", "35", "42")),
            "weeks": self.pick(("2", "3", "4")), "city": self.pick(CITIES), "girl": self.pick(GIRLS),
            "age": self.pick(AGES), "money": self.pick(MONEY), "prize": self.pick(PRIZES),
            "phone": self.pick(PHONES), "handle": self.pick(HANDLES), "product": self.pick(PRODUCTS),
            "movie": self.pick(MOVIES), "n": self.pick(("5", "10", "3", "20")),
        }
        text = template.format(contact=contact.format(**values) if "{contact}" in template else "", **values)
        return " ".join(text.split())


def _pay_rate(slots: _Slots) -> str:
    parts = [slots.pick(PAY_OPENERS), slots.pick(PAY_PROOFS), slots.pick(PAY_CARS), slots.pick(PAY_CTAS)]
    text = slots.fill(" ".join(p for p in parts if p))
    return _gbk(text) if slots.rng.random() < 0.4 else text


def _from(templates: tuple[str, ...]) -> Callable[[_Slots], str]:
    def make(slots: _Slots) -> str:
        return slots.fill(slots.pick(templates))

    return make


FAMILIES: dict[str, Callable[[_Slots], str]] = {
    "pay_rate": _pay_rate,
    "crypto": _from(CRYPTO),
    "pills": _from(PILLS),
    "dating": _from(DATING),
    "survey": _from(SURVEY),
    "contact_bait": _from(CONTACT),
    "link_spam": _from(LINK_SPAM),
}


def generate(limit: int | None = None, per_kind: int = PER_KIND) -> list[SuiteRow]:
    """``per_kind`` seeded random rows per family (duplicates dropped)."""
    rng = random.Random(SEED)
    slots = _Slots(rng)
    rows: list[SuiteRow] = []
    for kind, make in FAMILIES.items():
        for i in range(per_kind):
            rows.append(SuiteRow(NAME, make(slots), kind, f"{kind}:{i}", True))
    return sample(dedupe(rows), limit)
