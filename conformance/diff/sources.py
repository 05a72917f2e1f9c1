"""Turn a diff argument into a spec directory: a directory as is, `REV:PATH` through git."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SourceError(Exception):
    """The argument names neither a directory nor a readable git revision; one line."""


def is_revision(arg: str) -> bool:
    return ":" in arg and not Path(arg).exists()


def label(arg: str) -> str:
    """Where the files live in the repository: `main:spec` -> `spec`, a directory as given."""
    if is_revision(arg):
        return arg.split(":", 1)[1].strip("/") or "."
    return arg.rstrip("/") or arg


@contextmanager
def spec_dir(arg: str, repo: Path | None = None) -> Iterator[Path]:
    """The spec directory `arg` names; a git revision is extracted into a temporary directory."""
    path = Path(arg)
    if path.is_dir():
        yield path
        return
    if path.exists():
        raise SourceError(f"{arg}: not a directory")
    if not is_revision(arg):
        raise SourceError(f"{arg}: no such directory (a git revision is written REV:PATH)")
    with tempfile.TemporaryDirectory(prefix="lookup-diff-") as tmp:
        extract(arg, Path(tmp), repo)
        yield Path(tmp)


def extract(treeish: str, dest: Path, repo: Path | None = None) -> None:
    """`git archive REV:PATH` unpacked into `dest`."""
    try:
        done = subprocess.run(
            ["git", "archive", "--format=tar", treeish],
            cwd=repo,
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise SourceError(f"{treeish}: cannot run git: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise SourceError(f"{treeish}: not a git tree: {reason[-1] if reason else 'git failed'}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(dest, filter="data")
