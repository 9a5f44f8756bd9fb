"""champions_portal/env.py: typed environment readers that fail loudly on a bad value."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from champions_portal.env import env_addresses, env_bool, env_choice, env_float, env_int, env_list, env_str

NAME = "CHAMPIONS_PORTAL_TEST_SETTING"


@pytest.fixture(autouse=True)
def _unset(monkeypatch):
    monkeypatch.delenv(NAME, raising=False)


def test_it_reads_a_string(monkeypatch):
    monkeypatch.setenv(NAME, "champions.example")
    assert env_str(NAME) == "champions.example"


def test_it_gives_the_default_string_when_unset_or_empty(monkeypatch):
    assert env_str(NAME) is None
    assert env_str(NAME, "fallback") == "fallback"
    monkeypatch.setenv(NAME, "")
    assert env_str(NAME, "fallback") == "fallback"


def test_it_refuses_a_required_string_that_is_unset_or_empty(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match=f"Set the {NAME} environment variable"):
        env_str(NAME, required=True)
    monkeypatch.setenv(NAME, "")
    with pytest.raises(ImproperlyConfigured, match=f"Set the {NAME} environment variable"):
        env_str(NAME, "a default does not satisfy it", required=True)


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " On "])
def test_it_reads_true(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off", ""])
def test_it_reads_false(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    assert env_bool(NAME, True) is False


def test_it_gives_the_default_boolean_when_unset():
    assert env_bool(NAME) is False
    assert env_bool(NAME, True) is True


@pytest.mark.parametrize("value", ["maybe", "2", "t", "y es"])
def test_it_refuses_a_boolean_it_cannot_read(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be true or false, not '{value}'"):
        env_bool(NAME)


@pytest.mark.parametrize("value,expected", [("7", 7), ("0", 0), ("-3", -3), (" 12 ", 12)])
def test_it_reads_a_whole_number(monkeypatch, value, expected):
    monkeypatch.setenv(NAME, value)
    assert env_int(NAME, 99) == expected


def test_it_gives_the_default_number_when_unset_or_empty(monkeypatch):
    assert env_int(NAME, 5) == 5
    monkeypatch.setenv(NAME, "")
    assert env_int(NAME, 5) == 5


@pytest.mark.parametrize("value", ["seven", "1.5", "7 days", "0x10"])
def test_it_refuses_a_number_that_is_not_whole(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be a whole number, not '{value}'"):
        env_int(NAME, 5)


@pytest.mark.parametrize("value", ["0", "-1"])
def test_it_refuses_a_number_below_the_minimum(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be at least 1, not {value}"):
        env_int(NAME, 5, minimum=1)


def test_it_takes_the_minimum_itself(monkeypatch):
    monkeypatch.setenv(NAME, "1")
    assert env_int(NAME, 5, minimum=1) == 1


def test_it_reads_a_comma_separated_list_without_blanks(monkeypatch):
    monkeypatch.setenv(NAME, " champions.example, www.champions.example,, ")
    assert env_list(NAME) == ["champions.example", "www.champions.example"]


def test_it_gives_a_copy_of_the_default_list_when_unset():
    default = ["localhost"]
    value = env_list(NAME, default)
    assert value == ["localhost"]
    value.append("changed")
    assert default == ["localhost"]
    assert env_list(NAME) == []


def test_it_refuses_a_required_list_that_is_unset():
    with pytest.raises(ImproperlyConfigured, match=f"Set the {NAME} environment variable"):
        env_list(NAME, required=True)


@pytest.mark.parametrize("value,expected", [("0.25", 0.25), ("1", 1.0), (" 0 ", 0.0)])
def test_it_reads_a_number(monkeypatch, value, expected):
    monkeypatch.setenv(NAME, value)
    assert env_float(NAME) == expected


def test_it_gives_the_default_number_when_a_float_is_unset_or_empty(monkeypatch):
    assert env_float(NAME) is None
    monkeypatch.setenv(NAME, "")
    assert env_float(NAME, 0.5) == 0.5


def test_it_refuses_a_number_it_cannot_read(monkeypatch):
    monkeypatch.setenv(NAME, "a quarter")
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be a number, not 'a quarter'"):
        env_float(NAME)


def test_it_reads_one_of_the_choices_in_any_case(monkeypatch):
    assert env_choice(NAME, ("json", "text"), "text") == "text"
    monkeypatch.setenv(NAME, " JSON ")
    assert env_choice(NAME, ("json", "text"), "text") == "json"


def test_it_refuses_a_value_that_is_not_a_choice(monkeypatch):
    monkeypatch.setenv(NAME, "xml")
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be one of json, text, not 'xml'"):
        env_choice(NAME, ("json", "text"), "text")


def test_it_reads_addresses_with_and_without_names(monkeypatch):
    assert env_addresses(NAME) == []
    monkeypatch.setenv(NAME, "Ops Team <ops@champions.example>, kim@champions.example")
    assert env_addresses(NAME) == [("Ops Team", "ops@champions.example"), ("", "kim@champions.example")]


@pytest.mark.parametrize("value", ["ops", "Ops Team <ops>", "ops@champions.example, @", "ops@"])
def test_it_refuses_something_that_is_not_an_address(monkeypatch, value):
    monkeypatch.setenv(NAME, value)
    with pytest.raises(ImproperlyConfigured, match=f"{NAME} must be email addresses separated by commas"):
        env_addresses(NAME)
