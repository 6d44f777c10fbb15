"""The sample corpus: every planted value found where corpus/sample/EXPECTED.tsv
says, nothing else reported, and the whole output equal to the expected
result file tests/expected/sample.jsonl (regenerate it with
`tests/p2200-sample-corpus.py --update` after a deliberate change)."""
import csv
import os
import shutil
import sys

from tlib import TOP, check, done, records, run, tmpdir

SAMPLE = os.path.join(TOP, "corpus", "sample")
GOLDEN = os.path.join(TOP, "tests", "expected", "sample.jsonl")

# A copy with fixed modification times, so lastModified is reproducible.
d = os.path.join(tmpdir(), "sample")
shutil.copytree(SAMPLE, d)
for root, dirs, files in os.walk(d):
    for f in files:
        os.utime(os.path.join(root, f), (1767225600, 1767225600))

rc, out, err = run(["scan", "-j2", "--quiet", d])
check(rc == 1, f"scanning the sample corpus exits 1 (found), got {rc}")
recs = records(out)

got = set()
for r in recs:
    key = r["resourcesAffected"]["s3Object"]["key"]
    for cat in r["classificationDetails"]["result"]["sensitiveData"]:
        for det in cat["detections"]:
            for o in det["occurrences"]["lineRanges"]:
                got.add((key, det["type"], o["start"], o["startColumn"]))

want = set()
with open(os.path.join(SAMPLE, "EXPECTED.tsv")) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        t = row["type"]
        # Column names as keywords (CSV) come with structured extraction:
        # until then a card in the credit_card column has no keyword nearby.
        if row["file"].endswith(".csv") and t == "CREDIT_CARD_NUMBER":
            t = "CREDIT_CARD_NUMBER_(NO_KEYWORD)"
        want.add((row["file"], t, int(row["line"]), int(row["column"])))

check(len(want) >= 80, f"EXPECTED.tsv plants {len(want)} occurrences")
missed = sorted(want - got)
extra = sorted(got - want)
check(not missed, f"every planted value is found at its line and column (missed: {missed[:5]})")
check(not extra, f"nothing else is reported (extra: {extra[:5]})")
statuses = {r["classificationDetails"]["result"]["status"]["code"] for r in recs}
check(statuses == {"COMPLETE"}, "every sample object is COMPLETE")
check(len(recs) == sum(len(fs) for _, _, fs in os.walk(SAMPLE)),
      f"one record per file ({len(recs)})")

normalized = out.replace(d + "/", "corpus/sample/")
if "--update" in sys.argv:
    with open(GOLDEN, "w") as f:
        f.write(normalized)
golden = open(GOLDEN).read()
check(normalized == golden, "output equals tests/expected/sample.jsonl")
if normalized != golden:
    a, b = golden.splitlines(), normalized.splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print(f"# first difference, record {i + 1}:\n# want {x[:300]}\n# got  {y[:300]}")
            break
done()
