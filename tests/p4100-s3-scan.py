"""`trawl scan s3://...` against a real S3-protocol server (s3rver on
127.0.0.1, populated through the S3 API with boto3), through a proxy that
verifies SigV4 signatures and injects faults (tests/tools/s3env.py).

Covers: the same detections as a local scan of the same files (archives,
documents, structured data), pagination past 1,000 keys, awkward keys,
prefixes, several arguments mixed with local paths, every credential source
(environment, profile files, container endpoint, IMDSv2), signatures checked
for real, anonymous requests, retries under 500/503/resets/truncation with
exactly one correct record per object, permanent failures' reasons, scope
options, record fields and bucket exposure, region redirects, secrets never
printed.
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))

from s3env import FaultProxy, Rule, S3Server  # noqa: E402
from tlib import TOP, check, done, records, run, status, tmpdir, write  # noqa: E402

SSN = "536-90-4399"  # synthetic, valid per python-stdnum
SECRET_MARK = "S3RVER"

base = tmpdir()
home = os.path.join(base, "home")
os.makedirs(home)

# The environment of every run: no AWS_* of the machine, no ~/.aws, no
# instance metadata, short backoff and stall timeout (the schedule of
# faults is deterministic, the waits need not be long).
ENV = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
ENV.update(HOME=home, AWS_EC2_METADATA_DISABLED="true", TRAWL_S3_BACKOFF_MS="5",
           TRAWL_HTTP_STALL_SECONDS="2")
CREDS = {"AWS_ACCESS_KEY_ID": "S3RVER", "AWS_SECRET_ACCESS_KEY": "S3RVER"}


def scan(args, env=None, creds=True, binary=None):
    e = dict(ENV)
    if creds:
        e.update(CREDS)
    e.update(env or {})
    p = subprocess.run([binary or os.environ.get("TRAWL_BIN") or os.path.join(TOP, "trawl"),
                        "scan", "-q", "-j2"] + list(args),
                       capture_output=True, env=e, timeout=600)
    return (p.returncode, records(p.stdout.decode("utf-8", "replace")),
            p.stderr.decode("utf-8", "replace"), p.stdout.decode("utf-8", "replace"))


def ident(rec, strip=""):
    o = rec["resourcesAffected"]["s3Object"]
    key = o["key"][len(strip):] if strip and o["key"].startswith(strip) else o["key"]
    emb = o.get("embeddedFileDetails")
    return (key, emb["filePath"] if emb else None)


def by_ident(recs, strip=""):
    out = {}
    for r in recs:
        out.setdefault(ident(r, strip), []).append(r)
    return out


def result(rec):
    return rec["classificationDetails"]["result"]


# ---- the data ------------------------------------------------------------
local = os.path.join(base, "local")
shutil.copytree(os.path.join(TOP, "corpus", "sample"), os.path.join(local, "sample"))
fx = os.path.join(base, "fixtures")
p = subprocess.run(["/usr/bin/python3", os.path.join(TOP, "tests/fixtures/make_fixtures.py"), fx],
                   capture_output=True, text=True)
check(p.returncode == 0, "fixtures built (" + p.stderr.strip()[-200:] + ")")
for dirpath, dirs, files in os.walk(fx):
    for f in files:
        src = os.path.join(dirpath, f)
        if f == "expected.json" or not os.path.isfile(src) or os.path.islink(src):
            continue
        dst = os.path.join(local, "fixtures", os.path.relpath(src, fx))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        os.chmod(dst, 0o644)

srv = S3Server(os.path.join(base, "s3rver"))
srv.create_bucket("bkt")
keys = srv.upload_tree("bkt", local, prefix="data/")
check(len(keys) > 60, f"uploaded {len(keys)} files through the S3 API")
ODD = {"odd/with space.txt": f"employee SSN: {SSN}\n",
       "odd/plus+sign.txt": f"SSN {SSN}\n",
       "odd/ünïcødé ключ.txt": f"social security number {SSN}\n",
       "odd/percent%20and&amp'.txt": f"ssn: {SSN}\n"}
for k, v in ODD.items():
    srv.put_bytes("bkt", k, v.encode())

# ---- 1. the same detections as a local scan ------------------------------
with FaultProxy(srv.endpoint, verify_sigv4={"S3RVER": "S3RVER"}) as px:
    rc_l, out_l, err_l = run(["scan", "-q", "-j2", local])
    loc = records(out_l)
    rc, recs, err, raw = scan(["--endpoint-url", px.endpoint, "s3://bkt/data/"])
    check(rc in (0, 1), f"bucket scan runs (status {rc}; {err.strip()[:300]})")
    bad_sig = [r for r in px.requests if r["sigv4"] != "ok"]
    check(px.requests and not bad_sig,
          f"every request ({len(px.requests)}) carries a valid SigV4 signature "
          f"({[(r['target'], r['sigv4']) for r in bad_sig[:3]]})")
    check(rc == rc_l, f"exit status as for the local scan ({rc} vs {rc_l})")
    L, S = by_ident(loc), by_ident(recs, "data/")
    check(set(L) == set(S) and all(len(v) == 1 for v in S.values()),
          f"one record per object and member, the same set as locally ({len(S)} vs {len(L)}; "
          f"missing {sorted(set(L) - set(S))[:3]}, extra {sorted(set(S) - set(L))[:3]})")
    diff = [k for k in L if k in S and result(L[k][0]) != result(S[k][0])]
    check(not diff, f"classification results identical to the local scan for all {len(L)} "
          f"records (differ: {diff[:3]})")
    sizes = [k for k in L if k in S and k[1] is None and
             L[k][0]["resourcesAffected"]["s3Object"]["size"] !=
             S[k][0]["resourcesAffected"]["s3Object"]["size"]]
    check(not sizes, f"object sizes as on disk ({sizes[:3]})")
    nested = [k for k in S if k[1] and "!/" in k[1]]
    check(len(nested) > 0, f"nested archive members in the bucket get records ({len(nested)})")
    gets = [r for r in px.requests if r["method"] == "GET" and r["path"].startswith("/bkt/data/")]
    from collections import Counter
    twice = [(k, n) for k, n in Counter(r["path"] for r in gets).items() if n > 1]
    # objects over 32 MiB are read from a first 8 MiB piece, which says
    # whether they can be scanned in pieces (then the rest comes in pieces
    # of 8 MiB); if not, the rest follows in one GET
    big = {"/bkt/data/" + k[0] for k in S if k[1] is None and
           S[k][0]["resourcesAffected"]["s3Object"]["size"] > 32 << 20}
    once = len([k for k in S if k[1] is None]) - len(big)
    check(len(gets) - sum(n for _, n in twice) == once and
          {k for k, _ in twice} == big and
          all(r["status"] == 206 for r in gets if r["path"] in big),
          f"one GET per object without faults ({once}), ranged ones for the {len(big)} over "
          f"32 MiB ({len(gets)} GETs; more than once: {twice})")
    conns = {r["conn"] for r in px.requests}
    check(len(conns) <= 4, f"connections kept alive ({len(conns)} connections for "
          f"{len(px.requests)} requests)")

    rec = S[("sample/notes/kyc-review.txt", None)][0] if ("sample/notes/kyc-review.txt", None) in S \
        else recs[0]
    o = rec["resourcesAffected"]["s3Object"]
    b = rec["resourcesAffected"]["s3Bucket"]
    check(b["name"] == "bkt" and b["arn"] == "arn:aws:s3:::bkt" and
          o["bucketArn"] == "arn:aws:s3:::bkt" and o["path"] == "bkt/" + o["key"] and
          o["storageClass"] == "STANDARD" and len(o["eTag"] or "") == 32 and
          o["lastModified"] and o["serverSideEncryption"]["encryptionType"] == "NONE",
          "s3Bucket and s3Object fields: name, arn, bucketArn, path, eTag (no quotes), "
          "storageClass, lastModified, serverSideEncryption")
    pa = b["publicAccess"]
    check(b["defaultServerSideEncryption"]["encryptionType"] == "UNKNOWN" and
          pa["effectivePermission"] == "UNKNOWN" and
          pa["permissionConfiguration"]["bucketLevelPermissions"]["blockPublicAccess"]
          ["blockPublicAcls"] is None,
          "s3rver answers 501 to the exposure calls: recorded as unknown, not guessed")
    check(SECRET_MARK not in err, "the secret key is never printed")

    # the same scan at -j1: byte-identical records
    rc1, recs1, _, raw1 = scan(["-j1", "--endpoint-url", px.endpoint, "s3://bkt/data/"])
    check(raw1 == raw, "-j1 and -j2 give byte-identical output")

# ---- 2. awkward keys, prefixes, several arguments ------------------------
rc, recs, err, _ = scan(["--endpoint-url", srv.endpoint, "s3://bkt/odd/"])
ks = sorted(r["resourcesAffected"]["s3Object"]["key"] for r in recs)
check(ks == sorted(ODD), f"keys with spaces, '+', unicode, '%' and '&' listed and read ({ks})")
check(all(r["classificationDetails"]["result"]["sensitiveData"] for r in recs) and rc == 1,
      "and each one's SSN found")
rc, recs, err, _ = scan(["--endpoint-url", srv.endpoint, "s3://bkt/data/sample/notes/"])
check(recs and all(r["resourcesAffected"]["s3Object"]["key"].startswith("data/sample/notes/")
                   for r in recs) and len(recs) == len(os.listdir(os.path.join(local, "sample", "notes"))),
      f"a prefix scopes the listing ({len(recs)} records)")
one = os.path.join(local, "sample", "notes", "kyc-review.txt")
rc, recs, err, _ = scan(["--endpoint-url", srv.endpoint, "s3://bkt/odd/plus", one,
                         "s3://bkt/odd/with"])
order = [(r["resourcesAffected"]["s3Bucket"] or {}).get("name", "-") + ":" +
         r["resourcesAffected"]["s3Object"]["key"] for r in recs]
check(order == ["bkt:odd/plus+sign.txt", "-:" + one, "bkt:odd/with space.txt"],
      f"several arguments, S3 and local, in argument order ({order})")

# ---- 3. pagination past 1,000 keys ---------------------------------------
srv.create_bucket("many")
srv.put_objects("many", {f"k{i:05d}.txt": (f"row {i}\n" if i % 100 else f"ssn {SSN}\n").encode()
                         for i in range(1234)})
with FaultProxy(srv.endpoint) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://many"])
    ks = [r["resourcesAffected"]["s3Object"]["key"] for r in recs]
    lists = [r for r in px.requests if "list-type=2" in r["query"]]
    check(len(ks) == 1234 and len(set(ks)) == 1234 and len(lists) == 2,
          f"1,234 keys over {len(lists)} ListObjectsV2 pages: each exactly once ({len(ks)})")
    check(sum(1 for r in recs if r["classificationDetails"]["result"]["sensitiveData"]) == 13,
          "findings in the 13 planted objects")
    check(any("continuation-token=" in r["query"] for r in lists),
          "the second page asked with the continuation token")

# ---- 4. faults: still exactly one correct record per object --------------
clean_rc, clean, _, clean_raw = scan(["--endpoint-url", srv.endpoint, "s3://bkt/data/sample/"])


def fault_schedule():
    return [Rule("500", method="GET", path="/bkt/data/sample/notes/", times=2),
            Rule("503", method="GET", path="/bkt/data/sample/exports/", times=3),
            Rule("reset", method="GET", path="/bkt/data/sample/logs/", times=2),
            Rule(("truncate", 100), method="GET", path="crm-export.csv", times=2),
            Rule("reset-after-headers", method="GET", path="crm-export.json", times=1),
            Rule("503", query="list-type=2", times=2),
            Rule(("stall", 5, 50), method="GET", path="app.log", times=1)]


sched = fault_schedule()
with FaultProxy(srv.endpoint, sched) as px:
    rc, recs, err, raw = scan(["--endpoint-url", px.endpoint, "s3://bkt/data/sample/"])
    fired = {r.fault[0]: r.fired for r in sched}
    check(all(r.fired == r.times for r in sched),
          f"every scheduled fault was injected ({fired})")
    check(raw == clean_raw and rc == clean_rc,
          f"under 500s, SlowDowns, resets, truncated and stalled bodies: the same records as "
          f"without faults ({len(recs)} vs {len(clean)} records)")
    resumed = [r for r in px.requests if r["range"] and "crm-export.csv" in r["path"]]
    check(resumed and resumed[0]["range"].startswith("bytes=") and
          resumed[0]["range"] != "bytes=0-" and
          resumed[0]["headers"].get("if-match", "").strip('"'),
          f"a truncated body resumes with Range from the last byte, pinned with If-Match "
          f"({[(r['range'], r['headers'].get('if-match')) for r in resumed[:2]]})")

# permanent failures, each its reason
sched = [Rule(("error", 403, "AccessDenied"), method="GET", path="notes/kyc-review.txt", times=None),
         Rule(("error", 404, "NoSuchKey"), method="GET", path="notes/eu-payroll.txt", times=None),
         Rule("503", method="GET", path="notes/onboarding-memo.txt", times=None),
         Rule(("error", 412, "PreconditionFailed"), method="GET", path="notes/negatives.txt",
              times=None),
         Rule(("truncate", 10), method="GET", path="notes/negatives.txt", times=1)]
with FaultProxy(srv.endpoint, sched) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/data/sample/notes/"])
    st = {r["resourcesAffected"]["s3Object"]["key"].rsplit("/", 1)[1]: status(r) for r in recs}
    check(st.get("kyc-review.txt") == ("SKIPPED", "PERMISSION_DENIED"), f"403: PERMISSION_DENIED ({st.get('kyc-review.txt')})")
    check(st.get("eu-payroll.txt") == ("SKIPPED", "SOURCE_OBJECT_NO_LONGER_AVAILABLE"),
          f"404 after the listing: SOURCE_OBJECT_NO_LONGER_AVAILABLE ({st.get('eu-payroll.txt')})")
    check(st.get("onboarding-memo.txt") == ("SKIPPED", "INTERNAL_ERROR"),
          f"SlowDown on every attempt: INTERNAL_ERROR after the retries "
          f"({st.get('onboarding-memo.txt')}; "
          f"{sum(1 for r in px.requests if 'onboarding' in r['path'])} attempts)")
    check(st.get("negatives.txt") == ("SKIPPED", "OBJECT_VERSION_MISMATCH"),
          f"changed while read (If-Match fails on resume): OBJECT_VERSION_MISMATCH "
          f"({st.get('negatives.txt')})")
    nnotes = len(os.listdir(os.path.join(local, "sample", "notes")))
    check(len(recs) == len(st) == nnotes and st.get("nothing-here.txt") == ("COMPLETE", None),
          f"the others COMPLETE, one record each ({len(recs)})")
    check(rc == 1, f"exit status 1 (findings) with some objects unreadable ({rc})")

# archived storage classes: SKIPPED without a GET
listing = ('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult '
           'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>arch</Name><Prefix></Prefix>'
           '<KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>'
           '<Contents><Key>cold/a.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>'
           '<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><Size>10</Size>'
           '<StorageClass>GLACIER</StorageClass></Contents>'
           '<Contents><Key>cold/b.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>'
           '<ETag>&quot;0123456789abcdef0123456789abcdee&quot;</ETag><Size>10</Size>'
           '<StorageClass>DEEP_ARCHIVE</StorageClass></Contents>'
           '<Contents><Key>cold/c.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified>'
           '<ETag>&quot;0123456789abcdef0123456789abcded&quot;</ETag><Size>10</Size>'
           '<StorageClass>GLACIER_IR</StorageClass></Contents></ListBucketResult>')
srv.create_bucket("arch")
srv.put_bytes("arch", "cold/c.txt", b"0123456789")
with FaultProxy(srv.endpoint, [Rule(("respond", 200, {"Content-Type": "application/xml"}, listing),
                                    query="list-type=2", times=None)]) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://arch"])
    st = {r["resourcesAffected"]["s3Object"]["key"]: status(r) for r in recs}
    sc = {r["resourcesAffected"]["s3Object"]["key"]: r["resourcesAffected"]["s3Object"]["storageClass"]
          for r in recs}
    check(st == {"cold/a.txt": ("SKIPPED", "INVALID_OBJECT_STATE"),
                 "cold/b.txt": ("SKIPPED", "INVALID_OBJECT_STATE"),
                 "cold/c.txt": ("COMPLETE", None)} and sc["cold/a.txt"] == "GLACIER",
          f"GLACIER and DEEP_ARCHIVE: SKIPPED INVALID_OBJECT_STATE; GLACIER_IR read ({st})")
    check(not [r for r in px.requests if r["method"] == "GET" and "/cold/a" in r["path"]],
          "an archived object is not requested")

# ---- 5. exposure, as an AWS bucket reports it ----------------------------
XML = {"Content-Type": "application/xml"}
expo = [
    Rule(("respond", 200, XML, '<ServerSideEncryptionConfiguration><Rule>'
          '<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>'
          '<KMSMasterKeyID>arn:aws:kms:us-east-1:111122223333:key/k1</KMSMasterKeyID>'
          '</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>'),
         query="encryption", times=None),
    Rule(("error", 404, "NoSuchPublicAccessBlockConfiguration"), query="publicAccessBlock",
         times=None),
    Rule(("respond", 200, XML, "<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>"),
         query="policyStatus", times=None),
    Rule(("respond", 200, XML, '<AccessControlPolicy><Owner><ID>o</ID></Owner><AccessControlList>'
          '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:type="CanonicalUser"><ID>o</ID></Grantee><Permission>FULL_CONTROL</Permission>'
          '</Grant><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
          'xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee>'
          '<Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>'),
         query="acl", times=None),
    Rule(("respond", 200, {"x-amz-server-side-encryption": "aws:kms",
                           "x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:k2",
                           "x-amz-version-id": "v123", "ETag": '"feedfacefeedfacefeedfacefeedface"',
                           "Content-Type": "text/plain"}, f"ssn {SSN}\n"),
         method="GET", path="/bkt/odd/plus", times=None),
]
with FaultProxy(srv.endpoint, expo) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/odd/plus"])
    b = recs[0]["resourcesAffected"]["s3Bucket"] if recs else {}
    o = recs[0]["resourcesAffected"]["s3Object"] if recs else {}
    bl = b.get("publicAccess", {}).get("permissionConfiguration", {}).get("bucketLevelPermissions", {})
    check(b.get("defaultServerSideEncryption") == {"encryptionType": "aws:kms",
          "kmsMasterKeyId": "arn:aws:kms:us-east-1:111122223333:key/k1"},
          f"default encryption read ({b.get('defaultServerSideEncryption')})")
    check(bl.get("blockPublicAccess") == {"blockPublicAcls": False, "blockPublicPolicy": False,
                                          "ignorePublicAcls": False, "restrictPublicBuckets": False}
          and bl.get("bucketPolicy") == {"allowsPublicReadAccess": False,
                                         "allowsPublicWriteAccess": False}
          and bl.get("accessControlList") == {"allowsPublicReadAccess": True,
                                              "allowsPublicWriteAccess": False}
          and b["publicAccess"]["effectivePermission"] == "PUBLIC",
          f"no public access block, private policy, an ACL grant to AllUsers: PUBLIC ({bl})")
    check(o.get("serverSideEncryption") == {"encryptionType": "aws:kms",
                                            "kmsMasterKeyId": "arn:aws:kms:k2"}
          and o.get("versionId") == "v123" and o.get("eTag") == "feedfacefeedfacefeedfacefeedface",
          f"the object's encryption, version and ETag from its GET ({o})")
    n = sum(1 for r in px.requests if r["query"] in ("encryption", "acl"))
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/odd/plus", "s3://bkt/odd/with"])
    check(sum(1 for r in px.requests if r["query"] in ("encryption", "acl")) - n == 2,
          "the bucket's exposure is read once per bucket, not per argument")

# ---- 6. credentials ------------------------------------------------------
with FaultProxy(srv.endpoint, verify_sigv4={"S3RVER": "S3RVER"}) as px:
    ep = ["--endpoint-url", px.endpoint]
    cred = os.path.join(base, "credentials")
    conf = os.path.join(base, "config")
    write(cred, "[default]\naws_access_key_id = NOPE\naws_secret_access_key = nope\n"
                "[scanner]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n")
    write(conf, "[profile viaconfig]\nregion = us-east-1\naws_access_key_id = S3RVER\n"
                "aws_secret_access_key = S3RVER\n")
    files = {"AWS_SHARED_CREDENTIALS_FILE": cred, "AWS_CONFIG_FILE": conf}
    rc, recs, err, _ = scan(ep + ["--profile", "scanner", "s3://bkt/odd/"], env=files, creds=False)
    check(len(recs) == 4 and rc == 1, f"--profile from the shared credentials file ({rc}, {err.strip()[:200]})")
    rc, recs, err, _ = scan(ep + ["s3://bkt/odd/"], env=dict(files, AWS_PROFILE="viaconfig"), creds=False)
    check(len(recs) == 4 and rc == 1, f"AWS_PROFILE from the config file ({rc}, {err.strip()[:200]})")
    rc, recs, err, _ = scan(ep + ["s3://bkt/odd/"], env=files, creds=False)
    check(rc == 2 and not recs and "cannot list" in err and "NOPE" not in err and "nope" not in err,
          f"the default profile's unknown key: exit 2, the error code, no key printed ({err.strip()[:200]})")
    rc, recs, err, _ = scan(ep + ["--profile", "absent", "s3://bkt/odd/"], env=files, creds=False)
    check(rc == 2 and "profile 'absent' not found" in err, f"a missing profile: exit 2 ({err.strip()[:200]})")
    rc, recs, err, _ = scan(ep + ["s3://bkt/odd/"], creds=False)
    check(rc == 2 and "no AWS credentials found" in err, f"no credentials anywhere: exit 2 ({err.strip()[:200]})")
    rc, recs, err, _ = scan(ep + ["s3://bkt/odd/"], env={"AWS_SECRET_ACCESS_KEY": "wrong-secret-xyz"})
    check(rc == 2 and "SignatureDoesNotMatch" in err and "wrong-secret-xyz" not in err,
          f"a wrong secret: the server refuses the signature, exit 2, secret not printed ({err.strip()[:200]})")

    # the container endpoint and IMDSv2, served on loopback
    TOKEN = "session-token-" + "x" * 300
    seen = []

    class Meta(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def reply(self, code, body):
            b = body.encode()
            self.send_response(code)
            self.send_header("Content-Length", str(len(b)))
            self.end_headers()
            self.wfile.write(b)

        def do_PUT(self):
            seen.append(("PUT", self.path, self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")))
            self.reply(200, "imds-session") if self.path == "/latest/api/token" else self.reply(404, "")

        def do_GET(self):
            seen.append(("GET", self.path, self.headers.get("X-aws-ec2-metadata-token") or
                         self.headers.get("Authorization")))
            creds = json.dumps({"AccessKeyId": "S3RVER", "SecretAccessKey": "S3RVER", "Token": TOKEN,
                                "Expiration": "2099-01-01T00:00:00Z"})
            if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
                if self.headers.get("X-aws-ec2-metadata-token") != "imds-session":
                    return self.reply(401, "")
                rest = self.path.rsplit("/", 1)[1]
                return self.reply(200, "scanner-role\n" if not rest else creds)
            if self.path == "/ecs/creds" and self.headers.get("Authorization") == "ecs-auth":
                return self.reply(200, creds)
            self.reply(404, "")

    meta = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Meta)
    threading.Thread(target=meta.serve_forever, daemon=True).start()
    murl = f"http://127.0.0.1:{meta.server_address[1]}"
    n0 = len(px.requests)
    rc, recs, err, _ = scan(ep + ["s3://bkt/odd/"], creds=False,
                            env={"AWS_EC2_METADATA_DISABLED": "false",
                                 "AWS_EC2_METADATA_SERVICE_ENDPOINT": murl})
    toks = {r["headers"].get("x-amz-security-token") for r in px.requests[n0:]}
    check(len(recs) == 4 and rc == 1 and toks == {TOKEN} and
          ("PUT", "/latest/api/token", "21600") in seen,
          f"IMDSv2: session token first, then the role's credentials; requests carry the "
          f"security token, signed ({rc}, {err.strip()[:200]})")
    check(TOKEN not in err, "the session token is never printed")
    n0 = len(px.requests)
    rc, recs, err, _ = scan(ep + ["s3://bkt/odd/"], creds=False,
                            env={"AWS_CONTAINER_CREDENTIALS_FULL_URI": murl + "/ecs/creds",
                                 "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ecs-auth"})
    toks = {r["headers"].get("x-amz-security-token") for r in px.requests[n0:]}
    check(len(recs) == 4 and toks == {TOKEN},
          f"the container endpoint, with its authorization token ({rc}, {err.strip()[:200]})")
    meta.shutdown()

    n0 = len(px.requests)
    rc, recs, err, _ = scan(ep + ["--no-sign-request", "s3://bkt/odd/"], creds=False)
    check(not any("authorization" in r["headers"] for r in px.requests[n0:]) and
          all(r["sigv4"] == "AccessDenied" for r in px.requests[n0:]) and rc == 2,
          "--no-sign-request: no Authorization header sent (the verifying proxy refuses it)")

# anonymous requests against s3rver itself, which serves them
rc, recs, err, _ = scan(["--endpoint-url", srv.endpoint, "--no-sign-request", "s3://bkt/odd/"],
                        creds=False)
check(len(recs) == 4 and rc == 1, f"--no-sign-request reads a bucket that allows it ({rc})")
rc, recs, err, _ = scan(["s3://bkt/odd/"], env={"AWS_ENDPOINT_URL": srv.endpoint})
check(len(recs) == 4, "AWS_ENDPOINT_URL sets the endpoint")

# ---- 7. region from the bucket's redirect --------------------------------
redir = Rule(("respond", 301, {"x-amz-bucket-region": "eu-west-1", "Content-Type": "application/xml"},
              "<Error><Code>PermanentRedirect</Code><Message>m</Message></Error>"),
             query="list-type=2", times=1)
with FaultProxy(srv.endpoint, [redir]) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/odd/"])
    lists = [r for r in px.requests if "list-type=2" in r["query"]]
    scopes = [r["headers"].get("authorization", "").split("Credential=")[1].split(",")[0].split("/")[2]
              for r in lists if "authorization" in r["headers"]]
    check(len(recs) == 4 and scopes[:2] == ["us-east-1", "eu-west-1"],
          f"a 301 with x-amz-bucket-region: signed again for that region ({scopes})")

# ---- 8. scope options ----------------------------------------------------
ep = ["--endpoint-url", srv.endpoint]
srv.create_bucket("scope")
objs = {"a/one.csv": b"x" * 100, "a/two.json": b"{}" * 300, "a/three.txt": b"t" * 1000,
        "a/four.CSV": b"c" * 5000, "a/noext": b"n" * 50}
srv.put_objects("scope", objs)
for k, t in (("a/one.csv", 1767225600), ("a/two.json", 1769904000), ("a/three.txt", 1772323200),
             ("a/four.CSV", 1775001600), ("a/noext", 1777593600)):
    srv.set_mtime("scope", k, t)   # 2026-01-01, 02-01, 03-01, 04-01, 05-01


def keys_of(args):
    rc, recs, err, _ = scan(ep + args + ["s3://scope"])
    return sorted(r["resourcesAffected"]["s3Object"]["key"] for r in recs)


check(keys_of(["--include-ext", "csv"]) == ["a/four.CSV", "a/one.csv"], "--include-ext, any case")
check(keys_of(["--exclude-ext", "csv,json"]) == ["a/noext", "a/three.txt"], "--exclude-ext, a list")
check(keys_of(["--include-ext", ""]) == ["a/noext"], "--include-ext '' selects objects without one")
check(keys_of(["--min-size", "600"]) == ["a/four.CSV", "a/three.txt", "a/two.json"],
      "--min-size (at least: 600 bytes is in)")
rc, recs, err, _ = scan(ep + ["--max-size", "600", "s3://scope"])
st = {r["resourcesAffected"]["s3Object"]["key"]: status(r)[1] for r in recs}
check(st["a/four.CSV"] == "FILE_EXCEEDS_SIZE_LIMIT" and st["a/one.csv"] is None and len(st) == 5,
      "--max-size: larger objects get a SKIPPED record")
check(keys_of(["--modified-after", "2026-02-15", "--modified-before", "2026-04-15"]) ==
      ["a/four.CSV", "a/three.txt"], "--modified-after / --modified-before (from LastModified)")
mo = keys_of(["--max-objects", "2"])
check(len(mo) == 2 and set(mo) < set(objs), f"--max-objects 2 ({mo})")
s1 = keys_of(["--sample", "50", "--seed", "7"])
s2 = keys_of(["--sample", "50", "--seed", "7"])
check(s1 == s2 and 0 < len(s1) < 5, f"--sample 50 --seed 7: deterministic ({s1})")
draws = {tuple(keys_of(["--sample", "50", "--seed", str(s)])) for s in range(6)}
check(len(draws) > 1, f"another seed, another sample ({len(draws)} different of 6)")
# the same scope options on local files
ld = os.path.join(base, "scopelocal")
for k, data in objs.items():
    write(os.path.join(ld, k), data)
rc, out, err = run(["scan", "-q", "--include-ext", "csv", "--min-size", "200", ld])
check([r["resourcesAffected"]["s3Object"]["key"] for r in records(out)] == ["a/four.CSV"],
      "scope options apply to local files too")
rc, out, err = run(["scan", "-q", "--sample", "0", ld])
check(rc == 2, "--sample 0 is a usage error")

# the archive rule of --max-size, read from the object's first bytes (a ranged GET)
srv.create_bucket("big")
zipped = os.path.join(local, "fixtures")
zips = [os.path.join(dp, f) for dp, _, fs in os.walk(zipped) for f in fs if f.endswith(".zip")]
with open(zips[0], "rb") as f:
    srv.put_bytes("big", "x.bin", f.read())
with FaultProxy(srv.endpoint) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "--max-size", "10", "s3://big"])
    rng = [r["range"] for r in px.requests if r["method"] == "GET" and "/x.bin" in r["path"]]
    check(recs and status(recs[0]) == ("SKIPPED", "ARCHIVE_EXCEEDS_SIZE_LIMIT") and
          rng == ["bytes=0-511"],
          f"an archive over --max-size: ARCHIVE_EXCEEDS_SIZE_LIMIT from a 512-byte ranged GET ({rng})")

# ---- 9. virtual-hosted addressing ----------------------------------------
# s3rver takes the bucket from the host name under its --service-endpoint;
# libcurl resolves *.localhost to loopback itself.
with S3Server(os.path.join(base, "vhost"), args=["--service-endpoint", "localhost"]) as vs:
    vs.create_bucket("vbk")
    vs.put_bytes("vbk", "in/x.txt", f"ssn {SSN}\n".encode())
    vep = f"http://s3.localhost:{vs.port}"
    rc, recs, err, _ = scan(["--endpoint-url", vep, "--addressing", "virtual", "s3://vbk/in/"])
    check(len(recs) == 1 and rc == 1 and recs[0]["resourcesAffected"]["s3Object"]["key"] == "in/x.txt",
          f"--addressing virtual: the bucket in the host name ({rc}, {err.strip()[:200]})")
    rc, recs, err, _ = scan(["--endpoint-url", vep, "s3://vbk/in/"])
    check(len(recs) == 1 and rc == 1, "path-style by default with a custom endpoint")

# ---- 10. errors about the bucket itself ------------------------------------
rc, recs, err, _ = scan(ep + ["s3://no-such-bucket/", os.path.join(local, "sample", "empty.txt")])
check(rc == 2 and "NoSuchBucket" in err and len(recs) == 1,
      f"a missing bucket: message and exit 2, the other arguments still scanned ({err.strip()[:200]})")
rc, recs, err, _ = scan(["--endpoint-url", "http://127.0.0.1:1", "s3://bkt"])
check(rc == 2 and "cannot list" in err, f"no server: exit 2 after retries ({err.strip()[:200]})")
rc, recs, err, _ = scan(["--endpoint-url", "ftp://127.0.0.1", "s3://bkt"])
check(rc == 2 and "http" in err, "an endpoint that is not http(s): usage error")

# ---- 11. large objects read in pieces (ranged GETs) ----------------------
# TRAWL_STREAM_MIN / TRAWL_STREAM_CHUNK make a 2 MB log "large": it is read
# in ranged GETs of ~68 KB, each pinned to the first one's ETag, and scanned
# piece by piece; the record must equal a local whole-object scan's.
import random  # noqa: E402
rng = random.Random(11)
lines = []
for i in range(40000):
    lines.append(f"{i} employee ssn {SSN} ok" if rng.random() < 0.02 else
                 f"{i} " + "lorem ipsum " * rng.randint(0, 8))
biglog = ("\n".join(lines) + "\n").encode()
write(os.path.join(base, "big", "app.log"), biglog)
srv.put_bytes("bkt", "big/app.log", biglog)
rc_l, out_l, _ = run(["scan", "-q", os.path.join(base, "big", "app.log")])
want = result(records(out_l)[0])
STREAM = {"TRAWL_STREAM_MIN": "1000", "TRAWL_STREAM_CHUNK": "65536"}
with FaultProxy(srv.endpoint) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/big/"], env=STREAM)
    gets = [r for r in px.requests if r["method"] == "GET" and "/big/app.log" in r["path"]]
    check(recs and result(recs[0]) == want and want["sensitiveData"],
          f"a large object in pieces: the same result as the local whole-object scan ({rc})")
    check(len(gets) > 20 and all(g["range"] for g in gets) and
          all(g["headers"].get("if-match") for g in gets[1:]) and not gets[0]["headers"].get("if-match"),
          f"{len(gets)} ranged GETs, every one after the first pinned with If-Match")
sched = [Rule(("truncate", 1000), method="GET", path="/big/app.log", skip=3, times=1),
         Rule("503", method="GET", path="/big/app.log", skip=6, times=2),
         Rule("reset", method="GET", path="/big/app.log", skip=10, times=1)]
with FaultProxy(srv.endpoint, sched) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/big/"], env=STREAM)
    check(all(r.fired for r in sched) and recs and result(recs[0]) == want,
          "pieces cut short, refused and reset: retried and resumed, the same result")
# s3rver does not implement If-Match, so the object's replacement between
# two pieces is the 412 S3 would answer
with FaultProxy(srv.endpoint, [Rule(("error", 412, "PreconditionFailed"), method="GET",
                                    path="/big/app.log", skip=5, times=None)]) as px:
    rc, recs, err, _ = scan(["--endpoint-url", px.endpoint, "s3://bkt/big/"], env=STREAM)
    check(recs and status(recs[0]) == ("PARTIAL", "OBJECT_VERSION_MISMATCH") and
          0 < result(recs[0])["sizeClassified"] < len(biglog) and rc == 1,
          f"replaced between two pieces: PARTIAL OBJECT_VERSION_MISMATCH, what was read "
          f"reported ({status(recs[0]) if recs else None})")


def in_pieces(prefix, name, data):
    """data as a local file and as s3://bkt/PREFIX/NAME: the results of the
    local whole-object scan, and the S3 scan's records (read in ranged
    pieces, STREAM) and the GETs of it."""
    path = os.path.join(base, "big", name)
    write(path, data)
    srv.put_bytes("bkt", f"{prefix}/{name}", data)
    _, out_l, _ = run(["scan", "-q", path], env={"TRAWL_STREAM_MIN": str(1 << 40)})
    with FaultProxy(srv.endpoint) as px:
        _, recs, _, _ = scan(["--endpoint-url", px.endpoint, f"s3://bkt/{prefix}/"], env=STREAM)
        gets = [r for r in px.requests
                if r["method"] == "GET" and f"/{prefix}/{name}" in r["path"]]
    return [result(r) for r in records(out_l)], recs, gets


# a large gzip of a CSV: unpacked and scanned in pieces as it is read
import gzip  # noqa: E402
csvtext = "name,ssn,note\n" + "".join(
    f"n{i},{SSN if i % 7 == 0 else ''},{'lorem ' * rng.randint(0, 9)}\n" for i in range(30000))
want, recs, gets = in_pieces("gz", "rows.csv.gz", gzip.compress(csvtext.encode()))
check(len(recs) == 2 and [result(r) for r in recs] == want and
      "cells" in json.dumps(want[1]) and len(gets) > 1,
      f"a gzip CSV in {len(gets)} ranged GETs, unpacked in pieces: the same records as "
      f"the local whole-object scan")
# a large zip: read with ranged GETs where its directory and members are
import io  # noqa: E402
import zipfile  # noqa: E402
zbuf = io.BytesIO()
with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("rows.csv", csvtext)
    z.writestr("app.log", biglog)
    z.writestr("note.txt", f"employee ssn {SSN}\n")
want, recs, gets = in_pieces("zip", "bundle.zip", zbuf.getvalue())
check(len(recs) == 4 and [result(r) for r in recs] == want and len(gets) > 2 and
      all(g["range"] for g in gets),
      f"a zip in {len(gets)} ranged GETs (its directory at its end, then its members): "
      f"the same records as the local whole-object scan")
# a large log, UTF-8 until a Windows-1252 byte near its end: read as UTF-8
# in ranged GETs, then over again from its start as Windows-1252, which is
# how a whole read takes it
late = biglog[:-3000] + "caf\u00e9 ".encode("cp1252") + biglog[-3000:]
want, recs, gets = in_pieces("late", "late.log", late)
starts = [g["range"] for g in gets if g["range"] and g["range"].startswith("bytes=0-")]
check(len(recs) == 1 and [result(r) for r in recs] == want and len(starts) == 2 and
      result(recs[0])["sizeClassified"] == len(late),
      f"not UTF-8 past its first piece: read again from its start ({len(gets)} ranged "
      f"GETs, {len(starts)} from byte 0), the same record as the local whole-object scan")
# a large PDF: written to a file as it comes, in ranged GETs, and read by
# the PDF child from there (not held): the same record as the local scan
from reportlab.pdfgen import canvas  # noqa: E402
pbuf = io.BytesIO()
cv = canvas.Canvas(pbuf, pageCompression=0)
for k in range(40):
    for i in range(30):
        cv.drawString(40, 800 - 20 * i, f"page {k} line {i} employee ssn {SSN} " + "x" * i)
    cv.showPage()
cv.save()
pdata = pbuf.getvalue()
want, recs, gets = in_pieces("pdf", "report.pdf", pdata)
check(len(recs) == 1 and [result(r) for r in recs] == want and len(gets) > 1 and
      all(g["range"] for g in gets) and want[0]["sensitiveData"] and
      want[0]["sizeClassified"] == len(pdata),
      f"a PDF in {len(gets)} ranged GETs, written to a file for the PDF child: the same "
      f"record as the local whole-object scan")

# a large docx (python-docx) with a stored media member: its directory and
# text parts read in ranged GETs, its media never fetched; the same record
# as the local whole-object scan
import docx  # noqa: E402
doc = docx.Document()
for i in range(4000):
    doc.add_paragraph(f"row {i}: employee ssn {SSN} " + "lorem " * (i % 9))
dbuf = io.BytesIO()
doc.save(dbuf)
with zipfile.ZipFile(dbuf, "a") as z:
    z.writestr("word/media/clip.bin", random.Random(5).randbytes(6 << 20),
               compress_type=zipfile.ZIP_STORED)
ddata = dbuf.getvalue()
want, recs, gets = in_pieces("docx", "minutes.docx", ddata)
fetched = sum(int(b) - int(a) + 1 for g in gets if g["range"]
              for a, b in [g["range"][6:].split("-")])
check(len(recs) == 1 and [result(r) for r in recs] == want and want[0]["sensitiveData"] and
      want[0]["sizeClassified"] == len(ddata) and all(g["range"] for g in gets) and
      fetched < len(ddata) // 2,
      f"a docx in {len(gets)} ranged GETs ({fetched} of its {len(ddata)} bytes asked for: "
      f"not its media), its text in pieces: the same record as the local whole-object scan")

# a large e-mail message: read front to back in ranged GETs, its attachment
# scanned as it comes; the same records as the local whole-object scan
from email.message import EmailMessage  # noqa: E402
msg = EmailMessage()
msg["From"], msg["To"], msg["Subject"] = "hr@example.org", "it@example.org", "export"
msg.set_content(f"employee ssn {SSN}\n" * 50)
msg.add_attachment(csvtext.encode() * 3, maintype="text", subtype="csv", filename="people.csv")
mdata = bytes(msg)
want, recs, gets = in_pieces("eml", "export.eml", mdata)
check(len(recs) == 2 and [result(r) for r in recs] == want and len(gets) > 2 and
      all(g["range"] for g in gets) and "cells" in json.dumps(want[1]),
      f"a message in {len(gets)} ranged GETs, its CSV attachment in pieces: the same "
      f"records as the local whole-object scan")

# ---- 12. the same under AddressSanitizer and UBSan (make asan) ------------
asan = os.path.join(TOP, "trawl-asan")
if check(os.access(asan, os.X_OK), "the sanitizer build exists (make asan)"):
    with FaultProxy(srv.endpoint, fault_schedule()) as px:
        rc, recs, err, raw = scan(["--endpoint-url", px.endpoint, "s3://bkt/data/sample/"],
                                  binary=asan)
    check("Sanitizer" not in err and "runtime error" not in err and raw == clean_raw,
          "under faults: no sanitizer report, the same records" +
          ("" if "Sanitizer" not in err else ": " + err[:300]))
    with FaultProxy(srv.endpoint, expo) as px:
        rc, recs, err, raw = scan(["--endpoint-url", px.endpoint, "s3://bkt/odd/", "s3://many/k0000"],
                                  binary=asan)
    check("Sanitizer" not in err and "runtime error" not in err and len(recs) == 14,
          f"exposure, awkward keys, a listing: no sanitizer report ({len(recs)} records)")

srv.stop()
done()
