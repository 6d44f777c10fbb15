"""tlib - the small helper every command test uses.

Each check prints "ok - what" or "not ok - what" (tests/run counts them).
Tests run the real ./trawl binary on files they generate in a temporary
directory; nothing here is a real person's data.
"""
import json
import os
import subprocess
import sys
import tempfile

TOP = os.environ.get("TRAWL_TOP") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAWL = os.environ.get("TRAWL_BIN") or os.path.join(TOP, "trawl")
FAILED = 0


def check(cond, what):
    global FAILED
    if cond:
        print("ok - " + what)
    else:
        FAILED += 1
        print("not ok - " + what)
    sys.stdout.flush()
    return cond


def run(args, stdin=None, env=None, cwd=None, timeout=600, wrap=None):
    """Runs trawl with args; returns (status, stdout text, stderr text)."""
    e = dict(os.environ)
    e.update(env or {})
    cmd = (wrap or []) + [TRAWL] + list(args)
    p = subprocess.run(cmd, input=stdin, capture_output=True, env=e, cwd=cwd,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def records(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def counts(rec):
    """{type: count} of one result record."""
    c = {}
    for cat in rec["classificationDetails"]["result"]["sensitiveData"]:
        for d in cat["detections"]:
            c[d["type"]] = d["count"]
    return c


def occurrences(rec, typ):
    for cat in rec["classificationDetails"]["result"]["sensitiveData"]:
        for d in cat["detections"]:
            if d["type"] == typ:
                return d["occurrences"]["lineRanges"]
    return []


def status(rec):
    s = rec["classificationDetails"]["result"]["status"]
    return s["code"], s["reason"]


def by_key(recs):
    return {r["resourcesAffected"]["s3Object"]["key"]: r for r in recs}


def tmpdir():
    return tempfile.mkdtemp(prefix="trawl-test-")


def write(path, data, mtime=1767225600):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)
    os.utime(path, (mtime, mtime))


def done():
    sys.exit(1 if FAILED else 0)


def make_iban(rng):
    """A German IBAN with valid check digits (python-stdnum computes them)."""
    from stdnum import iban as std_iban
    bban = "".join(rng.choice("0123456789") for _ in range(18))
    return "DE" + std_iban.calc_check_digits("DE00" + bban) + bban


def make_ssn(rng):
    """A US SSN that python-stdnum accepts."""
    from stdnum.us import ssn as std_ssn
    while True:
        s = f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if std_ssn.is_valid(s):
            return s
