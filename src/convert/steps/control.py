"""Characters that are not text: control characters, zero-width marks, stray BOMs."""

from __future__ import annotations

import dataclasses
import re

from convert.core.contracts import Context, Step
from convert.core.model import Change, Document

# C0/C1 controls except tab, zero-width space/joiners, word joiner, BOM, soft hyphen.
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad]")


class ControlCharacters(Step):
    name = "control-chars"
    description = (
        "Remove control characters and invisible marks (which XML-based formats cannot hold); tabs become spaces."
    )
    order = 100

    def run(self, doc: Document, ctx: Context) -> Document:
        lines = []
        changes = []
        for line in doc.lines:
            new = INVISIBLE.sub("", line.text.replace("\t", " ")).strip()
            if new != line.text:
                changes.append(
                    Change(
                        step=self.name,
                        reason="control or invisible characters removed",
                        before=line.text,
                        after=new,
                        origin=line.origin,
                    )
                )
                line = dataclasses.replace(line, text=new)
            lines.append(line)
        empty = {i: ("control", "nothing left but control characters") for i, line in enumerate(lines) if not line.text}
        return doc.replace(lines=tuple(lines)).record(changes).drop_lines(empty, self.name)
