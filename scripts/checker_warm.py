"""A shipped checker's weights, read back from its int8 ONNX file into torch, so a run can start from it.

Training the checker from its base takes longer than one working session on 2 cores; continuing from the shipped
file (its weights dequantized: int8 value minus zero point, times scale) takes a fraction of that. The parent's
SHA-256 goes into the manifest, so a continued model is tied to the file it grew from.
"""
from __future__ import annotations

import re

import numpy as np


def _array(tensor) -> np.ndarray:
    from onnx import numpy_helper

    return numpy_helper.to_array(tensor)


def state_dict(path) -> dict[str, np.ndarray]:
    """Torch names (BertForSequenceClassification) -> float32 arrays, from an ONNX file exported by
    scripts/train_checker.py and quantized by onnxruntime's quantize_dynamic."""
    import onnx

    model = onnx.load(str(path))
    init = {t.name: t for t in model.graph.initializer}
    out: dict[str, np.ndarray] = {}

    def dequantized(name: str) -> np.ndarray:
        q = _array(init[f"{name}_quantized"]).astype(np.float32)
        zero = _array(init[f"{name}_zero_point"]).astype(np.float32)
        return (q - zero) * _array(init[f"{name}_scale"]).astype(np.float32)

    for name, tensor in init.items():
        if name.endswith(("_quantized", "_scale", "_zero_point")):
            continue
        out[name] = _array(tensor).astype(np.float32)  # biases and LayerNorms stay float
    for name in ("bert.embeddings.word_embeddings.weight", "bert.embeddings.token_type_embeddings.weight",
                 "bert.embeddings.position_embeddings.weight"):
        out[name] = dequantized(name)
    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        weight = node.input[1].removesuffix("_quantized")
        found = re.match(r"/(bert/encoder/layer\.\d+/[a-z_/]+?)/MatMul_output", node.output[0])
        if found:
            torch_name = found.group(1).replace("/", ".").removeprefix(".") + ".weight"
        elif weight.endswith("_Transposed"):
            torch_name = weight.removesuffix("_Transposed")
        else:
            raise ValueError(f"unmapped weight {weight} -> {node.output[0]}")
        out[torch_name] = dequantized(weight).T.copy()  # ONNX multiplies x @ W; torch keeps W as (out, in)
    return out
