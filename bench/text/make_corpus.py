#!/usr/bin/env python3
"""Deterministic multilingual paragraph corpus for text_bench (see README.md).

Source sentences come from the demo ward's pages (content/demo-ward/pages/*/LOCALE.md):
front matter and Markdown syntax are stripped, blocks are split into sentences, and the
sentences of each locale are shuffled with a fixed seed and recombined into paragraphs of
1-4 sentences until the corpus holds at least --min-bytes of text. Output: one paragraph
per line, `LOCALE<TAB>TEXT`, UTF-8. The easy-Japanese pages keep their ruby markup
(`{base|reading}`), so those paragraphs exercise ruby layout; every other locale has ruby
markup reduced to its base text.

    make_corpus.py OUT.tsv [--min-bytes N] [--seed S] [--pages DIR]
"""
import argparse
import random
import re
import sys
from pathlib import Path

LOCALES = ["ja", "ja-x-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi", "pt", "es", "tl", "id",
           "ne", "th", "my", "ar"]
# Scripts written without spaces between sentences.
NO_SPACE = {"ja", "ja-x-easy", "zh-Hans", "zh-Hant"}

RUBY = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Sentence ends: CJK full stops split with no space needed; the others need a space after.
SENT_CJK = re.compile(r"(?<=[。！？])")
SENT_SPACED = re.compile(r"(?<=[.!?।॥။؟])\s+")


def strip_front_matter(text):
    if text.startswith("+++"):
        end = text.find("\n+++", 3)
        if end >= 0:
            front = text[3:end]
            m = re.search(r'^title\s*=\s*"(.*)"\s*$', front, re.M)
            body = text[end + 4:]
            return (m.group(1) + "\n\n" if m else "") + body
    return text


def blocks(md, locale):
    """Plain-text lines of a Markdown body, one per heading, list item, table row or paragraph line."""
    for raw in md.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                continue  # table separator row
            # Ruby markup holds a '|' too: re-join cells split inside `{base|reading}`.
            joiner = "、" if locale in NO_SPACE else ", "
            line = joiner.join(c for c in re.split(r"\s*\|\s*(?![^{]*\})", line.strip("|")) if c)
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
        line = re.sub(r"^>\s*", "", line)
        line = LINK.sub(r"\1", line)
        line = line.replace("**", "").replace("__", "").replace("`", "")
        line = line.strip()
        if line:
            yield line


def sentences(line, locale):
    parts = SENT_CJK.split(line) if locale in NO_SPACE else SENT_SPACED.split(line)
    return [p.strip() for p in parts if p.strip()]


def load_sentences(pages_dir):
    pool = {loc: [] for loc in LOCALES}
    for md in sorted(pages_dir.glob("*/*.md")):
        loc = md.stem
        if loc not in pool:
            continue
        body = strip_front_matter(md.read_text(encoding="utf-8"))
        for line in blocks(body, loc):
            if loc != "ja-x-easy":
                line = RUBY.sub(r"\1", line)
            pool[loc].extend(sentences(line, loc))
    return pool


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--min-bytes", type=int, default=1_100_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--pages", type=Path, default=here.parent.parent / "content/demo-ward/pages")
    args = ap.parse_args()

    pool = load_sentences(args.pages)
    missing = [loc for loc, s in pool.items() if not s]
    if missing:
        sys.exit(f"make_corpus: no sentences for {', '.join(missing)} under {args.pages}")
    rng = random.Random(args.seed)
    # Each locale walks its own shuffled deck of sentences, reshuffled when used up.
    decks = {loc: [] for loc in LOCALES}

    def draw(loc):
        if not decks[loc]:
            decks[loc] = pool[loc][:]
            rng.shuffle(decks[loc])
        return decks[loc].pop()

    total = 0
    lines = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        while total < args.min_bytes:
            order = LOCALES[:]
            rng.shuffle(order)  # every locale once per round, in a seeded order
            for loc in order:
                n = rng.randint(1, 4)
                sep = "" if loc in NO_SPACE else " "
                text = sep.join(draw(loc) for _ in range(n)).replace("\t", " ")
                data = f"{loc}\t{text}\n"
                out.write(data)
                total += len(data.encode("utf-8"))
                lines += 1
    print(f"make_corpus: {lines} paragraphs, {total} bytes -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
