"""DOCX custom document properties (``docProps/custom.xml``): the provenance and the user's
``-M KEY=VALUE`` keys, which Word shows under File > Properties > Custom and LibreOffice under
File > Properties > Custom Properties (python-docx has no API for them: the part is written
with lxml and related to the package with its content type and relationship type)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from convert.writers._outline import xml_text

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

PARTNAME = "/docProps/custom.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#: The format id every user-defined custom property carries.
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
#: Properties whose value is a time (``vt:filetime``, which Word shows as a date).
TIMES = frozenset({"docconv:converted"})


def _existing(document: DocxDocument) -> Any:
    """The package's custom-properties part (a reference DOCX may have one), or ``None``."""
    for rel in document.part.package.rels.values():
        if rel.reltype == RELTYPE and not rel.is_external:
            return rel.target_part
    return None


def set_custom_properties(document: DocxDocument, props: Sequence[tuple[str, str]], prefix: str) -> None:
    """Write ``props`` (``(name, value)``) as custom properties: the package's
    ``docProps/custom.xml`` is made (or, from a reference DOCX, kept with its other
    properties; earlier ones whose name starts with ``prefix`` or is one of ``props`` are
    replaced). Nothing to write and no part: none is made."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    names = {xml_text(name) for name, _ in props}
    part = _existing(document)
    if not props and part is None:
        return
    root = None
    if part is not None:
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            root = None
    if root is None or etree.QName(root).namespace != NS:
        root = etree.Element(f"{{{NS}}}Properties", nsmap={None: NS, "vt": VT})
    for old in root.findall(f"{{{NS}}}property"):
        if (old.get("name") or "").startswith(prefix) or old.get("name") in names:
            root.remove(old)
    pids = [int(p.get("pid")) for p in root.findall(f"{{{NS}}}property") if (p.get("pid") or "").isdigit()]
    pid = max([1, *pids])
    for name, value in props:
        pid += 1
        prop = etree.SubElement(root, f"{{{NS}}}property", fmtid=FMTID, pid=str(pid), name=xml_text(name))
        kind = "filetime" if name in TIMES else "lpwstr"
        etree.SubElement(prop, f"{{{VT}}}{kind}").text = xml_text(value)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is not None:
        part._blob = blob
        if hasattr(part, "_element"):
            part._element = etree.fromstring(blob)
        return
    part = Part(PackURI(PARTNAME), CONTENT_TYPE, blob, document.part.package)
    document.part.package.relate_to(part, RELTYPE)
