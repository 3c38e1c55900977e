"""Make Pagefind's bundle byte-reproducible: the same pages give the same files.

Pagefind (1.5) writes its filter indexes from hash maps, in an order that changes from run to run; the
filter files' names (content hashes), the language metadata that names them and `pagefind-entry.json` change
with it, so every publish would upload them again. This puts the filter values, the filter list and the
languages in a fixed order, then names each rewritten file by the hash of its new content, as Pagefind does.

The files are gzip-compressed CBOR after the signature `pagefind_dcd`; Pagefind's loader reads any order.
"""

import gzip
import hashlib
import json
import os

import cbor2

SIGNATURE = b"pagefind_dcd"


def _read(path):
    with open(path, "rb") as fh:
        raw = gzip.decompress(fh.read())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return cbor2.loads(raw[len(SIGNATURE):])


def _write(old_path, pattern, lang, digits, doc):
    """Write `doc` next to `old_path` as `pattern` filled with `<lang>_<hash>`, replacing it; returns the name."""
    payload = SIGNATURE + cbor2.dumps(doc)
    name = f"{lang}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    os.remove(old_path)
    with open(os.path.join(os.path.dirname(old_path), pattern.format(name)), "wb") as fh:
        fh.write(gzip.compress(payload, compresslevel=9, mtime=0))
    return name


def normalise(bundle):
    """Rewrite the filter files, the language metadata and the entry file of the Pagefind `bundle` folder."""
    entry_path = os.path.join(bundle, "pagefind-entry.json")
    with open(entry_path, encoding="utf-8") as fh:
        entry = json.load(fh)
    filters = os.path.join(bundle, "filter")
    for lang, info in entry["languages"].items():
        meta_path = os.path.join(bundle, f"pagefind.{info['hash']}.pf_meta")
        meta = _read(meta_path)
        renamed = []
        for filter_name, old in meta[3]:
            old_path = os.path.join(filters, f"{old}.pf_filter")
            name, values = _read(old_path)
            doc = [name, sorted(values, key=lambda value: value[0])]
            renamed.append([filter_name, _write(old_path, "{}.pf_filter", lang, 7, doc)])
        meta[3] = sorted(renamed)
        info["hash"] = _write(meta_path, "pagefind.{}.pf_meta", lang, 10, meta)
    entry["languages"] = dict(sorted(entry["languages"].items()))
    with open(entry_path, "w", encoding="utf-8") as fh:
        json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
