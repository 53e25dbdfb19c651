#!/usr/bin/env python3
"""Trains the reply analyser's word model (`assets/reply-model.json`) from the labelled tuning
parts and the scenario files' authored replies and examples.

The model is one logistic regression per empathy step and per anti-pattern over TF-IDF terms:
Chinese characters, character pairs and triples; English words and word pairs. The analyser
(src/engine/reply/model.rs) computes the same terms, adds a tag the cue rules missed when the
model is sure enough (`add_at`), and drops a tag taken only from the wording of the matched
authored option when the model finds nothing of it in the reply (`drop_below`). The file records
which parts it was trained on, with a hash of each, so a test can tell a stale model and make
sure the held-out part was never among them.

    pip install scikit-learn
    python3 scripts/train-reply-model.py                         # writes assets/reply-model.json
    python3 scripts/train-reply-model.py --without dev3 --out F  # a model that never saw dev3

`scripts/cross-validate-replies.sh` measures each tuning part with a model trained without it:
how the analyser does on an author it has never read (docs/reply-analyser.md).
"""
import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("tune", "dev", "dev2", "dev3", "dev4", "dev5")
STEPS = ("observe_listen", "identify_emotion", "express_understanding", "validate",
         "common_ground", "offer_support")
ANTI_PATTERNS = ("hollow_empathy", "interrupting", "defensive_arguing", "blaming_customer",
                 "conditional_apology", "jargon", "premature_solution", "vague_promise",
                 "but_pivot", "passing_the_buck")
# Chosen by cross-validation over the tuning parts (docs/reply-analyser.md).
C = 10.0
EXAMPLE_WEIGHT = 0.3
MIN_DF = 2
ADD_AT = {"step": 0.5, "anti_pattern": 0.4}
DROP_BELOW = {"step": 0.1, "anti_pattern": 0.1}
# Weights smaller than this are left out of the file; they move no probability visibly.
KEEP_WEIGHT = 0.3

STR = r'"((?:[^"\\]|\\.)*)"'


def fold(text):
    """As src/engine/reply/text.rs folds a reply: full-width forms, curly quotes, lower case."""
    out = []
    for c in text:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            c = chr(o - 0xFEE0)
        elif o == 0x3000:
            c = " "
        elif c in "\u2018\u2019":
            c = "'"
        elif c in "\u201c\u201d":
            c = '"'
        out.append(c)
    return "".join(out).lower()


def terms(text):
    """The model's terms; src/engine/reply/model.rs computes the same."""
    text = fold(text)
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    out = ["z" + c for c in han]
    out += ["z" + a + b for a, b in zip(han, han[1:])]
    out += ["z" + a + b + c for a, b, c in zip(han, han[1:], han[2:])]
    words = re.findall(r"[a-z']+", text)
    out += words + [a + "_" + b for a, b in zip(words, words[1:])]
    return out


def load(part):
    """A labelled part's replies (zh, then en) and the sha256 of its two files, read once."""
    rows, h = [], hashlib.sha256()
    for lang in ("zh", "en"):
        data = (ROOT / "tests" / "replies" / part / f"{lang}.jsonl").read_bytes()
        h.update(data)
        rows += [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    return rows, h.hexdigest()


def phrasings():
    """Every authored reply and example of the shipped scenarios, with its option's tags."""
    out = []
    for path in sorted((ROOT / "scenarios").glob("*.ron")):
        text = path.read_text(encoding="utf-8")
        for choice in text.split("Choice(")[1:]:
            head = choice.split("feedback:")[0]
            tags = set()
            for key in ("steps", "anti_patterns"):
                m = re.search(r"\n\s*" + key + r":\s*\[([^\]]*)\]", head)
                if m:
                    tags |= {t.strip() for t in m.group(1).split(",") if t.strip()}
            said = re.search(r"text:\s*\(\s*zh:\s*" + STR + r",\s*en:\s*" + STR, head)
            if said:
                out += [(said.group(1), tags), (said.group(2), tags)]
            examples = re.search(r"examples:\s*\(\s*zh:\s*\[(.*?)\],\s*en:\s*\[(.*?)\]", head, re.S)
            if examples:
                out += [(t, tags) for t in re.findall(STR, examples.group(1))]
                out += [(t, tags) for t in re.findall(STR, examples.group(2))]
    return [(t.replace("{address}", "").replace('\\"', '"'), tags) for t, tags in out]


def fit(rows, examples):
    texts = [r["text"] for r in rows] + [t for t, _ in examples]
    gold = [set(r["steps"]) | set(r["anti_patterns"]) for r in rows] + [t for _, t in examples]
    weight = [1.0] * len(rows) + [EXAMPLE_WEIGHT] * len(examples)
    vectoriser = TfidfVectorizer(analyzer=terms, sublinear_tf=True, min_df=MIN_DF)
    x = vectoriser.fit_transform(texts)
    models = {}
    for tag in STEPS + ANTI_PATTERNS:
        y = np.array([tag in g for g in gold])
        models[tag] = LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=weight)
    return vectoriser, models


def main():
    parser = argparse.ArgumentParser(description="Train the reply analyser's word model.")
    parser.add_argument("--without", choices=PARTS, help="leave this tuning part out")
    parser.add_argument("--out", type=Path, default=ROOT / "assets" / "reply-model.json")
    args = parser.parse_args()
    without, out = args.without, args.out
    parts = [p for p in PARTS if p != without]
    examples = phrasings()
    loaded = {p: load(p) for p in parts}
    rows = [r for p in parts for r in loaded[p][0]]
    vectoriser, models = fit(rows, examples)
    vocabulary = [str(t) for t in vectoriser.get_feature_names_out()]
    names = list(STEPS + ANTI_PATTERNS)
    weights = {t: [] for t in vocabulary}
    for index, tag in enumerate(names):
        for i, w in enumerate(models[tag].coef_[0]):
            if abs(w) >= KEEP_WEIGHT:
                weights[vocabulary[i]].append([index, round(float(w), 3)])
    model = {
        "about": "Written by scripts/train-reply-model.py; do not edit by hand.",
        "trained_on": [{"part": p, "replies": len(loaded[p][0]), "sha256": loaded[p][1]}
                       for p in parts],
        "examples": len(examples),
        "c": C,
        "example_weight": EXAMPLE_WEIGHT,
        "tags": [{"tag": tag, "bias": round(float(models[tag].intercept_[0]), 4),
                  "add_at": ADD_AT["step" if tag in STEPS else "anti_pattern"],
                  "drop_below": DROP_BELOW["step" if tag in STEPS else "anti_pattern"]}
                 for tag in names],
        # Each term: its idf, and its weight for each tag (by index in `tags`) that has one.
        "terms": {t: [round(float(v), 4), weights[t]] for t, v in zip(vocabulary, vectoriser.idf_)},
    }
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    tmp.replace(out)
    print(f"{out}: {len(vocabulary)} terms, {sum(len(w) for w in weights.values())} weights, "
          f"{out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
