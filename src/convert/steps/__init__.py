"""The built-in cleaning steps: one step per module, registered here like any plugin's.

Shared helpers live in the private modules ``_layout`` (wrap width, full lines, page breaks),
``_numbering`` (heading and list numbering) and ``_rules`` (the form of a line the rule files
match); no step imports another step.
"""

from __future__ import annotations

from collections.abc import Callable

from convert.core.contracts import Step
from convert.core.hookspecs import hookimpl
from convert.steps.ads import Ads
from convert.steps.chrome import Chrome
from convert.steps.classifier import Classify
from convert.steps.control import ControlCharacters
from convert.steps.duplicates import DuplicateSummary
from convert.steps.furniture import SiteFurniture
from convert.steps.headings import Headings
from convert.steps.lists import PlainLists
from convert.steps.measure import MeasureLayout
from convert.steps.metadata import DocumentMetadata
from convert.steps.orphans import OrphanHeadings
from convert.steps.paragraphs import Paragraphs
from convert.steps.punctuation import Punctuation
from convert.steps.repeated import RepeatedLines
from convert.steps.site_name import SiteName
from convert.steps.title import Title
from convert.steps.to_simplified import ToSimplified
from convert.steps.to_traditional import ToTraditional
from convert.steps.truncation import Truncation


@hookimpl
def register_steps(register: Callable[[Step], None]) -> None:
    for step in (
        ControlCharacters(),
        SiteFurniture(),
        MeasureLayout(),
        Ads(),
        Chrome(),
        RepeatedLines(),
        DuplicateSummary(),
        Title(),
        SiteName(),
        Classify(),
        Truncation(),
        PlainLists(),
        Paragraphs(),
        Headings(),
        OrphanHeadings(),
        DocumentMetadata(),
        Punctuation(),
        ToSimplified(),
        ToTraditional(),
    ):
        register(step)
