"""What Java's String and Character methods, which JATOS's validation uses, say about a Python string."""

import unicodedata

from jatos_mock.jatos.deviations import deviates

_ALPHABETIC_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"}


def length(text: str) -> int:
    """String.length(): UTF-16 code units, so a character beyond the BMP (an emoji) counts twice."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def is_alphabetic(char: str) -> bool:
    """\\p{IsAlphabetic}: letters and letter numbers such as Roman numerals (Character.isAlphabetic).

    Java also counts the Other_Alphabetic marks, which unicodedata does not expose; those few stay refused.
    """
    return unicodedata.category(char) in _ALPHABETIC_CATEGORIES


def is_digit(char: str) -> bool:
    """\\p{IsDigit}: decimal digits only (Nd); superscripts and other numerals are not."""
    return char.isdecimal()


def counted_length(text: str) -> int:
    """A length as JATOS checks its 255 limits: UTF-16 units (M15); the contract's maxLength counts characters."""
    units = length(text)
    return units if units != len(text) and deviates("M15") else len(text)  # consulted only where it matters
