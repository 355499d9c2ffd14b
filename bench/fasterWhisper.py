"""faster-whisper on one WAV, for the transcription benchmark's side-by-side row.

Usage: python3 bench/fasterWhisper.py MODEL_DIR WAV THREADS RUNS PROMPT
Loads the CTranslate2 model folder once (int8 on the CPU, THREADS threads), transcribes WAV
RUNS times with the settings the app gives whisper.cpp (greedy, English, word timestamps, the
same initial prompt, no voice activity filter) and prints one JSON line:
{"loadMs": ..., "runsMs": [...], "text": "..."}. The benchmark skips this row when
faster-whisper is not installed; it is not part of the app or its tests.
"""

import json
import sys
import time

from faster_whisper import WhisperModel


def main() -> None:
    model_dir, wav, threads, runs, prompt = sys.argv[1:6]
    started = time.perf_counter()
    model = WhisperModel(
        model_dir, device="cpu", compute_type="int8", cpu_threads=int(threads), num_workers=1
    )
    load_ms = (time.perf_counter() - started) * 1000
    runs_ms = []
    text = ""
    for _ in range(int(runs)):
        started = time.perf_counter()
        segments, _info = model.transcribe(
            wav,
            language="en",
            beam_size=1,
            best_of=1,
            word_timestamps=True,
            initial_prompt=prompt,
            vad_filter=False,
        )
        text = "".join(segment.text for segment in segments)
        runs_ms.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"loadMs": load_ms, "runsMs": runs_ms, "text": text.strip()}))


if __name__ == "__main__":
    main()
