"""False positives on ordinary text nobody wrote for this test: the Debian
system's own man pages, C headers and documentation (/usr/share/man,
/usr/include, /usr/share/doc; gzipped man pages and changelogs are opened
as the archives they are).

Every identifier whose detection rests on check digits or on a financial
structure (category FINANCIAL_INFORMATION, or PERSONAL_INFORMATION with a
validator other than the e-mail one) must report nothing there. What the
others report is printed (as "# " lines) with a sample of where: e-mail
addresses of authors and maintainers, private keys and tokens shipped as
examples, are what they look like.
"""
import collections
import json
import os
import subprocess

from tlib import TRAWL, check, done, run

DIRS = [d for d in ("/usr/share/man", "/usr/include", "/usr/share/doc") if os.path.isdir(d)]
check(len(DIRS) == 3, f"the system text is there ({DIRS})")

# Validators of values that have no check digits and are what they look
# like wherever they appear: names, addresses, dates, coordinates, network
# addresses, phone numbers (phone_*), a card's expiry, cookies, postal
# codes. Every other financial or personal identifier (check digits, or a
# national number's structure and dates, and the keyword-bound bank codes
# and card security codes) must report nothing in this text.
NOT_CHECK_DIGITS = {"-", "email", "person_name", "postal_address", "ip_address", "mac_address",
                    "dob", "latlon", "card_expiry", "http_cookie", "br_cep"}

rc, out, err = run(["identifiers", "list"])
checked = set()
for line in out.splitlines()[1:]:   # ID CATEGORY COUNTRIES KEYWORD VALIDATOR ...
    f = line.split()
    if len(f) < 5:
        continue
    ident, cat, validator = f[0], f[1], f[4]
    if cat in ("FINANCIAL_INFORMATION", "PERSONAL_INFORMATION") and \
            validator not in NOT_CHECK_DIGITS and not validator.startswith("phone_"):
        checked.add(ident)
check(len(checked) >= 150, f"{len(checked)} checksum or national-number identifiers under test")

p = subprocess.run([TRAWL, "scan", "-q", "-j2"] + DIRS, capture_output=True, timeout=900)
counts, where, objects = collections.Counter(), collections.defaultdict(list), 0
statuses = collections.Counter()
for line in p.stdout.decode("utf-8", "replace").splitlines():
    r = json.loads(line)
    objects += 1
    res = r["classificationDetails"]["result"]
    statuses[res["status"]["code"]] += 1
    o = r["resourcesAffected"]["s3Object"]
    path = o["path"] + ("!/" + o["embeddedFileDetails"]["filePath"]
                        if o.get("embeddedFileDetails") else "")
    for cat in res["sensitiveData"]:
        for d in cat["detections"]:
            counts[d["type"]] += d["count"]
            if len(where[d["type"]]) < 3:
                where[d["type"]].append(path)
check(p.returncode in (0, 1, 3) and objects > 1000,
      f"scanned {objects} objects ({dict(statuses)})")
bad = {t: n for t, n in counts.items() if t in checked}
check(not bad, f"no checksum-validated national-ID or financial detection "
      f"({bad}; {[where[t] for t in bad]})")
for t, n in counts.most_common():
    if t not in checked:
        print(f"# {t}: {n}, e.g. {', '.join(where[t])}")
done()
