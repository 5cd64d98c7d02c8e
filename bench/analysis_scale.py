"""Scale of the whole analysis pipeline (CLI, default configuration, k=8) beside a bare
scikit-learn TfidfVectorizer + MiniBatchKMeans, on answers resampled from the real set.

    .venv/bin/python bench/analysis_scale.py [--sizes 10000,100000,1000000] [--distinct] [--repeat 3]
        [--data PATH] [--keep DIR]

Each run is its own subprocess; peak memory is that subprocess's ru_maxrss. Resampled answers repeat
texts, which the pipeline processes once; --distinct appends a random word of the corpus to every
answer so that (almost) all texts differ, the worst case. With --repeat N the two sides run N times
each, taking turns (so a burst of load on the shared cores hits both), and the median of each side
counts, its fastest run beside it. The ratio is of the medians. --keep DIR keeps the CLI's output
of each size (DIR/out-SIZE), e.g. to check that a change leaves the results byte-identical.
Prints figures and ratios, no asserts.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "disaster-needs" / "dev.csv"

BARE = """
import sys
import pandas as pd
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer
frame = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
matrix = TfidfVectorizer().fit_transform(frame["text"])
labels = MiniBatchKMeans(n_clusters=8, random_state=0, n_init=3).fit_predict(matrix)
pd.DataFrame({"id": frame["id"], "cluster": labels}).to_csv(sys.argv[2], index=False)
"""


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one command, run through a fresh measuring process."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024  # ru_maxrss is in KiB on Linux


def make_input(texts: pd.Series, size: int, distinct: bool, path: Path) -> None:
    """Resampled answers; distinct ones get a random corpus word appended, built as plain Python
    strings (a fixed-width numpy string array sized by the longest answer exhausts memory at 1M)."""
    rng = np.random.default_rng(size)
    pool = texts.tolist()
    picks = rng.integers(0, len(pool), size=size).tolist()
    sample = [pool[i] for i in picks]
    if distinct:
        words = list(dict.fromkeys(" ".join(pool).split()))
        extra = rng.integers(0, len(words), size=size).tolist()
        sample = [f"{text} {words[j]}" for text, j in zip(sample, extra, strict=True)]
    pd.DataFrame({"id": range(size), "text": sample}).to_csv(path, index=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--distinct", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"skipped: {args.data} not found (the shared data set lives beside the repository)")
        return 0
    texts = pd.read_csv(args.data)["text_en"].dropna()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"source: {len(texts)} real answers resampled; distinct={args.distinct}; "
        f"self peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print(
        f"{'answers':>9}{'pipeline s':>12}{'(fastest)':>10}{'peak MB':>9}"
        f"{'bare s':>9}{'(fastest)':>10}{'bare MB':>9}{'time ratio':>12}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            source = Path(tmp) / f"in-{size}.csv"
            make_input(texts, size, args.distinct, source)
            cli = [sys.executable, "-m", "analysis", "themes", str(source), "--k", "8"]
            cli += ["--out", str(Path(tmp) / f"out-{size}"), "--quiet"]
            bare_cmd = [sys.executable, "-c", BARE, str(source), str(Path(tmp) / "bare.csv")]
            runs = [(measure(cli), measure(bare_cmd)) for _ in range(args.repeat)]
            ours = [r[0] for r in runs]
            bare = [r[1] for r in runs]
            o_s = statistics.median(t for t, _ in ours)
            b_s = statistics.median(t for t, _ in bare)
            print(
                f"{size:>9}{o_s:>12.1f}{min(t for t, _ in ours):>10.1f}{max(m for _, m in ours):>9.0f}"
                f"{b_s:>9.1f}{min(t for t, _ in bare):>10.1f}{max(m for _, m in bare):>9.0f}"
                f"{o_s / b_s:>12.2f}",
                flush=True,
            )
            if args.keep is not None:
                shutil.copytree(Path(tmp) / f"out-{size}", args.keep / f"out-{size}", dirs_exist_ok=True)
            source.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
