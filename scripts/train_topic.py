"""Train Parley's topic model: does an answer answer this question, or another one? (docs/topic-model.md)

    make topic        # about 60 min on 2 cores; writes models/topic/

The claim checker's trainer (scripts/train_checker.py: all-MiniLM-L6-v2 fine-tuned as a cross-encoder, fixed seed,
int8 ONNX, a manifest of hashes) run on scripts/topic_data.py's (question, answer) pairs with two labels,
other / this; torch only here, the app runs the ONNX file on onnxruntime (core/judge/topic_model.py).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import topic_data  # noqa: E402
import train_checker  # noqa: E402

OUT = topic_data.ROOT / "models" / "topic"


class _TopicPairs:
    """What train_checker reads from checker_data, answered from topic_data."""

    ROOT = topic_data.ROOT
    LABELS = topic_data.LABELS
    SOURCES = ("answers",)

    @staticmethod
    def training_pairs(seed: int, sources: tuple[str, ...]) -> list[dict]:
        return topic_data.training_pairs(seed)

    @staticmethod
    def inputs_digest() -> dict[str, str]:
        return topic_data.inputs_digest()

    @staticmethod
    def pairs_digest(seed: int, sources: tuple[str, ...]) -> str:
        return topic_data.pairs_digest(seed)


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[args.index("--out") + 1]) if "--out" in args else OUT
    train_checker.checker_data = _TopicPairs
    train_checker.main(["--out", str(out), "--epochs", "2", "--lr", "5e-5", *[a for a in args]])
    (out / "checker.onnx").replace(out / "topic.onnx")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["model"]["file"] = "topic.onnx"
    manifest["unit"] = "question and answer"
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
