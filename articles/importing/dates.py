"""Date and time stamps: "Updated 3 May 2024, 09:14 BST" and their words in our languages."""

import re

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
    r"ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince"
)
_DATE_WORDS = re.compile(
    rf"^(?:\d{{1,4}}|{_MONTHS}|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|am|pm|a\.m|p\.m|et|est|edt|pt|pst|pdt|gmt|utc|bst|cet|cest|"
    r"published|updated|posted|last|modified|on|at|le|el|de|del|th|st|nd|rd|h|min|mins|minutes|"
    r"hours?|days?|ago|read|reading|time|před|hodinami|minutami|dny|il|y|a|hace|horas|"
    r"first|publié|mis|à|jour|actualizado|publicado|aktualizováno)$",
    re.IGNORECASE,
)
_MONTH_OR_TIME = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}:\d{2}")


def is_date_word(token: str) -> bool:
    """A month, weekday, time zone or word sites put around a date ("updated", "ago")."""
    return bool(_DATE_WORDS.match(token))


def is_date_stamp(text: str) -> bool:
    tokens = re.findall(r"[^\W_]+(?:\.[^\W_]+)*\.?", text, re.UNICODE)
    if not tokens or len(tokens) > 14 or len(text) > 100:
        return False
    has_number = any(token[0].isdigit() for token in tokens)
    has_date_word = bool(_MONTH_OR_TIME.search(text)) or any(
        not token[0].isdigit() and _DATE_WORDS.match(token.rstrip(".")) for token in tokens
    )
    return (
        has_number
        and has_date_word
        and all(_DATE_WORDS.match(token.rstrip(".")) for token in tokens)
    )
