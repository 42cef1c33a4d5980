"""``docconv convert --cluster``: a batch on a real Dask cluster (issue 17).

A scheduler and two workers are started as the ``dask scheduler`` / ``dask worker``
commands (subprocesses, not in-process objects), and ``docconv`` runs as a subprocess
against them, as a user runs it: the outputs and the report must be those of a local
``--jobs 1`` run; a worker killed with SIGKILL mid-batch costs no file and leaves no
temporary file; a file that runs too long is stopped on its worker by ``--timeout``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DEV, need_shared

pytest.importorskip("distributed")

BIN = Path(sys.executable).parent
DASK = str(BIN / "dask")
DOCCONV = [sys.executable, "-m", "convert"]
EPOCH = "1700000000"
GROUP = "docconv"  # (the plugins' entry-point group)  # SOURCE_DATE_EPOCH: outputs identical from run to run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "1"  # a killed worker's task: retried once
    return env


class Cluster:
    """A scheduler and its workers, each a ``dask`` command in its own process."""

    def __init__(self, workdir: Path, workers: int = 2, env: dict[str, str] | None = None, nanny: bool = True) -> None:
        self.env = _env() | (env or {})
        self.nanny = nanny  # (without one, the worker runs in the command's process: PYTHONPATH holds there)
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.logs = workdir
        self._start([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"], "scheduler")
        for i in range(workers):
            self.add_worker(f"w{i}")
        self.wait_for(workers)

    def _start(self, command: list[str], name: str) -> None:
        log = open(self.logs / f"{name}.log", "wb")
        # (its own working folder: the client's relative paths must not work there by chance)
        self.procs.append(
            subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=self.logs, start_new_session=True
            )
        )

    def add_worker(self, name: str) -> None:
        command = [DASK, "worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard", "--name", name]
        if not self.nanny:
            command.append("--no-nanny")
        self._start(command, name)

    def client(self):  # type: ignore[no-untyped-def]
        from distributed import Client

        return Client(self.address, timeout=30)

    def wait_for(self, n: int) -> None:
        with self.client() as client:
            client.wait_for_workers(n, timeout=60)

    def worker_pids(self) -> dict[str, int]:
        with self.client() as client:
            return client.run(os.getpid)

    def busy_worker_pid(self, wait: float = 60) -> int:
        """The process of a worker that is converting a file right now."""
        deadline = time.monotonic() + wait
        with self.client() as client:
            while time.monotonic() < deadline:
                busy = [address for address, keys in client.processing().items() if keys]
                if busy:
                    return int(client.run(os.getpid, workers=[busy[0]])[busy[0]])
                time.sleep(0.02)
        raise AssertionError("no worker became busy")

    def stop(self) -> None:
        for proc in reversed(self.procs):
            with_group = proc.pid
            try:
                os.killpg(with_group, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if not Path(DASK).exists():
        pytest.skip("the dask command is not installed (the cluster extra)")
    started = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        yield started
    finally:
        started.stop()


def docconv(*args: object, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DOCCONV, *map(str, args)], capture_output=True, text=True, env=_env(), cwd=cwd, timeout=timeout
    )


def _inputs(tmp_path: Path, copies: int = 1) -> Path:
    """The dev corpus's inputs (txt, html, pdf), ``copies`` times, in a folder of the test's."""
    src = need_shared(DEV / "inputs")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(copies):
        for path in sorted(src.iterdir()):
            if path.suffix in (".txt", ".html", ".pdf"):
                shutil.copy(path, folder / (f"{i}-{path.name}" if copies > 1 else path.name))
    return folder


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _untimed(value: object) -> object:
    """A report without what differs from run to run (durations, step times, worker count)."""
    if isinstance(value, dict):
        return {k: _untimed(v) for k, v in value.items() if k not in ("duration", "seconds", "jobs")}
    if isinstance(value, list):
        return [_untimed(v) for v in value]
    return value


def test_a_batch_on_the_cluster_gives_the_outputs_and_report_of_a_local_run(cluster: Cluster, tmp_path: Path) -> None:
    folder = _inputs(tmp_path)
    local = docconv(
        "convert", "in", "-r", "-t", "md,docx,epub", "-o", "local", "-j", "1", "--report", "local.json", cwd=tmp_path
    )
    assert local.returncode == 0, local.stderr
    remote = docconv(
        "convert", "in", "-r", "-t", "md,docx,epub", "-o", "remote", "--cluster", cluster.address, "--report", "remote.json",
        cwd=tmp_path,
    )  # fmt: skip
    assert remote.returncode == 0, remote.stderr
    ours, theirs = _files(tmp_path / "remote"), _files(tmp_path / "local")
    assert len(ours) >= 3 * len(list(folder.iterdir()))
    assert ours == theirs
    report = json.loads((tmp_path / "remote.json").read_text(encoding="utf-8"))
    expected = json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))
    for record in expected["files"]:
        record["outputs"] = [o.replace("local", "remote", 1) for o in record["outputs"]]
    assert _untimed(report) == _untimed(expected)
    assert report["summary"]["jobs"] >= 2  # (the cluster's workers)


def test_the_environment_variable_names_the_cluster(cluster: Cluster, tmp_path: Path) -> None:
    _inputs(tmp_path)
    env = _env() | {"DOCCONV_CLUSTER": cluster.address}
    proc = subprocess.run(
        [*DOCCONV, "convert", "in", "-r", "-o", "out", "-q", "--report", "r.json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["summary"]["jobs"] >= 2


def test_a_worker_killed_mid_batch_costs_no_file(cluster: Cluster, tmp_path: Path) -> None:
    folder = _inputs(tmp_path, copies=6)
    count = len(list(folder.iterdir()))
    command = [*DOCCONV, "convert", "in", "-r", "-t", "md,docx", "-o", "out", "-q", "--cluster", cluster.address]
    batch = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 120
        while not any((tmp_path / "out").rglob("*.md")) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(cluster.busy_worker_pid(), signal.SIGKILL)  # (at work: its file must be run again elsewhere)
        _out, err = batch.communicate(timeout=300)
    finally:
        if batch.poll() is None:
            batch.kill()
    assert batch.returncode == 0, err
    outputs = _files(tmp_path / "out")
    assert len([n for n in outputs if n.endswith(".md")]) == count
    for name, data in outputs.items():
        if name.endswith(".docx"):
            with zipfile.ZipFile(tmp_path / "out" / name) as docx:
                assert docx.testzip() is None
        elif name.endswith(".md"):
            assert data.startswith(b"---\n") and len(data) > 100
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".part")]
    cluster.add_worker(
        "w-replacement"
    )  # (the nanny restarts the killed worker; a third keeps later tests at two or more)
    cluster.wait_for(2)


HOSTILE_RULE = '[[contact]]\nname = "evil"\nsearch = "(a+)+$"\nreason = "evil"\n'


def test_a_file_that_spins_is_stopped_on_its_worker_and_the_rest_converts(cluster: Cluster, tmp_path: Path) -> None:
    """A catastrophic rule (``(a+)+$`` on forty a's and a bang) runs for ever on one file: the
    worker's ``--timeout`` stops it, the report says so, the other files convert."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"fine-{i}.txt").write_text("A title\n\nA paragraph of plain text that is fine.\n", encoding="utf-8")
    (folder / "evil.txt").write_text("A title\n\n" + "a" * 40 + "!\n", encoding="utf-8")
    (tmp_path / "evil.toml").write_text(HOSTILE_RULE, encoding="utf-8")
    start = time.monotonic()
    proc = docconv(
        "convert", "in", "-r", "-o", "out", "--rules", "evil.toml", "--timeout", "2", "--cluster", cluster.address,
        "--report", "r.json", cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert time.monotonic() - start < 60
    assert proc.returncode == 1, proc.stderr
    assert "docconv: error: in/evil.txt: took longer than 2 s and was stopped (see --timeout)" in proc.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    status = {Path(r["input"]).name: r["status"] for r in report["files"]}
    assert status == {
        "evil.txt": "failed",
        "fine-0.txt": "converted",
        "fine-1.txt": "converted",
        "fine-2.txt": "converted",
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fine-0.md", "fine-1.md", "fine-2.md"]


def test_an_unreachable_scheduler_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A title\n\nText.\n", encoding="utf-8")
    address = f"tcp://127.0.0.1:{_free_port()}"
    proc = subprocess.run(
        [*DOCCONV, "convert", "a.txt", "-o", "out", "--cluster", address],
        capture_output=True, text=True, env=_env() | {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"},
        cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"docconv: error: --cluster: cannot reach the Dask scheduler at {address}")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_worker_without_a_plugin_the_client_has_is_refused(cluster: Cluster, tmp_path: Path) -> None:
    """A plugin the client loads (``--plugin`` from a folder only the client's path has) and
    the workers cannot: the run is refused before any file is sent, naming plugin and worker."""
    plugin = tmp_path / "plugs"
    plugin.mkdir()
    (plugin / "client_only_plugin.py").write_text("from convert import hookimpl\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A title\n\nText.\n", encoding="utf-8")
    env = _env() | {"PYTHONPATH": str(plugin)}
    proc = subprocess.run(
        [*DOCCONV, "--plugin", "client_only_plugin", "convert", "a.txt", "-o", "out", "--cluster", cluster.address],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "docconv: error: --cluster: worker tcp://127.0.0.1:" in proc.stderr
    assert "client_only_plugin" in proc.stderr
    assert not (tmp_path / "out" / "a.md").exists()


SLOW_WRITER = """
import time
from convert import Writer, hookimpl

class SlowWriter(Writer):
    name = "slow"
    extension = ".slow"
    description = "writes half, then takes its time"

    def write(self, doc, out, options):
        out.write(b"half ")
        time.sleep(4)
        out.write(b"and the rest")

@hookimpl
def register_writers(register):
    register(SlowWriter())
"""


def test_a_run_stopped_by_max_runtime_leaves_no_output_behind(tmp_path: Path) -> None:
    """--max-runtime on the cluster: the conversions at work are killed on their workers and
    what they wrote removed, as in a local run; nothing appears after the client has said
    the files failed (a task cancelled in Dask alone would go on writing)."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "slow_cluster_writer.py").write_text(SLOW_WRITER, encoding="utf-8")
    env = {"PYTHONPATH": str(plugins)}
    started = Cluster(tmp_path, workers=1, env=env, nanny=False)
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        for i in range(3):
            (folder / f"doc-{i}.txt").write_text("A title\n\nA paragraph of plain text.\n", encoding="utf-8")
        proc = subprocess.run(
            [*DOCCONV, "--plugin", "slow_cluster_writer", "convert", "in", "-r", "-o", "out", "-t", "md,slow",
             "--max-runtime", "1.5", "--cluster", started.address, "--report", "r.json"],
            capture_output=True, text=True, env=_env() | env, cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 1, proc.stderr
        reasons = {Path(r["input"]).name: r["error"] for r in json.loads((tmp_path / "r.json").read_text())["files"]}
        assert sorted(reasons) == ["doc-0.txt", "doc-1.txt", "doc-2.txt"]
        assert sum("was stopped" in r for r in reasons.values()) == 1  # (one worker: one file at work)
        assert sum("was not converted" in r for r in reasons.values()) == 2
        time.sleep(6)  # (longer than the writer would have taken to finish)
        out = tmp_path / "out"
        assert not out.exists() or sorted(p.name for p in out.rglob("*")) == []
    finally:
        started.stop()


def test_a_worker_with_a_plugin_the_client_lacks_is_refused(tmp_path: Path) -> None:
    """A worker with an installed plugin the client does not have (a writer here; a step would
    change every file) converts differently: refused before any file is sent, naming both."""
    site = tmp_path / "worker-site"
    dist = site / "extra_cluster_plugin-0.1.dist-info"
    dist.mkdir(parents=True)
    (site / "slow_cluster_writer.py").write_text(SLOW_WRITER, encoding="utf-8")
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: extra-cluster-plugin\nVersion: 0.1\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(f"[{GROUP}]\nslow = slow_cluster_writer\n", encoding="utf-8")
    started = Cluster(tmp_path, workers=1, env={"PYTHONPATH": str(site)}, nanny=False)  # (installed there only)
    try:
        (tmp_path / "a.txt").write_text("A title\n\nText.\n", encoding="utf-8")
        proc = docconv("convert", "a.txt", "-o", "out", "--cluster", started.address, cwd=tmp_path, timeout=120)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith("docconv: error: --cluster: worker tcp://127.0.0.1:"), proc.stderr
        assert "'slow'" in proc.stderr and "this client lacks" in proc.stderr
        assert not (tmp_path / "out" / "a.md").exists()
    finally:
        started.stop()


def test_a_file_name_that_is_not_utf8_converts_on_the_cluster(cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("A title\n\nText.\n", encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("Another title\n\nMore text.\n", encoding="utf-8")
    proc = docconv("convert", "in", "-r", "-o", "out", "-q", "--cluster", cluster.address, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert sorted(os.fsencode(p.name) for p in (tmp_path / "out").iterdir()) == [b"caf\xe9.md", b"ok.md"]


def test_without_the_option_dask_is_not_imported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A title\n\nText.\n", encoding="utf-8")
    code = (
        "import sys, runpy\n"
        "sys.argv = ['docconv', 'convert', 'a.txt', '-o', 'out', '-q', '-j', '1']\n"
        "try:\n    runpy.run_module('convert', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "assert 'distributed' not in sys.modules and 'dask' not in sys.modules, 'dask imported'\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=120
    )
    assert proc.stdout.strip() == "ok", proc.stderr


def test_sync_on_the_cluster_converts_new_files_once_and_keeps_its_state_on_the_client(
    cluster: Cluster, tmp_path: Path
) -> None:
    folder = _inputs(tmp_path)
    first = docconv("sync", "in", "out", "-t", "md", "--cluster", cluster.address, "--log", "log.jsonl", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    local = docconv("sync", "in", "local", "-t", "md", "-j", "1", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    ours = {k: v for k, v in _files(tmp_path / "out").items() if not k.startswith(".docconv")}
    theirs = {k: v for k, v in _files(tmp_path / "local").items() if not k.startswith(".docconv")}
    assert ours == theirs and len(ours) == len(list(folder.iterdir()))
    assert (tmp_path / "out" / ".docconv-sync.sqlite").is_file()
    logged = (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["status"] for line in logged) == ["converted"] * len(ours)
    again = docconv("sync", "in", "out", "-t", "md", "--cluster", cluster.address, "--log", "log.jsonl", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "log.jsonl").read_text(encoding="utf-8").splitlines() == logged  # (nothing new: nothing run)
    (folder / "new.txt").write_text("A new title\n\nA new paragraph of text.\n", encoding="utf-8")
    third = docconv("sync", "in", "out", "-t", "md", "--cluster", cluster.address, cwd=tmp_path)
    assert third.returncode == 0, third.stderr
    assert (tmp_path / "out" / "new.md").is_file()


def test_a_local_cluster_started_for_the_run_gives_the_same_outputs(tmp_path: Path) -> None:
    if not Path(DASK).exists():
        pytest.skip("Dask is not installed (the cluster extra)")
    _inputs(tmp_path)
    local = docconv("convert", "in", "-r", "-t", "md,docx", "-o", "local", "-q", "-j", "1", cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    ours = docconv("convert", "in", "-r", "-t", "md,docx", "-o", "dask", "-q", "--cluster", "local:2", cwd=tmp_path)
    assert ours.returncode == 0, ours.stderr
    assert ours.stderr == ""  # (-q: nothing but errors, and Dask's own logging stays quiet)
    assert _files(tmp_path / "dask") == _files(tmp_path / "local")
    bad = docconv("convert", "in", "-r", "-o", "zero", "--cluster", "local:0", cwd=tmp_path)
    assert bad.returncode == 1 and bad.stderr.startswith("docconv: error: --cluster: ")
