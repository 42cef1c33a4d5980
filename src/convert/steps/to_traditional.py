"""Chinese text to Traditional characters (``--to-traditional``; off by default).

OpenCC converts phrase by phrase (``头发`` -> ``頭髮``, ``发展`` -> ``發展``; see
:mod:`convert.core.hanconv`) to the standard ``--traditional-variant`` names (the
``traditional-variant`` setting): ``standard`` (OpenCC's standard characters, tagged
``zh-Hant``), ``tw`` (Taiwan's forms, ``zh-TW``) or ``hk`` (Hong Kong's forms, ``zh-HK``). Each
changed block is recorded as a change. Japanese and Korean documents are left alone.
"""

from __future__ import annotations

from convert.core import hanconv
from convert.core.contracts import Context, Step
from convert.core.model import Document
from convert.steps._chinese import applies, convert_document


class ToTraditional(Step):
    name = "to-traditional"
    description = "Chinese text to Traditional characters with OpenCC (--to-traditional; --traditional-variant)."
    order = 760
    default_enabled = False

    def run(self, doc: Document, ctx: Context) -> Document:
        if not applies(doc):
            return doc
        variant = ctx.options.settings.get(hanconv.VARIANT_SETTING) or "standard"
        configs = hanconv.to_traditional(doc.meta.language, variant)
        return convert_document(
            doc,
            hanconv.chain(configs),
            step=self.name,
            reason=f"converted to Traditional characters (OpenCC {'+'.join(configs)})",
            language=hanconv.TRADITIONAL_VARIANTS[variant].tag,
        )
