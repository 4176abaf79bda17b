"""Vietnamese text: NFC normalisation, accent-free folding, slugs and a sort key; a change
applied to the text cells of a table."""

import functools
import re
import unicodedata
from collections.abc import Callable

import pandas as pd

_VIETNAMESE_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {letter: index for index, letter in enumerate(_VIETNAMESE_ALPHABET)}
_ALPHABET_BY_RANK = {index: letter for letter, index in _ORDER.items()}
# Tone order of Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean(text: str | None) -> str | None:
    """NFC, trimmed, inner runs of spaces collapsed; None for empty."""
    if text is None:
        return None
    value = re.sub(r"[ \t\u00a0]+", " ", nfc(text)).strip()
    return value or None


def fold(text: str) -> str:
    """Lowercase without any diacritics, for matching (``Thuỷ`` and ``Thủy`` fold alike)."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@functools.lru_cache(maxsize=65_536)
def name_key(text: str) -> str:
    """How two unit names are told apart: NFC, case and runs of spaces aside, and a tone mark's
    place in its syllable aside ("Hoà"/"Hòa", "Thuỷ"/"Thủy" alike), but not the accents
    themselves ("Tân Thành" and "Tân Thạnh" are two communes)."""
    words = []
    for word in unicodedata.normalize("NFD", text.casefold()).split():
        tones = "".join(ch for ch in word if ch in _TONES)
        words.append("".join(ch for ch in word if ch not in _TONES) + tones)
    return unicodedata.normalize("NFC", " ".join(words))


def slugify(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Vietnamese dictionary order: letters first (a < ă < â < b …, d < đ), then each word's tone
    (ngang < huyền < hỏi < ngã < sắc < nặng), wherever the mark sits (Thuỷ and Thủy alike)."""
    letters: list[int] = []
    tones: list[int] = []
    for word in unicodedata.normalize("NFD", text.lower()).split():
        tone = 0
        for char in word:
            if char in _TONES:
                tone = _TONES[char]
            elif unicodedata.combining(char) and letters:
                # A vowel mark (breve, circumflex, horn) makes a letter of its own.
                base = _ALPHABET_BY_RANK.get(letters[-1], "")
                letters[-1] = _ORDER.get(unicodedata.normalize("NFC", base + char), letters[-1])
            else:
                letters.append(_ORDER.get(char, 100 + ord(char)))
        letters.append(-1)  # a word boundary sorts before any letter: "Giao An" < "Giao Ana"
        tones.append(tone)
    return tuple(letters), tuple(tones)


def map_text_cells(frame: pd.DataFrame, change: Callable[[str], object]) -> pd.DataFrame:
    """A copy of ``frame`` with ``change`` applied to every text cell of its text columns."""
    changed = frame.copy()
    for name in changed.columns:
        column = changed[name]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            changed[name] = column.map(lambda v: change(v) if isinstance(v, str) else v)
    return changed
