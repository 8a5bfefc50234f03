"""Offline recognition in every language: load time, real-time factor, resident memory and character
error rate per language, for the decoding settings Parley uses and the alternatives it was chosen over.

Speech is espeak-ng's at 130 words per minute (robotic: a pessimistic stand-in for a learner), two sentences
per language.
Prints one JSON object. Usage: .venv/bin/python bench/stt_multilingual.py [--quick]
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from core.audio_format import SPEECH_RATE  # noqa: E402
from core.languages import LANGUAGES  # noqa: E402
from core.text.metrics import character_error_rate  # noqa: E402

SENTENCES = {
    "en": ["I usually take the bus to work because it is cheaper than driving.",
           "Last summer we visited my grandmother in a small village by the sea."],
    "es": ["Normalmente tomo el autobús para ir al trabajo porque es más barato.",
           "El verano pasado visitamos a mi abuela en un pueblo pequeño cerca del mar."],
    "fr": ["D'habitude je prends le bus pour aller au travail parce que c'est moins cher.",
           "L'été dernier nous avons rendu visite à ma grand-mère dans un petit village."],
    "de": ["Normalerweise fahre ich mit dem Bus zur Arbeit, weil es billiger ist.",
           "Letzten Sommer haben wir meine Großmutter in einem kleinen Dorf am Meer besucht."],
    "zh": ["去年夏天我们去看了我的奶奶", "我们去看了我的奶奶"],
    "hi": ["मैं आमतौर पर काम पर बस से जाता हूँ क्योंकि यह सस्ता है।", "पिछली गर्मियों में हम समुद्र के पास एक छोटे गाँव में दादी से मिले।"],
    "ja": ["私はたいていバスで会社に行きます", "去年の夏、海の近くの村に行きました"],
    "ko": ["저는 보통 버스를 타고 회사에 가요. 운전하는 것보다 싸니까요.", "작년 여름에 우리는 바닷가 작은 마을에 사시는 할머니를 찾아뵈었어요."],
    "pt": ["Normalmente vou de ônibus para o trabalho porque é mais barato.",
           "No verão passado visitamos a minha avó numa pequena aldeia perto do mar."],
    "ar": ["عادة أذهب إلى العمل بالحافلة لأنها أرخص من السيارة.", "في الصيف الماضي زرنا جدتي في قرية صغيرة قرب البحر."],
    "ru": ["Обычно я езжу на работу на автобусе, потому что это дешевле.",
           "Прошлым летом мы навестили бабушку в маленькой деревне у моря."],
    "it": ["Di solito vado al lavoro in autobus perché costa meno della macchina.",
           "L'estate scorsa abbiamo visitato mia nonna in un piccolo paese vicino al mare."],
    "nl": ["Meestal ga ik met de bus naar mijn werk, omdat dat goedkoper is.",
           "Vorige zomer hebben we mijn oma bezocht in een klein dorp aan zee."],
}


# espeak-ng cannot read Chinese characters or kanji ("Chinese letter"): it reads pinyin and kana instead,
# and the sentences above stay the reference.
SPOKEN = {
    "去年夏天我们去看了我的奶奶": ("cmn-latn-pinyin", "qu4 nian2 xia4 tian1 wo3 men qu4 kan4 le wo3 de nai3 nai5"),
    "我们去看了我的奶奶": ("cmn-latn-pinyin", "wo3 men qu4 kan4 le wo3 de nai3 nai5"),
    "私はたいていバスで会社に行きます": ("ja", "わたしは たいてい バスで かいしゃに いきます"),
    "去年の夏、海の近くの村に行きました": ("ja", "きょねんの なつ うみの ちかくの むらに いきました"),
}


def espeak(text: str, code: str, rate: int = 130) -> np.ndarray:
    """16 kHz mono float samples of espeak-ng reading `text` (pinyin or kana for Chinese and Japanese)."""
    voice, text = SPOKEN.get(text, (LANGUAGES[code].espeak, text))
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", text],
                         check=True, capture_output=True).stdout
    from services import audio

    return audio.decode(wav, max_bytes=50 << 20, max_seconds=600)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from faster_whisper import WhisperModel

    from services.stt.local import COMPUTE_TYPE, DECODING, initial_prompt
    from services.stt.model_cache import multilingual_model_dir

    quick = "--quick" in sys.argv
    started = time.perf_counter()
    model = WhisperModel(str(multilingual_model_dir()), device="cpu", compute_type=COMPUTE_TYPE["multilingual"], cpu_threads=2)
    load_s = time.perf_counter() - started
    candidates = {"parley": DECODING, "greedy": {**DECODING, "beam_size": 1}}
    if not quick:
        candidates["no_repeat_guard"] = {k: v for k, v in DECODING.items() if k != "no_repeat_ngram_size"}
    clips = {code: [espeak(s, code) for s in SENTENCES[code]] for code in SENTENCES}
    results: dict = {"model": f"whisper-base multilingual ({COMPUTE_TYPE['multilingual']}, 2 threads)", "load_s": round(load_s, 2)}
    for name, params in candidates.items():
        per_lang = {}
        for code, samples in clips.items():
            errors, audio_s, cpu_s = [], 0.0, 0.0
            for text, clip in zip(SENTENCES[code], samples):
                t0 = time.process_time()
                segments, _ = model.transcribe(clip, language=code, initial_prompt=initial_prompt(code), **params)
                heard = " ".join(s.text.strip() for s in segments)
                cpu_s += time.process_time() - t0
                audio_s += len(clip) / SPEECH_RATE
                errors.append(character_error_rate(text, heard))
            per_lang[code] = {"cer": round(float(np.mean(errors)), 3), "cpu_rtf": round(cpu_s / audio_s, 3)}
        results[name] = per_lang
    results["rss_mb"] = round(rss_mb(), 1)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
