"""Output staging: every output is written to a temporary file beside its target and
renamed into place only when complete, so an interrupted run never leaves a half-written file.

- :func:`write_temp`, :func:`write_atomic`, :func:`write_text_atomic`: one file.
- :func:`write_job_outputs`: all of one input's outputs, renamed into place only when every
  writer has finished (a failure leaves none of them).
- :func:`output_paths`: where a job's outputs go.
- :func:`output_identities`, :func:`discard_outputs`, :func:`remove_partial`,
  :func:`clean_partial`: cleaning up after a worker that was killed or a run that was.

Temporary files are named ``.NAME.PID-XXXXXXXX.part`` (:data:`PART_NAME`,
:func:`~convert.app.paths.temp_name`: a shorter name when NAME is long); batch, ``convert`` and
sync remove the ones a killed worker or run left, never a live run's. Outputs are never
written through a symbolic link to a folder inside the output folder, nor by a writer whose
extension would lead out of it (:mod:`~convert.app.paths`).
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from convert.core.contracts import ConversionError, Options, Writer
from convert.core.model import Document

from .images import ImageFile, folders_of, plan_images, remove_empty_folder
from .inputs import Job, Plan, safe_text
from .paths import (
    NAME_MAX,
    UNKNOWN_TEMP_AGE,
    check_extension,
    check_no_links,
    input_keys,
    is_stale_temp,
    is_within,
    open_no_follow,
    same_file,
    spelled_key,
    temp_globs,
    temp_name,
)

if TYPE_CHECKING:
    from .session import Session

#: The temporary files :func:`write_temp` creates.
PART_NAME = re.compile(r"^\..+\.part$")


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """Create a new temporary file for ``folder/name`` (:func:`~convert.app.paths.temp_name`),
    never through a symbolic link and never over an existing file, with the mode the umask
    allows; return its descriptor and path."""
    for _ in range(100):
        tmp = folder / temp_name(name)
        try:
            return open_no_follow(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _write_temp(path: Path, write: Callable[[BinaryIO], None], *, sync: bool = True) -> Path:
    """Write a complete temporary file (:func:`~convert.app.paths.temp_name`) beside ``path``
    (mode as the umask allows, synced to disk unless ``sync`` is false: then the caller
    :func:`_sync_all` before renaming it) and return its path; on any exception it is
    removed. A name longer than the file system allows is refused before anything is written."""
    size = len(os.fsencode(path.name))
    if size > NAME_MAX:
        raise OSError(errno.ENAMETOOLONG, f"File name too long ({size} bytes; at most {NAME_MAX})", str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file is in the way: say so rather than "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent)) from None
    fd, tmp = _create_temp(path.parent, path.name)
    out: BinaryIO | None = None
    try:
        out = os.fdopen(fd, "wb")
        with out:
            write(out)
            out.flush()
            if sync:
                os.fsync(out.fileno())
    except BaseException:
        if out is None:  # os.fdopen never took the descriptor over
            with contextlib.suppress(OSError):
                os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_temp(path: Path, writer: Writer, doc: Document, options: Options, *, sync: bool = True) -> Path:
    """Write ``doc`` with ``writer`` to a temporary file beside ``path`` and return it; the
    caller renames it into place (``os.replace``) or removes it (``sync=False``: after
    :func:`_sync_all`). Problems are :class:`ConversionError`; no temporary file is left after one."""
    try:
        return _write_temp(path, lambda out: writer.write(doc, out, options), sync=sync)
    except (ConversionError, KeyboardInterrupt, SystemExit):
        raise
    except OSError as exc:
        raise ConversionError(f"cannot write {safe_text(str(path))}: {exc.strerror or exc}") from None
    except BaseException as exc:
        raise ConversionError(f"writer {writer.name!r} failed: {type(exc).__name__}: {exc}") from exc


def write_atomic(path: Path, writer: Writer, doc: Document, options: Options) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete."""
    tmp = write_temp(path, writer, doc, options)
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ConversionError(f"cannot write {safe_text(str(path))}: {exc.strerror or exc}") from None
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (made :func:`safe_text`, as UTF-8) to ``path`` atomically: a temporary
    file renamed into place, with the mode the umask allows. Raises whatever went wrong
    (``OSError`` mostly) and then leaves no temporary file."""
    data = safe_text(text).encode("utf-8")
    tmp = _write_temp(path, lambda out: out.write(data))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def output_paths(job: Job, writers: Sequence[Writer]) -> list[Path]:
    """Where ``job``'s outputs go, one per writer: ``OUTDIR/NAME.EXT`` (see
    :func:`check_writers`)."""
    return [job.outdir / f"{job.name}{w.extension}" for w in writers]


def check_writers(writers: Sequence[Writer]) -> None:
    """Refuse a writer whose extension would lead out of the output folder (``../x``, ``/x``):
    :class:`ConversionError`. The commands refuse it before they start; this is the backstop."""
    for w in writers:
        if (why := check_extension(w.extension)) is not None:
            raise ConversionError(f"writer {w.name!r} cannot be used: {why}")


def output_root(job: Job) -> Path:
    """The output folder ``job``'s tree is mirrored under (``-o`` or DEST): its ``outdir``
    without the folders of its relative path."""
    root = job.outdir
    for _ in Path(job.rel).parts[:-1]:
        root = root.parent
    return root


def _check_folder(job: Job) -> None:
    """Refuse to write ``job``'s outputs through a symbolic link to a folder inside the
    output folder (one made to point elsewhere would take them out of it)."""
    try:
        check_no_links(output_root(job), job.outdir)
    except OSError as exc:
        raise ConversionError(f"cannot write into {safe_text(str(exc.filename))}: {exc.strerror}") from None


def _check_not_input(job: Job, targets: Sequence[Path]) -> None:
    """Refuse to write an output over the input it is made from."""
    for target in targets:
        with contextlib.suppress(OSError):
            if target.exists() and os.path.samefile(target, job.path):
                raise ConversionError(f"its output {target} would overwrite the input; choose another -o folder")


def refuse_outputs_over_inputs(plan: Plan, writers: Sequence[Writer]) -> None:
    """Fail (in ``plan``) each job one of whose outputs would replace one of the plan's inputs,
    its own or another's (``convert -r x -o y y/sub/c.md``: ``x/sub/c.txt`` would write
    ``y/sub/c.md``); the other jobs go on."""
    inputs = {spelled_key(job.path): job for job in plan.jobs}
    keys = input_keys(job.path for job in plan.jobs)
    places = _input_places(plan) if any(j.url is not None or j.out_url is not None for j in plan.jobs) else {}
    kept: list[Job] = []
    for job in plan.jobs:
        if job.url is not None or job.out_url is not None:  # (a URL on either side: compared by place)
            over = _over_an_input(job, writers, places)
            if over is None:
                kept.append(job)
            else:
                target, owner = over
                whose = "the input" if owner is job else "another input"
                plan.fail(
                    job.display, f"its output {target} would overwrite {whose}; choose another -o folder", job.rel
                )
            continue
        hit = next(
            (t for t in output_paths(job, writers) if spelled_key(t) in inputs or same_file(t, keys)),
            None,
        )
        if hit is None:
            kept.append(job)
            continue
        whose = "the input" if inputs.get(spelled_key(hit)) in (job, None) else "another input"
        plan.fail(
            job.display, f"its output {safe_text(str(hit))} would overwrite {whose}; choose another -o folder", job.rel
        )
    plan.jobs = kept


def _input_places(plan: Plan) -> dict[str, Job]:
    """Each input's :func:`~convert.app.remote.location` (URL inputs and local ones alike)."""
    from .remote import location

    return {location(job.url if job.url is not None else os.fsdecode(job.path)): job for job in plan.jobs}


def _over_an_input(job: Job, writers: Sequence[Writer], places: dict[str, Job]) -> tuple[str, Job] | None:
    """The first output of ``job`` (whose input or output folder is a URL) that is at the place
    of an input, with that input's job; ``None``: none is."""
    from .remote import join, location

    if job.out_url is not None:
        targets = [join(job.out_url, name) for name in _remote_names(job, writers)]
    else:
        targets = [os.fsdecode(t) for t in output_paths(job, writers)]
    for target in targets:
        owner = places.get(location(target))
        if owner is not None:
            return safe_text(target), owner
    return None


def _sync_all(staged: Sequence[Path], targets: Sequence[Path]) -> None:
    """Sync the complete temporary files ``staged`` (written with ``sync=False``) to disk
    before any is renamed into place: one after the other once all are written costs about
    half of syncing each as it is written (the file system commits them together).
    :class:`ConversionError` names the target whose file could not be synced."""
    for tmp, target in zip(staged, targets, strict=True):
        try:
            fd = open_no_follow(tmp, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise ConversionError(f"cannot write {safe_text(str(target))}: {exc.strerror or exc}") from None


def _unlink(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _rename_all(staged: list[Path], targets: Sequence[Path]) -> list[Path]:
    """Rename each temporary file into place (removing it from ``staged``); on a failure the
    outputs already renamed are removed and :class:`ConversionError` is raised."""
    written: list[Path] = []
    try:
        for tmp, target in zip(list(staged), targets, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ConversionError(f"cannot write {safe_text(str(target))}: {exc.strerror or exc}") from None
            staged.remove(tmp)
            written.append(target)
    except Exception:  # a failed input leaves no outputs, not some of them
        _unlink(written)
        raise
    return written


def _restrict_like(output: Path, source: Path) -> None:
    """Take from ``output`` the group and other permissions ``source`` lacks: a private input
    (mode 0600) must not give a world-readable output (the owner keeps read and write)."""
    with contextlib.suppress(OSError):
        allowed = os.stat(source).st_mode | 0o600
        mode = os.stat(output).st_mode & 0o777
        if mode & ~allowed:
            os.chmod(output, mode & allowed)


def write_job_outputs(job: Job, doc: Document, session: Session) -> list[Path] | list[str]:
    """Write ``doc`` with each of the session's writers to ``job``'s outputs and return them.

    Every output is written to a temporary file first, and they are renamed into place only
    when all the writers have finished: a failure (:class:`ConversionError`) or a kill before
    that leaves no output and no temporary file (a kill during the renames leaves the parent
    :func:`discard_outputs` to do). An output is readable by no one the input is not
    readable by (:func:`_restrict_like`). A writer that links images
    (:attr:`~convert.core.contracts.Writer.links_images`) gets a document whose figures point
    to image files staged the same way (:func:`_stage_images`) and renamed into place before
    the outputs; the paths returned are the outputs' only. A job with an output folder URL
    (``job.out_url``) writes there instead (:func:`_write_remote`) and returns the URLs."""
    check_writers(session.writers)
    if job.out_url is not None:
        return _write_remote(job, job.out_url, doc, session)
    targets = output_paths(job, session.writers)
    _check_folder(job)
    _check_not_input(job, targets)
    linked, images = doc, []
    if any(w.links_images for w in session.writers):
        linked, images = plan_images(doc, job.outdir, job.name, session.options)
    folders = {folder: os.path.lexists(folder) for folder in folders_of(images)}  # (False for a name too long)
    staged: list[Path] = []  # temporary files not yet renamed into place
    try:
        staged += _stage_images(job, images)
        for writer, target in zip(session.writers, targets, strict=True):
            staged.append(
                write_temp(target, writer, linked if writer.links_images else doc, session.options, sync=False)
            )
            if job.url is None:
                _restrict_like(staged[-1], job.path)
        _sync_all(staged, [i.target for i in images] + targets)
        _check_folder(job)  # again: a folder may have been swapped for a link while writing
        for image in images:
            _check_image_folder(job, image.target.parent)
        written = _rename_all(staged, [i.target for i in images] + targets)
        folders.clear()
        return written[len(images) :]
    finally:  # also on SystemExit (SIGTERM in a worker)
        _unlink(staged)
        for folder, existed in folders.items():
            remove_empty_folder(folder, existed)


def _render(writer: Writer, doc: Document, options: Options) -> bytes:
    """What ``writer`` writes of ``doc``, in memory (problems as :func:`write_temp` says them)."""
    import io

    buffer = io.BytesIO()
    try:
        writer.write(doc, buffer, options)
    except (ConversionError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:
        raise ConversionError(f"writer {writer.name!r} failed: {type(exc).__name__}: {exc}") from exc
    return buffer.getvalue()


def _remote_names(job: Job, writers: Sequence[Writer]) -> list[str]:
    """The names of ``job``'s outputs in its output folder URL."""
    return [f"{job.name}{w.extension}" for w in writers]


def _write_remote(job: Job, folder: str, doc: Document, session: Session) -> list[str]:
    """``job``'s outputs, and the images a writer links (``NAME_files/...``, or a relative
    ``--images-dir``), all made in memory and then written into the folder URL
    ``folder`` (``job.out_url``) at once (:func:`~convert.app.remote.write_files`: atomically, none left
    after a failure)."""
    from .remote import write_files

    linked, images = doc, []
    if any(w.links_images for w in session.writers):
        linked, images = plan_images(doc, Path("."), job.name, session.options)
    files = [(image.target.as_posix(), image.data) for image in images]
    for writer in session.writers:
        files.append(
            (f"{job.name}{writer.extension}", _render(writer, linked if writer.links_images else doc, session.options))
        )
    return write_files(folder, files)[len(images) :]


def _check_image_folder(job: Job, folder: Path) -> None:
    """Refuse to write images through a symbolic link to a folder inside the output folder
    (an ``--images-dir`` outside it is the user's choice and is not checked)."""
    root, folder = Path(os.path.abspath(output_root(job))), Path(os.path.abspath(folder))
    if not is_within(folder, root):
        return
    try:
        check_no_links(root, folder)
    except OSError as exc:
        raise ConversionError(f"cannot write into {safe_text(str(exc.filename))}: {exc.strerror}") from None


def _stage_images(job: Job, images: Sequence[ImageFile]) -> list[Path]:
    """Write each image to a temporary file beside its target (made private like the input)
    and return them; on a failure the ones written are removed."""
    staged: list[Path] = []
    try:
        for image in images:
            _check_image_folder(job, image.target.parent)
            _check_not_input(job, [image.target])
            data = image.data
            try:
                staged.append(_write_temp(image.target, lambda out, data=data: out.write(data), sync=False))
            except OSError as exc:
                raise ConversionError(f"cannot write {safe_text(str(image.target))}: {exc.strerror or exc}") from None
            if job.url is None:
                _restrict_like(staged[-1], job.path)
    except BaseException:
        _unlink(staged)
        raise
    return staged


#: The names that may be temporary files (``.*.part``) in each folder listed so far.
PartNames = dict[Path, list[str]]


def _part_names(folder: Path, listed: PartNames | None) -> list[str]:
    """The names in ``folder`` that may be temporary files (``.*.part``, any character in
    between, as the patterns of :func:`~convert.app.paths.temp_globs`), read once per folder
    when ``listed`` keeps them (a batch of many files into one folder lists it once, not per file)."""
    if listed is not None and folder in listed:
        return listed[folder]
    names: list[str] = []
    with contextlib.suppress(OSError):
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.startswith(".") and e.name.endswith(".part")]
    if listed is not None:
        listed[folder] = names
    return names


def _stale_temps(target: Path, unknown_age: float, listed: PartNames | None = None) -> list[Path]:
    """The temporary files of ``target`` that a run which is gone left
    (:func:`~convert.app.paths.is_stale_temp`; never a live run's)."""
    names = _part_names(target.parent, listed)
    if not names:
        return []
    patterns = temp_globs(target.name)
    return [
        target.parent / name
        for name in names
        if any(fnmatch.fnmatchcase(name, p) for p in patterns)
        and is_stale_temp(target.parent / name, unknown_age=unknown_age)
    ]


def remove_partial(
    job: Job, writers: Sequence[Writer], *, unknown_age: float = 0.0, listed: PartNames | None = None
) -> int:
    """Remove the temporary files a killed worker or run left for ``job``'s outputs (not those
    of another run writing the same outputs at the same time; a name without a process id
    once it is ``unknown_age`` seconds old), and those of images in its ``NAME_files/``
    folder when a writer links images; return how many. ``listed`` keeps the folders' listings
    from one job to the next (:func:`remove_stale_partial`)."""
    removed = 0
    stale = [tmp for target in output_paths(job, writers) for tmp in _stale_temps(target, unknown_age, listed)]
    if any(w.links_images for w in writers):
        stale += _stale_image_temps(job.outdir / f"{job.name}_files", unknown_age)
    for tmp in stale:
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


def _stale_image_temps(folder: Path, unknown_age: float) -> list[Path]:
    """The temporary files a run that is gone left in the image folder ``folder`` (not
    followed when it is a symbolic link)."""
    with contextlib.suppress(OSError):  # (also a name too long to exist)
        if stat.S_ISDIR(os.lstat(folder).st_mode):
            return [
                p for p in folder.iterdir() if PART_NAME.match(p.name) and is_stale_temp(p, unknown_age=unknown_age)
            ]
    return []


def remove_stale_partial(jobs: Sequence[Job], writers: Sequence[Writer]) -> int:
    """Before a ``convert`` run: :func:`remove_partial` for each of ``jobs`` whose output
    folder is reached without a symbolic link, sparing names without a process id younger than
    :data:`~convert.app.paths.UNKNOWN_TEMP_AGE`; return how many were removed."""
    removed = 0
    listed: PartNames = {}
    for job in jobs:
        if job.out_url is not None:  # (a killed worker's are removed when it is: discard_outputs)
            continue
        try:
            check_no_links(output_root(job), job.outdir)
        except OSError:  # its outputs will not be written there either
            continue
        removed += remove_partial(job, writers, unknown_age=UNKNOWN_TEMP_AGE, listed=listed)
    return removed


#: A file's (device, inode), or ``None`` when there is no file (for an output folder URL, what
#: :func:`~convert.app.remote.identities` tells versions apart by).
Identity = tuple[int, int] | str | None


def output_identities(job: Job, writers: Sequence[Writer]) -> list[Identity]:
    """The (device, inode) of each of ``job``'s outputs that exists now (taken before its worker starts)."""
    if job.out_url is not None:
        from .remote import identities

        return list(identities(job.out_url, _remote_names(job, writers)))
    found: list[Identity] = []
    for target in output_paths(job, writers):
        try:
            st = os.stat(target)
        except OSError:
            found.append(None)
        else:
            found.append((st.st_dev, st.st_ino))
    return found


def discard_outputs(job: Job, writers: Sequence[Writer], before: Sequence[Identity]) -> None:
    """After ``job``'s worker was killed or died without a result: remove its temporary files and
    any output it had already renamed into place (one that is not the file that was there
    before it started), so that a failed input leaves no outputs."""
    if job.out_url is not None:
        from .remote import discard

        names = _remote_names(job, writers)
        remote_before = [b if isinstance(b, str) else None for b in before]
        discard(job.out_url, names, remote_before, [f"{job.name}_files"])
        return
    remove_partial(job, writers)
    for target, old in zip(output_paths(job, writers), before, strict=False):
        try:
            st = os.stat(target)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) != old:
            with contextlib.suppress(OSError):
                target.unlink()


def clean_partial(dest: Path, kept: list[Path] | None = None) -> int:
    """Remove the temporary output files (``.NAME.PID-XXXXXXXX.part``) that a killed run left
    under ``dest`` (not in hidden folders; not a live ``convert``'s into the same folder);
    return how many. ``kept`` collects those whose process is still alive: a worker of a
    run killed a moment ago may still be finishing a system call (a disk sync) and die
    only then, so :func:`remove_stale` looks at them again at the end of the run."""

    def parts() -> Iterator[Path]:
        for folder, dirs, files in os.walk(dest):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            yield from (Path(folder, name) for name in files if PART_NAME.match(name))

    return remove_stale(parts(), kept)


def remove_stale(paths: Iterable[Path], kept: list[Path] | None = None) -> int:
    """Remove those of the temporary files ``paths`` whose process is gone by now; return how
    many (``kept`` collects the others)."""
    removed = 0
    for path in paths:
        if is_stale_temp(path, unknown_age=0.0):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        elif kept is not None:
            kept.append(path)
    return removed
