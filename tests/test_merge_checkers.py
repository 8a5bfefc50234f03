"""scripts/merge_checkers.py: the joined file reads a pair as the mean of its members' probabilities, through the
app's three inputs, and its manifest names every member."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import merge_checkers  # noqa: E402


def _tiny_checker(path: Path, seed: int) -> Path:
    """A checker's interface on a toy network: three int64 inputs, logits over three labels, each input used."""
    rng = np.random.default_rng(seed)
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
              for name in merge_checkers.INPUTS]
    nodes, features = [], []
    for name in merge_checkers.INPUTS:
        nodes += [helper.make_node("Cast", [name], [name + "_f"], to=TensorProto.FLOAT),
                  helper.make_node("ReduceMean", [name + "_f"], [name + "_m"], axes=[1], keepdims=1)]
        features.append(name + "_m")
    nodes += [helper.make_node("Concat", features, ["features"], axis=1),
              helper.make_node("MatMul", ["features", "weights"], ["scaled"]),
              helper.make_node("Add", ["scaled", "bias"], ["logits"])]
    weights = [numpy_helper.from_array(rng.normal(0, 0.5, (3, 3)).astype(np.float32), "weights"),
               numpy_helper.from_array(rng.normal(0, 0.5, 3).astype(np.float32), "bias")]
    output = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3])
    graph = helper.make_graph(nodes, "tiny", inputs, [output], initializer=weights)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), str(path))
    return path


def _read(path: Path, feed: dict) -> np.ndarray:
    return ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(["logits"], feed)[0]


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_the_joined_file_gives_the_mean_of_its_members_probabilities(tmp_path):
    members = [_tiny_checker(tmp_path / f"m{i}.onnx", seed) for i, seed in enumerate((1, 2))]
    merge_checkers.merge(members, tmp_path / "joined.onnx")
    rng = np.random.default_rng(0)
    feed = {"input_ids": rng.integers(0, 30000, (4, 9)), "attention_mask": rng.integers(0, 2, (4, 9)),
            "token_type_ids": rng.integers(0, 2, (4, 9))}
    alone = [_softmax(_read(m, feed)) for m in members]
    assert np.abs(alone[0] - alone[1]).max() > 0.05  # the members disagree, so a mean is not either one
    joined = _read(tmp_path / "joined.onnx", feed)  # the log of the mean: a softmax of it gives the mean back
    assert np.abs(np.exp(joined) - (alone[0] + alone[1]) / 2).max() < 1e-6


def test_the_manifest_names_every_member(tmp_path):
    dirs = []
    for i, seed in enumerate((1, 2)):
        folder = tmp_path / f"member{i}"
        folder.mkdir()
        _tiny_checker(folder / "checker.onnx", seed)
        (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
        (folder / "manifest.json").write_text(json.dumps({
            "base_model": "tiny", "labels": ["not", "shows", "contradicts"], "max_tokens": 16, "unit": "answer",
            "training": {"seed": seed, "sources": ["answers"]}, "pairs_sha256": f"pairs{i}",
            "model": {"sha256": merge_checkers.sha256(folder / "checker.onnx")}}), encoding="utf-8")
        dirs.append(folder)
    merge_checkers.main(tmp_path / "out", dirs)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [m["pairs_sha256"] for m in manifest["members"]] == ["pairs0", "pairs1"]
    assert [m["training"]["seed"] for m in manifest["members"]] == [1, 2]
    assert manifest["model"]["sha256"] == merge_checkers.sha256(tmp_path / "out" / "checker.onnx")
    assert manifest["labels"] == ["not", "shows", "contradicts"] and "inputs" in manifest
