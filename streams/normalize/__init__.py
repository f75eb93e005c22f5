"""Text normalisation applied before every model and every word list.

`normalize(text)` never raises and is idempotent; its `NormalizedText.text` is:

1. HTML entities decoded (`&amp;`, `&#8217;`) and HTML tags removed (`<br />`, `<b>`; a link's
   `href` is kept as text unless the anchor text shows it); for non-ASCII input only: mojibake
   repaired (ftfy for cp1252/latin-1, own repair for UTF-8 read as GBK, both only when
   the result is Latin text), zero-width / bidi / control characters removed, NFKC,
   Latin words in disguise (math alphabets, Cyrillic/Greek look-alikes, accents, small
   caps, zalgo) folded to ASCII; genuine Russian / Greek / Chinese text is kept; runs of two
   or more decorative symbols (dingbats, arrows, stars, shapes; not hearts or emoji) become
   the word `xxdeco`;
2. lower-cased and whitespace-collapsed (one space, stripped);
3. e-mails, URLs (also `site dot com`, `site[.]com`, `h t t p`), money and phone
   numbers replaced by the words `xxemail`, `xxurl`, `xxmoney`, `xxphone`; shape words
   follow: `xxrate` after an amount per period, `xxurlroot` after a bare-domain link,
   `xxurlshort` after a link shortener the poster chose (`bit.ly`), `xxurlwrap` after a platform's
   automatic link wrapper (Twitter's `t.co`, LinkedIn's `lnkd.in`); `urls`
   holds the links in `host/path` form (no scheme, `www.`, query or fragment);
   e-mails are reported under the change "url" but not listed in `urls`;
4. obfuscation undone: masks (`f**k`), spaced letters (`s h i t`), leetspeak (`sh1t`,
   `a$$`), variants (`fvck`), stretching (`sooooo` -> `so`, `!!!!!!` -> `!!`).

The comment's language is identified on the text after step 1's markup removal and before any
folding (`streams.lang.identify`; the event's own ``lang`` wins): `NormalizedText.lang` and
`lang_source`. `language_text()` is the per-script normalisation the non-English models read:
it keeps accents, ß, Turkish dotted and dotless i, Cyrillic and Greek as written.

Restoration only ever targets the compact lexicon in `lexicon.py`; ordinary words,
numbers, @handles, #hashtags and codes pass through unchanged.
"""

from streams.normalize.decoration import DECO_TOKEN
from streams.normalize.exceptions import LexiconError, NormalizeError
from streams.normalize.pipeline import normalize
from streams.normalize.result import CHANGE_KINDS, NormalizedText
from streams.normalize.signals import MONEY_TOKEN, PHONE_TOKEN, RATE_TOKEN
from streams.normalize.urls import EMAIL_TOKEN, URL_ROOT_TOKEN, URL_SHORT_TOKEN, URL_TOKEN, URL_WRAP_TOKEN

__all__ = [
    "CHANGE_KINDS",
    "DECO_TOKEN",
    "EMAIL_TOKEN",
    "MONEY_TOKEN",
    "PHONE_TOKEN",
    "RATE_TOKEN",
    "URL_ROOT_TOKEN",
    "URL_SHORT_TOKEN",
    "URL_TOKEN",
    "URL_WRAP_TOKEN",
    "LexiconError",
    "NormalizeError",
    "NormalizedText",
    "normalize",
]
