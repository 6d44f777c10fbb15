"""Command tests for `trawl scan`: records, exit statuses, order, inputs."""
import os
import shutil
import subprocess

from stdnum import iban as std_iban
from stdnum.us import ssn as std_ssn

from tlib import (TOP, TRAWL, by_key, check, counts, done, occurrences, records, run,
                  status, tmpdir, write)

SSN = "536-90-4399"            # synthetic, valid per python-stdnum
assert std_ssn.is_valid(SSN)


def make_iban(cc, bban):
    return cc + std_iban.calc_check_digits(cc + "00" + bban) + bban


IBAN = make_iban("DE", "370400440532019999")
assert std_iban.is_valid(IBAN)
EMAIL = "jane.doe@example.com"

d = tmpdir()
write(f"{d}/a/ssn.txt", f"line one\nemployee SSN: {SSN}\n")
write(f"{d}/a/clean.txt", "nothing to see here\n")
write(f"{d}/a/empty.txt", "")
write(f"{d}/b/iban.csv", f"name,iban\nx,{IBAN}\n")
write(f"{d}/b/mail.log", f"user {EMAIL} logged in\n")
write(f"{d}/b/bin.dat", b"\x7fELF\x00\x01\x02" + b"\x00" * 100)

# ---- records, order, -j1 == -j8 ------------------------------------------
rc, out, err = run(["scan", "-j1", "--quiet", d])
recs = records(out)
keys = [r["resourcesAffected"]["s3Object"]["key"] for r in recs]
check(rc == 1, f"scan with findings exits 1 (got {rc})")
check(keys == sorted(keys) and len(keys) == 6,
      f"one record per file, in sorted walk order: {keys}")
k = by_key(recs)
check(counts(k["a/ssn.txt"]) == {"USA_SOCIAL_SECURITY_NUMBER": 1}, "SSN with keyword detected once")
check(occurrences(k["a/ssn.txt"], "USA_SOCIAL_SECURITY_NUMBER") ==
      [{"start": 2, "end": 2, "startColumn": 15}], "SSN located at line 2, column 15")
check(k["a/ssn.txt"]["type"] == "SensitiveData:S3Object/Personal", "finding type Personal")
check(k["a/ssn.txt"]["severity"] == {"description": "High", "score": 3}, "SSN severity High")
check(counts(k["b/iban.csv"]) == {"GERMANY_BANK_ACCOUNT_NUMBER": 1}, "IBAN detected without keyword")
check(k["b/iban.csv"]["type"] == "SensitiveData:S3Object/Financial", "finding type Financial")
check(counts(k["b/mail.log"]) == {"EMAIL_ADDRESS": 1}, "e-mail address detected")
check(counts(k["a/clean.txt"]) == {} and k["a/clean.txt"]["type"] is None,
      "clean file: a record with nothing found")
check(status(k["a/empty.txt"]) == ("COMPLETE", None) and
      k["a/empty.txt"]["classificationDetails"]["result"]["sizeClassified"] == 0,
      "empty file: COMPLETE, size 0")
check(status(k["b/bin.dat"]) == ("SKIPPED", "UNSUPPORTED_FILE_TYPE_EXCEPTION"),
      "binary file: SKIPPED, UNSUPPORTED_FILE_TYPE_EXCEPTION")
r0 = k["a/ssn.txt"]["resourcesAffected"]
check(r0["s3Bucket"] is None and r0["s3Object"]["path"] == f"{d}/a/ssn.txt" and
      r0["s3Object"]["extension"] == "txt" and r0["s3Object"]["size"] == 35 and
      r0["s3Object"]["lastModified"] == "2026-01-01T00:00:00Z",
      "s3Object fields for a local file")
check(SSN not in out and IBAN not in out and EMAIL not in out and
      SSN not in err, "matched values appear nowhere in the output")

rc8, out8, _ = run(["scan", "-j8", "--quiet", d])
check(out8 == out and rc8 == rc, "-j8 output byte-identical to -j1")

# ---- stdin ----------------------------------------------------------------
rc, out, _ = run(["scan", "-"], stdin=f"diff\n+ssn = {SSN}\n".encode())
r = records(out)
check(rc == 1 and len(r) == 1 and counts(r[0]) == {"USA_SOCIAL_SECURITY_NUMBER": 1} and
      r[0]["resourcesAffected"]["s3Object"]["key"] == "-", "stdin scanned as one object")
rc, out, _ = run(["scan", "-"], stdin=b"all clear\n")
check(rc == 0 and len(records(out)) == 1, "clean stdin exits 0 with one record")

# ---- exit statuses --------------------------------------------------------
rc, _, _ = run(["scan", f"{d}/a/clean.txt"])
check(rc == 0, "exit 0 when nothing is found")
rc, _, _ = run(["scan", f"{d}/b/bin.dat"])
check(rc == 3, f"exit 3 when nothing found but an object was not analysed (got {rc})")
rc, _, _ = run(["scan", "--fail-on", "HIGH", f"{d}/b/mail.log"])
check(rc == 0, "--fail-on HIGH: a Low e-mail finding does not fail")
rc, _, _ = run(["scan", "--fail-on", "HIGH", f"{d}/a/ssn.txt"])
check(rc == 1, "--fail-on HIGH: a High SSN finding fails")
for bad in (["scan"], ["scan", "--threads", "0", d], ["scan", "--fail-on", "X", d],
            ["scan", "--identifiers", "NO_SUCH_ID", d], ["frobnicate"],
            ["scan", "--max-size", "lots", d]):
    rc, _, err = run(bad)
    check(rc == 2 and err.strip(), f"usage error exits 2: {' '.join(bad)}")

# ---- identifier selection -------------------------------------------------
rc, out, _ = run(["scan", "--identifiers", "EMAIL_ADDRESS", d])
check(sum(sum(counts(r).values()) for r in records(out)) == 1,
      "--identifiers EMAIL_ADDRESS finds only the e-mail")
rc, out, _ = run(["scan", "--exclude-identifiers", "USA_SOCIAL_SECURITY_NUMBER", f"{d}/a"])
check(rc == 0, "--exclude-identifiers drops the SSN")
rc, out, _ = run(["scan", "--identifiers", "RECOMMENDED", d])
found = set()
for r in records(out):
    found |= set(counts(r))
check(found == {"USA_SOCIAL_SECURITY_NUMBER"}, f"RECOMMENDED: SSN yes, e-mail and IBAN no ({found})")

# ---- globs, size, output file ----------------------------------------------
rc, out, _ = run(["scan", "--include", "*.csv", d])
check([r["resourcesAffected"]["s3Object"]["key"] for r in records(out)] == ["b/iban.csv"],
      "--include *.csv")
rc, out, _ = run(["scan", "--exclude", "b", "--exclude", "*.txt", d])
check(records(out) == [], "--exclude prunes a directory and a pattern")
rc, out, _ = run(["scan", "--max-size", "10", f"{d}/a"])
k = by_key(records(out))
check(status(k["ssn.txt"]) == ("SKIPPED", "FILE_EXCEEDS_SIZE_LIMIT") and
      status(k["empty.txt"]) == ("COMPLETE", None), "--max-size skips larger files with a record")
o = f"{d}/out.jsonl"
rc, out, _ = run(["scan", "-o", o, f"{d}/a/ssn.txt"])
check(out == "" and len(records(open(o).read())) == 1, "-o writes the records to a file")

# ---- UTF-16, invalid UTF-8, BOM -------------------------------------------
u = tmpdir()
write(f"{u}/le.txt", "\ufeffline\nSSN: {}\n".format(SSN).encode("utf-16-le"))
write(f"{u}/be.txt", "\ufeffSSN: {}\n".format(SSN).encode("utf-16-be"))
write(f"{u}/bad.txt", b"\xfa\xff\xfe caf\xe9 SSN: " + SSN.encode() + b"\n")
write(f"{u}/bom8.txt", "\ufeffSSN: {}\n".format(SSN).encode("utf-8"))
rc, out, _ = run(["scan", u])
k = by_key(records(out))
check(occurrences(k["le.txt"], "USA_SOCIAL_SECURITY_NUMBER") == [{"start": 2, "end": 2, "startColumn": 6}],
      "UTF-16LE with BOM converted: found at 2:6")
check(counts(k["be.txt"]) == {"USA_SOCIAL_SECURITY_NUMBER": 1}, "UTF-16BE with BOM converted")
check(counts(k["bad.txt"]) == {"USA_SOCIAL_SECURITY_NUMBER": 1}, "invalid UTF-8 still scanned")
check(occurrences(k["bom8.txt"], "USA_SOCIAL_SECURITY_NUMBER") == [{"start": 1, "end": 1, "startColumn": 6}],
      "UTF-8 BOM does not shift columns")

# ---- columns count characters, not bytes ----------------------------------
write(f"{u}/wide.txt", f"é€ SSN {SSN}\n")
rc, out, _ = run(["scan", f"{u}/wide.txt"])
check(occurrences(records(out)[0], "USA_SOCIAL_SECURITY_NUMBER")[0]["startColumn"] == 8,
      "startColumn counts UTF-8 characters")

# ---- occurrences cap -------------------------------------------------------
lines = "".join(f"user{i}@example.org\n" for i in range(1005))
write(f"{u}/many.log", lines)
rc, out, _ = run(["scan", f"{u}/many.log"])
r = records(out)[0]
res = r["classificationDetails"]["result"]
check(counts(r)["EMAIL_ADDRESS"] == 1005 and len(occurrences(r, "EMAIL_ADDRESS")) == 1000 and
      res["additionalOccurrences"] is True, "1,000 occurrences listed, then additionalOccurrences")
check(r["severity"]["description"] == "High", "e-mail severity High at >= 100 occurrences")

# ---- symlinks ----------------------------------------------------------------
s = tmpdir()
write(f"{s}/real/f.txt", f"SSN {SSN}\n")
os.symlink("../real", f"{s}/real/loop")
os.symlink("real/f.txt", f"{s}/link.txt")
rc, out, err = run(["scan", s])
check(sorted(by_key(records(out))) == ["real/f.txt"], "symlinks are not followed by default")
rc, out, err = run(["scan", "--follow-symlinks", s], timeout=60)
keys = sorted(by_key(records(out)))
check(keys == ["link.txt", "real/f.txt"] and "loop" in err,
      f"--follow-symlinks follows links and stops at a directory loop ({keys})")

# ---- unreadable file and directory (as an unprivileged user) ---------------
p = tmpdir()
os.chmod(p, 0o755)
write(f"{p}/secret.txt", f"SSN {SSN}\n")
write(f"{p}/open.txt", f"SSN {SSN}\n")
os.makedirs(f"{p}/closed")
write(f"{p}/closed/x.txt", "x")
os.chmod(f"{p}/secret.txt", 0)
os.chmod(f"{p}/closed", 0)
# As root every file is readable: run as nobody, with a copy of trawl and
# its identifiers that nobody can reach (the checkout may live in /root).
if os.geteuid() == 0:
    own = tmpdir()
    os.chmod(own, 0o755)
    shutil.copy2(TRAWL, f"{own}/trawl")
    shutil.copytree(os.path.join(TOP, "identifiers"), f"{own}/identifiers")
    for root, dirs, files in os.walk(own):
        for x in dirs + files:
            os.chmod(os.path.join(root, x), 0o755)
    cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
           f"{own}/trawl", "scan", "--no-cache", "--identifiers-dir",
           f"{own}/identifiers", "-j2", p]
else:
    cmd = [TRAWL, "scan", "-j2", p]
pr = subprocess.run(cmd, capture_output=True, timeout=120)
rc, out = pr.returncode, pr.stdout.decode()
k = by_key(records(out))
check(status(k.get("secret.txt", {"classificationDetails": {"result": {"status": {"code": None, "reason": None}}}}))
      == ("SKIPPED", "PERMISSION_DENIED"), "unreadable file: SKIPPED, PERMISSION_DENIED")
check("closed" in k and status(k["closed"]) == ("SKIPPED", "PERMISSION_DENIED"),
      "unreadable directory: a record, PERMISSION_DENIED")
check(counts(k.get("open.txt", {"classificationDetails": {"result": {"sensitiveData": []}}})) ==
      {"USA_SOCIAL_SECURITY_NUMBER": 1} and rc == 1, "the scan goes on after unreadable entries")

# ---- a file that vanishes between listing and reading ----------------------
v = tmpdir()
for i in range(3):
    write(f"{v}/f{i}.txt", f"SSN {SSN}\n")
proc = subprocess.Popen([TRAWL, "scan", "-j1", v], stdout=subprocess.PIPE,
                        env=dict(os.environ, TRAWL_TEST_OPEN_DELAY_MS="400"))
# The first record is out: f1 is waiting to be opened, f2 is listed but not
# yet opened. Remove f2 now.
first = proc.stdout.readline()
os.unlink(f"{v}/f2.txt")
out = proc.stdout.read()
proc.wait(timeout=60)
k = by_key(records(first.decode() + out.decode()))
check(sorted(k) == ["f0.txt", "f1.txt", "f2.txt"] and
      status(k["f2.txt"]) == ("SKIPPED", "SOURCE_OBJECT_NO_LONGER_AVAILABLE"),
      "a vanished file gets SOURCE_OBJECT_NO_LONGER_AVAILABLE")

# ---- a missing argument -----------------------------------------------------
rc, out, _ = run(["scan", f"{d}/no-such-file"])
check(rc == 3 and status(records(out)[0]) == ("SKIPPED", "SOURCE_OBJECT_NO_LONGER_AVAILABLE"),
      "a missing path gets a record and exit 3")

# ---- a 100 MB single line ---------------------------------------------------
big = f"{tmpdir()}/line.txt"
with open(big, "wb") as f:
    chunk = b"abcdefgh " * 1024 * 1024          # 9 MiB
    for i in range(11):
        f.write(chunk)
        if i == 5:
            f.write(f" SSN {SSN} ".encode())
    f.write(b"\n")
rc, out, err = run(["scan", big], timeout=300)
r = records(out)
check(len(r) == 1 and counts(r[0]) == {"USA_SOCIAL_SECURITY_NUMBER": 1} and
      occurrences(r[0], "USA_SOCIAL_SECURITY_NUMBER")[0]["start"] == 1,
      "a 100 MB single line is scanned, the SSN found on line 1")
os.unlink(big)

done()
