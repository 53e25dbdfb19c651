#!/usr/bin/env python3
"""Adjudicated gold labels for a part of the labelled replies, and how far the labellers agree.

Each reply of `tests/replies/annotations/PART/` is labelled three times, apart
(`original/`, `a/`, `b/`, each `zh.jsonl` and `en.jsonl` in the format of
tests/replies/README.md). The gold written to `tests/replies/PART/` keeps a tag when at least two
of the three gave it, and the option at least two chose (the original author's when all three
differ). It prints each pair's agreement: option, and micro-F1 of steps, techniques and
anti-patterns, taking one trainer as the reference (F1 is symmetric).

    python3 scripts/adjudicate.py held_out          # rewrite the gold, print agreement
    python3 scripts/adjudicate.py held_out --check  # fail if the gold is not the majority
"""
import json
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "replies"
WHO = ("original", "a", "b")
KINDS = ("steps", "techniques", "anti_patterns")


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def majority(labels):
    gold = dict(labels[0])
    options = Counter(l["option"] for l in labels)
    option, votes = options.most_common(1)[0]
    gold["option"] = option if votes >= 2 else labels[0]["option"]
    for kind in KINDS:
        votes = Counter(tag for l in labels for tag in set(l.get(kind, [])))
        gold[kind] = sorted(tag for tag, n in votes.items() if n >= 2)
    return gold


def agreement(one, other):
    same = sum(x["option"] == y["option"] for x, y in zip(one, other)) / len(one)
    f1 = {}
    for kind in KINDS:
        tp = fp = fn = 0
        for x, y in zip(one, other):
            a, b = set(x.get(kind, [])), set(y.get(kind, []))
            tp += len(a & b)
            fp += len(a - b)
            fn += len(b - a)
        f1[kind] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return same, f1


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    part = args[0]
    check = "--check" in sys.argv[1:]
    annotations = ROOT / "annotations" / part
    per_who = {w: [] for w in WHO}
    gold_all = []
    outputs = []
    for lang in ("zh", "en"):
        sets = {w: read(annotations / w / f"{lang}.jsonl") for w in WHO}
        ids = [r["id"] for r in sets["original"]]
        for w in WHO:
            by_id = {r["id"]: r for r in sets[w]}
            if sorted(by_id) != sorted(ids) or len(sets[w]) != len(ids):
                sys.exit(f"{annotations / w / lang}.jsonl: ids differ from original's")
            sets[w] = [by_id[i] for i in ids]
            per_who[w] += sets[w]
        gold = [majority([sets[w][k] for w in WHO]) for k in range(len(ids))]
        gold_all += gold
        out = ROOT / part / f"{lang}.jsonl"
        text = "".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold)
        if check and out.read_text(encoding="utf-8") != text:
            sys.exit(f"{out} is not the majority of {annotations}")
        outputs.append((out, text))
    if not check:
        # Both languages were read and checked before either file is replaced.
        for out, text in outputs:
            tmp = out.with_suffix(".jsonl.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
    print(f"{part}: {len(gold_all)} replies, three labels each")
    print(f"{'pair':<22}{'option':>8}{'steps':>8}{'techn.':>8}{'anti-p.':>8}")
    for x, y in combinations(WHO, 2):
        same, f1 = agreement(per_who[x], per_who[y])
        print(f"{x + ' / ' + y:<22}{same:>8.3f}" + "".join(f"{f1[k]:>8.3f}" for k in KINDS))
    for w in WHO:
        same, f1 = agreement(per_who[w], gold_all)
        print(f"{w + ' / majority':<22}{same:>8.3f}" + "".join(f"{f1[k]:>8.3f}" for k in KINDS))


if __name__ == "__main__":
    main()
