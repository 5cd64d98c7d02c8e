"""The Somali determiner suffixes come off, so one codebook form finds the others."""

import pytest

from analysis.codebook import load_codebook
from analysis.preprocess import process
from analysis.somali import stem


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("lacagta", "lacag"),  # the money
        ("lacagtaas", "lacag"),  # that money
        ("lacagtaasna", "lacag"),  # and that money
        ("lacagtayda", "lacag"),  # my money
        ("guriga", "guri"),  # the house
        ("gurigayga", "guri"),  # my house
        ("carruurtooda", "carruur"),  # their children
        ("dhakhtarkii", "dhakhtar"),  # the doctor spoken of
        ("waqtigaas", "waqti"),  # that time
        ("xaaladda", "xaalad"),  # the situation (t after d is written d)
        ("ingiriisigaygu", "ingiriisi"),  # my English, as the subject
    ],
)
def test_a_determiner_comes_off(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    "word",
    ["lacag", "waxaan", "dhahaan", "laakiin", "badan", "baabuur", "shaqo", "ilaa"],
)
def test_a_word_without_a_determiner_is_left_alone(word: str) -> None:
    assert stem(word) == word


def test_function_words_keep_their_form() -> None:
    """A stop word cut to a short stem would be read as another word ("markaas", then, as "mar")."""
    assert process("markaas hadda lacagta", "so").stems == ("markaas", "hadda", "lacag")


def test_the_codebook_finds_an_inflected_form_it_does_not_list() -> None:
    codebook = load_codebook(None)
    cost = [i for i, c in enumerate(codebook.categories) if c.id == "cost"][0]
    listed = {t for t, _w in codebook.categories[cost].terms["so"]}
    assert "lacagtaasna" not in listed
    found = codebook.matches(process("lacagtaasna ma haysto", "so").stems, "so")
    assert cost in {ci for ci, _w, _t in found}
