#!/usr/bin/env python3
"""Writes N noise pictures (RGB PNG, W x H, stored without compression so encoding is
fast; random pixels would not compress anyway) into a bundle's images/ folder, seeded so
every run makes the same bytes. Prints the total bytes written.
Usage: make_filler.py BUNDLE_DIR [N [W H [SEED]]]   (default 32 x 1024x1066, about 100 MiB)"""
import os, random, struct, sys, zlib

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 32
w = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
h = int(sys.argv[4]) if len(sys.argv) > 4 else 1066
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 15


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


rng = random.Random(seed)
os.makedirs(os.path.join(out, "images"), exist_ok=True)
total = 0
for i in range(n):
    pixels = rng.randbytes(w * h * 3)
    rows = b"".join(b"\0" + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
           chunk(b"IDAT", zlib.compress(rows, 0)) + chunk(b"IEND", b""))
    with open(os.path.join(out, "images", "filler-%02d.png" % i), "wb") as f:
        f.write(png)
    total += len(png)
print(total)
