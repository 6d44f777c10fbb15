"""Keyword proximity (Macie's rules) and the `trawl identifiers` commands."""
import os
import re
import subprocess
import time

from stdnum import luhn

from tlib import TOP, TRAWL, check, counts, done, records, run, tmpdir, write

SSN = "536-90-4399"
SIN = "1234567" + "8" + "2"  # fixed up below to a valid Luhn number
SIN = SIN[:8] + luhn.calc_check_digit(SIN[:8])
SIN = f"{SIN[0:3]} {SIN[3:6]} {SIN[6:9]}"


def found(text, ident):
    """Detections of the identifiers in ident (comma-separated) in text."""
    rc, out, _ = run(["scan", "--identifiers", ident, "-"], stdin=text.encode())
    c = counts(records(out)[0])
    return sum(c.get(i, 0) for i in ident.split(","))


# ---- distance: within 30 characters, inclusive, either side ---------------
for gap, want in ((29, 1), (30, 1), (31, 0)):
    check(found("SSN" + " " * gap + SSN, "USA_SOCIAL_SECURITY_NUMBER") == want,
          f"keyword {gap} characters before the value: {'found' if want else 'not found'}")
    check(found(SSN + " " * gap + "ssn", "USA_SOCIAL_SECURITY_NUMBER") == want,
          f"keyword {gap} characters after the value: {'found' if want else 'not found'}")
check(found("SSN " + "é" * 29 + SSN, "USA_SOCIAL_SECURITY_NUMBER") == 1,
      "distance counts characters, not bytes (30 two-byte characters)")
check(found("SSN " + "é" * 30 + SSN, "USA_SOCIAL_SECURITY_NUMBER") == 0,
      "31 characters (30 of them two-byte) is too far")

# ---- case, separators, whole words ------------------------------------------
for kw in ("Social Security", "SOCIAL_SECURITY", "social-security", "socialsecurity"):
    check(found(f"{kw} {SSN}", "USA_SOCIAL_SECURITY_NUMBER") == 1,
          f"keyword 'social security' matches '{kw}'")
check(found(f"SIN {SIN}", "CANADA_SOCIAL_INSURANCE_NUMBER") == 1, "SIN with keyword found")
check(found(f"since {SIN}", "CANADA_SOCIAL_INSURANCE_NUMBER") == 0,
      "'since' is not the keyword SIN (whole words)")
check(found(f"ssn{SSN}", "USA_SOCIAL_SECURITY_NUMBER") == 0,
      "a value glued to letters is no match")

# ---- known example values are suppressed -------------------------------------
check(found("card 4111111111111111", "CREDIT_CARD_NUMBER") == 0 and
      found("4111 1111 1111 1111", "CREDIT_CARD_NUMBER_(NO_KEYWORD)") == 0,
      "the documented test card 4111111111111111 is not reported")
card = "4" + "539" + "1488" + "0343" + "646"
card = card + luhn.calc_check_digit(card)
check(found(f"visa {card}", "CREDIT_CARD_NUMBER") == 1 and
      found(f"xx {card}", "CREDIT_CARD_NUMBER_(NO_KEYWORD)") == 1,
      "a generated Luhn-valid Visa number is reported")
check(found(f"credit card {card}", "CREDIT_CARD_NUMBER,CREDIT_CARD_NUMBER_(NO_KEYWORD)") == 1,
      "with a keyword only CREDIT_CARD_NUMBER is reported, not also NO_KEYWORD")
check(found("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_CREDENTIALS") == 0, "AWS's documented example secret key is not reported")

# ---- identifiers list / check / test -----------------------------------------
rc, out, err = run(["identifiers", "list"])
rows = [l.split()[0] for l in out.splitlines()[1:]]
check(rc == 0 and "USA_SOCIAL_SECURITY_NUMBER" in rows and "GERMANY_BANK_ACCOUNT_NUMBER" in rows,
      f"identifiers list shows the catalog ({len(rows)} identifiers)")
hdr = out.splitlines()[0].split()
check(hdr[:5] == ["ID", "CATEGORY", "COUNTRIES", "KEYWORD", "VALIDATOR"],
      "identifiers list columns: id, category, countries, keyword, validator")
rc, out, err = run(["identifiers", "check"])
check(rc == 0 and re.search(r" 0 failed$", out.strip()), "identifiers check: every example passes: "
      + out.strip().splitlines()[-1])
m = re.search(r"(\d+) examples, (\d+) negative", out)
check(m and int(m.group(1)) >= 60 and int(m.group(2)) >= 60, "identifiers check ran the examples")

rc, out, _ = run(["identifiers", "test", "USA_SOCIAL_SECURITY_NUMBER"],
                 stdin=f"ssn {SSN}\nssn 666-12-1234\n{'.' * 40}\n{SSN} alone\n".encode())
check(rc == 0 and SSN not in out and "***-**-4399" in out, "identifiers test masks values")
check("DETECTED 1:5" in out and "rejected by validator" in out and
      "no keyword within distance" in out and "1 detected" in out,
      "identifiers test says what matched and why")

# A broken identifier file is a clear configuration error naming it.
b = tmpdir()
write(f"{b}/x.yaml", "- id: BROKEN_ONE\n  category: PERSONAL_INFORMATION\n  pattern: '(\\d{3}'\n"
      "  examples: ['x']\n  negative_examples: ['y']\n")
rc, out, err = run(["identifiers", "--identifiers-dir", b, "check"])
check(rc == 2 and "BROKEN_ONE" in err, "a pattern that does not compile is an error naming it")
write(f"{b}/x.yaml", "- id: TYPO\n  category: PERSONAL_INFORMATION\n  patern: 'x'\n")
rc, out, err = run(["identifiers", "--identifiers-dir", b, "list"])
check(rc == 2 and "patern" in err, "an unknown field is an error")

# ---- the compiled-database cache -------------------------------------------
cache = tmpdir()
env = {"TRAWL_CACHE_DIR": cache}
src = tmpdir()
write(f"{src}/a.txt", f"ssn {SSN}\nmail jo@example.org\n")
rc1, out1, _ = run(["scan", src], env=env)
files = os.listdir(cache)
# three databases: the main pass, the identifiers bound to a keyword, and
# the gated ones (card number, MAC and IP address)
check(len(files) == 3 and all(f.endswith(".hsdb") for f in files),
      f"the first run writes three cache files ({files})")
rc2, out2, _ = run(["scan", src], env=env)
check(rc2 == rc1 == 1 and out2 == out1, "a run from the cache gives the same records")
for name in files:
    with open(os.path.join(cache, name), "r+b") as f:
        f.seek(100)
        f.write(b"garbage" * 50)
rc3, out3, _ = run(["scan", src], env=env)
check(rc3 == 1 and out3 == out1, "a corrupt cache file is ignored and rebuilt")
rc4, out4, _ = run(["scan", "--identifiers", "EMAIL_ADDRESS", src], env=env)
check(len(os.listdir(cache)) == 4, "another selection gets its own cache file (EMAIL_ADDRESS "
      "needs no keyword: one database)")
# Eviction: files no run has used for 30 days go when a new one is
# written; a file in use has its date refreshed when a run loads it.
old = time.time() - 40 * 86400
stale = os.path.join(cache, "0" * 32 + ".hsdb")
write(stale, b"old format")
os.utime(stale, (old, old))
used = sorted(os.listdir(cache))
for name in used:
    os.utime(os.path.join(cache, name), (old, old))
run(["scan", src], env=env)   # loads the full catalog's three files
run(["scan", "--identifiers", "USA_SOCIAL_SECURITY_NUMBER", src], env=env)  # writes one
left = set(os.listdir(cache))
fresh = {n for n in left if os.path.getmtime(os.path.join(cache, n)) > old + 86400}
# left: the full catalog's three (refreshed) and the new selection's two; the
# stale file and the EMAIL_ADDRESS selection's (unused for "40 days") gone
check(os.path.basename(stale) not in left and len(left) == 5 and fresh == left and
      len(left & set(used)) == 3,
      f"a stale cache file is evicted, files in use are kept fresh ({len(left)} left, "
      f"{len(fresh)} fresh)")
nc = tmpdir()
rc5, out5, _ = run(["scan", "--no-cache", src], env={"TRAWL_CACHE_DIR": nc})
check(out5 == out1 and os.listdir(nc) == [], "--no-cache compiles and writes no cache")

# ---- progress line: on a terminal only ----------------------------------------
d = tmpdir()
write(f"{d}/a.txt", f"ssn {SSN}\n")
p = subprocess.run(["script", "-qec", f"{TRAWL} scan -o /dev/null {d}", "/dev/null"],
                   capture_output=True, timeout=60)
check(b"MB/s" in p.stdout and b"objects" in p.stdout, "progress line shown on a terminal")
p = subprocess.run(["script", "-qec", f"{TRAWL} scan --quiet -o /dev/null {d}", "/dev/null"],
                   capture_output=True, timeout=60)
check(b"MB/s" not in p.stdout, "--quiet silences the progress line")
rc, out, err = run(["scan", "-o", "/dev/null", d])
check("MB/s" not in err, "no progress line when stderr is a pipe")

# ---- keyword-bound identifiers are scanned only where a keyword can reach --
# A keyword in a column name or key path qualifies a value however far the
# header is from it in the text; in plain text a value with its keyword at
# the far end of a long file is found, and one without is not.
d2 = tmpdir()
filler = "".join(f"{i},note {i}\n" for i in range(3000))
write(f"{d2}/far.csv", "row,ssn\n" + filler + f"3001,{SSN}\n")
write(f"{d2}/far.jsonl", "".join(f'{{"n": {i}, "txt": "x"}}\n' for i in range(3000)) +
      f'{{"customer": {{"ssn": "{SSN}"}}}}\n')
write(f"{d2}/far.txt", "x " * 200000 + f"ssn {SSN}\n" + "y " * 200000 + f"{SSN}\n")
rc, out, _ = run(["scan", "--identifiers", "USA_SOCIAL_SECURITY_NUMBER", d2])
got = {os.path.basename(r["resourcesAffected"]["s3Object"]["path"]):
       counts(r).get("USA_SOCIAL_SECURITY_NUMBER", 0) for r in records(out)}
check(got == {"far.csv": 1, "far.jsonl": 1, "far.txt": 1},
      f"column name and key path qualify values 100 KB from the header; plain text needs "
      f"the keyword near ({got})")

# ---- keywords that are not ones; national phone forms under Macie's type ---
check(found("XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1, /* 1824 */", "CREDIT_CARD_SECURITY_CODE") == 0
      and found("customer_card_cvv = 382", "CREDIT_CARD_SECURITY_CODE") == 1
      and found("cvv_code: 382", "CREDIT_CARD_SECURITY_CODE") == 1,
      "a keyword deep in a programming name is none; a column name's keyword counts")
check(found('3.3.5 "Happy Birthday Beddy" (2014-01-22)', "DATE_OF_BIRTH") == 0 and
      found("birthday: 2014-01-22", "DATE_OF_BIRTH") == 1,
      "keyword exclusions: 'happy birthday' is no date-of-birth keyword")
rc, out, _ = run(["scan", "-"], stdin=b"phone (212) 555-0147\ncall +1 212 555 0183\n")
c = counts(records(out)[0])
check(c.get("PHONE_NUMBER") == 2 and not any("NATIONAL" in t for t in c),
      f"national and international forms reported as one Macie type ({c})")
rc, out, _ = run(["scan", "--exclude-identifiers", "PHONE_NUMBER", "-"],
                 stdin=b"phone (212) 555-0147\ncall +1 212 555 0183\n")
check(not counts(records(out)[0]).get("PHONE_NUMBER"),
      "excluding PHONE_NUMBER excludes its national form too")

# ---- make install: binary, identifiers, man page ------------------------------
dest = tmpdir()
p = subprocess.run(["make", "-s", "-C", TOP, "install", f"DESTDIR={dest}", "PREFIX=/usr"],
                   capture_output=True)
check(p.returncode == 0 and os.access(f"{dest}/usr/bin/trawl", os.X_OK) and
      os.path.exists(f"{dest}/usr/share/man/man1/trawl.1") and
      any(f.endswith(".yaml") for f in os.listdir(f"{dest}/usr/share/trawl/identifiers")),
      "make install puts the binary, the identifiers and trawl.1 in place")
p = subprocess.run(["man", "-l", f"{TOP}/man/trawl.1"], capture_output=True,
                   env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
check(p.returncode == 0 and b"--fail-on" in p.stdout, "the man page renders and documents --fail-on")

done()
