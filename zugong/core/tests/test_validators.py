import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zugong.core.validators import (
    USCC_ALPHABET,
    id_check_char,
    parse_identity_number,
    uscc_check_char,
    uscc_problem,
)


def test_identity_number_from_the_standard_parses_with_birth_date_and_gender():
    parsed = parse_identity_number("11010519491231002X")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.is_male is False


def test_identity_number_accepts_lowercase_x_and_stores_uppercase():
    assert parse_identity_number(" 11010519491231002x ").number == "11010519491231002X"


def test_legacy_15_digit_number_becomes_18_digits_with_its_check_character():
    parsed = parse_identity_number("110105491231002")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == dt.date(1949, 12, 31)


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(ValidationError) as error:
        parse_identity_number("110105194912310021")
    assert error.value.messages == ["身份证号校验位错误：末位应为 X"]


def test_impossible_birth_date_is_refused():
    with pytest.raises(ValidationError) as error:
        parse_identity_number("110105194902301234")
    assert "19490230 不是有效日期" in error.value.messages[0]


def test_wrong_length_is_refused_with_the_length():
    with pytest.raises(ValidationError) as error:
        parse_identity_number("1101051949")
    assert error.value.messages == ["身份证号应为18位（或15位旧号），现为10位"]


@given(
    region=st.integers(min_value=110000, max_value=659999),
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31)),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_any_number_with_a_computed_check_character_parses(region, birth, sequence):
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    parsed = parse_identity_number(first17 + id_check_char(first17))
    assert parsed.birth_date == birth
    assert parsed.is_male == (sequence % 2 == 1)


def test_credit_code_with_computed_check_passes():
    body = "91350100M000100Y4"
    assert uscc_problem(body + uscc_check_char(body)) is None


def test_credit_code_with_wrong_check_gives_a_warning_naming_the_expected_character():
    body = "91350100M000100Y4"
    right = uscc_check_char(body)
    wrong = USCC_ALPHABET[(USCC_ALPHABET.index(right) + 1) % 31]
    assert uscc_problem(body + wrong) == f"统一社会信用代码校验位不符（按 GB 32100 应为 {right}），请核对"


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_credit_code_letters_outside_the_alphabet_are_named(letter):
    code = "91350100M000100Y4" + letter
    assert uscc_problem(code) == f"统一社会信用代码含有不允许的字符：{letter}"


def test_credit_code_wrong_length():
    assert uscc_problem("9135") == "统一社会信用代码应为18位，现为4位"


def test_a_birth_date_after_today_is_refused_with_one_message():
    first17 = "11010520300101002"
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError) as error:
            parse_identity_number(first17 + id_check_char(first17))
        assert error.value.messages == ["身份证号中的出生日期 2030-01-01 晚于今天（2026-11-20），请核对身份证号"]
        first17 = "11010520261120002"
        assert parse_identity_number(first17 + id_check_char(first17)).birth_date == dt.date(2026, 11, 20)
