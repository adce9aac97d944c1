"""Indonesian number words in periods and retention: "5 (lima) tahun", "lima tahun", "dua puluh tahun".

:func:`words_to_digits` works on normalised text (see :func:`.vocabulary.norm`: case folded,
punctuation as spaces) and returns it with every spelled-out number written in digits and a
spelled-out number repeating the digits before it dropped ("5 lima tahun" -> "5 tahun").
"""

from __future__ import annotations

import re

UNITS = {"nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
         "delapan": 8, "sembilan": 9}
SPECIAL = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}
_WORD = "|".join(sorted(list(UNITS) + list(SPECIAL) + ["belas", "puluh", "ratus", "ribu"], key=len, reverse=True))
_RUN = re.compile(rf"\b(?:(?:{_WORD})\b\s*)+")


def _value(words: list[str]) -> int | None:
    total, current = 0, None
    for word in words:
        if word in SPECIAL:
            special = SPECIAL[word]
            if special >= 100:
                total += special
                current = None
            else:
                current = (current or 0) + special
        elif word in UNITS:
            if current is not None and current % 10:
                return None  # "dua tiga": not one number
            current = (current or 0) + UNITS[word]
        elif word == "belas":
            if current is None or current > 9:
                return None
            current += 10
        elif word == "puluh":
            if current is None or current > 9:
                return None
            current *= 10
        elif word in ("ratus", "ribu"):
            if current is None:
                return None
            total += current * (100 if word == "ratus" else 1000)
            current = None
    result = total + (current or 0)
    return result if words else None


def words_to_digits(text: str) -> str:
    """'5 lima tahun' -> '5 tahun'; 'dua puluh tahun' -> '20 tahun' (normalised text in and out)."""
    def replace(match: re.Match) -> str:
        words = match.group(0).split()
        if words == ["se"]:
            return match.group(0)
        value = _value(words)
        return f"{value} " if value is not None else match.group(0)

    converted = _RUN.sub(replace, text)
    converted = re.sub(r"\b(\d+)\s+\1\b", r"\1", converted)  # "5 (lima)" -> "5 5" -> "5"
    return " ".join(converted.split())
