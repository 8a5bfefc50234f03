"""Train Parley's soundness model: does a window of an answer state something wrong about its question?

    make soundness    # about 30 min on 2 cores; writes models/soundness/

The claim checker's trainer (scripts/train_checker.py: all-MiniLM-L6-v2 fine-tuned as a cross-encoder, fixed seed,
int8 ONNX, a manifest of hashes) run on scripts/soundness_data.py's (question and key points, answer window) pairs
with two labels, sound / wrong; torch only here, the app runs the ONNX file on onnxruntime (core/judge/soundness.py).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import soundness_data  # noqa: E402
import train_checker  # noqa: E402

OUT = soundness_data.ROOT / "models" / "soundness"


class _SoundnessPairs:
    """What train_checker reads from checker_data, answered from soundness_data."""

    ROOT = soundness_data.ROOT
    LABELS = soundness_data.LABELS
    SOURCES = ("answers",)

    @staticmethod
    def training_pairs(seed: int, sources: tuple[str, ...]) -> list[dict]:
        return soundness_data.training_pairs(seed)

    @staticmethod
    def inputs_digest() -> dict[str, str]:
        return soundness_data.inputs_digest()

    @staticmethod
    def pairs_digest(seed: int, sources: tuple[str, ...]) -> str:
        return soundness_data.pairs_digest(seed)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[args.index("--out") + 1]) if "--out" in args else OUT
    train_checker.checker_data = _SoundnessPairs
    train_checker.main(["--out", str(out), "--epochs", "2", "--lr", "5e-5", *args])
    (out / "checker.onnx").replace(out / "soundness.onnx")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["model"]["file"] = "soundness.onnx"
    manifest["unit"] = "question with its key points, and a window of the answer"
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
