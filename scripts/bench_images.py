"""Figures of the image work: a cold build (empty cache) and a warm rebuild (nothing changed).

    python scripts/bench_images.py [content/photos]

Prints what ruhr.images.stats() counts; a warm rebuild must show 0 decoded.
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from ruhr import cards, images  # noqa: E402


def build(source, output, cache):
    images.reset_stats()
    started = time.perf_counter()
    pipeline = images.PhotoPipeline(source, output, cache / "images")
    names = sorted(p.name for p in source.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"})
    pipeline.prepare(names)
    maker = cards.CardMaker(output, cache / "cards")
    for lang in ("de", "en"):  # every language asks for every photo: processed once all the same
        for name in names:
            pipeline.photo(name)
            maker.card(f"demo-{Path(name).stem}-{lang}", title=Path(name).stem.replace("-", " ").title(),
                       fact=f"Demo card ({lang})", label="Demo", footer="Metropole Ruhr")
    return images.stats(), time.perf_counter() - started


def main():
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content" / "photos"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for run in ("cold", "warm"):
            figures, wall = build(source, tmp / f"output-{run}", tmp / "cache")
            print(f"{run:5} build: {images.summary(figures)}; wall {wall:.2f} s")


if __name__ == "__main__":
    main()
