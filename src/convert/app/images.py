"""Figures on their way to the outputs: left out (``--no-images``), warned about when they
cannot be carried over, and written as image files beside an output whose writer links them
(:attr:`~convert.core.contracts.Writer.links_images`, the Markdown writer).

- :func:`carry_over`: at the end of cleaning: ``--no-images`` replaces each figure by its
  caption (a removal of kind ``figure`` per figure), and a warning counts what no output
  can carry (figures without image data, notes whose reference was not found).
- :func:`stage_images`: the images of one output, written to temporary files in
  ``NAME_files/`` (or ``--images-dir``) for :mod:`~convert.app.staging` to rename into place
  with the outputs, and the document whose figures link them (``Figure.path``).

A figure's name comes from the input, so it is made a plain file name
(:func:`safe_image_name`): never a path, never hidden, unique in its folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from convert.core.contracts import Options
from convert.core.model import Block, Document, Figure, Footnote, Removal
from convert.writers._notes import link_notes

from .paths import NAME_MAX, name_key

#: The step name removals of ``--no-images`` are recorded under.
STEP = "images"
#: A file suffix for each image media type a reader may give.
SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
    "image/jp2": ".jp2",
}
#: What an image file name keeps: letters and digits of any script, ``.``, ``_`` and ``-``.
UNSAFE = re.compile(r"[^\w.\-]+")
#: The longest image file name kept (bytes), leaving room for a prefix and a temporary name.
IMAGE_NAME_MAX = 120


def carry_over(doc: Document, options: Options) -> Document:
    """``doc`` with its figures left out when ``options.images`` is off, and a warning with
    counts for what cannot be carried over: figures without readable image data (unless the
    reader already counted its images and said why) and notes whose reference was not found."""
    if not options.images:
        doc = drop_figures(doc)
    reader_said = any("image(s)" in w for w in doc.warnings)  # (the reader counted them, with why)
    if any(isinstance(b, Figure) for b in doc.blocks):
        from convert.writers._parts import figure_warning, unreadable_figures

        unreadable = unreadable_figures(doc.blocks)
        if (warning := figure_warning(doc, unreadable)) and not reader_said:
            doc = doc.warn(warning)
        doc = _unreadable_images_left_out(doc, unreadable)
    if any(isinstance(b, Footnote) for b in doc.blocks):
        lost = len(link_notes(doc.blocks).unreferenced)
        if lost:
            doc = doc.warn(f"{lost} footnote(s) whose reference was not found: written without a link to them")
    return doc


def _unreadable_images_left_out(doc: Document, unreadable: Sequence[int]) -> Document:
    """``doc`` whose figures at the ``unreadable`` indexes lose their data: bytes that are
    no image (a ``data:text/html`` URI, a text file named ``.png``) or an SVG with a script
    in it, so no writer copies them beside an output or into a package (the warning above
    counted them)."""
    blocks = list(doc.blocks)
    changed = False
    for i in unreadable:
        block = blocks[i]
        if isinstance(block, Figure) and block.data:
            blocks[i] = dataclasses.replace(block, data=b"", path="")
            changed = True
    return doc.replace(blocks=tuple(blocks)) if changed else doc


def drop_figures(doc: Document) -> Document:
    """``doc`` with every figure replaced by a paragraph of its caption (or alt text), each
    recorded as a removal of kind ``figure``; a figure with neither leaves nothing."""
    blocks: list[Block] = []
    removed: list[Removal] = []
    for block in doc.blocks:
        if not isinstance(block, Figure):
            blocks.append(block)
            continue
        text = block.caption or block.alt
        if text.strip():
            blocks.append(Block(kind="paragraph", text=text, origins=block.origins, page_starts=block.page_starts))
        removed.append(
            Removal(
                text=block.name or text or "(figure)",
                step=STEP,
                kind="figure",
                reason="image left out (--no-images); its caption is kept",
                origin=block.origins[0] if block.origins else None,
            )
        )
    if not removed:
        return doc
    return doc.replace(blocks=tuple(blocks), removals=doc.removals + tuple(removed))


def figures_without_files(doc: Document) -> Document:
    """For an output that cannot carry files (Markdown on stdout): ``doc`` with a warning
    counting the figures written as their captions alone."""
    count = sum(1 for b in doc.blocks if isinstance(b, Figure) and b.data)
    if not count:
        return doc
    return doc.warn(f"{count} figure(s) written as their captions only: this output cannot carry image files")


def safe_image_name(name: str, media_type: str, number: int) -> str:
    """A plain file name for a figure: ``name``'s last part with characters other than
    letters, digits, ``.``, ``_`` and ``-`` replaced, no leading dot, at most
    :data:`IMAGE_NAME_MAX` bytes, with a suffix for its media type; ``figure-N`` when nothing
    is left."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = UNSAFE.sub("_", base).lstrip("._-")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    suffix = f".{suffix.lower()}" if suffix else SUFFIXES.get(media_type, ".bin")
    if suffix == ".part":
        suffix = ".part.bin"
    stem = stem or f"figure-{number}"
    while len(os.fsencode(stem + suffix)) > IMAGE_NAME_MAX:
        stem = stem[:-1]
    return stem + suffix


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name`` with ``-2``, ``-3``... before its suffix, so that no two names of
    ``taken`` clash (case and Unicode form aside, as on case-insensitive file systems)."""
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 1
    while name_key(candidate) in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{suffix}"
    taken.add(name_key(candidate))
    return candidate


def image_folder(outdir: Path, name: str, options: Options) -> Path:
    """Where the images of the output ``outdir/NAME.*`` go: ``outdir/NAME_files``, or
    ``options.images_dir`` (relative to ``outdir`` unless absolute)."""
    if options.images_dir is None:
        return outdir / f"{name}_files"
    return options.images_dir if options.images_dir.is_absolute() else outdir / options.images_dir


@dataclass(frozen=True, slots=True)
class ImageFile:
    """One image to write beside an output: its bytes and where they go."""

    data: bytes
    target: Path


def plan_images(doc: Document, outdir: Path, name: str, options: Options) -> tuple[Document, list[ImageFile]]:
    """The image files of the output ``outdir/NAME.*`` and the document whose figures link
    them (``Figure.path``: relative to ``outdir``, POSIX slashes, URL-escaped). Figures
    without data keep no path. With ``--images-dir`` the files are named ``NAME-FIGURE`` so
    that several documents can share the folder, and ``NAME-XXXXXXXX-FIGURE`` (a digest of
    the output's folder) when the folder is not below the output's own: outputs of several
    folders (``a/x.md``, ``b/x.md``) then never write over each other's images."""
    folder = image_folder(outdir, name, options)
    prefix = f"{name}-" if options.images_dir is not None else ""
    if options.images_dir is not None and not _within(folder, outdir):
        # a folder that outputs of other folders share (absolute, or ../img): a.md of two
        # folders must not write over each other's images
        prefix = f"{name}-{hashlib.sha1(os.fsencode(os.path.abspath(outdir))).hexdigest()[:8]}-"
    taken: set[str] = set()
    files: list[ImageFile] = []
    blocks: list[Block] = []
    for block in doc.blocks:
        if isinstance(block, Figure) and block.data:
            number = len(files) + 1
            file_name = safe_image_name(block.name, block.media_type, number)
            if len(os.fsencode(prefix + file_name)) <= NAME_MAX - 40:  # (room for -N and a temporary name)
                file_name = prefix + file_name
            file_name = _unique(file_name, taken)
            target = folder / file_name
            files.append(ImageFile(block.data, target))
            link = Path(os.path.relpath(target, outdir)).as_posix()
            block = dataclasses.replace(block, path=quote(link, safe="/"))
        blocks.append(block)
    return (doc.replace(blocks=tuple(blocks)) if files else doc), files


def _within(folder: Path, outdir: Path) -> bool:
    """Whether ``folder`` is ``outdir`` or below it (paths as given, made absolute)."""
    inner, outer = Path(os.path.abspath(folder)), Path(os.path.abspath(outdir))
    return inner == outer or outer in inner.parents


def remove_empty_folder(folder: Path, existed: bool) -> None:
    """Remove ``folder`` if this run made it (it did not exist before) and it is empty."""
    if not existed:
        with contextlib.suppress(OSError):
            folder.rmdir()


def folders_of(files: Sequence[ImageFile]) -> list[Path]:
    """The folders ``files`` go to, each once."""
    return list(dict.fromkeys(f.target.parent for f in files))
