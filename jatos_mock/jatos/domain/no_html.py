"""JATOS's one "No HTML allowed" rule: `Jsoup.isValid(text, Safelist.none())` (jsoup 1.14.2, modules/common/build.sbt).

Jsoup parses the text as a body fragment and calls it valid only when the parse logs no error and the empty
safelist discards nothing (Cleaner.isValidBodyHtml). For plain text that means:
- every `<` is refused (a tag or comment is discarded; anything else is a parse error), except a CDATA section
  `<![CDATA[...]]>`, which jsoup keeps as text;
- a NUL character is refused (TokeniserState.Data), and so is a text token that decodes to exactly one NUL;
- character references (Tokeniser.consumeCharacterReference): `&name;` must name an HTML5 entity; a legacy
  entity without `;` (`&amp`) is an error, any other `&word` is plain text; `&#n;`/`&#xh;` need digits and `;`, and
  a value that is no Unicode scalar or falls in 0x80-0x9F (the windows-1252 remap) is an error.
"""

from html.entities import html5 as _ENTITIES  # the same names as jsoup's entities-full/-base tables

NO_HTML_ALLOWED = "No HTML allowed"  # MessagesStrings.NO_HTML_ALLOWED

_CDATA_START, _CDATA_END = "<![CDATA[", "]]>"
_NOT_A_REFERENCE = "\t\n\r\f <&"  # Tokeniser.notCharRefCharsSorted: '&' stays a plain '&'
_REMAPPED = range(0x80, 0xA0)  # Tokeniser.win1252Extensions


def has_html(text: str | None) -> bool:
    """True when JATOS answers "No HTML allowed" for `text` (null is never checked)."""
    return text is not None and not is_valid(text)


def is_valid(text: str) -> bool:
    """Jsoup.isValid(text, Safelist.none())."""
    tokens, run, i, n = [], [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\0":
            return False
        if ch == "<":
            if not text.startswith(_CDATA_START, i):
                return False
            end = text.find(_CDATA_END, i + len(_CDATA_START))
            end = n if end < 0 else end
            tokens += ["".join(run), text[i + len(_CDATA_START):end]]
            run, i = [], end + len(_CDATA_END)
            continue
        if ch == "&":
            decoded, i = _reference(text, i + 1)
            if decoded is None:
                return False
            run.append(decoded)
            continue
        run.append(ch)
        i += 1
    tokens.append("".join(run))
    return "\0" not in tokens  # HtmlTreeBuilderState.InBody: a character token that is just NUL is an error


def _reference(text: str, i: int) -> tuple[str | None, int]:
    """The text a reference starting after the '&' at i-1 stands for and where parsing goes on; None: an error."""
    n = len(text)
    if i >= n or text[i] in _NOT_A_REFERENCE:
        return "&", i
    if text[i] == "#":
        j = i + 1
        hexadecimal = j < n and text[j] in "xX"
        j += hexadecimal
        digits = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        k = j
        while k < n and text[k] in digits:
            k += 1
        if k == j or not text.startswith(";", k):
            return None, k  # no numerals, or no semicolon
        value = int(text[j:k], 16 if hexadecimal else 10)
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF or value in _REMAPPED:
            return None, k
        return chr(value), k + 1
    k = i
    while k < n and _is_java_letter(text[k]):
        k += 1
    while k < n and "0" <= text[k] <= "9":
        k += 1
    name = text[i:k]
    if text.startswith(";", k):
        entity = _ENTITIES.get(name + ";")
        return (entity, k + 1) if entity is not None else (None, k)
    if name in _ENTITIES:  # a legacy entity that may omit ';': found, then "missing semicolon"
        return None, k
    return "&", i  # not a reference: '&' is text and the name is read again as text


def _is_java_letter(ch: str) -> bool:
    # CharacterReader.consumeLetterThenDigitSequence: Character.isLetter on UTF-16 units (astral letters stop it)
    return ch.isalpha() and ord(ch) <= 0xFFFF
