"""How far apart two clips of the same scene look: the picture each shows at the same
moments, compared pixel by pixel.

    python bench/compare_frames.py A.mp4 B.mp4 [--every 0.25] [--save DIR]

Decodes both clips once and, at every ``--every`` seconds (offset by a fraction of a frame
so that samples fall inside animations as well as holds), takes the frame each clip shows
at that moment (its last frame that started at or before it, however long a frame is
shown). Prints the two lengths, then over all samples: the PSNR of B against A (RGB, peak
255; identical frames count as 99 dB), its minimum, median and the moment of the worst;
the largest difference of any channel of any pixel, and the share of pixels that differ
by more than 8 levels (1/32 of the range). ``--save`` writes the worst pair and their
difference (amplified 8x) as PNGs to look at; ``--save-as`` keeps the figures for
bench/RESULTS.md. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import av
import numpy as np

IDENTICAL_DB = 99.0


def frames_at(path: Path, times: list[float]):
    """Yield (time, RGB array) of the frame shown at each of the ascending ``times``."""
    pending = list(times)
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        shown = None
        for frame in box.decode(stream):
            start = float(frame.pts * stream.time_base)
            while pending and start > pending[0] + 1e-9:
                yield pending.pop(0), shown.to_ndarray(format="rgb24")
            shown = frame
            if not pending:
                return
        while pending and shown is not None:
            yield pending.pop(0), shown.to_ndarray(format="rgb24")


def length(path: Path) -> float:
    with av.open(str(path)) as box:
        stream = box.streams.video[0]
        return float(stream.duration * stream.time_base)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.int16) - b.astype(np.int16)) ** 2))
    return IDENTICAL_DB if mse == 0 else min(IDENTICAL_DB, 10 * np.log10(255 ** 2 / mse))


def compare(a: Path, b: Path, every: float = 0.25, save: Path | None = None) -> dict:
    end = min(length(a), length(b))
    times = [t for t in np.arange(every / 3, end, every)]
    worst = (IDENTICAL_DB + 1, None, None, None)
    scores, biggest, over = [], 0, []
    for (t, x), (_, y) in zip(frames_at(a, times), frames_at(b, times)):
        score = psnr(x, y)
        diff = np.abs(x.astype(np.int16) - y.astype(np.int16))
        scores.append(score)
        biggest = max(biggest, int(diff.max()))
        over.append(float(np.mean(diff.max(axis=2) > 8)))
        if score < worst[0]:
            worst = (score, t, x, y)
    result = {"a": str(a), "b": str(b), "length_a": length(a), "length_b": length(b),
              "samples": len(scores), "psnr_min": min(scores),
              "psnr_median": float(np.median(scores)), "worst_at": worst[1],
              "max_abs_diff": biggest, "share_over_8_max": max(over),
              "share_over_8_mean": float(np.mean(over))}
    if save is not None and worst[2] is not None:
        from PIL import Image

        save.mkdir(parents=True, exist_ok=True)
        stem = f"{Path(a).stem}_{worst[1]:.2f}s"
        Image.fromarray(worst[2]).save(save / f"{stem}_a.png")
        Image.fromarray(worst[3]).save(save / f"{stem}_b.png")
        amplified = np.clip(np.abs(worst[2].astype(np.int16) - worst[3]) * 8, 0, 255)
        Image.fromarray(255 - amplified.astype(np.uint8)).save(save / f"{stem}_diff.png")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--every", type=float, default=0.25, help="seconds between samples")
    parser.add_argument("--save", type=Path, help="folder for the worst pair's PNGs")
    parser.add_argument("--save-as", metavar="NAME",
                        help="also keep the figures as bench/results/frames-NAME.json")
    parser.add_argument("--what", default="", help="what is compared, for RESULTS.md")
    args = parser.parse_args(argv)
    figures = compare(args.a, args.b, args.every, args.save)
    print(json.dumps(figures, indent=1))
    if args.save_as:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from bench import report

        report.save(f"frames-{args.save_as}", dict(figures, what=args.what or args.save_as))
    return 0


if __name__ == "__main__":
    sys.exit(main())
