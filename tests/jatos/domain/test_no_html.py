"""JATOS's "No HTML allowed": Jsoup.isValid(text, Safelist.none()) (jsoup 1.14.2), one rule for every field.

The verdicts below were taken from jsoup 1.14.2 itself (Jsoup.isValid with Safelist.none()).
"""

import re

import jsonschema_rs
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jatos_mock.jatos import errors
from jatos_mock.jatos.domain import batches, properties, study_codes, users
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.no_html import has_html, is_valid
from jatos_mock.jatos.resources import contract_path

JSOUP_VERDICTS = [
    ("", True), ("plain text", True), ("x > y", True), ("Tom & Jerry", True), ("AT&T", True), ("&", True),
    ("&amp;", True), ("&lt;b&gt;", True), ("&notin;", True), ("&foo", True), ("&ampx", True), ("&#65;", True),
    ("&#x41;", True), ("a&#0;", True), ("<![CDATA[<b>x</b>]]>", True),
    ("<b>", False), ("</b>", False), ("a < b", False), ("a<", False), ("<!-- c -->", False), ("<?php", False),
    ("&amp", False), ("&AMP", False), ("&lt", False), ("&foo;", False), ("&notit;", False), ("&;", False),
    ("&#65", False), ("&#;", False), ("&#x;", False), ("&#128;", False), ("&#xD800;", False),
    ("&#99999999999;", False), ("&#0;", False), ("\x00", False), ("a\x00b", False), ("<![CDATA[\x00]]>", False),
]


@pytest.mark.parametrize("text,valid", JSOUP_VERDICTS)
def test_the_rule_decides_as_jsoup(text, valid):
    assert is_valid(text) is valid
    assert has_html(text) is not valid


def test_null_is_never_html():
    assert has_html(None) is False


# Each field below had its own regex before; each copy disagreed with Jsoup on one of these texts.

def _user(**props):
    return {"username": "tom", "name": "Tom", "authMethod": "LDAP", "role": "USER", **props}


def test_a_user_name_with_a_legacy_entity_lacking_its_semicolon_is_refused():
    with pytest.raises(errors.ValidationFailed, match="Error in field 'name' - No HTML allowed"):
        users.validate_new_user(_user(name="Tom &amp Jerry"), JatosConfig())


def test_a_username_is_checked_by_jsoup_after_its_character_rule():
    with pytest.raises(errors.ValidationFailed, match="Error in field 'username' - No HTML allowed"):
        users.validate_new_user(_user(username="tom&lt"), JatosConfig())


def test_a_batch_title_with_an_escaped_ampersand_is_taken():
    batches.validate_properties({"title": "Tom &amp; Jerry", "comments": "&#169; lab", "allowedWorkerTypes": []})


def test_a_study_title_with_a_lone_less_than_sign_is_refused():
    assert properties.study_problem({"title": "a < b", "dir_name": "ok"}) == ("title", "No HTML allowed")


def test_a_study_code_comment_with_an_unterminated_entity_is_refused():
    with pytest.raises(errors.ValidationFailed, match="Error in field 'comment' - No HTML allowed"):
        study_codes.check_request("PersonalSingle", "5 &lt 6", 1)


# --- the contract's no-HTML patterns (jatos-api.yaml) admit only texts JATOS takes ---

STUDY_CODES = ("paths", "/jatos/api/v1/studies/{id}/studyCodes", "post")
# every request field the domain passes through has_html (properties.py, batches.py, users.py, study_codes.py)
NO_HTML_FIELDS = [
    *[("StudyPropertiesUpdate", field)
      for field in ("title", "description", "comments", "endRedirectUrl", "studyEntryMsg")],
    *[(schema, field) for schema in ("ComponentUpsert", "ComponentCreate") for field in ("title", "comments")],
    *[("UpdateBatch", field) for field in ("title", "comments")],
    *[("UserCreate", field) for field in ("username", "name", "email")],
    *[("UserUpdate", field) for field in ("name", "email")],
    ("studyCodes", "query:comment"), ("studyCodes", "body:comment"),
]
# texts Jsoup takes that the pattern must keep (it may refuse only what it cannot state: CDATA, unlisted entity
# names, `&#0;`, a name followed by a non-ASCII character)
KEPT = ["", "plain text", "x > y", "Tom & Jerry", "AT&T", "R&D", "&", "&&", "&amp;", "&lt;b&gt;", "&quot;&apos;",
        "&foo", "&ampx", "&amp1", "&sup12", "&sup#", "&a1b", "&#65;", "&#x41;", "&#X1F600;", "&#128512;", "&#0065;",
        "&#1114111;", "&#x10FFFF;", "&#127;", "&#160;", "&#xD7FF;", "&#xE000;", "a\r\nb", "100%", "ü & é"]
ALPHABET_TOKENS = ["&", "#", ";", "<", "x", "X", "0", "1", "9", "12", "128", "D800", "a", "amp", "lt", "sup1", "frac34",
                   "AElig", "foo", " ", "\n", "\x00", "é", "-", "![CDATA[", "]]>"]


def _contract_field(contract: dict, schema: str, field: str) -> dict:
    if schema == "studyCodes":
        operation = contract[STUDY_CODES[0]][STUDY_CODES[1]][STUDY_CODES[2]]
        if field == "query:comment":
            return next(p for p in operation["parameters"] if p.get("name") == "comment")["schema"]
        return operation["requestBody"]["content"]["application/json"]["schema"]["properties"]["comment"]
    return contract["components"]["schemas"][schema]["properties"][field]


def _no_html_patterns() -> dict[str, list[str]]:
    contract = yaml.safe_load(contract_path().read_text(encoding="utf-8"))
    patterns: dict[str, list[str]] = {}
    for schema, field in NO_HTML_FIELDS:
        pattern = _contract_field(contract, schema, field).get("pattern", "")  # none: a field with no rule
        patterns.setdefault(pattern, []).append(f"{schema}.{field}")
    return patterns


PATTERNS = _no_html_patterns()


@pytest.mark.parametrize("pattern", list(PATTERNS), ids=[fields[0] + (f"+{len(fields) - 1}" if len(fields) > 1 else "")
                                                     for fields in PATTERNS.values()])
def test_the_contract_admits_only_texts_jatos_takes(pattern):
    python = re.compile(pattern.replace("$", r"\Z"))  # ECMA's '$' (Python's also passes before a final '\n')
    compiled = jsonschema_rs.Draft4Validator({"type": "string", "pattern": pattern})  # as the mock compiles it

    @settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.filter_too_much])
    @given(st.from_regex(python)
           | st.lists(st.sampled_from(ALPHABET_TOKENS), max_size=8).map("".join).filter(python.search))
    def admitted(text):
        assert compiled.is_valid(text) == bool(python.search(text)), text
        assert is_valid(text), text

    admitted()
    for text in ("<b>x</b>", "a < b", "&amp", "&lt", "&foo;", "&#65", "&#128;", "&#xD800;", "a\x00b", "&sup1a"):
        assert not python.search(text) and not compiled.is_valid(text), text


def test_the_no_html_pattern_keeps_the_texts_jatos_takes():
    pattern = next(p for p, fields in PATTERNS.items() if "StudyPropertiesUpdate.description" in fields)
    refused = [text for text in KEPT if not (is_valid(text) and re.search(pattern.replace("$", r"\Z"), text))]
    assert refused == []
