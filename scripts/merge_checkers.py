"""Join trained checkers into one ONNX file that reads a pair with each and gives the mean of their probabilities.

    python scripts/merge_checkers.py OUT_DIR A_DIR B_DIR [...]   # folders scripts/train_checker.py wrote

Two checkers trained on different data and seeds err differently; their mean is surer where they agree and less
sure where they do not (docs/claim-checker.md measures the shipped r17 with models/tried/r20: not shipped yet). One file
keeps one model for the app: the same inputs, one output named `logits` (the log of the mean probabilities, so a
softmax of it gives the mean back), one session and one manifest. Each member keeps its own int8 weights and runs
as it did alone: dynamic quantization works per operation, so a member reads a pair in the joined file exactly as
it does in its own.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import onnx
from onnx import compose, helper

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_data  # noqa: E402

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def merge(members: list[Path], out: Path) -> None:
    nodes, initializers, value_info, probabilities = [], [], [], []
    base = None
    for i, path in enumerate(members):
        model = onnx.load(str(path))
        base = base or model
        prefix = f"m{i}_"
        model = compose.add_prefix(model, prefix)
        shared = {prefix + name: name for name in INPUTS}
        for node in model.graph.node:
            for k, name in enumerate(node.input):
                if name in shared:
                    node.input[k] = shared[name]
        nodes += list(model.graph.node)
        initializers += list(model.graph.initializer)
        value_info += list(model.graph.value_info)
        nodes.append(helper.make_node("Softmax", [prefix + "logits"], [prefix + "probs"], axis=-1))
        probabilities.append(prefix + "probs")
    nodes.append(helper.make_node("Sum", probabilities, ["sum_probs"]))
    initializers.append(helper.make_tensor("members", onnx.TensorProto.FLOAT, [], [float(len(members))]))
    nodes.append(helper.make_node("Div", ["sum_probs", "members"], ["mean_probs"]))
    nodes.append(helper.make_node("Log", ["mean_probs"], ["logits"]))
    graph = helper.make_graph(nodes, "checkers", list(base.graph.input), list(base.graph.output),
                              initializer=initializers, value_info=value_info)
    joined = helper.make_model(graph, opset_imports=list(base.opset_import), ir_version=base.ir_version,
                               producer_name="parley merge_checkers")
    onnx.checker.check_model(joined)
    onnx.save(joined, str(out))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(out: Path, members: list[Path]) -> None:
    """The joined model, the members' tokenizer (they share their base's) and a manifest naming every member."""
    manifests = [json.loads((m / "manifest.json").read_text(encoding="utf-8")) for m in members]
    tokenizers = {sha256(m / "tokenizer.json") for m in members}
    assert len(tokenizers) == 1, "the members must share one tokenizer"
    out.mkdir(parents=True, exist_ok=True)
    merge([m / "checker.onnx" for m in members], out / "checker.onnx")
    (out / "tokenizer.json").write_bytes((members[0] / "tokenizer.json").read_bytes())
    first = manifests[0]
    manifest = {key: first[key] for key in ("base_model", "labels", "max_tokens", "unit")}
    manifest |= {
        "combine": "mean of the members' probabilities (scripts/merge_checkers.py)",
        "members": [{"training": m["training"], "pairs_sha256": m["pairs_sha256"], "model_sha256": m["model"]["sha256"]}
                    for m in manifests],
        "inputs": checker_data.inputs_digest(),
        "model": {"file": "checker.onnx", "bytes": (out / "checker.onnx").stat().st_size,
                  "sha256": sha256(out / "checker.onnx")},
        "tokenizer_sha256": tokenizers.pop(),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
