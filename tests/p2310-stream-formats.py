"""Streaming beyond plain text: CSV and TSV, JSON Lines, a large JSON
document, compressed single streams (gzip, bzip2, xz) and a tar inside one,
archive members that are large text or CSV, a truncated gzip, and stdin.

The contract: the records of `trawl scan -q` are byte-identical whether an
object is read in pieces or whole. TRAWL_STREAM_MIN=1000 with
TRAWL_STREAM_CHUNK=65536 or 70001 puts hundreds of piece boundaries into a
few MB (rows, quoted cells, records, escapes and values across them); the
whole scan is the same file with TRAWL_STREAM_MIN=1 TiB. At the default
thresholds a 300 MB CSV and a 600 MB gzip'd log are scanned COMPLETE, every
byte classified, in bounded memory (peak RSS of trawl alone, as p2300).

Every value is generated: checksum-valid SSNs, IBANs and card numbers from
python-stdnum, e-mail addresses at example.org.
"""
import bz2
import csv
import gzip
import io
import json
import lzma
import os
import re
import random
import subprocess
import sys
import tarfile
import time

from stdnum import luhn as std_luhn

from tlib import TRAWL, check, done, make_iban, make_ssn, records, tmpdir, write

for k in ("TRAWL_STREAM_MIN", "TRAWL_STREAM_CHUNK"):
    os.environ.pop(k, None)

d = tmpdir()
T0 = time.time()
# whole: no object read in pieces, and an office document's text or cells
# handed to the scanner in one piece
WHOLE = {"TRAWL_STREAM_MIN": str(1 << 40), "TRAWL_STREAM_CHUNK": str(1 << 40)}


def pieces(chunk):
    return {"TRAWL_STREAM_MIN": "1000", "TRAWL_STREAM_CHUNK": str(chunk)}


# ---------------------------------------------------------------- values

def make_card(rng):
    """A Visa-shaped 16-digit number with its Luhn digit, grouped by four."""
    while True:
        body = "4" + "".join(rng.choice("0123456789") for _ in range(14))
        n = body + std_luhn.calc_check_digit(body)
        if len(set(n[1:])) > 3:
            return " ".join(n[k:k + 4] for k in range(0, 16, 4))


FIRST = ["Jane", "John", "José", "Zoë", "Łukasz", "Amélie", "美咲", "Olu", "Priya", "Sven",
         "Ana", "Mateo"]
LAST = ["Doe", "Roe", "Müller", "O'Brien", "García", "Nguyen", "Søren", "山田", "Smith",
        "Kowalski", "Dubois"]
FILLER = ["lorem ipsum dolor sit amet", "naïve café – déjà vu", "日本語のテキスト", "ok", "",
          "status=200 path=/api/v1/items", "retry, backoff; then \"give up\""]


def make_name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def make_email(rng, i):
    return f"{rng.choice(['jane', 'j.doe', 'ops', 'kai_2024', 'm.rossi'])}{i}@example.org"


# ---------------------------------------------------------------- generators

def log_text(seed, target):
    """Plain-text log lines, ~target bytes: SSNs after keywords (0-40 spaces
    away, or on the next line), IBANs, long lines ending in an e-mail."""
    rng = random.Random(seed)
    out = []
    size = 0
    i = 0
    while size < target:
        r = rng.random()
        ts = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:" \
             f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
        if r < 0.04:
            line = f"{ts} {i} employee ssn{' ' * rng.randint(0, 40)}{make_ssn(rng)} end"
        elif r < 0.06:
            line = f"{ts} {i} wire to {make_iban(rng)} ref {rng.randint(0, 10**6)}"
        elif r < 0.063:
            line = f"{ts} {i} " + f"{rng.choice(FILLER)} " * rng.randint(50, 4000) + \
                   f"mail {make_email(rng, i)}"
        elif r < 0.08:
            line = f"{ts} {i} social security number:\n{make_ssn(rng)}"
        elif r < 0.10:
            line = f"{ts} {i} INFO notify {make_email(rng, i)} user={rng.randint(1, 10**6)}"
        else:
            line = f"{ts} {i} " + " ".join(rng.choice(FILLER) for _ in range(rng.randint(0, 6)))
        out.append(line)
        size += len(line.encode()) + 1
        i += 1
    return ("\n".join(out) + "\n").encode()


def csv_bytes(seed, target, sep=",", eol="\n", bom=False, header=True, long_every=2000,
              wide_at=None, card_after=12000):
    """A CSV of ~target bytes: header name,ssn,iban,email,notes; quoted notes
    with the separator, doubled quotes and embedded newlines (every
    long_every rows one of 70-140 KB, across a piece); blank lines; at row
    wide_at a row with more cells than the header; card numbers only after
    row card_after (their first occurrences are then late rows)."""
    rng = random.Random(seed)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator=eol, quoting=csv.QUOTE_MINIMAL)
    if header:
        w.writerow(["name", "ssn", "iban", "email", "notes"])
    i = 0
    while buf.tell() < target:
        i += 1
        r = rng.random()
        if long_every and i % long_every == 0:
            note = f"long note, part {i}; \"quoted\" – déjà vu\n" * rng.randint(1800, 3500) + \
                   f"social security number {make_ssn(rng)}, then {make_email(rng, i)}"
        elif r < 0.04:
            note = f"called back, said \"ok\"; ssn {make_ssn(rng)}\nsecond line, \"\"fine\"\""
        elif r < 0.08:
            note = f"Paid, thanks; ref {rng.randint(1, 10**6)}"
        elif r < 0.10:
            note = f"she said \"{rng.choice(FILLER)}\""
        elif card_after and i > card_after and r < 0.13:
            note = f"credit card {make_card(rng)} on file"
        else:
            note = rng.choice(FILLER)
        row = [make_name(rng),
               make_ssn(rng) if rng.random() < 0.6 else "",
               make_iban(rng) if rng.random() < 0.3 else "",
               make_email(rng, i) if rng.random() < 0.5 else "",
               note]
        if wide_at and i == wide_at:
            row += ["extra cell", f"ssn {make_ssn(rng)}", make_email(rng, 10**7)]
        w.writerow(row)
        if rng.random() < 0.01:
            buf.write(eol)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode()


def csv_block(seed, target):
    """Rows for the 300 MB CSV, ~target bytes, no header: values in a tenth of
    the rows, a text cell of a few hundred bytes in every row (a CSV of
    short cells only is scanned several times slower), some quoted with
    commas, quotes and a newline."""
    rng = random.Random(seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    i = 0
    while buf.tell() < target:
        i += 1
        note = " ".join(rng.choice(FILLER) for _ in range(rng.randint(10, 60)))
        if rng.random() < 0.05:
            note += "\nsecond line, \"quoted\""
        if rng.random() < 0.1:
            w.writerow([make_name(rng), make_ssn(rng), make_iban(rng), make_email(rng, i), note])
        else:
            w.writerow([make_name(rng), "", "", "", note])
    return buf.getvalue().encode()


def jsonl_bytes(seed, target, bad_at=None, card_after=6000):
    """JSON Lines of ~target bytes: nested objects and arrays, \\u escapes
    (ensure_ascii on half the lines, some '@' written \\u0040), blank lines,
    a long record every 1500, one malformed line at record bad_at, card
    numbers only after record card_after."""
    rng = random.Random(seed)
    out = []
    size = 0
    i = 0
    while size < target:
        obj = {"id": i,
               "ts": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
               "user": {"name": make_name(rng),
                        "contact": {"email": make_email(rng, i),
                                    "phones": [rng.randint(10**6, 10**7 - 1)]},
                        "ssn": make_ssn(rng) if rng.random() < 0.5 else None},
               "tags": rng.sample(["a", "b", "vip", "café", "日本"], 2),
               "accounts": [{"iban": make_iban(rng), "primary": True}]
               if rng.random() < 0.3 else [],
               "note": rng.choice(FILLER)}
        if i % 1500 == 1499:
            obj["log"] = "x, y; \"z\" – déjà vu " * rng.randint(3500, 6000) + \
                         f" employee ssn {make_ssn(rng)}"
        if card_after and i > card_after and rng.random() < 0.05:
            obj["payment"] = {"method": "credit card", "card": make_card(rng)}
        line = json.dumps(obj, ensure_ascii=rng.random() < 0.5)
        if rng.random() < 0.1:
            line = line.replace("@example.org", "\\u0040example.org")
        if bad_at is not None and i == bad_at:
            line = '{"id": %d, "user": {"name": "broken", "ssn": "%s", ' % (i, make_ssn(rng))
        out.append(line)
        if rng.random() < 0.01:
            out.append("")
        size += len(line.encode()) + 1
        i += 1
    return ("\n".join(out) + "\n").encode()


def json_doc(seed, n):
    rng = random.Random(seed)
    docs = [{"id": i, "person": {"name": make_name(rng), "ssn": make_ssn(rng),
                                 "emails": [make_email(rng, i), make_email(rng, i + 1)]},
             "bank": {"iban": make_iban(rng)}, "note": rng.choice(FILLER)}
            for i in range(n)]
    return json.dumps(docs, indent=1, ensure_ascii=False).encode()


# ---------------------------------------------------------------- helpers

def say(line):
    """A diagnostic on stderr (tests/run shows it under a failure)."""
    print(line, file=sys.stderr)


def scan(args, env=None, stdin=None, timeout=300):
    """(status, stdout) of trawl; (None, '') on a timeout or no binary."""
    e = dict(os.environ)
    e.update(env or {})
    try:
        p = subprocess.run([TRAWL] + list(args), input=stdin, capture_output=True, env=e,
                           timeout=timeout)
    except (subprocess.TimeoutExpired, OSError) as err:
        say(f"trawl {' '.join(args)}: {err}")
        return None, ""
    return p.returncode, p.stdout.decode("utf-8", "replace")


def recs_of(out):
    try:
        return [r for r in records(out) if isinstance(r, dict)]
    except ValueError:
        return []


def result(r):
    return ((r.get("classificationDetails") or {}).get("result")) or {}


def code(r):
    return (result(r).get("status") or {}).get("code")


def reason(r):
    return (result(r).get("status") or {}).get("reason")


def ndet(r):
    return sum(dd.get("count", 0) for c in result(r).get("sensitiveData") or []
               for dd in c.get("detections") or [])


def occs(r, kind):
    return [o for c in result(r).get("sensitiveData") or []
            for dd in c.get("detections") or []
            for o in (dd.get("occurrences") or {}).get(kind) or []]


def path_of(r):
    """key, and '!/member' for an archive member's record."""
    o = (r.get("resourcesAffected") or {}).get("s3Object") or {}
    e = o.get("embeddedFileDetails")
    return (o.get("key") or "") + ("!/" + (e.get("filePath") or "") if e else "")


def json_paths(x):
    """Every jsonPath in records x."""
    if isinstance(x, dict):
        return [v for k, v in x.items() if k == "jsonPath"] + \
            [p for v in x.values() for p in json_paths(v)]
    if isinstance(x, list):
        return [p for v in x for p in json_paths(v)]
    return []


def members(recs):
    return [r for r in recs if "!/" in path_of(r)]


def note_diff(whole, piece):
    """A line or two on stderr saying where the outputs part."""
    a, b = whole.splitlines(), piece.splitlines()
    if len(a) != len(b):
        say(f"{len(a)} records whole, {len(b)} in pieces")
    for k, (x, y) in enumerate(zip(a, b)):
        if x != y:
            c = next((j for j in range(min(len(x), len(y))) if x[j] != y[j]),
                     min(len(x), len(y)))
            say(f"record {k} parts at character {c}:")
            say(f"  whole:  ...{x[max(0, c - 100):c + 100]}")
            say(f"  pieces: ...{y[max(0, c - 100):c + 100]}")
            break


def same(label, args, chunks, stdin=None, norm=None):
    """Scans whole and in pieces of each chunk; one check per chunk that the
    outputs are identical and not empty (the whole one after norm, when
    given). Returns the whole scan's records."""
    rc1, whole = scan(args, WHOLE, stdin)
    recs = recs_of(whole)
    if norm and whole:
        whole = norm(whole)
    for chunk in chunks:
        rc2, piece = scan(args, pieces(chunk), stdin)
        ok = rc1 is not None and rc1 == rc2 and whole == piece and len(recs) > 0
        if not ok:
            say(f"{label}, chunk {chunk}: status {rc1} whole, {rc2} in pieces")
            note_diff(whole, piece)
        check(ok, f"{label}: in pieces of {chunk}, the same {len(recs)} record(s) as whole")
    return recs



def edited_bytes(rng, b, tokens, most=12, cut=3000):
    """b with 1 to most random edits: one of tokens put in (a callable
    one is given the bytes so far), up to cut bytes cut out, or the rest
    cut off."""
    b = bytearray(b)
    for _ in range(rng.randint(1, most)):
        i = rng.randrange(len(b)) if b else 0
        op = rng.random()
        if op < 0.5:
            t = rng.choice(tokens)
            b[i:i] = t(bytes(b)) if callable(t) else t
        elif op < 0.85:
            del b[i:i + rng.randint(1, cut)]
        else:
            del b[i:]
    return bytes(b)


def agreeing(seed, n, make, env):
    """n files, make(k, rng) giving each (name, bytes), each scanned whole
    and with env(rng): how many give the same records."""
    rng = random.Random(seed)
    agree = 0
    for k in range(n):
        name, data = make(k, rng)
        p = os.path.join(d, name)
        write(p, data)
        rc1, whole = scan(["scan", "-q", p], WHOLE)
        rc2, piece = scan(["scan", "-q", p], env(rng))
        if rc1 is not None and rc1 == rc2 and whole == piece and recs_of(whole):
            agree += 1
        else:
            say(f"{name} #{k}: differs")
            note_diff(whole, piece)
        os.unlink(p)
    return agree

def lap(what, _t=[time.time()]):
    now = time.time()
    print(f"# {what}: {now - _t[0]:.1f}s")
    _t[0] = now


def mb(n):
    return f"{n / 1e6:.1f} MB"


# ---------------------------------------------------------------- 1. CSV / TSV

CSVS = [
    ("people.csv", dict(seed=11, target=3_200_000, sep=",", eol="\n", bom=True, wide_at=7000)),
    ("crlf.csv", dict(seed=12, target=2_600_000, sep=",", eol="\r\n", wide_at=15000)),
    ("semi.csv", dict(seed=13, target=2_200_000, sep=";", eol="\n", wide_at=9000)),
    ("tabs.tsv", dict(seed=14, target=2_400_000, sep="\t", eol="\n", wide_at=11000)),
]


def carried_on(name, data, what, kind, field, past):
    """Identical in pieces and whole; one record whose locations (kind,
    field) reach past past: rows or record indexes carry on."""
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))}{what})", ["scan", "-q", p], (65536, 70001))
    r = recs[0] if recs else {}
    at = [o.get(field) or 0 for o in occs(r, kind)]
    n = ndet(r)
    check(len(recs) == 1 and at and max(at) > past and n > 500,
          f"{name}: {kind}, a {field} past {past} ({max(at or [0])}), {n} detections")
    os.unlink(p)


for name, kw in CSVS:
    carried_on(name, csv_bytes(**kw), "", "cells", "row", 10000)

lap("CSV and TSV")

# ---------------------------------------------------------------- 2. JSON Lines

for name, seed in (("events.jsonl", 21), ("events-noext", 22)):
    carried_on(name, jsonl_bytes(seed, 3_000_000, bad_at=4500), ", one malformed line",
               "records", "recordIndex", 5000)

lap("JSON Lines")

# ---------------------------------------------------------------- 3. one JSON document

p = os.path.join(d, "people.json")
write(p, json_doc(31, 9000))
recs = same(f"people.json ({mb(os.path.getsize(p))}, one array)", ["scan", "-q", p], (65536,))
n = ndet(recs[0]) if recs else 0
check(len(recs) == 1 and code(recs[0]) == "COMPLETE" and n > 500,
      f"people.json: COMPLETE, {n} detections")
os.unlink(p)

# Any document is read in pieces, cut after a ',' between two values at
# any depth, its parser going on where it stopped: strings holding
# brackets, braces, commas and escaped quotes, nested arrays, one line
# with a BOM, an object at the top with members after its big array,
# arrays of arrays; a syntax error in the middle stops the document
# there, as read whole, and so does its early end or bytes after it.
rng = random.Random(33)
arr = [{"id": i, "person": {"ssn": make_ssn(rng), "mail": make_email(rng, i),
                            "tags": ["a,b", "[x]", "{y}", 'q"uote', "\\"]},
        "deep": [[[{"iban": make_iban(rng)}]]] if i % 7 == 0 else [],
        "note": "x" * rng.randint(0, 400)} for i in range(9000)]
flat = json.dumps(arr)
cases = [("array.json", ("\ufeff" + flat).encode()),
         ("broken.json", (flat[:flat.index('"id": 6000')] + "oops" +
                          flat[flat.index('"id": 6000'):]).encode()),
         ("top-object.json", json.dumps({"meta": {"n": 4000, "by": "employee ssn " +
                                                           make_ssn(rng)},
                                         "records": arr[:4000],
                                         "after": {"k,\"}": [1, [{"credit card": make_card(rng)}]]}},
                                        indent=1).encode()),
         ("grid.json", json.dumps([arr[i:i + 300] for i in range(0, 6000, 300)]).encode()),
         ("cut-short.json", flat[:len(flat) * 2 // 3].encode()),
         ("trailing.json", (flat + "\n  ,x").encode())]
for name, data in cases:
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))})", ["scan", "-q", p], (65536, 70001))
    paths = json_paths(recs)
    if name in ("broken.json", "cut-short.json", "trailing.json"):
        check(recs and code(recs[0]) == "PARTIAL" and reason(recs[0]) == "MALFORMED_FILE" and
              ndet(recs[0]) > 500 and result(recs[0]).get("sizeClassified") == len(data),
              f"{name}: PARTIAL at the error, what came before found, every byte counted")
    elif name == "top-object.json":
        check(recs and code(recs[0]) == "COMPLETE" and "$.meta.by" in paths and
              "$.records[0].person.ssn" in paths and "$.records[998].person.ssn" in paths and
              "$.after['k,\"}'][1][0]['credit card']" in paths,
              f"{name}: COMPLETE, paths through the object, to the member after its array "
              f"({[x for x in paths if 'after' in x][:2]})")
    elif name == "grid.json":
        check(recs and code(recs[0]) == "COMPLETE" and "$[0][299].person.ssn" in paths and
              "$[3][0].person.ssn" in paths,
              f"{name}: COMPLETE, paths into the arrays of arrays")
    os.unlink(p)

lap("JSON document")

# ---------------------------------------------------------------- 4. compressed

LOG = log_text(41, 3_000_000)
CSV = csv_bytes(42, 3_000_000, wide_at=5000)
MTIME = 1767225600


def gz(data, level=6):
    b = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=b, mtime=MTIME, compresslevel=level) as f:
        f.write(data)
    return b.getvalue()


def tar_gz(path, files):
    with tarfile.open(path, "w:gz") as t:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = MTIME
            ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
    os.utime(path, (MTIME, MTIME))


COMPRESSED = [
    ("app.log.gz", gz(LOG), "lineRanges"),
    ("data.csv.gz", gz(CSV), "cells"),
    ("events.jsonl.bz2", bz2.compress(jsonl_bytes(43, 3_000_000)), "records"),
    ("notes.txt.xz", lzma.compress(log_text(44, 3_000_000), preset=1), "lineRanges"),
]
for name, data, kind in COMPRESSED:
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))} compressed)", ["scan", "-q", p], (65536,))
    mem = members(recs)
    n = sum(ndet(r) for r in mem)
    check(len(recs) == 2 and len(mem) == 1 and code(mem[0]) == "COMPLETE" and n > 500 and
          occs(mem[0], kind),
          f"{name}: the container's record, then the member's ({kind}, {n} detections)")
    os.unlink(p)

p = os.path.join(d, "bundle.tar.gz")
SMALL = [("README.txt", b"release notes, nothing personal\n"),
         ("etc/contact.txt", b"ops contact: ops1@example.org\n"),
         ("notes/hr.txt", f"employee ssn {make_ssn(random.Random(45))}\n".encode())]
tar_gz(p, SMALL + [("logs/big.log", log_text(46, 3_000_000)), ("data/big.csv", CSV)])
recs = same(f"bundle.tar.gz ({mb(os.path.getsize(p))}, 5 members)", ["scan", "-q", p],
            (65536, 70001))
byp = {path_of(r): r for r in members(recs)}
want = [f"{p}!/{m}" for m in ("README.txt", "etc/contact.txt", "notes/hr.txt", "logs/big.log",
                              "data/big.csv")]
got = {m: byp.get(m) for m in want}
check(all(got.values()) and all(code(r) == "COMPLETE" for r in got.values()) and
      ndet(got[want[3]]) > 500 and ndet(got[want[4]]) > 500 and occs(got[want[4]], "cells") and
      ndet(got[want[2]]) >= 1,
      "bundle.tar.gz: every member's record COMPLETE, the big log and CSV with detections, "
      f"the CSV in cells ({sorted(k.split('!/')[1] for k in byp)})")
os.unlink(p)

lap("compressed")

# A zip is read with seeks (its directory is at its end): its members the
# same way as a tar's; an office document, which is a zip too, is told by
# its parts and read whole, as a document, whatever its name.
import zipfile  # noqa: E402
import openpyxl  # noqa: E402
import docx  # noqa: E402

p = os.path.join(d, "bundle.zip")
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in SMALL + [("logs/big.log", log_text(47, 3_000_000)), ("data/big.csv", CSV),
                               ("inner/app.log.gz", gz(log_text(48, 1_000_000)))]:
        z.writestr(name, data)
    z.writestr("stored.txt", log_text(49, 200_000), compress_type=zipfile.ZIP_STORED)
recs = same(f"bundle.zip ({mb(os.path.getsize(p))})", ["scan", "-q", p], (65536, 70001))
byp = {path_of(r): r for r in members(recs)}
check(len(byp) == 8 and all(code(r) == "COMPLETE" for r in byp.values()) and
      ndet(byp.get(f"{p}!/logs/big.log", {})) > 500 and
      occs(byp.get(f"{p}!/data/big.csv", {}), "cells") and
      ndet(byp.get(f"{p}!/inner/app.log.gz!/app.log", {})) > 100,
      f"bundle.zip: every member's record, nested gzip too ({sorted(k.split('!/', 1)[1] for k in byp)})")
os.unlink(p)

wb = openpyxl.Workbook()
ws = wb.active
rng = random.Random(50)
ws.append(["name", "ssn", "email"])
for i in range(4000):
    ws.append([f"n{i}", make_ssn(rng), make_email(rng, i)])
for name in ("people.xlsx", "people-xlsx.zip"):
    p = os.path.join(d, name)
    wb.save(p)
    recs = same(f"{name} (an office document, {mb(os.path.getsize(p))})", ["scan", "-q", p],
                (65536,))
    check(len(recs) == 1 and occs(recs[0], "cells") and ndet(recs[0]) > 500,
          f"{name}: one record, cells: read as a spreadsheet")
    os.unlink(p)

# A spreadsheet's sheets are inflated and walked in pieces of whole rows,
# its cells handed to the scanner in pieces: a workbook written by hand
# with shared strings (read in pieces of whole items), an "x:" prefix on
# every element, and the header row stored after the others (row 1 names
# the columns wherever it is).
def xlsx_bytes(rows, rng, shared=True, prefix="", header_last=False):
    P = prefix
    ns = 'xmlns%s="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' % \
        (":" + P[:-1] if P else "")
    strings, index = [], {}

    def cell(ref, v):
        if not shared:
            return f'<{P}c r="{ref}" t="inlineStr"><{P}is><{P}t>{v}</{P}t></{P}is></{P}c>'
        if v not in index:
            index[v] = len(strings)
            strings.append(v)
        return f'<{P}c r="{ref}" t="s"><{P}v>{index[v]}</{P}v></{P}c>'

    def row(r, vals):
        return f'<{P}row r="{r}">' + "".join(cell(f"{c}{r}", v) for c, v in zip("ABCD", vals)) + \
            f"</{P}row>"

    body = []
    for r in range(2, rows + 2):
        body.append(row(r, [make_name(rng), make_ssn(rng) if r % 3 else "n/a", make_email(rng, r),
                            f"note {r} &amp; more"]))
    head = row(1, ["name", "ssn", "email", "notes"])
    body = body + [head] if header_last else [head] + body
    sheet = f'<?xml version="1.0"?>\n<{P}worksheet {ns}><{P}sheetData>' + "\n".join(body) + \
        f"</{P}sheetData></{P}worksheet>"
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="appl'
                   'ication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.open'
                   'xmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="htt'
                   'p://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocume'
                   'nt" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openx'
                   'mlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats'
                   '.org/officeDocument/2006/relationships"><sheets><sheet name="People" sheetId="'
                   '1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http'
                   '://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rI'
                   'd1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        if shared:
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?>\n<{P}sst {ns}>' + "".join(
                f"<{P}si><{P}t>{v}</{P}t></{P}si>" for v in strings) + f"</{P}sst>")
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return b.getvalue()


for name, kw in (("shared.xlsx", dict(shared=True)),
                 ("prefixed-header-last.xlsx", dict(shared=True, prefix="x:", header_last=True)),
                 ("inline.xlsx", dict(shared=False))):
    p = os.path.join(d, name)
    write(p, xlsx_bytes(6000, random.Random(53), **kw))
    recs = same(f"{name} ({mb(os.path.getsize(p))})", ["scan", "-q", p], (65536, 65537))
    cols = {c.get("columnName") for r in recs for c in json.loads(json.dumps(r)).get(
        "classificationDetails", {}).get("result", {}).get("sensitiveData", [{}])[0].get(
        "detections", [{}])[0].get("occurrences", {}).get("cells", [])}
    check(len(recs) == 1 and code(recs[0]) == "COMPLETE" and ndet(recs[0]) > 1000 and
          cols & {"ssn", "email", "name"},
          f"{name}: COMPLETE, {ndet(recs[0]) if recs else 0} detections, cells named by row 1 "
          f"({sorted(c for c in cols if c)})")
    os.unlink(p)

# Text documents (docx, pptx, odt): each part inflated and walked in
# pieces, its text scanned as plain text in pieces. One docx written by
# python-docx; the others by hand, with what the walk skips or turns into
# text across the pieces: mc:Fallback copies, field codes, tab stops,
# deleted text, tabs and breaks, headers, footers, notes, entities.
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A_NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
ODF_T = "application/vnd.oasis.opendocument.text"


def office_paras(rng, n, kind, first=0):
    """n paragraphs of generated people, in the markup of kind."""
    out = []
    for i in range(first, first + n):
        name, ssn, mail = make_name(rng), make_ssn(rng), make_email(rng, i)
        if kind == "odt":
            out.append(f"<text:p>Customer {name}<text:tab/>SSN: {ssn}<text:s text:c=\"3\"/>"
                       f"email {mail} &amp; notes<text:line-break/>row {i}</text:p>")
            continue
        p, r, t = ("w:p", "w:r", "w:t") if kind == "docx" else ("a:p", "a:r", "a:t")
        extra = ""
        if kind == "docx" and i % 7 == 0:
            extra = (f'<mc:AlternateContent><mc:Choice><{r}><{t}>boxed {i}</{t}></{r}>'
                     f'</mc:Choice><mc:Fallback><{r}><{t}>boxed {i} again</{t}></{r}>'
                     f'</mc:Fallback></mc:AlternateContent>')
        if kind == "docx" and i % 11 == 0:
            extra += (f'<{r}><w:instrText> HYPERLINK "x" </w:instrText></{r}>'
                      f'<{r}><w:delText>was {make_ssn(rng)}</w:delText></{r}>')
        if kind == "docx" and i % 13 == 0:
            extra += "<w:pPr><w:tabs><w:tab w:val=\"left\"/></w:tabs></w:pPr>"
        out.append(f"<{p}>{extra}<{r}><{t} xml:space=\"preserve\">Customer {name} </{t}></{r}>"
                   f"<{r}><{t}>SSN: {ssn}</{t}>{'<w:tab/>' if kind == 'docx' else ''}"
                   f"<{t}>email {mail} &amp; notes</{t}></{r}>"
                   f"<{r}>{'<w:br/>' if kind == 'docx' else '<a:br/>'}<{t}>row {i}</{t}></{r}></{p}>")
    return "".join(out)


def ods_rows(rng, n):
    """A header row, then n rows of people: repeated and covered cells,
    notes (annotations, not text), values only in attributes."""
    cell = "<table:table-cell{}><text:p>{}</text:p></table:table-cell>"
    out = ["<table:table-row>" + "".join(cell.format("", h) for h in
                                         ("name", "ssn", "email", "note")) + "</table:table-row>"]
    for i in range(n):
        note = ('<office:annotation><text:p>ssn was ' + make_ssn(rng) +
                '</text:p></office:annotation>') if i % 9 == 0 else ""
        rep = ' table:number-rows-repeated="2"' if i % 50 == 0 else ""
        out.append(
            f"<table:table-row{rep}>" +
            cell.format("", make_name(rng)) +
            f'<table:table-cell office:value-type="string">{note}<text:p>{make_ssn(rng)}'
            f'</text:p></table:table-cell>' +
            cell.format(' table:number-columns-repeated="2"' if i % 7 == 0 else "",
                        make_email(rng, i)) +
            ('<table:covered-table-cell/>' if i % 5 == 0 else
             f'<table:table-cell office:string-value="id {i} &amp; co"/>') +
            "</table:table-row>")
    return "".join(out)


def office_bytes(kind, seed, n, edit=None, media=0):
    """A docx, pptx, odt or ods of n paragraphs or rows (edit: applied to
    each part's XML; media: bytes of a stored member that is not text)."""
    rng = random.Random(seed)
    edit = edit or (lambda x: x)
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        if kind == "ods":
            z.writestr("mimetype", ODF_T[:-4] + "spreadsheet", compress_type=zipfile.ZIP_STORED)
            z.writestr("content.xml", edit(
                '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmln'
                's:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:'
                'body><office:spreadsheet><table:table table:name="People">' + ods_rows(rng, n) +
                '</table:table><table:table table:name="Other">' + ods_rows(rng, n // 10) +
                "</table:table></office:spreadsheet></office:body></office:document-content>"))
        elif kind == "odt":
            z.writestr("mimetype", ODF_T, compress_type=zipfile.ZIP_STORED)
            z.writestr("content.xml", edit(
                '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
                'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmln'
                's:text:1.0"><office:body><office:text><text:h>People</text:h>' +
                office_paras(rng, n, kind) + "</office:text></office:body></office:document-content>"))
        else:
            z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                       'openxmlformats.org/package/2006/content-types"/>')
            if kind == "docx":
                parts = [("word/document.xml", n), ("word/header1.xml", 40),
                         ("word/footnotes.xml", n // 4), ("word/comments.xml", 30)]
                root, ns = "w:document", W_NS + ' xmlns:mc="http://schemas.openxmlformats.org/' \
                    'markup-compatibility/2006"'
            else:
                z.writestr("ppt/presentation.xml", "<p:presentation/>")
                parts = [(f"ppt/slides/slide{k}.xml", n // 3) for k in (1, 2, 10)] + \
                        [("ppt/notesSlides/notesSlide1.xml", 50)]
                root, ns = "p:sld", A_NS
            first = 0
            for name, k in parts:
                z.writestr(name, edit(f'<?xml version="1.0"?><{root} {ns}><body>' +
                                      office_paras(rng, k, kind, first) + f"</body></{root}>"))
                first += k
        if media:
            z.writestr("media/blob.bin", random.Random(seed).randbytes(media),
                       compress_type=zipfile.ZIP_STORED)
    return b.getvalue()


docx_doc = docx.Document()
rng = random.Random(54)
for i in range(3000):
    docx_doc.add_paragraph(f"Customer {make_name(rng)}, SSN: {make_ssn(rng)}, "
                           f"email {make_email(rng, i)}")
docx_doc.sections[0].header.paragraphs[0].text = f"Prepared for {make_name(rng)}"
p = os.path.join(d, "python-docx.docx")
docx_doc.save(p)
OFFICE = [("python-docx.docx", None)] + [(f"hand.{k}", office_bytes(k, 55, 2500))
                                          for k in ("docx", "pptx", "odt", "ods")]
for name, data in OFFICE:
    p = os.path.join(d, name)
    if data:
        write(p, data)
    recs = same(f"{name} ({mb(os.path.getsize(p))})", ["scan", "-q", p], (65536, 65537))
    where = "cells" if name.endswith(".ods") else "lineRanges"
    check(len(recs) == 1 and code(recs[0]) == "COMPLETE" and ndet(recs[0]) > 1000 and
          occs(recs[0], where),
          f"{name}: COMPLETE, {ndet(recs[0]) if recs else 0} detections, in {where}")
    if name == "hand.docx":
        with open(p, "rb") as f:
            same("a docx on stdin (written to a file, read with seeks)", ["scan", "-q", "-"],
                 (65536,), stdin=f.read())
    os.unlink(p)

# the same XML edited at random: tags, comments and entities opened,
# closed and cut; each part walked in pieces gives the text it gives whole
OFFICE_TOKENS = [b"<", b">", b"</w:t>", b"<w:t>", b"<a:t>", b"</a:p>", b"<text:p>",
                 b"<table:table-row>", b"</table:table-cell>", b"<office:annotation>",
                 b"<mc:Fallback>", b"</mc:Fallback>", b"<w:instrText>", b"<!--", b"-->",
                 b"&amp", b"&", b"<![CDATA[", b'"', b"<w:tabs>"]


def edited_office(k, rng):
    kind = ("docx", "pptx", "odt", "ods")[k % 4]
    return f"edited.{kind}", office_bytes(kind, 57 + k, 1200, lambda x: edited_bytes(
        rng, x.encode(), OFFICE_TOKENS, 8).decode("utf-8", "replace"))


agree = agreeing(56, 24, edited_office, lambda rng: pieces(rng.choice((65536, 65537, 70001))))
check(agree == 24, f"24 docx, pptx, odt and ods files with edited XML: the same records in pieces "
      f"as whole ({agree})")

# Archives in archives, too large to hold: a compressed stream or a tar
# is read front to back from the member as it is unpacked; a zip, a 7z or
# an office document is written to a file first, then read from it with
# seeks (its own members in pieces again)
def tar_bytes(files):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime = len(data), MTIME
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()


def zip_bytes(files, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for name, data in files:
            z.writestr(zipfile.ZipInfo(name, time.gmtime(MTIME)[:6]), data)
    return b.getvalue()


inner = [("logs/app.log.gz", gz(log_text(83, 1_500_000))),
         ("inner.tar.gz", gz(tar_bytes([("deep/people.csv", csv_bytes(84, 800_000)),
                                        ("deep/run.log", log_text(85, 600_000))]))),
         ("parts.zip", zip_bytes([("a.log", log_text(86, 700_000)),
                                  ("b.docx", office_bytes("docx", 87, 900))])),
         ("minutes.docx", office_bytes("docx", 88, 1500))]
for name, data in (("nested.tar", tar_bytes(inner)), ("nested.zip", zip_bytes(inner))):
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))}: a gzip, a tar.gz, a zip and a docx in it)",
                ["scan", "-q", p], (65536, 70001))
    byp = {path_of(r)[len(p) + 2:]: r for r in members(recs)}
    want = {"logs/app.log.gz!/app.log", "inner.tar.gz!/deep/people.csv",
            "inner.tar.gz!/deep/run.log", "parts.zip!/a.log", "parts.zip!/b.docx",
            "minutes.docx"}
    check(want <= set(byp) and all(code(byp[k]) == "COMPLETE" and ndet(byp[k]) > 10
                                   for k in want),
          f"{name}: every member at every level COMPLETE, with detections "
          f"({sorted(k for k in byp if k in want)})")
    os.unlink(p)

# E-mail: a message is read front to back, its parts found between their
# delimiters as they come (nested multiparts, a forwarded message),
# bodies decoded as they are read (base64, quoted-printable); its
# attachments are scanned as they come, in pieces when large (a log, a
# CSV, a zip, a gzip, a docx), never held.
from email import policy  # noqa: E402
from email.message import EmailMessage  # noqa: E402


def mail_bytes(seed, n, attach=True, smtp=False):
    rng = random.Random(seed)
    m = EmailMessage()
    m["From"], m["To"] = "hr@example.org", "payroll@example.org"
    m["Subject"] = "=?utf-8?q?r=C3=A9sum=C3=A9s?= and exports"
    m.set_content(log_text(seed, n).decode(), cte="quoted-printable")
    m.add_alternative("<html><body><p>" + log_text(seed + 1, n // 2).decode() +
                      "</p></body></html>",
                      subtype="html", cte="base64")
    if attach:
        m.add_attachment(csv_bytes(seed + 2, n), maintype="text", subtype="csv",
                         filename="people.csv")
        m.add_attachment(log_text(seed + 3, n), maintype="application",
                         subtype="octet-stream", filename="app.log")
        m.add_attachment(zip_bytes([("in/run.log", log_text(seed + 4, n // 2))]),
                         maintype="application", subtype="zip", filename="logs.zip")
        m.add_attachment(gz(log_text(seed + 5, n // 2)), maintype="application",
                         subtype="gzip", filename="day.log.gz")
        m.add_attachment(office_bytes("docx", seed + 6, n // 300), maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                         filename="minutes.docx")
        fwd = EmailMessage()
        fwd["From"], fwd["Subject"] = "it@example.org", "fwd: access list"
        fwd.set_content(log_text(seed + 7, n // 4).decode())
        fwd.add_attachment(csv_bytes(seed + 8, n // 4), maintype="text", subtype="csv",
                           filename="access.csv")
        m.attach(fwd)
    return m.as_bytes(policy=policy.SMTP if smtp else policy.default)


for name, data in (("message.eml", mail_bytes(89, 300_000)),
                   ("crlf.eml", mail_bytes(90, 200_000, smtp=True))):
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))}, 7 attachments)", ["scan", "-q", p], (65536, 70001))
    byp = {path_of(r)[len(p) + 2:]: r for r in members(recs)}
    want = {"people.csv", "app.log", "logs.zip!/in/run.log", "day.log.gz!/day.log",
            "minutes.docx", "access.csv"}
    check(len(recs) > 7 and code(recs[0]) == "COMPLETE" and ndet(recs[0]) > 100 and
          want <= set(byp) and all(code(byp[k]) == "COMPLETE" and ndet(byp[k]) > 10
                                   for k in want),
          f"{name}: the message and every attachment COMPLETE, with detections "
          f"({sorted(byp)})")
    os.unlink(p)

# the same messages edited at random (delimiters, line breaks, headers cut
# and put in): read in pieces (attachments under 100 kB read whole), the
# same records as whole
MAIL_TOKENS = [b"\r\n", b"\n", b"\r", b"\n\n", b"=", b"=\r\n", b"--", b"\n--",
               b"Content-Type: multipart/mixed; boundary=x\n", b"--x\n", b"--x--\n",
               b"Content-Transfer-Encoding: base64\n",
               # a delimiter of the message's own, or a start of one
               lambda b: b"\n--" + b[b.find(b'boundary="') + 10:][:random.Random(len(b)).randint(
                   5, 40)] + b"\n"]
agree = agreeing(91, 24, lambda k, rng: ("edited.eml", edited_bytes(
    rng, mail_bytes(92 + k, 60_000, smtp=k % 2 == 0), MAIL_TOKENS, 6, 2000)),
    lambda rng: {"TRAWL_STREAM_MIN": "100000", "TRAWL_STREAM_CHUNK": str(rng.choice((4096, 65537)))})
check(agree == 24, f"24 messages edited at random: the same records in pieces as whole ({agree})")

# 7z, made by p7zip's 7z (tools/deps.sh): read with seeks too
src7 = os.path.join(d, "7z-src")
for name, data in SMALL + [("logs/big.log", log_text(51, 3_000_000)), ("data/big.csv", CSV)]:
    write(os.path.join(src7, name), data)
p = os.path.join(d, "bundle.7z")
subprocess.run(["7z", "a", "-bd", "-mx=1", p, "."], cwd=src7, capture_output=True, check=True)
recs = same(f"bundle.7z ({mb(os.path.getsize(p))})", ["scan", "-q", p], (65536,))
byp = {path_of(r): r for r in members(recs)}
check(len(byp) == 5 and ndet(byp.get(f"{p}!/logs/big.log", {})) > 500 and
      occs(byp.get(f"{p}!/data/big.csv", {}), "cells"),
      f"bundle.7z: every member's record ({sorted(k.split('!/', 1)[1] for k in byp)})")
os.unlink(p)

lap("zip")

# ---------------------------------------------------------------- 5. truncated gzip

for name, data in (("cut.log.gz", gz(log_text(51, 3_000_000))),
                   ("cut.tar.gz", None)):
    p = os.path.join(d, name)
    if data is None:
        tar_gz(p, SMALL + [("logs/big.log", log_text(52, 3_000_000))])
        with open(p, "rb") as f:
            data = f.read()
    write(p, data[:len(data) // 2])
    recs = same(f"{name} cut at half its {mb(len(data))}", ["scan", "-q", p], (65536,))
    codes = [((path_of(r).split("!/", 1) + [name])[1], code(r), reason(r)) for r in recs]
    check(len(recs) >= 2 and any(c != "COMPLETE" for _, c, _ in codes) and
          sum(ndet(r) for r in recs) > 100,
          f"{name}: a record not COMPLETE, the part read still classified ({codes})")
    os.unlink(p)

lap("truncated")

# ---------------------------------------------------------------- 6. stdin

data = log_text(61, 3_000_000)
recs = same(f"stdin: a {mb(len(data))} log", ["scan", "-q", "-"], (65536,), stdin=data)
n = sum(ndet(r) for r in recs)
check(len(recs) == 1 and code(recs[0]) == "COMPLETE" and n > 500 and
      result(recs[0]).get("sizeClassified") == len(data),
      f"stdin log: COMPLETE, every byte classified, {n} detections")
raw = log_text(62, 9_000_000)
data = gz(raw)
# A pipe's size is known only at its end: the records of the members of
# one read in pieces, written before that, say null (the container's own
# record has it).
EMB_SIZE = re.compile(r'"size":\d+(,"eTag":null,"lastModified":null,"embeddedFileDetails")')
recs = same(f"stdin: a {mb(len(data))} gzip", ["scan", "-q", "-"], (65536,), stdin=data,
            norm=lambda out: EMB_SIZE.sub(r'"size":null\1', out))
_, piece = scan(["scan", "-q", "-"], pieces(65536), data)
precs = recs_of(piece)
check(len(precs) == 2 and precs[0]["resourcesAffected"]["s3Object"]["size"] == len(data) and
      precs[1]["resourcesAffected"]["s3Object"]["size"] is None,
      "stdin gzip in pieces: the container's size in its record, null in its member's")
mem = members(recs)
check(len(recs) == 2 and len(mem) == 1 and code(mem[0]) == "COMPLETE" and
      result(mem[0]).get("sizeClassified") == len(raw) and ndet(mem[0]) > 500,
      f"stdin gzip: the member COMPLETE, {mb(len(raw))} classified, "
      f"{ndet(mem[0]) if mem else 0} detections")

# A zip on stdin is read with seeks too, from a file it is first written
# to (an unnamed one in $TMPDIR); when none can be made, it is read whole.
p = os.path.join(d, "piped.zip")
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in SMALL + [("logs/big.log", log_text(63, 3_000_000)), ("data/big.csv", CSV)]:
        z.writestr(name, data)
with open(p, "rb") as f:
    data = f.read()
os.unlink(p)
recs = same(f"stdin: a {mb(len(data))} zip", ["scan", "-q", "-"], (65536,), stdin=data)
byp = {path_of(r): r for r in members(recs)}
check(len(recs) == 6 and recs[0]["resourcesAffected"]["s3Object"]["size"] == len(data) and
      all(code(r) == "COMPLETE" for r in recs) and ndet(byp.get("-!/logs/big.log", {})) > 500 and
      occs(byp.get("-!/data/big.csv", {}), "cells"),
      f"stdin zip: its record and every member's, COMPLETE ({sorted(byp)})")
_, whole = scan(["scan", "-q", "-"], WHOLE, data)
_, notmp = scan(["scan", "-q", "-"], dict(pieces(65536), TMPDIR=os.path.join(d, "none")), data)
check(notmp == whole and len(recs_of(notmp)) == 6,
      "stdin zip, no temporary directory to write it to: read whole, the same records")

lap("stdin")

# ---------------------------------------------------------------- 6b. HTML and XML

# Markup is read in pieces as text: a tag, comment, script or CDATA
# section not closed in what is at hand waits for more (what is at hand
# doubling, up to 64 MiB), an entity is not cut, and the text is the
# same as whole: tags, comments and scripts across piece boundaries,
# data: URIs of up to 300 kB, a comment and an attribute's quote never
# closed, a script never closed.
def html_bytes(seed, n):
    rng = random.Random(seed)
    out = ["<!DOCTYPE html>\n<html><head><title>Staff</title><style>td{x:1}</style>"
           "<script>var a='<td>';\nvar b='x';</script></head><body>\n"]
    for i in range(n):
        r = rng.random()
        if r < 0.05:
            out.append(f'<tr><td>employee</td><td class="x" title="ssn {make_ssn(rng)}">'
                       f"SSN: {make_ssn(rng)}</td></tr>\n")
        elif r < 0.08:
            out.append(f"<p>IBAN&nbsp;{make_iban(rng)} &amp; <b>Jos&eacute;</b> &#233;&#x41; "
                       f'<a href="mailto:{make_email(rng, i)}">mail</a></p>\n')
        elif r < 0.10:
            out.append(f"<!-- employee ssn {make_ssn(rng)}\n over lines -->\n")
        elif r < 0.12:
            out.append("<script>\n" + "var x = '<p>';\n" * rng.randint(1, 3000) + "</script>\n")
        elif r < 0.13:
            out.append(f"<![CDATA[ social security number {make_ssn(rng)} ]]>\n")
        elif r < 0.14:
            out.append("<img alt='a > b' src=\"data:" + "A" * rng.randint(1000, 300000) + '">\n')
        else:
            out.append(f"<div><span>row {i}</span> lorem &lt;ipsum&gt; {rng.choice(FILLER)}</div>\n")
    out.append("</body></html>\n")
    return "".join(out).encode()


def xml_bytes(seed, n):
    rng = random.Random(seed)
    out = ['<?xml version="1.0"?>\n<!DOCTYPE people [ <!ENTITY x "y"> ]>\n<people xmlns="urn:x">\n']
    for i in range(n):
        ssn = make_ssn(rng) if rng.random() < 0.05 else ""
        iban = make_iban(rng) if rng.random() < 0.03 else ""
        out.append(f'  <person id="{i}" ssn="{ssn}"><name>{make_name(rng)}</name>'
                   f"<iban>{iban}</iban><?pi data?></person>\n")
    out.append("</people>\n")
    return "".join(out).encode()


page = html_bytes(75, 12000)
half = len(page) // 2
MARKUP = [("page.html", page), ("people.xml", xml_bytes(76, 30000)),
          ("broken.html", page[:half // 2] + b"<!-- never closed " + page[half // 2:half] +
           b'<a title="open ' + page[half:]),
          ("open-script.html", page[:half] + b"<script> var y = '" + page[half:])]
for name, data in MARKUP:
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))})", ["scan", "-q", p], (65536, 65537))
    r = recs[0] if recs else {}
    check(len(recs) == 1 and code(r) == "COMPLETE" and ndet(r) > 100 and
          result(r).get("sizeClassified") == len(data) and
          result(r).get("mimeType") == ("text/html" if name.endswith("html") else "application/xml"),
          f"{name}: COMPLETE, every byte classified, {ndet(r)} detections")
    os.unlink(p)

lap("HTML and XML")

# ---------------------------------------------------------------- 6b'. PDF

# A PDF is not read in pieces, but a large one is not held either: the
# PDF child reads it from the file (from stdin: a file it is first written
# to). TRAWL_STREAM_MIN=1000 sends a small one that way: the same records.
def pdf_bytes(seed, pages, images=0):
    from reportlab.pdfgen import canvas
    from reportlab.lib.utils import ImageReader
    from PIL import Image
    rng = random.Random(seed)
    b = io.BytesIO()
    c = canvas.Canvas(b, pageCompression=1)
    for k in range(pages):
        y = 800
        for i in range(40):
            c.drawString(40, y, f"page {k} line {i} employee ssn {make_ssn(rng)} mail "
                         f"{make_email(rng, i)}")
            y -= 18
        if k < images:  # incompressible, each its own object
            img = Image.frombytes("RGB", (3000, 3000), rng.randbytes(3000 * 3000 * 3))
            c.drawImage(ImageReader(img), 40, 40, width=100, height=100)
        c.showPage()
    c.save()
    return b.getvalue()


data = pdf_bytes(91, 30)
p = os.path.join(d, "report.pdf")
write(p, data)
recs = same(f"report.pdf ({mb(len(data))})", ["scan", "-q", p], (65536,))
check(len(recs) == 1 and code(recs[0]) == "COMPLETE" and ndet(recs[0]) > 1000 and
      occs(recs[0], "pages") and result(recs[0]).get("sizeClassified") == len(data),
      f"report.pdf read by the PDF child from the file: COMPLETE, every byte classified, "
      f"{ndet(recs[0]) if recs else 0} detections on pages")
same(f"stdin: report.pdf", ["scan", "-q", "-"], (65536,), stdin=data)
os.unlink(p)
# a PDF in a tar and in a zip, their first member: "%PDF-" near their
# start, they are still archives; the PDF, written to a file, is read by
# the PDF child from there
for name, blob in (("pdf-first.tar", tar_bytes([("report.pdf", data), ("note.txt", CSV)])),
                   ("pdf-first.zip", zip_bytes([("report.pdf", data), ("note.txt", CSV)]))):
    p = os.path.join(d, name)
    write(p, blob)
    recs = same(f"{name} ({mb(len(blob))})", ["scan", "-q", p], (65536,))
    byp = {path_of(r)[len(p) + 2:]: r for r in members(recs)}
    pdf = byp.get("report.pdf", {})
    check(len(recs) == 3 and all(code(r) == "COMPLETE" for r in recs) and
          occs(pdf, "pages") and result(pdf).get("sizeClassified") == len(data),
          f"{name}: an archive, its PDF member COMPLETE on pages, every byte classified")
    os.unlink(p)

lap("PDF")

# ---------------------------------------------------------------- 6c. encodings

# Text that is not UTF-8 is converted as it is read, as a whole read
# converts it: UTF-16 (with a byte-order mark, or told by its NUL bytes)
# and Windows-1252. Pieces of 65,537 bytes cut UTF-16 units in two. A
# file that is UTF-8 in its first piece and not further on is read again
# from its start as Windows-1252, as a whole read takes it.
def cp1252(b):
    return b.decode("utf-8").encode("cp1252", "replace")


def late_byte(b, bom=b""):
    k = len(b) - 4000
    return bom + b[:k] + "Müller ".encode("cp1252") + b[k:]


ENCODED = [
    ("u16le.log", b"\xff\xfe" + log_text(81, 1_500_000).decode().encode("utf-16-le")),
    ("u16be.csv", b"\xfe\xff" + csv_bytes(82, 1_200_000).decode().encode("utf-16-be")),
    ("nobom16.jsonl", jsonl_bytes(83, 1_200_000).decode().encode("utf-16-le")),
    ("w1252.log", cp1252(log_text(84, 1_500_000))),
    ("w1252.csv", cp1252(csv_bytes(85, 1_200_000, sep=";"))),
    ("w1252.jsonl", cp1252(jsonl_bytes(86, 1_200_000))),
    ("late.log", late_byte(log_text(87, 1_500_000))),
    ("late-bom.csv", late_byte(csv_bytes(88, 1_200_000), b"\xef\xbb\xbf")),
    ("u16.xml", b"\xff\xfe" + xml_bytes(89, 8000).decode().encode("utf-16-le")),
    ("late.html", late_byte(html_bytes(90, 1500))),
]
for name, data in ENCODED:
    p = os.path.join(d, name)
    write(p, data)
    recs = same(f"{name} ({mb(len(data))})", ["scan", "-q", p], (65536, 65537))
    r = recs[0] if recs else {}
    check(len(recs) == 1 and code(r) == "COMPLETE" and
          result(r).get("sizeClassified") == len(data) and ndet(r) > 100 and
          (not name.endswith(".csv") or occs(r, "cells")) and
          (not name.endswith(".jsonl") or occs(r, "records")),
          f"{name}: COMPLETE, every byte classified, {ndet(r)} detections"
          f"{', in cells' if name.endswith('.csv') else ''}"
          f"{', in records' if name.endswith('.jsonl') else ''}")
    os.unlink(p)
data = ENCODED[0][1]
same(f"stdin: {mb(len(data))} of UTF-16", ["scan", "-q", "-"], (65537,), stdin=data)
p = os.path.join(d, "encoded.zip")
with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in ENCODED[:6]:
        z.writestr(name, data)
recs = same(f"a zip of UTF-16 and Windows-1252 members ({mb(os.path.getsize(p))})",
            ["scan", "-q", p], (65537,))
check(len(members(recs)) == 6 and all(code(r) == "COMPLETE" and ndet(r) > 100
                                      for r in members(recs)),
      "... every member COMPLETE, with detections")
os.unlink(p)

lap("encodings")

# ---------------------------------------------------------------- 6d. broken structure

# Quotes, brackets, separators and line breaks put in and cut out at
# random: wherever the pieces are cut, the same records as read whole.
def broken(seed, bases, n, tokens, chunks):
    """n files made from bases (name: bytes, in turn) with 1-12 random
    edits, each scanned whole and in pieces of one of chunks: how many
    agree."""
    names = list(bases)
    return agreeing(seed, n, lambda k, rng: (names[k % len(names)], edited_bytes(
        rng, bases[names[k % len(names)]], tokens)), lambda rng: pieces(rng.choice(chunks)))


agree = broken(66, {"m.csv": csv_bytes(67, 300_000), "m.jsonl": jsonl_bytes(68, 300_000),
                    "m.json": json_doc(69, 1200),
                    "o.json": json.dumps({"a": json.loads(json_doc(70, 600)),
                                          "b": {"c": [1, {"d": "x,y"}]},
                                          "e": json.loads(json_doc(71, 600))}).encode()},
               32, [b'"', b'[', b'{', b'}', b']', b'\n', b',', b'\\', b'\r', b'""'],
               (65536, 70001))
check(agree == 32, f"32 CSV, JSON Lines and JSON files with broken structure: the same records "
      f"in pieces as whole ({agree})")

# the same for markup: tags, comments, scripts and entities opened, closed
# and cut at random
agree = broken(67, {"m.html": html_bytes(78, 1500), "m.xml": xml_bytes(79, 4000)}, 16,
               [b'<', b'>', b'"', b"'", b'<!--', b'-->', b'&', b'&amp', b'<script>',
                b'</script>', b'<![CDATA[', b'<!', b'<?', b'='], (65536, 65537, 70001))
check(agree == 16, f"16 HTML and XML files with broken markup: the same records in pieces as "
      f"whole ({agree})")

lap("broken structure")

# ---------------------------------------------------------------- 6b. objects not read

# binary data and a legacy Office file are known by their first bytes: the
# record a whole read makes, without reading the rest (a member or stdin is
# read to its end for its size, not held)
rng = random.Random(81)
noise = bytes(rng.getrandbits(8) for _ in range(600_000))
ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + noise
unread = os.path.join(d, "unread.tar")
with tarfile.open(unread, "w", format=tarfile.GNU_FORMAT) as t:
    for name, data in (("blob.bin", noise), ("old.doc", ole),
                       ("note.txt", log_text(82, 200_000))):
        ti = tarfile.TarInfo(name)
        ti.size, ti.mtime = len(data), MTIME
        t.addfile(ti, io.BytesIO(data))
write(os.path.join(d, "blob.bin"), noise)
write(os.path.join(d, "old.doc"), ole)
for name in ("blob.bin", "old.doc", "unread.tar"):
    recs = same(name, ["scan", "-q", os.path.join(d, name)], (65536, 70001))
    if name == "unread.tar":
        recs = members(recs)
    want = {k: v for k, v in (("blob.bin", "application/octet-stream"),
                              ("old.doc", "application/x-ole-storage"))
            if name in (k, "unread.tar")}
    got = [r for r in recs for k, v in want.items()
           if path_of(r).endswith("/" + k) and code(r) == "SKIPPED" and
           reason(r) == "UNSUPPORTED_FILE_TYPE_EXCEPTION" and result(r).get("mimeType") == v]
    check(len(got) == len(want) > 0,
          f"{name}: {', '.join(want)} SKIPPED, UNSUPPORTED_FILE_TYPE_EXCEPTION, "
          f"with their MIME types")
with open(os.path.join(d, "blob.bin"), "rb") as f:
    same("binary data on stdin", ["scan", "-q", "-"], (65536,), stdin=f.read())
for name in ("blob.bin", "old.doc", "unread.tar"):
    os.unlink(os.path.join(d, name))

lap("objects not read")

# ---------------------------------------------------------------- 7. memory, default thresholds

# the peak RSS of trawl alone, measured by a fresh parent
WRAP = ("import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True); "
        "sys.stdout.buffer.write(p.stdout); "
        "sys.stderr.write('%d %d' % (p.returncode, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
LIMIT_KB = 160 * 1024


def measured(path, stdin=False):
    """(status, records, peak RSS in KiB) of trawl scan -q -j1 path (or
    of - with the file on stdin)."""
    try:
        with open(path if stdin else os.devnull, "rb") as f:
            p = subprocess.run(["/usr/bin/python3", "-c", WRAP, TRAWL, "scan", "-q", "-j1",
                                "-" if stdin else path],
                               stdin=f, capture_output=True, timeout=600)
        rc, rss = map(int, p.stderr.decode().split()[-2:])
    except (subprocess.TimeoutExpired, ValueError):
        return None, [], 0
    return rc, recs_of(p.stdout.decode("utf-8", "replace")), rss


def one_record(path, what, kind=None, limit_kb=LIMIT_KB, limit="under 160"):
    """Scans path (then removed): one record, COMPLETE, every byte
    classified, over 1,000 detections (in occurrences of kind), in
    under limit_kb of peak RSS. Two checks."""
    size = os.path.getsize(path)
    rc, recs, rss = measured(path)
    os.unlink(path)
    r = recs[0] if recs else {}
    check(rc == 1 and len(recs) == 1 and code(r) == "COMPLETE" and
          result(r).get("sizeClassified") == size and ndet(r) > 1000 and
          (not kind or occs(r, kind)),
          f"a {size >> 20} MiB {what}: COMPLETE ({code(r)}, {reason(r)}), every byte "
          f"classified, {ndet(r)} detections{' in ' + kind if kind else ''}")
    check(0 < rss < limit_kb, f"... in {rss // 1024} MiB of peak RSS ({limit})")



def all_records(path, what, sizes, stdin=False, limit_kb=LIMIT_KB, limit="under 160"):
    """Scans path (then removed; stdin: on stdin): the object and its
    members (sizes: name inside it -> bytes), every record COMPLETE, every
    byte classified, over 1,000 detections, in under limit_kb of peak RSS.
    Two checks."""
    size = os.path.getsize(path)
    rc, recs, rss = measured(path, stdin)
    os.unlink(path)
    byp = {path_of(r).split("!/", 1)[1]: r for r in members(recs)}
    top = recs[0] if recs else {}
    n = sum(ndet(r) for r in recs)
    check(rc == 1 and len(recs) == 1 + len(sizes) and all(code(r) == "COMPLETE" for r in recs) and
          top["resourcesAffected"]["s3Object"]["size"] == size and
          result(top).get("sizeClassified") == size and
          all(result(byp.get(k, {})).get("sizeClassified") == v for k, v in sizes.items()) and
          n > 1000,
          f"{what} ({size >> 20} MiB{' on stdin' if stdin else ''}): it and its "
          f"{len(sizes)} members COMPLETE, every byte classified, {n} detections "
          f"({sorted(byp)})")
    check(0 < rss < limit_kb, f"... in {rss // 1024} MiB of peak RSS ({limit})")


BIGS = [os.path.join(d, n) for n in (
    "huge.csv", "huge.log.gz", "huge.zip", "huge-utf16.log", "huge.json", "huge.html",
    "huge.xlsx", "huge.pdf", "huge.bin", "huge.docx", "huge.tar", "huge.eml", "huge.ods")]
(big_csv, big_gz, big_zip, big_u16, big_json, big_html, big_xlsx, big_pdf, big_bin, big_docx,
 big_tar, big_eml, big_ods) = BIGS
try:
    block = csv_block(71, 1 << 20)
    with open(big_csv, "wb") as f:
        f.write(b"name,ssn,iban,email,notes\n")
        while f.tell() < 300 << 20:
            f.write(block)
    one_record(big_csv, "CSV", "cells")
    lap("300 MB CSV")

    block = log_text(72, 2 << 20)
    with gzip.GzipFile(big_gz, "wb", compresslevel=1, mtime=MTIME) as f:
        usize = 0
        while usize < 600 << 20:
            f.write(block)
            usize += len(block)
    all_records(big_gz, f"a gzip of {usize >> 20} MiB of log", {"huge.log": usize})
    lap("600 MB gzip")

    # a zip on stdin, its members stored: the zip as large as its text
    with zipfile.ZipFile(big_zip, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a.log", block * 50)
        z.writestr("b.log", block * 50)
    all_records(big_zip, "a zip", {"a.log": 50 * len(block), "b.log": 50 * len(block)},
                stdin=True)
    lap("stdin zip")

    # UTF-16, converted as it is read
    with open(big_u16, "wb") as f:
        f.write(b"\xff\xfe")
        unit = block.decode().encode("utf-16-le")
        while f.tell() < 200 << 20:
            f.write(unit)
    one_record(big_u16, "UTF-16 log")
    lap("UTF-16")

    # one JSON document, an object whose big array is in the middle
    elems = json.dumps(json.loads(json_doc(73, 2000)))[1:-1].encode()
    with open(big_json, "wb") as f:
        f.write(b'{"export": {"by": "hr"}, "people": [' + elems)
        while f.tell() < 100 << 20:
            f.write(b"," + elems)
        f.write(b'], "count": 1}')
    one_record(big_json, "JSON object", "records")
    lap("JSON object")

    # HTML, its markup removed as it is read; a comment never closed
    # near its start makes it wait for more up to 64 MiB, then go on
    body = html_bytes(77, 6000)
    with open(big_html, "wb") as f:
        f.write(b"<html><body><!-- never closed ")
        while f.tell() < 150 << 20:
            f.write(body)
    one_record(big_html, "HTML page")
    lap("HTML")

    # a spreadsheet: 90 MB of sheet XML (under the 100 MB part limit), its
    # cells handed over in pieces; the zip itself is held
    write(big_xlsx, xlsx_bytes(330000, random.Random(74), shared=False))
    one_record(big_xlsx, "xlsx", "cells")
    lap("xlsx")

    # a docx with 100 MiB of media (the zip is not held: its parts are
    # read from the file) and 90 MB of document XML, walked in pieces
    write(big_docx, office_bytes("docx", 76, 260000, media=100 << 20))
    one_record(big_docx, "docx")
    lap("docx")

    # an ods of 90 MB of content.xml: its rows walked in pieces
    write(big_ods, office_bytes("ods", 80, 240000))
    one_record(big_ods, "ods", "cells")
    lap("ods")

    # a tar holding a gzip (stored blocks: as large as its log) and a
    # stored zip: neither held, the zip written to a file first
    block = log_text(78, 2 << 20)
    day = gz(block * 80, level=0)
    week = zip_bytes([("week.log", block * 60)], zipfile.ZIP_STORED)
    write(big_tar, tar_bytes([("day.log.gz", day), ("week.zip", week)]))
    all_records(big_tar, "a tar of a gzip and a zip",
                {"day.log.gz": len(day), "day.log.gz!/day.log": 80 * len(block),
                 "week.zip": len(week), "week.zip!/week.log": 60 * len(block)})
    del day, week
    lap("archives in a tar")

    # a message of 200 MiB: a CSV and a log attached (base64), a text
    # body; the message and its attachments are read as they come
    with open(big_eml, "wb") as f:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "hr@example.org", "b@example.org", "export"
        m.set_content(block.decode()[:8 << 20])
        m.add_attachment(csv_block(79, 1 << 20) * 80, maintype="text", subtype="csv",
                         filename="people.csv")
        m.add_attachment(block * 30, maintype="application", subtype="octet-stream",
                         filename="app.log")
        f.write(m.as_bytes(policy=policy.default))
    all_records(big_eml, "a message, a CSV and a log attached",
                {"people.csv": 80 * len(csv_block(79, 1 << 20)), "app.log": 30 * len(block)})
    lap("e-mail")

    # binary data, from a file and on stdin: known by its first bytes,
    # not held
    with open(big_bin, "wb") as f:
        for _ in range(200):
            f.write(os.urandom(1 << 20))
    for stdin in (False, True):
        rc, recs, rss = measured(big_bin, stdin)
        r = recs[0] if recs else {}
        check(rc == 3 and len(recs) == 1 and code(r) == "SKIPPED" and
              reason(r) == "UNSUPPORTED_FILE_TYPE_EXCEPTION" and
              r["resourcesAffected"]["s3Object"]["size"] == 200 << 20,
              f"200 MiB of binary data{' on stdin' if stdin else ''}: SKIPPED, "
              f"{reason(r)}, its size {r and r['resourcesAffected']['s3Object']['size']}")
        check(0 < rss < 64 << 10, f"... in {rss // 1024} MiB of peak RSS (under 64: not held)")
    os.unlink(big_bin)
    lap("binary data")

    # a PDF of three 27 MB images and 30 pages of text: held by no one
    write(big_pdf, pdf_bytes(75, 30, images=3))
    one_record(big_pdf, "PDF", "pages", (os.path.getsize(big_pdf) >> 10) * 2 // 3,
               "under two thirds of its size: not held")
    lap("PDF")

    # the same PDF in a tar: written to a file for the PDF child, not held
    write(big_pdf, pdf_bytes(75, 30, images=3))
    with tarfile.open(big_tar, "w") as t:
        t.add(big_pdf, arcname="scan.pdf")
    psize = os.path.getsize(big_pdf)
    os.unlink(big_pdf)
    all_records(big_tar, "a PDF in a tar", {"scan.pdf": psize}, limit_kb=(psize >> 10) * 2 // 3,
                limit="under two thirds of the PDF's size: not held")
finally:
    for p in BIGS:
        if os.path.exists(p):
            os.unlink(p)

lap("PDF in a tar")
print(f"# {time.time() - T0:.1f}s in all")
done()
