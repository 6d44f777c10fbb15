"""CI screening and findings (issue 6, points 2 and 3): --format text,
sarif and asff, --findings, --baseline and --write-baseline.

Every value here is synthetic (SSNs and card numbers drawn at random and
checked with python-stdnum, made-up e-mail addresses and employee ids), and
no output may hold one in full: records, text, SARIF, ASFF, findings and
baselines alike. SARIF is validated against the vendored SARIF 2.1.0 schema
(tests/schemas/) with ajv-cli from tests/node (npm ci, tools/deps.sh)."""
import json
import os
import pty
import random
import re
import shutil
import stat
import subprocess
import zipfile

from stdnum import luhn
from stdnum.us import ssn as us_ssn

import tlib
from tlib import TOP, TRAWL, check, counts, done, records, run, tmpdir, write

rnd = random.Random(6100)
KEY = {"TRAWL_BASELINE_KEY": "p6100-test-key-" + "%032x" % rnd.getrandbits(128)}
AJV = os.path.join(TOP, "tests", "node", "node_modules", ".bin", "ajv")
SCHEMA = os.path.join(TOP, "tests", "schemas", "sarif-schema-2.1.0.json")
PLUGIN = os.path.join(TOP, "tests", "node", "sarif-ajv.js")


def new_ssn():
    while True:
        area = rnd.randint(1, 899)
        if area == 666:
            continue
        s = "%03d-%02d-%04d" % (area, rnd.randint(1, 99), rnd.randint(1, 9999))
        if us_ssn.is_valid(s):
            return s


def new_card():
    body = "4" + "".join(str(rnd.randint(0, 9)) for _ in range(14))
    return body + luhn.calc_check_digit(body)


def new_email():
    word = lambda n: "".join(rnd.choice("bcdfghjklmnpqrstvwxz") + rnd.choice("aeiou")
                             for _ in range(n))
    return "%s.%s@%s.net" % (word(3), word(4), word(4))


VALUES = []  # every generated value: none may appear in any output


def gen(f):
    v = f()
    VALUES.append(v)
    return v


d = tmpdir()
src = os.path.join(d, "src")
notes_ssn, notes_card, notes_mail = gen(new_ssn), gen(new_card), gen(new_email)
emp = "EMP-%04d" % rnd.randint(1000, 9999)  # 8 characters: masked entirely
VALUES.append(emp)
write(f"{src}/notes.txt", "Onboarding notes\n"
      f"ssn {notes_ssn}\n"
      f"payment by credit card {notes_card} (exp 12/29)\n"
      f"contact: {notes_mail}\n"
      f"employee {emp}\n")
many = [gen(new_ssn) for _ in range(20)]
write(f"{src}/many.txt", "".join(f"ssn {s}\n" for s in many))
rows = [(gen(new_email), gen(new_ssn)) for _ in range(3)]
write(f"{src}/people.csv", "name,email,ssn\n" +
      "".join(f"P{i},{m},{s}\n" for i, (m, s) in enumerate(rows)))
jl = [gen(new_ssn) for _ in range(2)]
write(f"{src}/rec.jsonl", "".join(json.dumps({"id": i, "ssn": s}) + "\n"
                                  for i, s in enumerate(jl)))
member_ssn = gen(new_ssn)
os.makedirs(f"{src}/zz", exist_ok=True)
with zipfile.ZipFile(f"{src}/zz/bundle.zip", "w") as z:
    z.writestr("inner/member.csv", f"id,ssn\n1,{member_ssn}\n")
write(f"{src}/blob.dat", b"\x00\x01binary\x00" * 10)
write(f"{d}/custom.yaml", "customDataIdentifiers:\n  - name: EMPLOYEE_ID\n"
      "    regex: 'EMP-\\d{4}'\n    keywords: [employee]\n")
CONFIG = ["--config", f"{d}/custom.yaml"]
OUTPUTS = []  # (what, text) of everything trawl wrote


def scan(*args, env=None, cwd=None):
    e = dict(KEY)
    e.update(env or {})
    rc, out, err = run(["scan", "-q"] + list(args), env=e, cwd=cwd)
    OUTPUTS.append((" ".join(args), out + err))
    return rc, out, err


def read(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    OUTPUTS.append((path, text))
    return text


def ajv_valid(path):
    p = subprocess.run([AJV, "validate", "--spec=draft7", "-c", PLUGIN, "-s", SCHEMA,
                        "-d", path], capture_output=True, text=True)
    return p.returncode == 0, (p.stdout + p.stderr)[-400:]


def name_of(rec):
    o = rec["resourcesAffected"]["s3Object"]
    e = o.get("embeddedFileDetails")
    return o["path"] + ("!/" + e["filePath"] if e else "")


def rec_counts(recs):
    """{(object, type): count} over records."""
    c = {}
    for r in recs:
        for t, n in counts(r).items():
            c[(name_of(r), t)] = n
        for x in r["classificationDetails"]["result"]["customDataIdentifiers"]["detections"]:
            c[(name_of(r), x["name"])] = x["count"]
    return c


# ---- the records, as a reference --------------------------------------------
rc, out, _ = scan(*CONFIG, "src", cwd=d)
recs = records(out)
ref = rec_counts(recs)
by_name = {name_of(r): r for r in recs}
check(rc == 1 and ref.get(("src/many.txt", "USA_SOCIAL_SECURITY_NUMBER")) == 20 and
      ref.get(("src/zz/bundle.zip!/inner/member.csv", "USA_SOCIAL_SECURITY_NUMBER")) == 1 and
      ref.get(("src/notes.txt", "EMPLOYEE_ID")) == 1,
      f"reference scan finds the planted values ({sum(ref.values())} detections)")
total = sum(ref.values())

# ---- --format text ------------------------------------------------------------
rc, out, _ = scan(*CONFIG, "--format", "text", "src", cwd=d)
lines = out.splitlines()
det = [l for l in lines if ": not analysed (" not in l]
pat = re.compile(r"^(\S+?):(.+) ([A-Z0-9_()]+) (\*+)(.{0,4})$")
parsed = [pat.match(l) for l in det]
check(rc == 1 and all(parsed) and len(det) == total,
      f"text: one 'path:location TYPE value' line per detection ({len(det)} of {total})")
check("\033[" not in out, "text: no colour when stdout is not a terminal")
check(any(l == "src/blob.dat: not analysed (SKIPPED UNSUPPORTED_FILE_TYPE_EXCEPTION)"
          for l in lines), "text: an object not analysed gets a line with Macie's reason")
tcount = {}
for m in parsed:
    if m:
        tcount[(m.group(1), m.group(3))] = tcount.get((m.group(1), m.group(3)), 0) + 1
check(tcount == ref, "text: the lines per object and type are the records' counts")


def masked_ok(value, shown):
    """All but the last 4 characters as '*'; 8 characters or fewer: all."""
    if len(value) <= 8:
        return shown == "*" * len(value)
    return shown.endswith(value[-4:]) and set(shown[:-4]) == {"*"} and \
        len(shown) == min(len(value), 23)


loc_value = {
    f"src/notes.txt:2:5": notes_ssn, f"src/notes.txt:3:24": notes_card,
    f"src/notes.txt:4:10": notes_mail, f"src/notes.txt:5:10": emp,
    "src/people.csv:row 2:col email": rows[0][0], "src/people.csv:row 4:col ssn": rows[2][1],
    "src/rec.jsonl:2:$.ssn": jl[1],
    "src/zz/bundle.zip!/inner/member.csv:row 2:col ssn": member_ssn,
}
for i, s in enumerate(many):
    loc_value[f"src/many.txt:{i + 1}:5"] = s
got = {m.group(1) + ":" + m.group(2): m.group(4) + m.group(5) for m in parsed if m}
bad = [k for k, v in loc_value.items() if k not in got or not masked_ok(v, got[k])]
check(not bad, "text: each value masked but its last 4 characters, at its line:column, "
      "cell or JSON path" + (f" (wrong: {bad[:3]})" if bad else ""))
check(got.get("src/notes.txt:5:10") == "********",
      "text: a value of 8 characters (EMP-nnnn) is masked entirely")
check(any(l.startswith("src/zz/bundle.zip!/inner/member.csv:row 2:col ssn ") for l in lines),
      "text: an archive member's cell reads archive!/member:row N:col NAME")

# colour on a terminal, none with NO_COLOR
def on_tty(extra_env):
    m, s = pty.openpty()
    e = dict(os.environ, **KEY, **extra_env)
    p = subprocess.Popen([TRAWL, "scan", "-q", "--format", "text", "src/notes.txt"],
                         stdout=s, stderr=subprocess.DEVNULL, cwd=d, env=e)
    os.close(s)
    buf = b""
    while True:
        try:
            chunk = os.read(m, 65536)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
    p.wait()
    os.close(m)
    text = buf.decode("utf-8", "replace")
    OUTPUTS.append(("tty", text))
    return text


tty = on_tty({})
check("\033[" in tty and "*******" in tty, "text: coloured on a terminal")
check("\033[" not in on_tty({"NO_COLOR": "1"}), "text: NO_COLOR turns colour off")

# a streamed object (read in pieces): the same lines
big = os.path.join(d, "big")
os.makedirs(big)
shutil.copy(f"{src}/many.txt", f"{big}/many.txt")
with open(f"{big}/many.txt", "a") as f:
    f.write(("x" * 70 + "\n") * 3000)
rc1, whole, _ = scan("--format", "text", "big/many.txt", cwd=d)
rc2, piece, _ = scan("--format", "text", "big/many.txt", cwd=d,
                     env={"TRAWL_STREAM_MIN": "1000", "TRAWL_STREAM_CHUNK": "20000"})
check(whole == piece and len(whole.splitlines()) == 20,
      "text: an object read in pieces gives the same masked lines")

# ---- --format sarif ---------------------------------------------------------------
rc, out, err = scan(*CONFIG, "--format", "sarif", "-o", "out.sarif.json", "src", cwd=d)
sarif_path = os.path.join(d, "out.sarif.json")
sarif = json.loads(read(sarif_path))
ok, msg = ajv_valid(sarif_path)
check(rc == 1 and ok, "sarif: valid against the SARIF 2.1.0 schema (ajv-cli)" +
      ("" if ok else ": " + msg))
runs = sarif["runs"]
drv = runs[0]["tool"]["driver"]
rules = drv["rules"]
check(sarif["version"] == "2.1.0" and len(runs) == 1 and drv["name"] == "trawl" and
      drv["version"], "sarif: one run, tool.driver trawl with its version")
check(len(rules) > 150 and len({r["id"] for r in rules}) == len(rules) and
      all(r["defaultConfiguration"]["level"] in ("error", "warning", "note") and
          r["properties"]["category"] and r["shortDescription"]["text"] for r in rules) and
      "EMPLOYEE_ID" in {r["id"] for r in rules},
      f"sarif: one rule per identifier type selected ({len(rules)}), with level, "
      "category and description")
res = runs[0]["results"]
scount = {}
for r in res:
    scount[(r["properties"]["object"], r["ruleId"])] = \
        scount.get((r["properties"]["object"], r["ruleId"]), 0) + 1
check(scount == ref, f"sarif: a result per detection ({len(res)}), as the records count them")
check(all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in res),
      "sarif: ruleIndex points at the result's rule")
check(all(re.fullmatch(r"[0-9a-f]{64}", r["partialFingerprints"]["trawl/v1"]) for r in res),
      "sarif: partialFingerprints trawl/v1 on every result")
sev_level = {"High": "error", "Medium": "warning", "Low": "note"}
check(all(r["level"] == "error" for r in res
          if r["ruleId"] == "USA_SOCIAL_SECURITY_NUMBER"), "sarif: SSNs are errors (High)")
notes_recs = by_name["src/notes.txt"]
line_ok = True
for r in res:
    if r["properties"]["object"] != "src/notes.txt" or r["ruleId"] == "EMPLOYEE_ID":
        continue
    occ = [o for c in notes_recs["classificationDetails"]["result"]["sensitiveData"]
           for x in c["detections"] if x["type"] == r["ruleId"]
           for o in x["occurrences"]["lineRanges"]]
    reg = r["locations"][0]["physicalLocation"]["region"]
    line_ok &= any(o["start"] == reg["startLine"] and o["startColumn"] == reg["startColumn"]
                   for o in occ)
    line_ok &= r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "src/notes.txt"
check(line_ok, "sarif: file results have the uri and the records' startLine/startColumn")
mem = [r for r in res if r["properties"]["object"].startswith("src/zz/bundle.zip!/")]
check(mem and mem[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
      "src/zz/bundle.zip" and mem[0]["locations"][0]["logicalLocations"][0]
      ["fullyQualifiedName"] == "src/zz/bundle.zip!/inner/member.csv:row 2:col ssn",
      "sarif: an archive member's result: the archive's uri, the member and cell as a "
      "logical location")
jr = [r for r in res if r["properties"]["object"] == "src/rec.jsonl"]
check(sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in jr) == [1, 2],
      "sarif: a JSON Lines result has its record's line")
inv = runs[0]["invocations"][0]
notes = inv["toolExecutionNotifications"]
check(inv["executionSuccessful"] is True and len(notes) == 1 and
      notes[0]["descriptor"]["id"] == "UNSUPPORTED_FILE_TYPE_EXCEPTION" and
      notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
      "src/blob.dat", "sarif: an unanalysed object is a notification with Macie's reason")
check(all("value" not in json.dumps(r["message"]).lower() and
          r["properties"]["object"] in json.dumps(r) for r in res),
      "sarif: messages name the type, count and place only")

# broken documents are rejected (the validator really validates)
broken = json.loads(json.dumps(sarif))
broken["runs"][0]["results"][0]["level"] = "fatal"
del broken["version"]
with open(f"{d}/broken.json", "w") as f:
    json.dump(broken, f)
ok, _ = ajv_valid(f"{d}/broken.json")
check(not ok, "sarif: the schema check rejects a broken document (bad level, no version)")
broken = json.loads(json.dumps(sarif))
broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
with open(f"{d}/broken2.json", "w") as f:
    json.dump(broken, f)
ok, _ = ajv_valid(f"{d}/broken2.json")
check(not ok, "sarif: the schema check rejects startLine 0")

# zero objects, and only failing objects: still one valid document
os.makedirs(f"{d}/empty", exist_ok=True)
rc, out, _ = scan("--format", "sarif", "-o", "zero.json", "empty", cwd=d)
ok, msg = ajv_valid(f"{d}/zero.json")
z = json.loads(read(f"{d}/zero.json"))
check(rc == 0 and ok and z["runs"][0]["results"] == [],
      "sarif: a scan of nothing is one valid document with no results" + ("" if ok else msg))
rc, out, _ = scan("--format", "sarif", "-o", "fail.json", "src/blob.dat", "src/gone.txt", cwd=d)
ok, msg = ajv_valid(f"{d}/fail.json")
fl = json.loads(read(f"{d}/fail.json"))
ids = sorted(n["descriptor"]["id"] for n in fl["runs"][0]["invocations"][0]
             ["toolExecutionNotifications"])
check(rc == 3 and ok and ids == ["SOURCE_OBJECT_NO_LONGER_AVAILABLE",
                                 "UNSUPPORTED_FILE_TYPE_EXCEPTION"],
      "sarif: objects that fail are notifications, the document valid, exit status 3")

rc1, o1, _ = scan(*CONFIG, "-j1", "--format", "sarif", "src", cwd=d)
rc8, o8, _ = scan(*CONFIG, "-j8", "--format", "sarif", "src", cwd=d)
check(o1 == o8 and json.loads(o1) == sarif, "sarif: -j1 and -j8 give the same document")

# ---- --findings and --format asff ---------------------------------------------------
rc, out, _ = scan(*CONFIG, "--findings", "findings.jsonl", "src", cwd=d)
fnd = [json.loads(l) for l in read(f"{d}/findings.jsonl").splitlines()]
with_data = [r for r in recs if r["type"]]
check(rc == 1 and len(fnd) == len(with_data),
      f"findings: one per object with sensitive data ({len(fnd)})")
fmap = {name_of(f): f for f in fnd}
same = all(fmap[name_of(r)]["type"] == r["type"] and fmap[name_of(r)]["severity"] ==
           r["severity"] for r in with_data)
check(same, "findings: type and severity are the records'")
fc = rec_counts(fnd)
check(fc == ref, "findings: counts per type are the records'")
occ_ok = all(len(next(iter(x["occurrences"].values()))) <= 15
             for f in fnd for c in f["classificationDetails"]["result"]["sensitiveData"]
             for x in c["detections"])
mf = fmap["src/many.txt"]["classificationDetails"]["result"]
mdet = mf["sensitiveData"][0]["detections"][0]
check(occ_ok and mdet["count"] == 20 and len(mdet["occurrences"]["lineRanges"]) == 15 and
      mf["additionalOccurrences"] is True,
      "findings: at most 15 occurrences per type; additionalOccurrences past that")
f0 = fmap["src/notes.txt"]
check(f0["category"] == "CLASSIFICATION" and f0["accountId"] == "000000000000" and
      f0["region"] == "us-east-1" and re.fullmatch(r"[0-9a-f]{32}", f0["id"]) and
      f0["count"] == 1 and f0["classificationDetails"]["originType"] ==
      "SENSITIVE_DATA_DISCOVERY_JOB" and f0["createdAt"].endswith("Z") and
      f0["schemaVersion"] == "1.0",
      "findings: Macie's finding fields (placeholder account, us-east-1, CLASSIFICATION)")

rc, out, _ = scan(*CONFIG, "--format", "asff", "--region", "eu-central-1", "src", cwd=d)
asff = json.loads(out)
req = ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types",
       "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"]
check(rc == 1 and isinstance(asff, list) and len(asff) == len(with_data) and
      all(all(k in a and a[k] for k in req) for a in asff),
      f"asff: a JSON array, one finding per object ({len(asff)}), every required field")
amap = {a["ProductFields"]["trawl/object"]: a for a in asff}
label = {"High": "HIGH", "Medium": "MEDIUM", "Low": "LOW"}
check(all(a["SchemaVersion"] == "2018-10-08" and a["AwsAccountId"] == "000000000000" and
          a["ProductArn"] == "arn:aws:securityhub:eu-central-1:000000000000:product/"
          "000000000000/default" and len(a["Title"]) <= 256 and len(a["Description"]) <= 1024
          and all(t.count("/") >= 2 and t.startswith("Sensitive Data Identifications/")
                  for t in a["Types"]) for a in asff),
      "asff: schema version, placeholder account, product ARN in --region, types, lengths")
check(all(amap[name_of(r)]["Severity"]["Label"] == label[r["severity"]["description"]]
          for r in with_data), "asff: Severity.Label is the records' severity")
res_ok = all(r["Type"] == "Other" and r["Region"] == "eu-central-1" and
             "DataClassification" in r for a in asff for r in a["Resources"])
dc = amap["src/many.txt"]["Resources"][0]["DataClassification"]["Result"]
check(res_ok and dc["SensitiveData"][0]["Detections"][0]["Count"] == 20 and
      len(dc["SensitiveData"][0]["Detections"][0]["Occurrences"]["LineRanges"]) == 15 and
      "null" not in json.dumps(asff),
      "asff: local files are Other resources with DataClassification (15 occurrences), no nulls")
rc, out, _ = scan("--format", "asff", "empty", cwd=d)
check(rc == 0 and json.loads(out) == [], "asff: no objects, an empty array")

# ---- --baseline: the round trip ---------------------------------------------------
rc, out, err = scan(*CONFIG, "--write-baseline", "base.json", "src", cwd=d)
base = json.loads(read(f"{d}/base.json"))
fps = base["fingerprints"]
check(rc == 1 and len(fps) == total and
      all(re.fullmatch(r"[0-9a-f]{64}", x["fingerprint"]) for x in fps) and
      re.fullmatch(r"[0-9a-f]{16}", base["key"]),
      f"baseline: --write-baseline writes every detection's fingerprint ({len(fps)})")
sar_fp = {r["partialFingerprints"]["trawl/v1"] for r in res}
check(sar_fp == {x["fingerprint"] for x in fps},
      "baseline: the same fingerprints as SARIF's partialFingerprints")
rc, out, err = scan(*CONFIG, "--baseline", "base.json", "src", cwd=d)
rb = records(out)
check(rc == 3 and sum(rec_counts(rb).values()) == 0 and all(r["type"] is None for r in rb),
      "baseline: a rescan reports nothing (exit 3: blob.dat is still not analysed)")
rc, out, err = scan(*CONFIG, "--baseline", "base.json", "--exclude", "*.dat", "src", cwd=d)
check(rc == 0 and sum(rec_counts(records(out)).values()) == 0,
      "baseline: a rescan with nothing new exits 0")
rc, out, err = scan(*CONFIG, "--baseline", "out.sarif.json", "--exclude", "*.dat", "src",
                    cwd=d)
check(rc == 0 and sum(rec_counts(records(out)).values()) == 0,
      "baseline: a SARIF log from --format sarif serves as a baseline")
fresh = gen(new_ssn)
with open(f"{src}/notes.txt", "a") as f:
    f.write(f"second ssn {fresh}\n")
rc, out, err = scan(*CONFIG, "--baseline", "base.json", "--exclude", "*.dat",
                    "--format", "text", "src", cwd=d)
check(rc == 1 and out.splitlines() == [f"src/notes.txt:6:12 USA_SOCIAL_SECURITY_NUMBER "
                                       f"*******{fresh[-4:]}"],
      "baseline: a new value is the only one reported, exit 1")
rc, out, err = scan(*CONFIG, "--baseline", "base.json", "--exclude", "*.dat", "src", cwd=d)
rb = records(out)
nr = {name_of(r): r for r in rb}["src/notes.txt"]
check(rc == 1 and sum(rec_counts(rb).values()) == 1 and
      nr["severity"]["description"] == "High" and counts(nr) ==
      {"USA_SOCIAL_SECURITY_NUMBER": 1},
      "baseline: records count only the new one (counts, severity)")
rc, out, err = scan(*CONFIG, "--baseline", "base.json", "--write-baseline", "base.json",
                    "--exclude", "*.dat", "src", cwd=d)
rc2, out2, _ = scan(*CONFIG, "--baseline", "base.json", "--exclude", "*.dat", "src", cwd=d)
check(rc == 1 and rc2 == 0, "baseline: --baseline and --write-baseline on one file "
      "refresh it (then nothing is new)")
rc, out, err = scan(*CONFIG, "--baseline", "base.json", "src", cwd=d,
                    env={"TRAWL_BASELINE_KEY": "another key"})
check(rc == 2 and "another fingerprint key" in err,
      "baseline: a baseline made with another key is refused (exit 2)")
write(f"{d}/notjson.json", "hello")
rc, out, err = scan("--baseline", "notjson.json", "src", cwd=d)
check(rc == 2 and "not JSON" in err, "baseline: a file that is no baseline is an error")

# the key file: made on first use, 0600, the same key afterwards
cfg = os.path.join(d, "xdg")
env = {"TRAWL_BASELINE_KEY": "", "XDG_CONFIG_HOME": cfg}
rc, out, err = scan("--write-baseline", "k1.json", "src/notes.txt", cwd=d, env=env)
kf = os.path.join(cfg, "trawl", "baseline.key")
st = os.stat(kf) if os.path.exists(kf) else None
check(rc == 1 and st and stat.S_IMODE(st.st_mode) == 0o600 and
      re.fullmatch(r"[0-9a-f]{64}\n", open(kf).read()),
      "baseline: the key file is created on first use, 32 random bytes in hex, mode 0600")
rc, out, err = scan("--write-baseline", "k2.json", "src/notes.txt", cwd=d, env=env)
check(read(f"{d}/k1.json") == read(f"{d}/k2.json"), "baseline: the key file's key is kept")
key_text = open(kf).read().strip()
rc, out, err = scan("--write-baseline", "k3.json", "src/notes.txt", cwd=d,
                    env={"TRAWL_BASELINE_KEY": key_text})
check(read(f"{d}/k3.json") == read(f"{d}/k1.json"),
      "baseline: TRAWL_BASELINE_KEY set to the file's key gives the same fingerprints (CI)")
os.chmod(kf, 0o644)
rc, out, err = scan("--write-baseline", "k4.json", "src/notes.txt", cwd=d, env=env)
check(rc == 2 and "0600" in err, "baseline: a key file others can read is refused")

# ---- a value that is a name: a JSON key, a CSV header cell --------------------------
# (the records name them in jsonPath and columnName, as Macie's do; the
# outputs here show them masked)
kd = os.path.join(d, "keyed")
key_mail, head_mail, key_ssn = new_email(), new_email(), new_ssn()
write(f"{kd}/k.json", json.dumps({"people": {key_mail: {"ssn": key_ssn}}}))
write(f"{kd}/k.csv", f"id,{head_mail}\n1,x\n")
texts = []
for args in (["--format", "text"], ["--format", "sarif"], ["--format", "asff"],
             ["--write-baseline", f"{kd}/b.json", "--findings", f"{kd}/f.jsonl", "-o", "/dev/null"]):
    rc, out, err = run(["scan", "-q"] + args + ["keyed"], env=KEY, cwd=d)
    texts.append(out + err)
texts += [open(f"{kd}/b.json").read(), open(f"{kd}/f.jsonl").read()]
check(all(v not in t for v in (key_mail, head_mail, key_ssn) for t in texts) and
      "$.people['" + "*" * 19 + key_mail[-4:] + "'].ssn" in texts[0],
      "a detected value used as a JSON key or a CSV column name is masked in locations "
      "(text, SARIF, baseline)")

# ---- usage, --help and the man page -------------------------------------------------
rc, out, err = scan("--format", "xml", "src", cwd=d)
check(rc == 2 and "--format takes json, text, sarif or asff" in err,
      "--format with an unknown format is a usage error (exit 2)")
rc, out, err = run(["scan", "--help"])
opts = ["--format", "--findings", "--baseline", "--write-baseline", "--redact"]
check(rc == 0 and all(o in out for o in opts), "scan --help lists " + ", ".join(opts))
p = subprocess.run(["man", "-l", os.path.join(TOP, "man", "trawl.1")], capture_output=True,
                   env=dict(os.environ, MANWIDTH="200"))
page = p.stdout.decode("utf-8", "replace").replace("\u2010", "-")
check(p.returncode == 0 and all(o in page for o in opts + ["TRAWL_BASELINE_KEY"]),
      "the man page documents them and TRAWL_BASELINE_KEY")

# ---- no output holds a value -------------------------------------------------------
leaks = [(w, v) for w, text in OUTPUTS for v in VALUES if v in text]
for p in os.listdir(d):
    fp = os.path.join(d, p)
    if os.path.isfile(fp) and (p.endswith(".json") or p.endswith(".jsonl")):
        text = open(fp, encoding="utf-8", errors="replace").read()
        leaks += [(p, v) for v in VALUES if v in text]
check(not leaks and len(OUTPUTS) > 30,
      f"no output (text, SARIF, ASFF, findings, baselines, errors) holds any of the "
      f"{len(VALUES)} values in full" + (f": {leaks[0][0]}" if leaks else ""))

if not tlib.FAILED:
    shutil.rmtree(d, ignore_errors=True)
done()
