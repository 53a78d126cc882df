"""The one check every service runs on a typed text (``core.bounds.checked_text``): its refusals name the field in
the reader's language, and a text that passes comes back stripped."""

import pytest
from django.utils import translation

from zugong.core.access import DomainError
from zugong.core.bounds import checked_text


def _refusal(value, *, required=False) -> DomainError:
    with pytest.raises(DomainError) as refused:
        checked_text(value, "主题", "topic", 10, required=required)
    return refused.value


@pytest.mark.parametrize(("value", "required", "chinese", "english"), [
    ("  ", True, "请填写主题", "Please fill in Topic."),
    ("会" * 11, False, "主题不能超过10个字（现有11个字）", "Topic may have at most 10 characters (it has 11)."),
    ("会\x00议", False, "主题不能包含空字符（\\0）", "Topic must not contain a NUL character (\\0)."),
])
def test_a_refusal_names_the_field_in_the_readers_language(value, required, chinese, english):
    refused = _refusal(value, required=required)
    assert (refused.message, refused.field) == (chinese, "topic")
    with translation.override("en"):
        assert _refusal(value, required=required).message == english


def test_a_text_that_passes_comes_back_stripped_and_an_empty_optional_one_is_empty():
    assert checked_text("  学习党章 ", "主题", "topic", 10) == "学习党章"
    assert checked_text(None, "主题", "topic", 10) == ""
