"""Gated identifiers find what the whole-text pass finds.

CREDIT_CARD_NUMBER_(NO_KEYWORD), MAC_ADDRESS and IP_ADDRESS carry a gate
(match/gate.h): a scan looks for them only around runs of the bytes their
matches are made of. `trawl identifiers test ID` scans the whole text
instead (its trace shows every candidate), so for every generated text the
two must agree on what is detected and where. The texts plant valid and
broken values in every kind of neighbourhood: glued to digits, hex letters,
dots, colons and hyphens, at the text's ends, across 64-byte blocks, and
around the scanner's 4 MiB windows in a large file.
"""
import random
import re

from stdnum import luhn

from tlib import check, counts, done, occurrences, records, run, tmpdir, write

rng = random.Random(2120)
IDS = ["CREDIT_CARD_NUMBER_(NO_KEYWORD)", "MAC_ADDRESS", "IP_ADDRESS"]


def card():
    lead, n = rng.choice([("4", 16), ("4", 13), ("51", 16), ("2221", 16), ("6011", 16),
                          ("34", 15), ("37", 15), ("36", 14), ("300", 14), ("4", 19)])
    body = lead + "".join(rng.choice("0123456789") for _ in range(n - len(lead) - 1))
    num = body + luhn.calc_check_digit(body)
    if rng.random() < 0.1:  # a broken check digit
        num = num[:-1] + str((int(num[-1]) + 1) % 10)
    sep = rng.choice(["", " ", "-"])
    if n == 16 and sep:
        return sep.join(num[i:i + 4] for i in range(0, 16, 4))
    if n == 15 and sep:
        return sep.join([num[:4], num[4:10], num[10:]])
    return num


def hexd(k):
    s = "".join(rng.choice("0123456789abcdef") for _ in range(k))
    return s.upper() if rng.random() < 0.3 else s


def mac():
    form = rng.randrange(3)
    if form == 2:
        return ".".join(hexd(4) for _ in range(3))
    return (":" if form == 0 else "-").join(hexd(2) for _ in range(6))


def ip():
    r = rng.random()
    if r < 0.6:
        return ".".join(str(rng.randrange(256)) for _ in range(4))
    if r < 0.8:
        return ":".join(hexd(rng.randint(1, 4)) for _ in range(8))
    left = ":".join(hexd(rng.randint(1, 4)) for _ in range(rng.randrange(4)))
    right = ":".join(hexd(rng.randint(1, 4)) for _ in range(rng.randrange(1, 4)))
    return left + "::" + right


def broken(v):
    """One random edit: a byte dropped, doubled or changed."""
    i = rng.randrange(len(v))
    op = rng.randrange(3)
    if op == 0:
        return v[:i] + v[i + 1:]
    if op == 1:
        return v[:i] + v[i] + v[i:]
    return v[:i] + rng.choice("0123456789abcdefABCDEF:.- ") + v[i + 1:]


FILL = ["the order was shipped", "2026-11-28 12:34:56", "12:34:56.789", "v1.2.3",
        "0x1f2e3d", "deadbeef", "a.b.c", "cafe::", "555 0100", "  ", "1 2 3 4 5 6 7 8 9 0",
        "10.0", "::", "a-b-c-d", "00:00", "face.bead.feed.", "20261128", "--", "...",
        "4111 1111", "ff-ff-ff", "id=7;", "(x)", "\t"]
GLUE = ["", "", " ", ",", ";", "(", ")", "\n", "x", "a", "F", "0", "9", ".", ":", "-", "/", "_"]


def line():
    parts = []
    for _ in range(rng.randint(1, 8)):
        r = rng.random()
        if r < 0.45:
            parts.append(rng.choice(FILL))
        else:
            v = rng.choice([card, mac, ip])()
            if rng.random() < 0.25:
                v = broken(v)
            parts.append(rng.choice(GLUE) + v + rng.choice(GLUE))
    return " ".join(parts)


def text(nlines):
    # Lines of random length, so values fall across every 64-byte step.
    return "\n".join(" " * rng.randrange(70) + line() for _ in range(nlines)) + "\n"


d = tmpdir()
names = []
for i in range(30):
    t = text(rng.randint(1, 40))
    if i % 5 == 0:  # a value at the very start and the very end
        t = rng.choice([card, mac, ip])() + " " + t + rng.choice([card, mac, ip])()
    names.append(f"t{i:02d}.txt")
    write(f"{d}/t{i:02d}.txt", t)

# Around the 4 MiB windows of a large text.
W = 4 << 20
big = []
size = 0
while size < 2 * W + 8192:
    near = any(abs(size - k * W) < 6000 for k in (1, 2))
    ln = text(1) if near else ("filler line with words and 1234 numbers 12:34:56\n" * 40)
    big.append(ln)
    size += len(ln)
names.append("big.txt")
write(f"{d}/big.txt", "".join(big))


def traced(ident, path):
    """(count, [(line, column)]) of `identifiers test`: the whole text."""
    with open(path, "rb") as f:
        data = f.read()
    _, out, _ = run(["identifiers", "test", ident], stdin=data)
    at = [tuple(map(int, m.groups())) for m in re.finditer(r"^DETECTED (\d+):(\d+)\t", out, re.M)]
    return len(at), at


for ident in IDS:
    rc, out, err = run(["scan", "--identifiers", ident, "-j2", d])
    recs = {r["resourcesAffected"]["s3Object"]["key"].rsplit("/", 1)[-1]: r for r in records(out)}
    check(len(recs) == len(names), f"{ident}: one record per text ({len(recs)})")
    differ = []
    total = 0
    for n in names:
        want_n, want_at = traced(ident, f"{d}/{n}")
        rec = recs.get(n)
        got_n = counts(rec).get(ident, 0) if rec else -1
        got_at = [(o["start"], o["startColumn"]) for o in occurrences(rec, ident)] if rec else []
        total += want_n
        if got_n != want_n or not set(got_at) <= set(want_at):
            differ.append(f"{n}: {got_n} against {want_n}")
    check(not differ, f"{ident}: the gated scan finds what the whole-text pass finds, "
          f"count and places, in {len(names)} texts ({'; '.join(differ[:3]) or 'none differ'})")
    check(total > 60, f"{ident}: the texts hold detections to compare ({total})")

# The gates hold the catalog's own examples too (identifiers check scans
# them gated).
rc, out, err = run(["identifiers", "check", "--identifiers", ",".join(IDS)])
check(rc == 0 and " 0 failed" in out + err, "the gated identifiers' examples all pass")

# A gate is checked when the identifiers load.
bad = tmpdir()


def refused(gate, keywords, want, what):
    """An identifier file whose gate must be refused, naming it."""
    write(f"{bad}/x.yaml", f"""- id: GATED_THING
  name: 'gated'
  category: PERSONAL_INFORMATION
  pattern: '\\b\\d{{6}}\\b'
  gate: '{gate}'
  keywords: {keywords}
""")
    rc, out, err = run(["identifiers", "check", "--identifiers-dir", bad])
    check(rc != 0 and "GATED_THING" in err and want in err, what)


refused("[0-9]{6,} 6[a-z]", "[]", "inside the run class",
        "a gate whose condition lies outside its run class is refused, naming the identifier")
refused("[0-9]{7,} 6[0-9]", "[]", "longer than the pattern's (6 bytes)",
        "a gate asking for longer matches than the pattern can make is refused")
refused("[0-9]{6,} 6[0-9]", "[code]\n  keyword_required: true",
        "a gate is for identifiers that need no keyword",
        "a keyword-bound identifier may not have a gate")

done()
