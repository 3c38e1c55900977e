"""Figures of the image work: a cold build (empty cache) and a warm rebuild (nothing changed).

    python scripts/bench_images.py [--cards 2000] [--photos content/photos]

Photos: every source photo in the folder, asked for by two languages (processed once). Cards: as many
social cards as a site of `--cards / 2` sites in two languages needs, with distinct titles and places.
Prints what ruhr.site.images.stats() counts, wall and CPU time; a warm rebuild must show 0 decoded, 0 drawn.
A real build writes the same figures to <CACHE_PATH>/images/stats.json.
"""

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

import yaml  # noqa: E402

from ruhr.site import cards, images  # noqa: E402


def places():
    doc = yaml.safe_load((ROOT / "data" / "municipalities.yaml").read_text(encoding="utf-8"))
    return [(m["lat"], m["lon"]) for m in doc["municipalities"]]


def card_specs(count):
    rng = random.Random(1)
    words = ["Gewerbegebiet", "Industriepark", "Logistikfläche", "Hafen", "Zeche", "Am", "Kanal", "Ost", "Süd",
             "Technologiequartier", "Ehemaliges", "Kraftwerk", "Hellweg", "Lippe", "Emscher", "Rheinufer"]
    for i in range(count):
        lang = "de" if i % 2 == 0 else "en"
        title = " ".join(rng.sample(words, rng.randint(2, 5))) + f" {i // 2}"
        yield cards.CardSpec(f"site-{i // 2}-{lang}", title, f"{rng.randint(1, 60)} ha · GI · A {rng.randint(1, 59)} "
                             f"({rng.randint(1, 90) / 10} km)", f"Fläche · Stadt {i % 53}", "Metropole Ruhr · Standorte",
                             (51.3 + rng.random() * 0.5, 6.5 + rng.random() * 1.4))


def build(photo_dir, output, cache, specs, region):
    images.reset_stats()
    wall, cpu = time.perf_counter(), cpu_seconds()
    pipeline = images.PhotoPipeline(photo_dir, output, cache / "images")
    names = sorted(p.name for p in photo_dir.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png", ".webp"})
    pipeline.prepare(names)
    for _lang in ("de", "en"):  # every language asks for every photo: processed once all the same
        for name in names:
            pipeline.photo(name)
    photo_wall, photo_cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    cards.CardMaker(output, cache / "cards", places=region).cards(specs)
    return images.stats(), (photo_wall, photo_cpu), (time.perf_counter() - wall, cpu_seconds() - cpu)


def cpu_seconds():
    """CPU time of this process and its finished child processes (the card workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=ROOT / "content" / "photos")
    parser.add_argument("--cards", type=int, default=2000)
    args = parser.parse_args()
    specs = list(card_specs(args.cards))
    region = places()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; Pillow {cards.Image.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for run in ("cold", "warm"):
            figures, photos, total = build(args.photos, tmp / f"output-{run}", tmp / "cache", specs, region)
            print(f"{run:5} build: {images.summary(figures)}\n"
                  f"      photos {photos[0]:.2f} s wall, {photos[1]:.2f} s CPU; cards {total[0] - photos[0]:.2f} s "
                  f"wall, {total[1] - photos[1]:.2f} s CPU (all processes)")
        one = specs[0]
        design = cards.Design((1200, 630), images.ruhr_settings.DEFAULTS["RUHR_CARD_COLOURS"], tuple(region))
        started = time.process_time()
        for spec in specs[:200]:
            cards.to_png(design.render(spec))
        per_card = (time.process_time() - started) / min(200, len(specs)) * 1000
        print(f"one card ({one.title!r}): {per_card:.1f} ms CPU to draw and encode (words cached)")


if __name__ == "__main__":
    main()
