"""DOCX custom document properties (``docProps/custom.xml``), which python-docx does not write.

Word shows them under File > Properties > Custom; LibreOffice under File > Properties >
Custom Properties. :func:`set_custom_properties` adds or replaces properties by name in the
document's custom part, creating the part when there is none (a reference DOCX may bring one:
its properties are kept).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from convert.writers._outline import xml_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

PARTNAME = "/docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id every custom property carries
FIRST_PID = 2  # property ids 0 and 1 are reserved


def _custom_part(document: DocxDocument):  # type: ignore[no-untyped-def]
    """The package's custom-properties part, or ``None``."""
    for rel in document.part.package.rels.values():
        if rel.reltype == RELTYPE and not rel.is_external:
            return rel.target_part
    return None


def set_custom_properties(document: DocxDocument, pairs: Sequence[tuple[str, str]]) -> None:
    """Set each ``(name, text)`` as a text custom property (an existing one of that name is
    replaced)."""
    if not pairs:
        return
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    part = _custom_part(document)
    if part is not None:
        root = etree.fromstring(part.blob)
    else:
        root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for name, text in pairs:
        for old in root.findall(f"{{{NS}}}property"):
            if old.get("name") == name:
                root.remove(old)
        pids = [int(p.get("pid", "0")) for p in root.findall(f"{{{NS}}}property") if p.get("pid", "").isdigit()]
        prop = etree.SubElement(
            root, f"{{{NS}}}property", fmtid=FMTID, pid=str(max([FIRST_PID - 1, *pids]) + 1), name=xml_text(name)
        )
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = xml_text(text)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is not None:
        part._blob = blob  # (a plain Part: its bytes are what is saved)
        return
    package = document.part.package
    package.relate_to(Part(PackURI(PARTNAME), CONTENT_TYPE, blob, package), RELTYPE)
