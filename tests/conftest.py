"""Shared fixtures: a clean environment (no real keys), a temp database, the fake OpenAI server."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes.openai_server import FakeOpenAI  # noqa: E402
from tests.postgres import db_target, pg_server  # noqa: E402,F401  (fixtures: a real PostgreSQL)

_PROVIDER_ENV = ("GROQ_API_KEY", "OPENAI_API_KEY", "LLM_BASE_URL", "LLM_API_KEY", "LLM_MODEL", "PARLEY_LLM",
                 "GROQ_BASE_URL", "OPENAI_BASE_URL", "PARLEY_DB", "PARLEY_SINGLE_USER", "DATABASE_URL",
                 "PARLEY_DAILY_CALLS")


# The labelled answer sets' embeddings, computed once by the real model (`make vectors`) and checked against it
# (tests/test_bank_vectors.py): the judge tests then spend their time judging, not re-embedding the same
# 3,000 sentences in every run. A sentence not in the file (a new or edited answer) is embedded as before.
LABELLED_VECTORS = ROOT / "tests" / "data" / "labelled_vectors.npz"
# The claim checker's readings of the same answers against their key points, recorded the same way
# (PARLEY_RECORD_CHECKS) and checked against the model by tests/test_checker_model.py.
LABELLED_CHECKS = ROOT / "tests" / "data" / "labelled_checks.npz"
# The evidence model's readings of the labelled job sets' résumé lines against their requirements, recorded the same
# way (PARLEY_RECORD_EVIDENCE, `make vectors`) and checked against the model by tests/test_evidence_model.py.
JOB_CHECKS = ROOT / "tests" / "data" / "jobs_checks.npz"
# The topic model's readings of the same answers against their questions (PARLEY_RECORD_TOPIC, `make vectors`),
# checked against the model by tests/test_topic_model.py.
LABELLED_TOPIC = ROOT / "tests" / "data" / "labelled_topic.npz"
# The claim reader's readings of the same answers' sentences against their questions' known wrong claims
# (PARLEY_RECORD_CLAIMS, `make vectors`), checked against the model by tests/test_claim_reader.py.
LABELLED_CLAIM_READS = ROOT / "tests" / "data" / "labelled_claim_reads.npz"
# The soundness model's readings of the same answers' windows against their questions (PARLEY_RECORD_SOUNDNESS,
# `make vectors`), checked against the model by tests/test_soundness_model.py.
LABELLED_SOUNDNESS = ROOT / "tests" / "data" / "labelled_soundness.npz"


def pytest_configure(config):
    import os

    from core.job import evidence_model
    from core.judge import checker, claim_reader, meaning, soundness, topic_model

    meaning.also_use(LABELLED_VECTORS)
    checker.also_use(LABELLED_CHECKS)
    if LABELLED_CLAIM_READS.exists():
        claim_reader.also_use(LABELLED_CLAIM_READS)
    evidence_model.also_use(JOB_CHECKS)
    topic_model.also_use(LABELLED_TOPIC)
    if LABELLED_SOUNDNESS.exists():
        soundness.also_use(LABELLED_SOUNDNESS)
    if os.environ.get("PARLEY_RECORD_SOUNDNESS"):
        soundness.record()
    if os.environ.get("PARLEY_RECORD_CHECKS"):
        checker.record()
    if os.environ.get("PARLEY_RECORD_TOPIC"):
        topic_model.record()
    if os.environ.get("PARLEY_RECORD_CLAIMS"):
        claim_reader.record()
    if os.environ.get("PARLEY_RECORD_EVIDENCE"):
        evidence_model.record()


def pytest_sessionfinish(session):
    """With PARLEY_RECORD_VECTORS=path, save every embedding this run made that the banks' file lacks; with
    PARLEY_RECORD_CHECKS=path, every reading the claim checker made (PARLEY_RECORD_EVIDENCE: the evidence model,
    PARLEY_RECORD_TOPIC: the topic model, PARLEY_RECORD_CLAIMS: the claim reader, PARLEY_RECORD_SOUNDNESS: the
    soundness model)."""
    import os

    if hasattr(session.config, "workerinput"):
        return
    from core.job import evidence_model
    from core.judge import checker, checks_file, claim_reader, soundness, topic_model

    for variable, model, file, what in (("PARLEY_RECORD_CHECKS", checker, "checker.onnx", "checker"),
                                        ("PARLEY_RECORD_CLAIMS", claim_reader, "checker.onnx", "claim reader"),
                                        ("PARLEY_RECORD_EVIDENCE", evidence_model, "evidence.onnx", "evidence"),
                                        ("PARLEY_RECORD_TOPIC", topic_model, "topic.onnx", "topic"),
                                        ("PARLEY_RECORD_SOUNDNESS", soundness, "soundness.onnx", "soundness")):
        path = os.environ.get(variable)
        readings = model.recorded() if path else {}
        if readings:
            checks_file.save(readings, Path(path), model.MODEL_DIR / file)
            print(f"\nrecorded {len(readings)} {what} readings in {path}")
    target = os.environ.get("PARLEY_RECORD_VECTORS")
    if not target:
        return
    from core.judge import meaning, shipped

    bank = {shipped.key(kind, text) for kind, text in shipped.bank_texts()}
    kept = [(kind, text, vector) for kind, text, vector in meaning.cached() if shipped.key(kind, text) not in bank]
    if kept:
        import numpy as np

        shipped.save(np.stack([v for _, _, v in kept]), [(k, t) for k, t, _ in kept], Path(target))
        print(f"\nrecorded {len(kept)} vectors in {target}")


@pytest.fixture(autouse=True)
def offline_env(monkeypatch, tmp_path):
    """Every test starts offline, with its own database, whatever the developer's shell has."""
    for name in _PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARLEY_DB", str(tmp_path / "parley.db"))
    monkeypatch.setenv("PARLEY_LLM", "offline")
    # Each AppTest run is a new visitor with no cookie: tests about other things see every session, as a
    # single-user install does. Tests of visitor ownership set PARLEY_SINGLE_USER=0 themselves.
    monkeypatch.setenv("PARLEY_SINGLE_USER", "1")
    monkeypatch.setenv("GTTS_ENABLED", "0")  # gTTS needs the internet; its own tests opt in
    # Replies are not read aloud unless a test is about that (it opts in): Piper reading every coach opening
    # (20 s of speech each) in every AppTest and browser session was half of the first step's CPU.
    monkeypatch.setenv("SPEAK_REPLIES", "0")
    from config import get_settings
    from services.llm import get_provider

    get_settings.cache_clear()
    get_provider.cache_clear()
    yield
    get_settings.cache_clear()
    get_provider.cache_clear()


@pytest.fixture
def fake_openai():
    with FakeOpenAI() as server:
        yield server


# Speech: real English speech from the bundled Piper voice, synthesized once per test session.
@pytest.fixture(scope="session")
def piper_voice():
    """The offline Piper voice (joe, US English, 22.05 kHz), loaded once (~1.5 s)."""
    from services.tts.piper import load_piper

    return load_piper()  # the app's own process-wide voice: loaded once for the whole run


@pytest.fixture(scope="session")
def speak(piper_voice):
    """speak(text) -> (int16 samples, sample rate): deterministic Piper speech, cached per text."""
    import numpy as np
    from piper import SynthesisConfig

    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)  # no randomness: same audio every run
    cache: dict[str, tuple] = {}

    def synthesize(text: str):
        if text not in cache:
            chunks = list(piper_voice.synthesize(text, syn_config=config))
            samples = np.concatenate([c.audio_int16_array for c in chunks])
            samples.setflags(write=False)
            cache[text] = (samples, chunks[0].sample_rate)
        return cache[text]

    return synthesize


# Markers: `make test-fast` runs what is neither slow nor browser. A test is slow when it drives the app
# (AppTest), starts a server, or loads a real model; browser tests drive Chromium. Files say so with
# `pytestmark`; the rules below catch the common cases so a new test is sorted without remembering to.
_SLOW_FIXTURES = {"speak", "piper_voice", "fake_openai"}
_SLOW_NAMES = {"new_app", "AppTest", "FakeOpenAI", "ScriptedOpenAI", "app_on_fake_model", "streamlit_server",
               "load_local_model", "load_piper"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name.endswith("_browser.py"):
            item.add_marker(pytest.mark.browser)
        elif item.get_closest_marker("browser") or item.get_closest_marker("live"):
            # make test collects only tests/*_browser.py for its browser steps (the whole suite's collection
            # costs 5 s a step), and its first step skips browser tests: such a test would never run.
            raise pytest.UsageError(f"{item.nodeid}: a browser test must live in a tests/*_browser.py file")
        module_names = set(vars(item.module)) if getattr(item, "module", None) else set()
        if (_SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))) or (_SLOW_NAMES & module_names) \
                or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)
