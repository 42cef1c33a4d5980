"""Chinese text to Simplified characters (``--to-simplified``; off by default).

OpenCC converts phrase by phrase (:mod:`convert.core.hanconv`): Taiwan's and Hong Kong's forms
are read as such when the document is tagged ``zh-TW`` or ``zh-HK``. The document is then
tagged ``zh-Hans``; each changed block is recorded as a change. Japanese and Korean documents
are left alone.
"""

from __future__ import annotations

from convert.core import hanconv
from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.steps._chinese import applies, convert_document


class ToSimplified(Step):
    name = "to-simplified"
    description = "Chinese text to Simplified characters with OpenCC (--to-simplified)."
    order = 750
    default_enabled = False

    def run(self, doc: Document, ctx: Context) -> Document:
        if not applies(doc):
            return doc
        configs = hanconv.to_simplified(doc.meta.language)
        return convert_document(
            doc,
            hanconv.chain(configs),
            step=self.name,
            reason=f"converted to Simplified characters (OpenCC {'+'.join(configs)})",
            language=hanconv.SIMPLIFIED_TAG,
        )
