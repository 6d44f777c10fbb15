"""--config FILE: custom data identifiers and allow lists, with Macie's
fields and limits; `identifiers test --config`; selection with NONE."""
import json
import os

from tlib import check, done, records, run, status, tmpdir, write

d = tmpdir()
SSN = "536-90-4399"  # synthetic, valid per python-stdnum


def cfg(text, name="c.yaml"):
    p = os.path.join(d, name)
    write(p, text)
    return p


def scan(config, text, *extra, name="in.txt"):
    p = os.path.join(d, name)
    write(p, text)
    rc, out, err = run(["scan", "-q", "--config", config] + list(extra) + [p])
    return rc, records(out), err


def custom(rec):
    return {x["name"]: x for x in rec["classificationDetails"]["result"]["customDataIdentifiers"]
            ["detections"]}


def managed(rec):
    return {x["type"]: x["count"] for c in rec["classificationDetails"]["result"]["sensitiveData"]
            for x in c["detections"]}


base = cfg("""
customDataIdentifiers:
  - name: EMPLOYEE_ID
    description: staff numbers
    regex: 'EMP-\\d{6}'
    keywords: [employee, Staff ID]
    ignoreWords: [EMP-0000, TEST]
    maximumMatchDistance: 20
  - name: PROJECT_CODE
    regex: 'PRJ[0-9]{4}(?:-TEST)?'
    ignoreWords: [TEST]
allowLists:
  - name: testers
    wordsFile: words.txt
  - name: corp
    regex: '[a-z.]+@corp\\.example'
""")
write(os.path.join(d, "words.txt"), "  Jane.Doe@Example.com \n\nqa@example.com\r\n")

rc, recs, err = scan(base, "employee EMP-123456\nPRJ1234 and PRJ5678\n")
r = recs[0]
c = custom(r)
check(set(c) == {"EMPLOYEE_ID", "PROJECT_CODE"} and c["EMPLOYEE_ID"]["count"] == 1 and
      c["PROJECT_CODE"]["count"] == 2 and c["EMPLOYEE_ID"]["arn"] is None and
      r["classificationDetails"]["result"]["customDataIdentifiers"]["totalCount"] == 3,
      "custom detections under customDataIdentifiers: name, count, arn null, totalCount")
check(c["PROJECT_CODE"]["occurrences"]["lineRanges"] ==
      [{"start": 2, "end": 2, "startColumn": 1}, {"start": 2, "end": 2, "startColumn": 13}],
      "with their lineRanges")
check(r["type"] == "SensitiveData:S3Object/CustomIdentifier" and
      r["severity"]["description"] == "Medium" and rc == 1,
      "only custom findings: type CustomIdentifier, MEDIUM by default, exit 1")
check(not r["classificationDetails"]["result"]["sensitiveData"], "sensitiveData stays empty")

# keyword rule: from the keyword's end to the match's end, at most 20
# characters ("employee" ends, then the gap, then 10 characters of match)
for gap, want in ((10, 1), (11, 0)):
    rc, recs, _ = scan(base, "employee" + " " * gap + "EMP-123456\n")
    check(custom(recs[0]).get("EMPLOYEE_ID", {}).get("count", 0) == want,
          f"keyword end to match end = {gap + 10}: {'found' if want else 'too far'}")
rc, recs, _ = scan(base, "EMP-123456 employee\n")
check("EMPLOYEE_ID" not in custom(recs[0]), "a keyword after the match does not count")
rc, recs, _ = scan(base, "STAFF-ID: EMP-123456\n")
check("EMPLOYEE_ID" in custom(recs[0]), "keywords are case-insensitive, '-' matching a space")
rc, recs, _ = scan(base, "EMP-123456 alone\n")
check("EMPLOYEE_ID" not in custom(recs[0]), "with keywords given, none nearby: no detection")

# ignore words: case-sensitive, contained in the match
rc, recs, _ = scan(base, "employee EMP-000012\nPRJ1234-TEST\nPRJ1234-test\n")
c = custom(recs[0])
check("EMPLOYEE_ID" not in c and c.get("PROJECT_CODE", {}).get("count") == 2,
      "ignoreWords drop matches containing them, case-sensitively (PRJ1234-test stays, "
      "as PRJ1234)")

# allow lists: words (whole text, any case) and regex (entire match)
rc, recs, _ = scan(base, "mail jane.doe@example.com, JANE.DOE@EXAMPLE.COM\n"
                         "x.jane.doe@example.com bob@corp.example bob@corp.example.org\n"
                         f"ssn {SSN}\n")
m = managed(recs[0])
check(m.get("EMAIL_ADDRESS") == 2 and m.get("USA_SOCIAL_SECURITY_NUMBER") == 1,
      f"allow lists drop listed words (any case) and full regex matches, nothing "
      f"partial ({m})")

# severity levels
lv = cfg("""
customDataIdentifiers:
  - name: TICKET
    regex: 'TCK-[0-9]{5}'
    severityLevels:
      - {occurrencesThreshold: 3, severity: LOW}
      - {occurrencesThreshold: 5, severity: HIGH}
""", "lv.yaml")
for n, want in ((2, None), (3, "Low"), (4, "Low"), (5, "High")):
    rc, recs, _ = scan(lv, "".join(f"TCK-{i:05d}\n" for i in range(n)))
    r = recs[0]
    got = r["severity"]["description"] if r["severity"] else None
    check(got == want and (("TICKET" in custom(r)) == (want is not None)) and
          rc == (1 if want else 0),
          f"{n} occurrences: {want or 'below the lowest level: no finding, exit 0'}")
rc, recs, _ = scan(lv, "".join(f"TCK-{i:05d}\n" for i in range(5)) + f"ssn {SSN}\n")
check(recs[0]["type"] == "SensitiveData:S3Object/Multiple" and
      recs[0]["severity"]["description"] == "High",
      "custom and managed findings: type Multiple, the highest severity")

# structured data: a column name is a keyword for a custom identifier too
rc, recs, _ = scan(base, "name,staff id\nx,EMP-123456\n", name="s.csv")
occ = custom(recs[0]).get("EMPLOYEE_ID", {}).get("occurrences", {})
check(occ.get("cells") == [{"row": 2, "column": 2, "columnName": "staff id",
                            "cellReference": None}],
      "in a CSV the column name is the keyword; occurrences are cells")

# a regex that starts and ends with a group (its reversed form, used to
# find where a match starts, once lost its anchor)
grp = cfg("customDataIdentifiers:\n  - name: GROUPED\n    regex: '(?:EMP|STAFF)-(?:\\d{6}|X\\d{4})'\n",
          "grp.yaml")
rc, recs, err = scan(grp, "ids: EMP-123456 STAFF-X1234\n")
c = custom(recs[0]) if recs else {}
check(rc == 1 and c.get("GROUPED", {}).get("count") == 2 and
      c["GROUPED"]["occurrences"]["lineRanges"][1]["startColumn"] == 17,
      f"a regex in groups compiles and its matches start where they do ({err.strip()[:100]})")

# selection
rc, recs, _ = scan(base, f"employee EMP-123456 ssn {SSN}\n", "--identifiers", "NONE")
check(not managed(recs[0]) and "EMPLOYEE_ID" in custom(recs[0]),
      "--identifiers NONE: custom identifiers only")
rc, recs, _ = scan(base, "employee EMP-123456 PRJ1234\n", "--exclude-identifiers", "PROJECT_CODE")
check(set(custom(recs[0])) == {"EMPLOYEE_ID"}, "--exclude-identifiers takes custom names")
rc, recs, _ = scan(base, f"employee EMP-123456 ssn {SSN}\n", "--identifiers",
                   "USA_SOCIAL_SECURITY_NUMBER")
check(managed(recs[0]) and not custom(recs[0]),
      "a list of ids selects only those (a custom one must be named)")

# identifiers test / list with --config
p = os.path.join(d, "t.txt")
write(p, "Staff ID EMP-111111\nEMP-222222\n")
with open(p, "rb") as f:
    rc, out, err = run(["identifiers", "test", "--config", base, "EMPLOYEE_ID"], stdin=f.read())
check(rc == 0 and "DETECTED 1:10\tEMPLOYEE_ID" in out and "no keyword within distance" in out
      and "1 detected" in out and "111111" not in out,
      "identifiers test --config NAME: verdicts, masked values")
rc, out, err = run(["identifiers", "list", "--config", base])
check(rc == 0 and any(l.startswith("EMPLOYEE_ID") and "CUSTOM" in l for l in out.splitlines()),
      "identifiers list shows custom identifiers")

# limits and errors: each a clear message, exit 2, nothing scanned
BAD = {
    "regex over 512": ("customDataIdentifiers:\n  - name: X\n    regex: '" + "a" * 513 + "'\n",
                       "1 to 512"),
    "51 keywords": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n    keywords: [" +
                    ",".join(f"kw{i:03d}" for i in range(51)) + "]\n", "at most 50"),
    "a 2-character keyword": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n"
                              "    keywords: [ab]\n", "3 to 90"),
    "11 ignore words": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n    ignoreWords: [" +
                        ",".join(f"word{i}" for i in range(11)) + "]\n", "at most 10"),
    "a 3-character ignore word": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n"
                                  "    ignoreWords: [abc]\n", "4 to 90"),
    "distance 301": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n"
                     "    maximumMatchDistance: 301\n", "1 to 300"),
    "four levels": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n    severityLevels:\n" +
                    "".join(f"      - {{occurrencesThreshold: {i}, severity: {v}}}\n"
                            for i, v in ((1, "LOW"), (2, "MEDIUM"), (3, "HIGH"), (4, "HIGH"))),
                    "up to three"),
    "lower severity above": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n"
                             "    severityLevels:\n"
                             "      - {occurrencesThreshold: 1, severity: HIGH}\n"
                             "      - {occurrencesThreshold: 9, severity: LOW}\n",
                             "higher severity"),
    "unknown field": ("customDataIdentifiers:\n  - name: X\n    regex: 'a+b'\n    regexp: 'b'\n",
                      "unknown field 'regexp'"),
    "a pattern Hyperscan rejects": ("customDataIdentifiers:\n  - name: LOOKS\n"
                                    "    regex: 'a(?=b)'\n",
                                    "custom data identifier LOOKS"),
    "a managed name": ("customDataIdentifiers:\n  - name: EMAIL_ADDRESS\n    regex: 'a+b'\n",
                       "the name is taken"),
    "a missing words file": ("allowLists:\n  - name: w\n    wordsFile: nope.txt\n", "nope.txt"),
    "an allow regex that does not compile": ("allowLists:\n  - name: r\n    regex: '(a'\n",
                                             "allow list r"),
    "an unknown section": ("custom:\n  - name: X\n", "unknown section"),
}
for what, (text, msg) in BAD.items():
    rc, recs, err = scan(cfg(text, "bad.yaml"), "x\n")
    check(rc == 2 and not recs and msg in err, f"{what}: exit 2, '{msg}' ({err.strip()[:120]})")
big = os.path.join(d, "big.txt")
write(big, "".join(f"w{i}\n" for i in range(100001)))
rc, recs, err = scan(cfg("allowLists:\n  - name: big\n    wordsFile: big.txt\n", "b.yaml"), "x\n")
check(rc == 2 and "100000 entries" in err, "an allow list over 100,000 entries: exit 2")
write(big, "".join(f"w{i}@example.com\n" for i in range(100000)))
rc, recs, err = scan(cfg("allowLists:\n  - name: big\n    wordsFile: big.txt\n", "b.yaml"),
                     "w99999@example.com w100000@example.com\n")
check(managed(recs[0]).get("EMAIL_ADDRESS") == 1, "100,000 entries are fine, looked up exactly")

# Custom identifiers have a database of their own: a new configuration
# reuses the managed catalog's cached database and adds one small entry.
# A keyword shared with a managed identifier ("ssn") and a new one
# ("badge") both work for the custom identifier, and the managed one's
# keyword still works for it.
cache = os.path.join(d, "cache")
ccfg = cfg("customDataIdentifiers:\n  - name: BADGE\n    regex: 'B[0-9]{7}'\n"
           "    keywords: [badge, ssn]\n    maximumMatchDistance: 10\n", "badge.yaml")
env = {"TRAWL_CACHE_DIR": cache}
txt = os.path.join(d, "badge.txt")
write(txt, f"badge B1234567\nssn B7654321\nB5555555\nssn {SSN}\n")
sel = ["--identifiers", "USA_SOCIAL_SECURITY_NUMBER,CREDIT_CARD_NUMBER"]
run(["scan", "-q"] + sel + [txt], env=env)
before = {f: os.stat(os.path.join(cache, f)).st_mtime_ns for f in os.listdir(cache)}
rc, out, err = run(["scan", "-q", "--config", ccfg, "--identifiers",
                    "USA_SOCIAL_SECURITY_NUMBER,CREDIT_CARD_NUMBER,BADGE", txt], env=env)
after = {f: os.stat(os.path.join(cache, f)).st_mtime_ns for f in os.listdir(cache)}
size = {f: os.path.getsize(os.path.join(cache, f)) for f in after}
new = [size[f] for f in after if f not in before]
check(len(before) == 2 and len(new) == 1 and all(after[f] == t for f, t in before.items()) and
      new[0] * 10 < min(size[f] for f in before),
      f"a configuration adds its own small cached database, the managed one is reused "
      f"({size} bytes)")
r = records(out)[0]
check(custom(r).get("BADGE", {}).get("count") == 2 and managed(r).get("USA_SOCIAL_SECURITY_NUMBER") == 1,
      "custom keywords new and shared with a managed identifier; the managed one unaffected")

# the same records at any thread count
many = os.path.join(d, "many")
for i in range(40):
    write(os.path.join(many, f"f{i:02d}.txt"), f"employee EMP-{i:06d} PRJ{i:04d}\n")
r1 = run(["scan", "-q", "-j1", "--config", base, many])[1]
r8 = run(["scan", "-q", "-j8", "--config", base, many])[1]
check(r1 == r8 and len(records(r1)) == 40, "-j1 and -j8 identical with a configuration")
done()
