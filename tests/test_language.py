"""Language detection (CLD2 with a Han-share fallback) and its effect on outputs."""

from __future__ import annotations

import pytest

from convert.core.language import guess_language, logical_order

GERMAN = "Die Gemeinde hat im vergangenen Jahr die Brücke über den Fluss erneuert und den Hafen ausgebaut. " * 3
FRENCH = "Le conseil municipal a décidé de rénover le pont sur la rivière et d'agrandir le port de la ville. " * 3
ENGLISH = "The council decided last year to rebuild the bridge over the river and to enlarge the harbour. " * 3
# "The government work report sets out this year's main tasks" (Simplified, then Traditional)
SIMPLIFIED = (
    "\u653f\u5e9c\u5de5\u4f5c\u62a5\u544a\u63d0\u51fa\u4e86\u4eca\u5e74\u7684\u4e3b\u8981\u4efb\u52a1\u548c\u5de5\u4f5c\u91cd\u70b9\u3002"
    * 4
)
TRADITIONAL = (
    "\u653f\u5e9c\u5de5\u4f5c\u5831\u544a\u63d0\u51fa\u4e86\u4eca\u5e74\u7684\u4e3b\u8981\u4efb\u52d9\u548c\u5de5\u4f5c\u91cd\u9ede\u3002\u9019\u4e9b\u8b70\u984c\u90fd\u5f88\u91cd\u8981\u3002"
    * 4
)
# "This is a Japanese sentence. Today the weather is good."
JAPANESE = (
    "\u3053\u308c\u306f\u65e5\u672c\u8a9e\u306e\u6587\u3067\u3059\u3002\u4eca\u65e5\u306f\u5929\u6c17\u304c\u3044\u3044\u3067\u3059\u306d\u3002"
    * 4
)
# "This is a Korean sentence. The weather is good today."
KOREAN = (
    "\uc774\uac83\uc740 \ud55c\uad6d\uc5b4 \ubb38\uc7a5\uc785\ub2c8\ub2e4. \uc624\ub298\uc740 \ub0a0\uc528\uac00 \uc88b\uc2b5\ub2c8\ub2e4. "
    * 4
)
# "Egypt's government sets out its priorities for the coming years"
ARABIC = (
    "\u062a\u0636\u0639 \u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0627\u0644\u0645\u0635\u0631\u064a\u0629 \u0623\u0648\u0644\u0648\u064a\u0627\u062a\u0647\u0627 \u0644\u0644\u0633\u0646\u0648\u0627\u062a \u0627\u0644\u0642\u0627\u062f\u0645\u0629 \u0641\u064a \u0645\u062c\u0627\u0644\u0627\u062a \u0627\u0644\u0635\u062d\u0629 \u0648\u0627\u0644\u062a\u0639\u0644\u064a\u0645. "
    * 3
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (GERMAN, "de"),
        (FRENCH, "fr"),
        (ENGLISH, "en"),
        (SIMPLIFIED, "zh"),
        (TRADITIONAL, "zh-Hant"),
        (JAPANESE, "ja"),
        (KOREAN, "ko"),
        (ARABIC, "ar"),
    ],
)
def test_the_language_is_named(text: str, code: str) -> None:
    assert guess_language(text) == code


def test_too_little_text_falls_back_to_the_share_of_han_characters() -> None:
    assert guess_language("") == "en"
    assert guess_language("\u901a\u77e5") == "zh"  # two characters: CLD2 is not sure
    assert guess_language("\u3053\u308c\u306f\u65e5\u672c") == "ja"


def test_control_characters_and_lone_surrogates_do_not_stop_detection() -> None:
    assert guess_language("\x00\x07\ud800" + GERMAN) == "de"


def test_logical_order_keeps_numbers_and_latin_words_inside_right_to_left_text() -> None:
    # as drawn on the page: the Arabic letters reversed, Latin words and numbers left to right
    assert logical_order("2024 \u0645\u0627\u0639") == "\u0639\u0627\u0645 2024"
    programming = (
        "\u0627\u0644\u0628\u0631\u0645\u062c\u0629"  # more letters than "Python": the line runs right to left
    )
    assert logical_order(f"Python {programming[::-1]}") == f"{programming} Python"
    assert logical_order("Python \u0645\u0627\u0639") == "Python \u0639\u0627\u0645"  # mostly Latin: left to right
    assert logical_order("plain English") == "plain English"


def test_traditional_chinese_is_tagged_and_its_punctuation_widened(convert_bytes) -> None:  # type: ignore[no-untyped-def]
    from convert.writers._outline import language_tag

    doc = convert_bytes(TRADITIONAL.replace("\u3002", ",", 1), "x.txt")
    assert doc.meta.language == "zh-Hant" and language_tag(doc) == "zh-TW"
    assert "\uff0c" in doc.body_text and "," not in doc.body_text  # the half-width comma became full width
