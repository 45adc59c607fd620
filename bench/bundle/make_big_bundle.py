#!/usr/bin/env python3
"""Writes a generated bundle of N pages (default 5000) in ja and en, with realistic page
bodies taken from content/demo-ward, for the bundle benchmarks. Usage: make_big_bundle.py OUT [N]"""
import os, re, sys, random

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content", "demo-ward")
bodies = {}
for loc in ("ja", "en"):
    bodies[loc] = []
    for page in sorted(os.listdir(os.path.join(root, "pages"))):
        text = open(os.path.join(root, "pages", page, loc + ".md"), encoding="utf-8").read()
        body = text.split("+++", 2)[2]
        body = re.sub(r"\[([^\]]*)\]\((page|procedure):[^)]*\)", r"\1", body)  # no links
        bodies[loc].append(body)

random.seed(7)
os.makedirs(os.path.join(out, "pages"), exist_ok=True)
# Pictures that the borrowed page bodies show.
import shutil
shutil.copytree(os.path.join(root, "images"), os.path.join(out, "images"), dirs_exist_ok=True)
with open(os.path.join(out, "bundle.toml"), "w", encoding="utf-8") as f:
    f.write('id = "big"\nversion = "1"\ndefault_locale = "ja"\nlocales = ["ja", "en"]\n'
            'time_zone = "Asia/Tokyo"\n[title]\nja = "大きなバンドル"\nen = "Big bundle"\n'
            '[hours]\nmon-fri = "08:30-17:15"\n')
    for cat in ("living", "procedures", "disaster", "transit", "tourism"):
        f.write('[[category]]\nid = "%s"\nicon = "info"\n[category.title]\nja = "%s"\nen = "%s"\n' % (cat, cat, cat))
cats = ["living", "procedures", "disaster", "transit", "tourism"]
for i in range(n):
    d = os.path.join(out, "pages", "p%05d" % i)
    os.makedirs(d, exist_ok=True)
    for loc in ("ja", "en"):
        with open(os.path.join(d, loc + ".md"), "w", encoding="utf-8") as f:
            f.write('+++\ncategory = "%s"\norder = %d\ntitle = "%s %d"\n+++\n' % (cats[i % 5], i, "ページ" if loc == "ja" else "Page", i))
            f.write(random.choice(bodies[loc]))
print(out)
