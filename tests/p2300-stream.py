"""Large plain-text objects are scanned in pieces (src/engine/object.c,
trawl_objscan_stream): the records must be byte-identical to a scan of the
whole object, whatever the piece size, with values, keywords, long lines
and multi-byte characters across every boundary; memory must not grow with
the object; anything but plain text is still read whole.

TRAWL_STREAM_MIN / TRAWL_STREAM_CHUNK shrink the threshold and the pieces
so that a few MB cross hundreds of boundaries.
"""
import os
import random
import subprocess


from tlib import TRAWL, check, done, make_iban, make_ssn, records, run, tmpdir, write

d = tmpdir()


def text(seed, nlines):
    rng = random.Random(seed)
    out = []
    filler = ["lorem ipsum dolor sit amet", "naïve café – déjà vu", "日本語のテキスト",
              "ok", "", "status=200 path=/api/v1/items"]
    for i in range(nlines):
        r = rng.random()
        if r < 0.03:   # keyword-required: the keyword at 0-40 characters
            gap = " " * rng.randint(0, 40)
            out.append(f"{i} employee ssn{gap}{make_ssn(rng)} end")
        elif r < 0.05:
            out.append(f"{i} wire to {make_iban(rng)} ref {rng.randint(0, 10**6)}")
        elif r < 0.06:
            out.append(f"{i} {rng.choice(filler)} " * rng.randint(50, 3000) +
                       f"mail jane.d{i}@example.org")
        elif r < 0.07:  # keyword on one line, value on the next
            out.append(f"{i} social security number:")
            out.append(make_ssn(rng))
        else:
            out.append(f"{i} " + " ".join(rng.choice(filler) for _ in range(rng.randint(0, 6))))
    return "\n".join(out) + "\n"


for seed, n, chunk in ((1, 40000, 65536), (2, 30000, 100000), (3, 20000, 70001)):
    p = os.path.join(d, f"s{seed}.log")
    write(p, text(seed, n))
    size = os.path.getsize(p)
    rc1, whole, _ = run(["scan", "-q", p])
    rc2, piece, err = run(["scan", "-q", p], env={"TRAWL_STREAM_MIN": "1000",
                                                  "TRAWL_STREAM_CHUNK": str(chunk)})
    recs = records(whole)
    n_det = sum(dd["count"] for c in recs[0]["classificationDetails"]["result"]["sensitiveData"]
                for dd in c["detections"])
    check(whole == piece and rc1 == rc2 and n_det > 500,
          f"seed {seed}: {size} bytes in pieces of {chunk}: the same record as the whole "
          f"object ({n_det} detections)")

# one line of 3 MB with values spread over it, no newline at the end
rng = random.Random(9)
parts = []
for i in range(3000):
    parts.append("x" * rng.randint(0, 2000))
    parts.append(f" ssn {make_ssn(rng)} " if i % 3 else f" {make_iban(rng)} ")
p = os.path.join(d, "oneline.txt")
write(p, "".join(parts))
rc1, whole, _ = run(["scan", "-q", p])
rc2, piece, _ = run(["scan", "-q", p], env={"TRAWL_STREAM_MIN": "1000",
                                            "TRAWL_STREAM_CHUNK": "65536"})
check(whole == piece and '"startColumn"' in whole,
      "a 3 MB single line in pieces: the same columns and counts")

# a CSV is read in pieces of whole rows too (more in p2310)
p = os.path.join(d, "big.csv")
write(p, "name,ssn\n" + "".join(f"n{i},{make_ssn(rng)}\n" for i in range(20000)))
rc1, whole, _ = run(["scan", "-q", p])
rc2, piece, _ = run(["scan", "-q", p], env={"TRAWL_STREAM_MIN": "1000",
                                            "TRAWL_STREAM_CHUNK": "65536"})
check(whole == piece and '"cells"' in piece, "a large CSV in pieces: the same cells")

# memory: a 400 MB log at the default thresholds
big = os.path.join(d, "huge.log")
block = text(4, 3000).encode()
with open(big, "wb") as f:
    while f.tell() < 400 << 20:
        f.write(block)
size = os.path.getsize(big)
# the peak RSS of trawl alone, measured by a fresh parent
WRAP = ("import resource, subprocess, sys; "
        "p = subprocess.run(sys.argv[1:], capture_output=True); "
        "sys.stdout.buffer.write(p.stdout); "
        "sys.stderr.write('%d %d' % (p.returncode, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
p = subprocess.run(["/usr/bin/python3", "-c", WRAP, TRAWL, "scan", "-q", "-j1", big],
                   capture_output=True)
rc, rss = map(int, p.stderr.decode().split()[-2:])
recs = records(p.stdout.decode())
check(rc == 1 and len(recs) == 1 and
      recs[0]["classificationDetails"]["result"]["sizeClassified"] == size and
      recs[0]["classificationDetails"]["result"]["status"]["code"] == "COMPLETE",
      f"a {size >> 20} MiB log: COMPLETE, every byte classified")
check(0 < rss < 128 * 1024, f"... in {rss // 1024} MiB of peak RSS")
p = subprocess.run(["/usr/bin/python3", "-c", WRAP, TRAWL, "scan", "-q", "-j1", big],
                   capture_output=True, env=dict(os.environ, TRAWL_STREAM_MIN=str(1 << 40)))
rc2, rss_whole = map(int, p.stderr.decode().split()[-2:])
check(records(p.stdout.decode()) == recs and rss_whole > size // 1024,
      f"(read whole, the same record in {rss_whole // 1024} MiB)")
os.unlink(big)

done()
