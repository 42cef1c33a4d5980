"""The built-in cleaning steps, registered like any plugin's."""

from __future__ import annotations

from collections.abc import Callable

from convert.formats import Step
from convert.hookspecs import hookimpl
from convert.steps.control import ControlCharacters
from convert.steps.duplicates import DuplicateSummary
from convert.steps.furniture import Ads, SiteFurniture
from convert.steps.headings import Headings
from convert.steps.paragraphs import Paragraphs
from convert.steps.punctuation import Punctuation
from convert.steps.repeated import RepeatedLines
from convert.steps.site_name import SiteName
from convert.steps.title import Title
from convert.steps.truncation import Truncation


@hookimpl
def register_steps(register: Callable[[Step], None]) -> None:
    for step in (
        ControlCharacters(),
        SiteFurniture(),
        Ads(),
        RepeatedLines(),
        DuplicateSummary(),
        Title(),
        SiteName(),
        Truncation(),
        Paragraphs(),
        Headings(),
        Punctuation(),
    ):
        register(step)
