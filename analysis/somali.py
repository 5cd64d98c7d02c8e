"""A light Somali stemmer: the determiner written onto a noun is taken off.

Somali has no stemmer in nltk or snowball, and its nouns carry their determiner as a suffix: a
consonant that agrees with the noun (k, g or h for masculine nouns, t, d or sh for feminine ones,
by the sound before it) and a vowel part that says which determiner it is: "-ka"/"-ta" (the),
"-kii" (the one spoken of), "-kan" (this), "-kaas" (that), "-kayga"/"-tayda" (my), "-kaaga" (your),
"-kiisa" (his), "-keeda" (her), "-kayaga"/"-keenna" (our), "-kiinna" (your, plural), "-kooda"
(their), with "-u" for the subject ("-ku", "-kaygu"). So "lacagtaas" (that money), "lacagtayda"
(my money) and "lacagta" (the money) all come to "lacag", and a codebook that has one form finds
the others. An enclitic "-na" (and) or "-se" (but) after the determiner goes with it
("lacagtaasna": "and that money").

Written from the grammar (Saeed, *Somali Reference Grammar*, on determiners), not fitted to any
answers; conservative by design: only a determiner consonant followed by a determiner's vowel part
is taken off, and at least three letters stay. The vowel of the noun that changes before the
determiner ("shaqo", "shaqada") is left as it is, so such a codebook word needs both forms.
"""

from __future__ import annotations

import re

_CONSONANT = "sh|k|g|h|t|d"
# Longest first, so that "-kayga" is not read as "-ka" + "yga".
_VOWEL_PART = (
    "ayaga|ayada|eenna|iinna|ayga|aygu|ayda|aydu|eyga|eygu|eyda|eydu|aaga|aagu|aada|aadu|"
    "iisa|iisu|eeda|eedu|eena|iina|ooda|oodu|aasi|aas|ani|an|ii|a|u"
)
_DETERMINER = re.compile(rf"^(?P<stem>\w{{3,}}?)(?:{_CONSONANT})(?:{_VOWEL_PART})(?:na|se)?$")


def stem(word: str) -> str:
    """`word` without its determiner suffix, or `word` when it has none (see the module)."""
    if len(word) < 5:
        return word
    found = _DETERMINER.match(word)
    return found.group("stem") if found else word
