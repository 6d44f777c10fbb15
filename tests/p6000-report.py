"""The data inventory (`trawl report`, `trawl scan --report`): every number
of the JSON and CSV reports checked against an independent computation
from the result records (hand-written records with known content, and a
real scan of corpus/sample); several files merged, duplicates counted
once; CSV quoting and formula guard; the HTML opened in headless Chromium
(screenshot not blank and showing the charts, page text, inline SVG, no
network reference, untrusted paths escaped). No matched value anywhere."""
import csv
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess

from PIL import Image

from tlib import TOP, check, done, records, run, tmpdir, write

d = tmpdir()
CATS = ["FINANCIAL_INFORMATION", "PERSONAL_INFORMATION", "CREDENTIALS", "CUSTOM_IDENTIFIER"]
SEVN = {1: "Low", 2: "Medium", 3: "High"}
SEV_LETTER = {"L": 1, "M": 2, "H": 3}
ERROR_REASONS = {"PERMISSION_DENIED", "INTERNAL_ERROR", "SOURCE_OBJECT_NO_LONGER_AVAILABLE",
                 "OBJECT_VERSION_MISMATCH"}

# Each identifier's severity for 1 / 2-99 / 100+ occurrences, from the catalog.
rc, out, _ = run(["identifiers", "list"])
SEVTAB = {}
for line in out.splitlines()[1:]:
    m = re.match(r"^(\S+)\s.*\s([LMH])/([LMH])/([LMH])\s", line)
    if m:
        SEVTAB[m.group(1)] = [SEV_LETTER[m.group(i)] for i in (2, 3, 4)]
check(len(SEVTAB) > 200, f"identifiers list gives each type's severity ({len(SEVTAB)})")


# ---- the independent computation ---------------------------------------

def place(r):
    """(bucket key, bucket name, s3?, location name, prefix) by README's rule."""
    ra = r["resourcesAffected"]
    so, sb = ra["s3Object"], ra["s3Bucket"]
    key, path = so["key"], so["path"]
    if sb:
        root, s3 = sb["name"], True
    elif len(key) < len(path) and path.endswith(key) and path[len(path) - len(key) - 1] == "/":
        root, s3 = path[:len(path) - len(key)], False
        while len(root) > 1 and root.endswith("/"):
            root = root[:-1]
    else:
        i = path.rfind("/")
        root = "-" if path == "-" else "." if i < 0 else "/" if i == 0 else path[:i]
        s3, key = False, ""
    prefix = key[:key.index("/") + 1] if "/" in key else ""
    if s3:
        name = f"s3://{root}/{prefix}"
    else:
        name = root + ("" if root.endswith("/") or root == "-" else "/") + prefix
    return (not s3, root), root, s3, name, prefix


def hits(r):
    res = r["classificationDetails"]["result"]
    out = {}
    for c in res["sensitiveData"]:
        for x in c["detections"]:
            k = (CATS.index(c["category"]), x["type"])
            out[k] = out.get(k, 0) + x["count"]
    for x in res["customDataIdentifiers"]["detections"]:
        k = (3, x["name"])
        out[k] = out.get(k, 0) + x["count"]
    return out


def type_sev(name, count, objsev):
    t = SEVTAB.get(name)
    if not t or not count:
        return objsev or 1
    return t[0 if count == 1 else 1 if count < 100 else 2]


def objects_of(recs):
    """Deduplicated objects, last record wins, in first-seen order."""
    objs = {}
    for r in recs:
        so = r["resourcesAffected"]["s3Object"]
        emb = so.get("embeddedFileDetails")
        k = (so["path"], emb["filePath"] if emb else None, so["eTag"])
        res = r["classificationDetails"]["result"]
        h = hits(r)
        sev = (r["severity"] or {}).get("score", 0) if r["severity"] else 0
        tsev = {t: type_sev(t[1], n, sev) for t, n in h.items()}
        if not sev and sum(h.values()):
            sev = max(tsev.values())
        o = {"path": so["path"], "member": emb["filePath"] if emb else None,
             "etag": so["eTag"], "status": res["status"]["code"],
             "reason": res["status"]["reason"],
             "size": (emb["fileSize"] if emb else so["size"]) or 0,
             "classified": res["sizeClassified"] or 0, "sev": sev, "hits": h, "tsev": tsev,
             "place": place(r)}
        o["det"] = sum(h.values())
        objs[k] = o
    return list(objs.values())


def score(a):
    if a["objectsAnalysed"] == 0:
        return -1 if a["_err"] else 50
    if a["objectsWithSensitiveData"] == 0:
        return 1 + 48 * a["objectsSkipped"] // a["objects"]
    sev = a["_sev"] or 1
    share = -(-16 * a["objectsWithSensitiveData"] // a["objectsAnalysed"])
    return 50 + 16 * (sev - 1) + min(16, share)


def label(s):
    return "Classification error" if s < 0 else "Not analysed" if s == 50 else \
        "Sensitive" if s > 50 else "Not sensitive"


def stat_add(s, o, det, sev):
    s["objects"] += 1
    s["bytes"] += o["size"]
    s["bytesClassified"] += o["classified"]
    s["detections"] += det
    s["_sev"] = max(s["_sev"], sev)


def new_stat():
    return {"objects": 0, "bytes": 0, "bytesClassified": 0, "detections": 0, "_sev": 0}


def aggregate(objs):
    a = {"objects": 0, "objectsAnalysed": 0, "objectsPartial": 0, "objectsSkipped": 0,
         "objectsNotAnalysed": 0, "objectsWithSensitiveData": 0, "bytes": 0,
         "bytesClassified": 0, "detections": 0, "_sev": 0, "_err": False,
         "cats": [new_stat() for _ in CATS], "types": {}, "reasons": {}}
    for o in objs:
        a["objects"] += 1
        a["bytes"] += o["size"]
        a["bytesClassified"] += o["classified"]
        a["detections"] += o["det"]
        a["_sev"] = max(a["_sev"], o["sev"])
        skipped = o["status"] == "SKIPPED"
        a["objectsSkipped" if skipped else "objectsAnalysed"] += 1
        a["objectsPartial"] += o["status"] == "PARTIAL"
        a["objectsWithSensitiveData"] += o["det"] > 0
        if skipped or o["reason"]:
            a["objectsNotAnalysed"] += 1
            a["_err"] |= skipped and o["reason"] in ERROR_REASONS
            rk = o["reason"] or "(none)"
            a["reasons"][rk] = a["reasons"].get(rk, 0) + 1
        for c in range(4):
            ts = [(t, n) for t, n in o["hits"].items() if t[0] == c and n]
            if ts:
                stat_add(a["cats"][c], o, sum(n for _, n in ts), max(o["tsev"][t] for t, _ in ts))
        for t, n in o["hits"].items():
            if n:
                stat_add(a["types"].setdefault(t, new_stat()), o, n, o["tsev"][t])
    a["score"] = score(a)
    return a


def expected(recs):
    objs = objects_of(recs)
    total = aggregate(objs)
    buckets, locs = {}, {}
    for o in objs:
        bkey, root, s3, name, prefix = o["place"]
        buckets.setdefault(bkey, []).append(o)
        locs.setdefault((bkey, prefix.encode()), []).append(o)
    return objs, total, {k: aggregate(v) for k, v in buckets.items()}, \
        {k: (v[0]["place"][3], aggregate(v)) for k, v in locs.items()}


NUMS = ["objects", "objectsAnalysed", "objectsPartial", "objectsSkipped", "objectsNotAnalysed",
        "objectsWithSensitiveData", "bytes", "bytesClassified", "detections"]


def sevname(s):
    return SEVN.get(s)


def agg_diff(got, exp, scored, where):
    """Differences between a report's aggregate and the expected one."""
    bad = []
    for k in NUMS:
        if got.get(k) != exp[k]:
            bad.append(f"{where} {k} {got.get(k)} != {exp[k]}")
    if got.get("highestSeverity") != sevname(exp["_sev"]):
        bad.append(f"{where} highestSeverity {got.get('highestSeverity')}")
    if scored and (got.get("sensitivityScore") != exp["score"] or
                   got.get("sensitivityLabel") != label(exp["score"])):
        bad.append(f"{where} score {got.get('sensitivityScore')} != {exp['score']}")
    for i, c in enumerate(CATS):
        gc = [x for x in got["categories"] if x["category"] == c]
        ec = exp["cats"][i]
        if len(gc) != 1 or any(gc[0][k] != ec[k] for k in ("objects", "bytes", "bytesClassified",
                                                           "detections")) \
                or gc[0]["highestSeverity"] != sevname(ec["_sev"]):
            bad.append(f"{where} category {c}: {gc} vs {ec}")
    gt = {(CATS.index(x["category"]), x["type"]): x for x in got["types"]}
    if set(gt) != set(exp["types"]):
        bad.append(f"{where} types {sorted(gt)} != {sorted(exp['types'])}")
    else:
        for t, e in exp["types"].items():
            g = gt[t]
            if any(g[k] != e[k] for k in ("objects", "bytes", "bytesClassified", "detections")) \
                    or g["highestSeverity"] != sevname(e["_sev"]):
                bad.append(f"{where} type {t}: {g} vs {e}")
        order = [(CATS.index(x["category"]), x["type"].encode()) for x in got["types"]]
        if order != sorted(order):
            bad.append(f"{where} types not in category, name order")
    if got.get("notAnalysedReasons") != exp["reasons"]:
        bad.append(f"{where} reasons {got.get('notAnalysedReasons')} != {exp['reasons']}")
    return bad


def check_report(rep, recs, what):
    """The JSON report against the independent computation; returns it."""
    objs, total, buckets, locs = expected(recs)
    bad = agg_diff(rep["totals"], total, False, "totals")
    got_b = {(x["source"] == "local", x["bucket"]): x for x in rep["buckets"]}
    if set(got_b) != set(buckets):
        bad.append(f"buckets {sorted(got_b)} != {sorted(buckets)}")
    for k, e in buckets.items():
        if k in got_b:
            bad += agg_diff(got_b[k], e, True, f"bucket {k[1]}")
    order = [(x["source"] == "local", x["bucket"].encode()) for x in rep["buckets"]]
    if order != sorted(order):
        bad.append("buckets not in order")
    got_l = {}
    for b in rep["buckets"]:
        for x in b["locations"]:
            got_l[((b["source"] == "local", b["bucket"]), x["prefix"].encode())] = x
    if set(got_l) != set(locs):
        bad.append(f"locations {sorted(got_l)} != {sorted(locs)}")
    for k, (name, e) in locs.items():
        if k in got_l:
            if got_l[k]["location"] != name:
                bad.append(f"location name {got_l[k]['location']} != {name}")
            bad += agg_diff(got_l[k], e, True, f"location {name}")
    # most sensitive: severity, then detections, then path and member
    found = [o for o in objs if o["det"]]
    found.sort(key=lambda o: (-o["sev"], -o["det"], o["path"].encode(),
                              (o["member"] or "").encode() if o["member"] else b""))
    exp_top = [(o["path"], o["member"], sevname(o["sev"]), o["det"]) for o in found[:50]]
    got_top = [(x["path"], x["member"], x["severity"], x["detections"])
               for x in rep["mostSensitive"]]
    if got_top != exp_top:
        bad.append(f"mostSensitive {got_top[:5]} != {exp_top[:5]}")
    un = [o for o in objs if o["status"] == "SKIPPED" or o["reason"]]
    un.sort(key=lambda o: (o["path"].encode(), o["member"] is not None,
                           (o["member"] or "").encode()))
    exp_un = [(o["path"], o["member"], o["status"], o["reason"], o["place"][3]) for o in un]
    got_un = [(x["path"], x["member"], x["status"], x["reason"], x["location"])
              for x in rep["notAnalysed"]]
    if got_un != exp_un:
        bad.append(f"notAnalysed {got_un} != {exp_un}")
    check(not bad, f"{what}: every number agrees with the records"
          + ("" if not bad else ": " + "; ".join(bad[:6])))
    return objs, total, buckets, locs


def check_csv(path, rep, what):
    """The CSV (RFC 4180, CRLF) against the JSON report, row by row."""
    raw = open(path, "rb").read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    head = rows[0]
    want = []

    def unguard(s):
        return s[1:] if s[:2] in ("'=", "'+", "'-", "'@") else s

    def aggrow(kind, b, loc, a):
        return [kind, b, loc, "", "", str(a["sensitivityScore"]), a["sensitivityLabel"]] + \
            [str(a[k]) for k in NUMS] + [a["highestSeverity"] or "",
                                         ";".join(f"{k}={v}" for k, v in
                                                  sorted(a["notAnalysedReasons"].items()))]

    def statrow(kind, b, loc, cat, typ, s):
        return [kind, b, loc, cat, typ, "", "", str(s["objects"]), "", "", "", "",
                str(s["objects"]), str(s["bytes"]), str(s["bytesClassified"]),
                str(s["detections"]), s["highestSeverity"] or "", ""]

    for b in rep["buckets"]:
        want.append(aggrow("bucket", b["bucket"], "", b))
        for l in b["locations"]:
            want.append(aggrow("location", b["bucket"], l["location"], l))
            for c in l["categories"]:
                if c["objects"]:
                    want.append(statrow("category", b["bucket"], l["location"], c["category"],
                                        "", c))
            for t in l["types"]:
                want.append(statrow("type", b["bucket"], l["location"], t["category"],
                                    t["type"], t))
    got = [[unguard(c) for c in r] for r in rows[1:]]
    check(len(head) == 18 and head[0] == "kind" and all(len(r) == 18 for r in rows) and
          got == want and raw.count(b"\r\n") == len(rows),
          f"{what}: CSV has one row per bucket, location, category and type, equal to the JSON"
          + ("" if got == want else f" (first difference: "
             f"{next((g, w) for g, w in zip(got + [None] * len(want), want) if g != w)})"))
    return rows


def rec(path, key, status="COMPLETE", reason=None, size=100, classified=None, sev=None,
        types=(), custom=(), bucket=None, etag=None, member=None, msize=None):
    """A result record in trawl's (Macie's) shape."""
    sd = {}
    for cat, typ, n in types:
        sd.setdefault(cat, []).append({"type": typ, "count": n,
                                       "occurrences": {"lineRanges": [{"start": 1, "end": 1,
                                                                       "startColumn": 1}]}})
    so = {"key": key, "path": path, "extension": key.rsplit(".", 1)[-1], "size": size,
          "eTag": etag, "lastModified": "2026-01-01T00:00:00Z"}
    if member:
        so["embeddedFileDetails"] = {"filePath": member, "fileExtension": "csv",
                                     "fileSize": msize, "fileLastModified": None}
    sb = None
    if bucket:
        sb = {"arn": f"arn:aws:s3:::{bucket}", "name": bucket,
              "defaultServerSideEncryption": None, "publicAccess": None}
        so["bucketArn"] = sb["arn"]
    cats = sorted(sd)
    return {"schemaVersion": "1.0",
            "type": None if not types and not custom else "SensitiveData:S3Object/Personal",
            "severity": None if sev is None else {"description": SEVN[sev], "score": sev},
            "resourcesAffected": {"s3Bucket": sb, "s3Object": so},
            "classificationDetails": {"result": {
                "status": {"code": status, "reason": reason},
                "sizeClassified": (msize if member else size) if classified is None
                else classified,
                "mimeType": "text/plain", "additionalOccurrences": False,
                "sensitiveData": [{"category": c, "totalCount": sum(x["count"] for x in sd[c]),
                                   "detections": sd[c]} for c in cats],
                "customDataIdentifiers": {
                    "totalCount": sum(n for _, n in custom),
                    "detections": [{"arn": None, "name": nm, "count": n,
                                    "occurrences": {"lineRanges": []}} for nm, n in custom]}}}}


def jl(recs, extra=""):
    return "".join(json.dumps(r) + "\n" for r in recs) + extra


P, F, C = "PERSONAL_INFORMATION", "FINANCIAL_INFORMATION", "CREDENTIALS"
XSS = "hr/<script>alert('x')</script>&amp;.txt"
shard_a = [
    rec("hr-exports/2026/payroll.csv", "2026/payroll.csv", bucket="hr-exports", etag="e1",
        size=5000, sev=3, types=[(P, "USA_SOCIAL_SECURITY_NUMBER", 3), (P, "EMAIL_ADDRESS", 2)]),
    rec("hr-exports/2026/readme.txt", "2026/readme.txt", bucket="hr-exports", etag="e2", size=40),
    rec("hr-exports/2026/big.bin", "2026/big.bin", bucket="hr-exports", etag="e3",
        status="SKIPPED", reason="FILE_EXCEEDS_SIZE_LIMIT", size=9000000, classified=0),
    rec("hr-exports/root.txt", "root.txt", bucket="hr-exports", etag="e4", size=70, sev=1,
        types=[(P, "EMAIL_ADDRESS", 1)]),
    rec("locked/a/x.csv", "a/x.csv", bucket="locked", etag="l1", status="SKIPPED",
        reason="PERMISSION_DENIED", size=10, classified=0),
    rec("locked/a/y.csv", "a/y.csv", bucket="locked", etag="l2", status="SKIPPED",
        reason="PERMISSION_DENIED", size=20, classified=0),
    rec("media/img/a.jpg", "img/a.jpg", bucket="media", etag="m1", status="SKIPPED",
        reason="UNSUPPORTED_FILE_TYPE_EXCEPTION", size=300, classified=0),
    rec("data/" + XSS, XSS, size=64, sev=3, types=[(F, "CREDIT_CARD_NUMBER", 1)]),
    rec("data/hr/staff.zip", "hr/staff.zip", status="PARTIAL",
        reason="ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT", size=2048, classified=0),
    rec("data/hr/staff.zip", "hr/staff.zip", size=2048, member="inner/payroll.csv",
        msize=30000, sev=3, types=[(P, "USA_SOCIAL_SECURITY_NUMBER", 150),
                                   (F, "CREDIT_CARD_NUMBER", 2)]),
    rec("data/notes.txt", "notes.txt", size=500, sev=3, types=[(C, "AWS_CREDENTIALS", 1)],
        custom=[("EMPLOYEE_ID", 4)]),
    rec("@SUM(1)/a.txt", "a.txt", size=5, sev=2, custom=[("=1+2", 2)]),
    rec("notes/memo.txt", "notes/memo.txt", size=900, sev=2,
        types=[(P, "EMAIL_ADDRESS", 5)]),
    rec("-", "-", size=12, classified=12),
    rec('data/q"a,b/x.txt', 'q"a,b/x.txt', size=3),
    rec("data/old/moved.txt", "old/moved.txt", size=8),
]
shard_b = [
    # the same object again (path and eTag): the last record wins
    rec("hr-exports/2026/payroll.csv", "2026/payroll.csv", bucket="hr-exports", etag="e1",
        size=5000, sev=3, types=[(P, "USA_SOCIAL_SECURITY_NUMBER", 4)]),
    # the same path with another eTag: another object
    rec("hr-exports/2026/payroll.csv", "2026/payroll.csv", bucket="hr-exports", etag="e9",
        size=5100, sev=2, types=[(P, "EMAIL_ADDRESS", 7)]),
    rec("media/img/a.jpg", "img/a.jpg", bucket="media", etag="m1", status="SKIPPED",
        reason="UNSUPPORTED_FILE_TYPE_EXCEPTION", size=300, classified=0),
    # the same object, scanned as a directory of its own: it moves, and the
    # location it leaves (data/old/ under data) is empty: not listed
    rec("data/old/moved.txt", "moved.txt", size=8),
]
fa, fb = os.path.join(d, "a.jsonl"), os.path.join(d, "b.jsonl")
write(fa, jl(shard_a))
write(fb, jl(shard_b, "this is not json\n\n{\"schemaVersion\": \"1.0\"}\n"))

out1 = os.path.join(d, "r1")
rc, _, err = run(["report", "-o", out1, fa, fb])
check(rc == 0 and sorted(os.listdir(out1)) == ["report.csv", "report.html", "report.json"],
      f"trawl report writes report.html, .csv, .json into -o DIR (rc {rc}, {err.strip()[:200]})")
check("b.jsonl: line 5: not JSON" in err and "line 7: not a result record" in err,
      "lines that are not result records are named on stderr by line number")
rep = json.load(open(os.path.join(out1, "report.json")))
records_all = shard_a + shard_b
objs, total, buckets, locs = check_report(rep, records_all, "two hand-written shards")
rows = check_csv(os.path.join(out1, "report.csv"), rep, "two hand-written shards")

# Numbers worked out by hand, so the formula itself is tested too.
L = {x["location"]: x for b in rep["buckets"] for x in b["locations"]}
B = {x["bucket"]: x for x in rep["buckets"]}
p = rep["parameters"]
check(p["records"] == 20 and p["duplicates"] == 3 and p["invalidLines"] == 2 and
      rep["totals"]["objects"] == 17,
      f"20 records read, 3 duplicates dropped, 2 invalid lines: 17 objects "
      f"({p['records']}, {p['duplicates']}, {p['invalidLines']}, {rep['totals']['objects']})")
pay = L.get("s3://hr-exports/2026/", {})
check(pay.get("objects") == 4 and pay.get("objectsAnalysed") == 3 and
      pay.get("objectsWithSensitiveData") == 2 and pay.get("detections") == 11 and
      pay.get("bytes") == 5000 + 40 + 9000000 + 5100 and pay.get("sensitivityScore") == 93 and
      pay.get("notAnalysedReasons") == {"FILE_EXCEEDS_SIZE_LIMIT": 1},
      "s3://hr-exports/2026/: 4 objects (a duplicate dropped, another eTag kept), "
      "11 detections, score 50 + 32 + ceil(16*2/3) = 93")
ssn = [t for t in pay.get("types", []) if t["type"] == "USA_SOCIAL_SECURITY_NUMBER"]
em = [t for t in pay.get("types", []) if t["type"] == "EMAIL_ADDRESS"]
check(ssn and ssn[0]["detections"] == 4 and ssn[0]["objects"] == 1 and
      em and em[0]["detections"] == 7 and em[0]["highestSeverity"] == "Medium",
      "the last record of an object wins (4 SSNs, not 3; e-mail 7 times: Medium)")
check(L.get("s3://hr-exports/", {}).get("sensitivityScore") == 66 and
      L["s3://hr-exports/"]["highestSeverity"] == "Low" and
      B.get("hr-exports", {}).get("sensitivityScore") == 94,
      "an object at the bucket's root is its own location (1 Low e-mail: 50 + 0 + 16 = 66); "
      "the bucket: 50 + 32 + ceil(16*3/4) = 94")
check(B.get("locked", {}).get("sensitivityScore") == -1 and
      B["locked"]["sensitivityLabel"] == "Classification error" and
      B.get("media", {}).get("sensitivityScore") == 50 and
      B["media"]["sensitivityLabel"] == "Not analysed",
      "nothing analysed: -1 when an object could not be read, 50 otherwise")
hr = L.get("data/hr/", {})
hs = [t for t in hr.get("types", []) if t["type"] == "USA_SOCIAL_SECURITY_NUMBER"]
check(hr.get("objects") == 3 and hr.get("objectsPartial") == 1 and
      hr.get("objectsNotAnalysed") == 1 and hr.get("bytes") == 64 + 2048 + 30000 and
      hs and hs[0]["detections"] == 150 and hs[0]["bytes"] == 30000 and
      hr.get("notAnalysedReasons") == {"ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT": 1},
      "local directory data/, location data/hr/: an archive member is an object with its "
      "own size; a PARTIAL archive is analysed and listed with its reason")
dr = L.get("data/", {})
check(dr.get("objects") == 1 and [c for c in dr["categories"]
                                  if c["category"] == "CUSTOM_IDENTIFIER"][0]["detections"] == 4
      and [c for c in dr["categories"] if c["category"] == "CREDENTIALS"][0]["highestSeverity"]
      == "High", "files at the scanned directory's root: location data/; custom identifiers "
      "count under CUSTOM_IDENTIFIER; AWS_CREDENTIALS once is High (the catalog's table)")
check("notes/" in L and L["notes/"]["objects"] == 1 and "-" in L,
      "a file named as an argument goes to its directory; stdin to '-'")
check([b["bucket"] for b in rep["buckets"] if any(x["location"] == "data/old/"
                                                  for x in b["locations"])] == ["data/old"],
      "an object whose last record places it elsewhere leaves no empty location behind")

# CSV: quoting and formula guard
flat = [c for r in rows for c in r]
check("'@SUM(1)" in flat and "'@SUM(1)/" in flat and "'=1+2" in flat and
      not any(c[:1] in ("=", "+", "@") for c in flat) and
      not any(c[:1] == "-" and not re.fullmatch(r"-\d+", c) for c in flat),
      "CSV cells that would start a formula get a leading apostrophe")
rawcsv = open(os.path.join(out1, "report.csv"), encoding="utf-8").read()
check(not re.search(r"(^|,)[=+@]", rawcsv, re.M) and ',"\'-",' in rawcsv and
      ",-1,Classification error," in rawcsv,
      "no CSV cell starts with = + @ (stdin's '-' guarded too); numbers stay numbers (-1)")
check('"data/q""a,b/"' in rawcsv and 'data/q"a,b/' in flat,
      "CSV: a location with a quote and a comma is quoted (quotes doubled) and reads back")

# formats, stdin, usage
out2 = os.path.join(d, "r2")
rc, _, _ = run(["report", "--format", "json,csv", "-o", out2, "-"], stdin=jl(shard_a).encode())
rep2 = json.load(open(os.path.join(out2, "report.json"))) if rc == 0 else {}
check(rc == 0 and sorted(os.listdir(out2)) == ["report.csv", "report.json"] and
      rep2["parameters"]["inputs"][0]["file"] == "-" and rep2["totals"]["objects"] == 16,
      "--format json,csv writes only those; - reads records from stdin")
rc, _, err = run(["report", "--format", "pdf", fa])
rc2, _, _ = run(["report"])
check(rc == 2 and rc2 == 2, "an unknown format or no input: exit 2")
check(rep["parameters"]["inputs"][0]["sha256"] == hashlib.sha256(open(fa, "rb").read())
      .hexdigest() and rep["parameters"]["inputs"][1]["records"] == 4 and
      rep["parameters"]["inputs"][1]["invalidLines"] == 2 and
      rep["parameters"]["command"][:2] == ["trawl", "report"] and
      re.fullmatch(r"[0-9a-f]{64}", rep["parameters"]["identifiers"]["catalogSha256"]),
      "report header: each input's name, sha256 and counts; the command; the catalog's digest")

# ---- a real scan of the sample corpus --------------------------------------
SAMPLE = os.path.join(TOP, "corpus", "sample")
sd = os.path.join(d, "sample")
shutil.copytree(SAMPLE, sd)
rd = os.path.join(d, "scanrep")
rc, out, err = run(["scan", "-q", "-j2", "--report", rd, sd])
srecs = records(out)
check(rc == 1 and len(srecs) >= 18 and os.path.exists(os.path.join(rd, "results.jsonl")) and
      open(os.path.join(rd, "results.jsonl")).read() == out,
      f"scan --report DIR: records on stdout as usual and the same in DIR/results.jsonl (rc {rc})")
srep = json.load(open(os.path.join(rd, "report.json")))
check_report(srep, srecs, "scan --report of corpus/sample")
check_csv(os.path.join(rd, "report.csv"), srep, "scan --report of corpus/sample")
sp = srep["parameters"]
check(sp["command"] == ["trawl", "scan", "-q", "-j2", "--report", rd, sd] and
      sp["identifiers"]["selection"] == "ALL" and sp["identifiers"]["count"] == len(SEVTAB) and
      sp["inputs"][0]["sha256"] == hashlib.sha256(out.encode()).hexdigest(),
      "scan --report's header: argv, the selection, how many identifiers, the records' sha256")
rd2 = os.path.join(d, "scanrep2")
rc, out2, _ = run(["scan", "-q", "--identifiers", "RECOMMENDED", "--report", rd2,
                   "-o", os.path.join(d, "rec.jsonl"), sd])
srep2 = json.load(open(os.path.join(rd2, "report.json")))
i1, i2 = sp["identifiers"], srep2["parameters"]["identifiers"]
check(i2["selection"] == "RECOMMENDED" and i2["count"] < i1["count"] and
      i2["catalogSha256"] != i1["catalogSha256"] and
      open(os.path.join(d, "rec.jsonl")).read() == open(os.path.join(rd2, "results.jsonl")).read(),
      "another selection: another count and catalog digest; -o and --report both get records")
rd5 = os.path.join(d, "scanrep5")
rc, tout, _ = run(["scan", "-q", "--format", "text", "--report", rd5, sd])
check(open(os.path.join(rd5, "results.jsonl")).read() == out and not tout.startswith("{"),
      "with --format text on stdout, DIR/results.jsonl still holds the records")
rd3 = os.path.join(d, "scanrep3")
run(["scan", "-q", "--report", rd3, sd])
check(json.load(open(os.path.join(rd3, "report.json")))["parameters"]["identifiers"]
      ["catalogSha256"] == i1["catalogSha256"], "the same selection: the same catalog digest")

# shards of one scan merge into the same numbers (an overlap counts once)
half = len(srecs) // 2
s1, s2 = os.path.join(d, "s1.jsonl"), os.path.join(d, "s2.jsonl")
write(s1, jl(srecs[:half + 3]))
write(s2, jl(srecs[half:]))
rd4 = os.path.join(d, "merged")
rc, _, _ = run(["report", "-o", rd4, s1, s2])
mrep = json.load(open(os.path.join(rd4, "report.json")))
check(rc == 0 and mrep["totals"] == srep["totals"] and mrep["buckets"] == srep["buckets"] and
      mrep["parameters"]["duplicates"] == 3,
      "two overlapping shards of a scan: the same totals and locations as the whole, 3 duplicates")

# the sample's planted values never appear in a report
vals = set()
with open(os.path.join(SAMPLE, "EXPECTED.tsv")) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        p_ = os.path.join(SAMPLE, row["file"])
        try:
            lines = open(p_, encoding="utf-8").read().split("\n")
            ln, col, n = int(row["line"]), int(row["column"]), int(row["length"])
            v = lines[ln - 1][col - 1:col - 1 + n]
            if len(v) == n and len(v) >= 8:
                vals.add(v)
        except (UnicodeDecodeError, ValueError, IndexError, KeyError):
            pass
blob = "".join(open(os.path.join(rd, f), encoding="utf-8").read()
               for f in ("report.html", "report.csv", "report.json"))
leaked = [v for v in vals if v in blob]
check(len(vals) >= 20 and not leaked,
      f"none of the {len(vals)} planted values is in the HTML, CSV or JSON report")

# ---- the HTML, in a real browser -------------------------------------------
html_path = os.path.join(out1, "report.html")
html = open(html_path, encoding="utf-8").read()
check(not re.search(r"https?://", html, re.I) and "<link" not in html and "<script" not in html
      and " src=" not in html and "url(" not in html,
      "the HTML references nothing outside itself (no http(s)://, link, script, src, url())")
check("<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;"
      in html, "an untrusted path is escaped (<, >, ', &)")
check("default-src 'none'" in html, "a Content-Security-Policy forbids any fetch")

chromium = shutil.which("chromium")
check(chromium is not None, "Debian's chromium is installed (tools/deps.sh)")
shot = os.path.join(d, "shot.png")
CH = [chromium or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
      "--user-data-dir=" + os.path.join(d, "chromium-profile"),
      "--hide-scrollbars", "--window-size=1280,2000"]


def browse(args):
    try:
        return subprocess.run(CH + args, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return subprocess.CompletedProcess(args, 1, b"", str(e).encode())


def png_size(path):
    """(width, height) from a PNG's IHDR, or None when it is not a PNG."""
    data = open(path, "rb").read(32) if os.path.exists(path) else b""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


# The screenshot: the sample scan's report (the one kept for the issue).
sample_html = os.path.join(rd, "report.html")
r = browse(["--screenshot=" + shot, "file://" + sample_html])
size = png_size(shot)
check(size == (1280, 2000),
      f"chromium's screenshot is a 1280x2000 PNG ({size or r.stderr.decode()[-200:]})")
colors = {}
if size:
    img = Image.open(shot).convert("RGB")
    colors = {rgb: n for n, rgb in img.getcolors(1 << 24)}
nonwhite = sum(n for rgb, n in colors.items() if rgb != (255, 255, 255))
check(nonwhite > 1280 * 2000 // 50, f"the screenshot is not blank ({nonwhite} non-white pixels)")
bar = {name: colors.get(tuple(bytes.fromhex(h)), 0) for name, h in
       (("financial", "2b6cb0"), ("personal", "c05621"), ("credentials", "9b2c2c"),
        ("sensitive score", "c53030"))}
check(all(n > 1000 for n in bar.values()),
      f"the charts are drawn: bars in the category and score colours {bar}")

r = browse(["--dump-dom", "file://" + sample_html])
sdom = r.stdout.decode("utf-8", "replace")
m = re.search(r"id=\"chart-categories\".*?</svg>", sdom, re.S)
got_c = [int(x) for x in re.findall(r">(\d+)</text>", m.group(0))] if m else []
exp_c = [next(c["detections"] for c in srep["totals"]["categories"] if c["category"] == k)
         for k in CATS]
sl = [x["location"] for b in srep["buckets"] for x in b["locations"]]
check(r.returncode == 0 and got_c == exp_c and all(x in sdom for x in sl),
      f"sample report in the browser: category bars {got_c} == {exp_c}, every location named")

r = browse(["--dump-dom", "file://" + html_path])
dom = r.stdout.decode("utf-8", "replace")
text = re.sub(r"<[^>]+>", " ", dom)
text = re.sub(r"\s+", " ", text.replace("&amp;", "&"))
need = ["Data inventory", "Scan parameters", "Detections per category", "Locations",
        "Per location", "Most sensitive objects", "Objects not analysed",
        "s3://hr-exports/2026/", "Classification error", "PERMISSION_DENIED",
        "FILE_EXCEEDS_SIZE_LIMIT", "USA_SOCIAL_SECURITY_NUMBER",
        f"{rep['totals']['objects']} objects", f"{rep['totals']['detections']} detections"]
missing = [n for n in need if n not in text]
check(r.returncode == 0 and not missing, f"the page's text has the headings and numbers "
      f"(missing: {missing})")
svgs = re.findall(r"<svg[^>]*id=\"([^\"]+)\"", dom)
check("chart-categories" in svgs and "chart-scores" in svgs and
      len([s for s in svgs if s.startswith("chart-loc-")]) == len(L) and
      dom.count("<rect") >= 4 * (len(L) + 1),
      f"the DOM holds the SVG charts: per category, per location score, one per location "
      f"({len(svgs)} svg)")
m = re.search(r"id=\"chart-categories\".*?</svg>", dom, re.S)
vals_ = [int(x) for x in re.findall(r">(\d+)</text>", m.group(0))] if m else []
exp_c = [next(c["detections"] for c in rep["totals"]["categories"] if c["category"] == k)
         for k in CATS]
check(vals_ == exp_c, f"the category chart's bars carry the numbers {vals_} == {exp_c}")
scores = re.search(r"id=\"chart-scores\".*?</svg>", dom, re.S)
want_s = sorted(((-x["sensitivityScore"], x["location"].encode()) for x in L.values()))
got_s = [int(x) for x in re.findall(r">(-?\d+)</text>", scores.group(0))] if scores else []
check(got_s == [max(0, -s_) for s_, _ in want_s],
      f"the score chart: one bar per location, highest first {got_s}")
check(not re.search(r"<script", dom) and "alert('x')" in text,
      "in the browser the hostile path is text, not a script")
mtop = re.search(r"id=\"most-sensitive\".*?</section>", dom, re.S)
top_rows = re.findall(r"<tr><td class=\"n\">(\d+)</td>", mtop.group(0)) if mtop else []
check(len(top_rows) == len(rep["mostSensitive"]) == len([o for o in objs if o["det"]]),
      "most sensitive objects table: one row per object with sensitive data (up to 50)")
mun = re.search(r"id=\"not-analysed\".*?</section>", dom, re.S)
check(mun and mun.group(0).count("<tr>") - 1 == len(rep["notAnalysed"]) == 5,
      "objects not analysed table: the 4 SKIPPED objects and the PARTIAL archive")
done()
