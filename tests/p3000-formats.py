"""Archives, compressed streams, structured text, documents, encodings and
hostile inputs: the fixtures tests/fixtures/make_fixtures.py builds with
real producers (zip, tar, gzip, bzip2, xz, zstd, 7z, cpio, python3-docx,
openpyxl, reportlab), scanned and compared with its expected.json, one
check per fixture file (all its records agree)."""
import json
import os
import subprocess
import sys
import shlex

from tlib import TOP, check, done, records, run, tmpdir

out = os.path.join(tmpdir(), "fx")
p = subprocess.run(["/usr/bin/python3", os.path.join(TOP, "tests/fixtures/make_fixtures.py"), out],
                   capture_output=True, timeout=300)
if not check(p.returncode == 0, "fixtures generated"):
    print("# " + p.stderr.decode()[-2000:].replace("\n", "\n# "))
    done()
exp = json.load(open(os.path.join(out, "expected.json")))


def path_of(r):
    o = r["resourcesAffected"]["s3Object"]
    e = o.get("embeddedFileDetails")
    return o["key"] + ("!/" + e["filePath"] if e else "")


def counts(r):
    c = {}
    for cat in r["classificationDetails"]["result"]["sensitiveData"]:
        for d in cat["detections"]:
            c[d["type"]] = d["count"]
    return c


def occ(r, kind):
    m = {}
    for cat in r["classificationDetails"]["result"]["sensitiveData"]:
        for d in cat["detections"]:
            if kind in d["occurrences"]:
                m[d["type"]] = d["occurrences"][kind]
    return m


def matches(r, e):
    """Why record r does not meet expectation e (or one of its alts)."""
    why = None
    for cand in [e] + e.get("alt", []):
        full = dict(e, **cand)
        st = r["classificationDetails"]["result"]["status"]
        problems = []
        if st["code"] != full["status"] or st["reason"] != full["reason"]:
            problems.append(f"status {st['code']}/{st['reason']}, want {full['status']}/{full['reason']}")
        if "counts" in full and counts(r) != full["counts"]:
            problems.append(f"counts {counts(r)}, want {full['counts']}")
        for kind in ("lineRanges", "cells", "records", "pages"):
            if kind in full and occ(r, kind) != full[kind]:
                problems.append(f"{kind} {occ(r, kind)}, want {full[kind]}")
        if not problems:
            return None
        why = why or "; ".join(problems)
    return why


# The fixtures test extraction: their expected.json lists the planted
# values, not the generated people's names and addresses that NAME and
# ADDRESS (dictionary and shape identifiers, tested in p1040) would add.
NO_DICT = ["--exclude-identifiers", "NAME,ADDRESS"]


def compare(label, recs, objects):
    got = {}
    for r in recs:
        got.setdefault(path_of(r), []).append(r)
    by_file = {}
    for e in objects:
        by_file.setdefault(e["path"].split("!/")[0], []).append(e)
    for top in sorted(by_file):
        problems = []
        for e in by_file[top]:
            rs = got.pop(e["path"], [])
            if not rs:
                if not e.get("optional"):
                    problems.append(f"{e['path']}: no record")
                continue
            if len(rs) > 1:
                problems.append(f"{e['path']}: {len(rs)} records")
            w = matches(rs[0], e)
            if w:
                problems.append(f"{e['path']}: {w}")
        extra = [k for k in got if k.split("!/")[0] == top]
        for k in extra:
            problems.append(f"{k}: unexpected record")
            got.pop(k)
        check(not problems, f"{label}{top}: {len(by_file[top])} records as expected"
              + ("" if not problems else " -- " + " | ".join(problems[:3])[:900]))
    check(not got, f"{label}no records beyond expected.json ({sorted(got)[:5]})")


rc, stdout, err = run(["scan", *NO_DICT, "-j2", "--quiet", "--exclude", "expected.json", out],
                      cwd=out, timeout=600)
recs = records(stdout)
for r in recs:  # keys are relative to the directory argument
    pass
check(rc in (1, 3), f"scan of the fixtures exits 1 or 3 (got {rc}); stderr: {err.strip()[:200]}")
compare("", recs, exp["objects"])

# The same scan under AddressSanitizer and UBSan (make asan): no report,
# and the same records.
asan = os.path.join(TOP, "trawl-asan")
if check(os.access(asan, os.X_OK), "the sanitizer build exists (make asan)"):
    # The compiled database comes from the cache the plain runs filled
    # (compiling 200+ identifiers under the sanitizers takes minutes).
    p = subprocess.run([asan, "scan", *NO_DICT, "-j2", "--quiet", "--exclude",
                        "expected.json", out], cwd=out, capture_output=True, timeout=900)
    e = p.stderr.decode(errors="replace")
    check("Sanitizer" not in e and "runtime error" not in e,
          "no sanitizer report scanning every fixture" + ("" if "Sanitizer" not in e else
                                                          ": " + e[:500]))
    check(p.stdout.decode() == stdout, "the sanitizer build writes the same records")
    for opts, spec in sorted(exp.get("with_options", {}).items()):
        p = subprocess.run([asan, "scan", *NO_DICT, "--quiet"] + shlex.split(opts) +
                           [os.path.join(out, x) for x in spec["scan"]],
                           capture_output=True, timeout=900)
        e = p.stderr.decode(errors="replace")
        check("Sanitizer" not in e and "runtime error" not in e and p.returncode in (0, 1, 3),
              f"[{opts}] no sanitizer report, exit {p.returncode}")

for opts, spec in sorted(exp.get("with_options", {}).items()):
    args = ["scan", *NO_DICT, "-j2", "--quiet"] + shlex.split(opts) + [os.path.join(out, x) for x in spec["scan"]]
    rc, stdout, err = run(args, timeout=600)
    recs = records(stdout)
    for r in recs:  # a file argument's key is the path given: make it relative
        o = r["resourcesAffected"]["s3Object"]
        o["key"] = os.path.relpath(o["key"], out)
    compare(f"[{opts}] ", recs, spec["objects"])

done()
