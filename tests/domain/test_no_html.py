"""JATOS's "No HTML allowed": Jsoup.isValid(text, Safelist.none()) (jsoup 1.14.2), one rule for every field.

The verdicts below were taken from jsoup 1.14.2 itself (Jsoup.isValid with Safelist.none()).
"""

import pytest

from jatos_mock.jatos.domain import batches, properties, study_codes, users
from jatos_mock.jatos import errors
from jatos_mock.jatos.domain.config import JatosConfig
from jatos_mock.jatos.domain.no_html import has_html, is_valid

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
