"""The DOCX writer's styled templates, built once per process and copied for each document.

Opening python-docx's default template, setting the house styles, the page and the footer
takes longer than writing most documents' bodies, and its 350 KB styles part is the same for
every document of one language and style. :func:`template` builds each distinct template
once (keyed by what it depends on: the house style, the language, the paper, a reference
file's bytes) and keeps it; :func:`fresh` gives each document its own package copied from
it. The copy shares nothing that a document may change: the main document and the core
properties are deep-copied at once; every other XML part (styles, numbering, settings,
footers...) keeps the template's bytes until the document asks for its element, which is
then deep-copied (so the styles are copied only when a document adds a style); binary parts
share the template's immutable bytes. The template itself is never written into.
:func:`members` lists what python-docx's ``save`` would write, and which members still hold
the template's bytes (:func:`convert.writers._zip.zip_members` deflates those once).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.opc.package import OpcPackage
    from docx.opc.part import Part

#: How many templates a process keeps (the least recently used goes first): each takes about
#: 5 MB (mostly the parsed styles), and a batch seldom needs more than a language or two.
KEEP = 8


@dataclass(slots=True)
class Template:
    """A styled document with an empty body, never written into.

    :param document: the python-docx document.
    :param blobs: each part's bytes (an XML part's serialised once), by part name.
    :param style_ids: paragraph style ids found in its styles, by name
        (:class:`~convert.writers._docx_styles.StyleIds` fills it).
    """

    document: DocxDocument
    blobs: dict[int, bytes] = field(default_factory=dict)
    style_ids: dict[str, str | None] = field(default_factory=dict)


_TEMPLATES: OrderedDict[Hashable, Template] = OrderedDict()


def template(key: Hashable, build: Callable[[], DocxDocument]) -> Template:
    """The template for ``key``, made with ``build`` the first time it is asked for."""
    found = _TEMPLATES.get(key)
    if found is None:
        document = build()
        found = Template(document, {str(part.partname): part.blob for part in _parts(document.part.package)})
        _TEMPLATES[key] = found
        while len(_TEMPLATES) > KEEP:
            _TEMPLATES.popitem(last=False)
    _TEMPLATES.move_to_end(key)
    return found


def clear() -> None:
    """Forget every template (tests, and a process that wants the memory back)."""
    _TEMPLATES.clear()


def _is_xml(part: Part) -> bool:
    from docx.opc.part import XmlPart

    return isinstance(part, XmlPart)


def _parts(package: OpcPackage) -> list[Part]:
    """Every part of ``package``, in the depth-first order of its relationships (python-docx's
    ``iter_parts`` order, without its ever-growing shared ``visited`` list)."""
    seen: dict[int, Part] = {}

    def walk(source: Any) -> None:
        for rel in source.rels.values():
            if not rel.is_external and id(rel.target_part) not in seen:
                seen[id(rel.target_part)] = rel.target_part
                walk(rel.target_part)

    walk(package)
    return list(seen.values())


class _CopyOnUse:
    """A copied XML part whose element is the template's, deep-copied the first time the
    document uses it; until then its bytes are the template's."""

    _source: Any
    _source_blob: bytes
    _own: Any

    @property
    def _element(self) -> Any:
        if self._own is None:
            self._own = copy.deepcopy(self._source)
        return self._own

    @_element.setter
    def _element(self, value: Any) -> None:
        self._own = value

    @property
    def blob(self) -> bytes:
        from docx.opc.oxml import serialize_part_xml

        return self._source_blob if self._own is None else serialize_part_xml(self._own)


_COPY_ON_USE: dict[type, type] = {}


def _copy_on_use_class(cls: type) -> type:
    """``cls`` (an ``XmlPart`` class) with :class:`_CopyOnUse` in front."""
    if issubclass(cls, _CopyOnUse):
        return cls
    if cls not in _COPY_ON_USE:
        _COPY_ON_USE[cls] = type(f"CopyOnUse{cls.__name__}", (_CopyOnUse, cls), {})
    return _COPY_ON_USE[cls]


def _copy_part(part: Part, base: Template, package: OpcPackage) -> Part:
    """``part`` of the template, for a new ``package`` (relationships not yet added)."""
    from docx.opc.parts.coreprops import CorePropertiesPart
    from docx.parts.document import DocumentPart

    blob = base.blobs[str(part.partname)]
    if not _is_xml(part):
        return type(part).load(part.partname, part.content_type, blob, package)  # type: ignore[arg-type]
    unused = isinstance(part, _CopyOnUse) and part._own is None  # (a template made from a template)
    element = part._source if unused else part.element  # type: ignore[attr-defined]
    if isinstance(part, DocumentPart | CorePropertiesPart):  # every document writes into these
        return type(part)(part.partname, part.content_type, copy.deepcopy(element), package)
    copied = _copy_on_use_class(type(part))(part.partname, part.content_type, None, package)
    copied._source, copied._source_blob = element, blob
    return copied  # type: ignore[no-any-return]


def fresh(base: Template) -> DocxDocument:
    """A new document with its own package copied from ``base`` (see the module docstring):
    the same parts, relationships (same ids, same order) and bytes."""
    from docx.package import Package

    package = Package()
    copies: dict[int, Part] = {}

    def copied(part: Part) -> Part:
        if id(part) not in copies:
            new = copies[id(part)] = _copy_part(part, base, package)
            for rel in part.rels.values():
                target = rel.target_ref if rel.is_external else copied(rel.target_part)
                new.load_rel(rel.reltype, target, rel.rId, rel.is_external)
        return copies[id(part)]

    for rel in base.document.part.package.rels.values():
        target = rel.target_ref if rel.is_external else copied(rel.target_part)
        package.load_rel(rel.reltype, target, rel.rId, rel.is_external)
    package.after_unmarshal()
    return package.main_document_part.document  # type: ignore[no-any-return]


def members(document: DocxDocument, base: Template) -> tuple[list[tuple[str, bytes]], set[str]]:
    """What python-docx's ``save`` writes for ``document``, as ``(name, bytes)`` in its
    order (content types, package relationships, then each part and its relationships), and
    the names of the members whose bytes are still ``base``'s (the same every time)."""
    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = _parts(package)
    for part in parts:
        part.before_marshal()
    out = [
        (CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),
        (PACKAGE_URI.rels_uri.membername, package.rels.xml),
    ]
    same: set[str] = set()
    for part in parts:
        blob = part.blob
        out.append((part.partname.membername, blob))
        if base.blobs.get(str(part.partname)) is blob:
            same.add(part.partname.membername)
        if len(part.rels):
            out.append((part.partname.rels_uri.membername, part.rels.xml))
    return out, same
