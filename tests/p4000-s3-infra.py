"""The S3 test infrastructure itself (tests/tools/s3env.py), with boto3 only:
s3rver on loopback, pagination, odd keys, ranges, what s3rver checks of
credentials, the SigV4-verifying proxy, and each FaultProxy fault as a
boto3 client without retries sees it. Lines starting with "# " record what
s3rver answers where that is not a check."""
import datetime
import hashlib
import http.client
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))

import botocore.exceptions as bex                                   # noqa: E402
from botocore.auth import S3SigV4Auth                              # noqa: E402
from botocore.awsrequest import AWSRequest                         # noqa: E402
from botocore.credentials import Credentials                       # noqa: E402

from s3env import (SIGV4_SUITE, FaultProxy, Rule, S3Server, canonical_request,  # noqa: E402
                   sigv4_signature)
from tlib import check, done, tmpdir                               # noqa: E402

T0 = time.monotonic()
BUCKET = "trawl-infra"
EMPTY_SHA = hashlib.sha256(b"").hexdigest()


def note(msg):
    print("# " + msg)
    sys.stdout.flush()


def err_of(call):
    """(HTTP status, S3 error code) of a botocore ClientError, or (None, exception class)."""
    try:
        call()
        return 200, None
    except bex.ClientError as e:
        return e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Code"]
    except Exception as e:                     # noqa: BLE001 - reported, not hidden
        return None, type(e).__name__


def raw(port, method, path, headers=None, host=None, body=None):
    """One request on a fresh connection: (status, {header: value}, body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        c.putheader("Host", host or f"127.0.0.1:{port}")
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        if body is not None:
            c.putheader("Content-Length", str(len(body)))
        c.endheaders(body)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def xml_code(body):
    m = re.search(rb"<Code>([^<]*)</Code>", body)
    return m.group(1).decode() if m else None


def amz_now(delta=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta)
    return t.strftime("%Y%m%dT%H%M%SZ")


def fake_v4(date, key="S3RVER", sha=EMPTY_SHA):
    """Headers of a SigV4 request whose signature is 64 zeros."""
    h = {"x-amz-date": date,
         "Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{date[:8]}/us-east-1/s3/"
                          "aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                          "Signature=" + "0" * 64}
    if sha is not None:
        h["x-amz-content-sha256"] = sha
    return h


def botocore_signed(endpoint, path, secret="S3RVER"):
    """Headers botocore's S3 SigV4 signer puts on GET endpoint+path."""
    req = AWSRequest(method="GET", url=endpoint + path)
    S3SigV4Auth(Credentials("S3RVER", secret), "s3", "us-east-1").add_auth(req)
    return dict(req.headers.items())


d = tmpdir()
srv = S3Server(os.path.join(d, "s3rver"))
try:
    # ---- s3rver up ----------------------------------------------------------
    check(re.fullmatch(r"http://127\.0\.0\.1:\d+", srv.endpoint or "") is not None,
          f"s3rver listens on loopback: {srv.endpoint}")
    s3 = srv.client(retries=0)
    check(s3.list_buckets()["Buckets"] == [], "ListBuckets on a fresh s3rver: no buckets")
    srv.create_bucket(BUCKET)
    check([b["Name"] for b in s3.list_buckets()["Buckets"]] == [BUCKET], "bucket created")

    # ---- 1,005 keys, two pages ----------------------------------------------
    keys = [f"page/k{i:04d}.txt" for i in range(1005)]
    srv.put_objects(BUCKET, {k: k.encode() for k in keys})
    p1 = s3.list_objects_v2(Bucket=BUCKET, Prefix="page/", MaxKeys=1000)
    check(p1["KeyCount"] == 1000 and len(p1["Contents"]) == 1000 and p1["IsTruncated"] is True
          and bool(p1.get("NextContinuationToken")),
          "ListObjectsV2 MaxKeys=1000 over 1,005 keys: 1000 keys, IsTruncated, a continuation token")
    p2 = s3.list_objects_v2(Bucket=BUCKET, Prefix="page/", MaxKeys=1000,
                            ContinuationToken=p1["NextContinuationToken"])
    check(p2["KeyCount"] == 5 and p2["IsTruncated"] is False and "NextContinuationToken" not in p2,
          f"second page: 5 keys, not truncated (KeyCount {p2['KeyCount']})")
    got = [o["Key"] for o in p1["Contents"] + p2["Contents"]]
    check(got == keys, "the two pages hold every key once, in key order")
    check(srv.list_keys(BUCKET, "page/") == keys, "list_keys() paginates to all 1,005 keys")
    c0 = p1["Contents"][0]
    check(c0["ETag"] == '"' + hashlib.md5(keys[0].encode()).hexdigest() + '"'
          and c0["Size"] == len(keys[0]),
          "listing ETag is the quoted MD5, Size the length")
    tok = p1["NextContinuationToken"]
    owner = s3.list_objects_v2(Bucket=BUCKET, MaxKeys=1, FetchOwner=True)["Contents"][0].get("Owner")
    note(f"ListObjectsV2 entry fields: {sorted(c0)}; StorageClass={c0.get('StorageClass')!r}; "
         f"Owner without FetchOwner: {'Owner' in c0}; with FetchOwner: {owner}")
    note(f"continuation token: {len(tok)} chars of base64 (has '+', '/' or '=': "
         f"{any(ch in tok for ch in '+/=')}), e.g. {tok}")
    p0 = s3.list_objects_v2(Bucket=BUCKET, Prefix="page/", MaxKeys=0)
    note(f"MaxKeys=0: KeyCount={p0.get('KeyCount')} IsTruncated={p0.get('IsTruncated')}")

    # ---- odd keys round-trip --------------------------------------------------
    odd = ["odd/with space.txt", "odd/a+b.txt", "odd/ünïcødé 日本.txt", "odd/emoji 😀.txt",
           "odd/pct%41 %2B.txt", "odd/amp&eq=semi;q?.txt", "odd/it's <x> \"q\".txt",
           "odd/ plus + space .txt", "odd/tilde~star*.txt"]
    srv.put_objects(BUCKET, {k: ("body of " + k).encode() for k in odd})
    ok = all(s3.get_object(Bucket=BUCKET, Key=k)["Body"].read() == ("body of " + k).encode()
             for k in odd)
    check(ok, "GetObject of keys with spaces, unicode, '+', '%', '&', quotes returns their bytes")
    listed = srv.list_keys(BUCKET, "odd/")
    check(sorted(listed) == sorted(odd), "ListObjectsV2 returns the odd keys exactly")
    note(f"odd keys in s3rver listing order: {listed}")
    note(f"same keys in UTF-8 byte order:    {sorted(odd, key=lambda k: k.encode())}")
    check(s3.head_object(Bucket=BUCKET, Key="odd/a+b.txt")["ContentLength"] ==
          len("body of odd/a+b.txt"), "HeadObject of a key with '+'")
    check(err_of(lambda: s3.head_object(Bucket=BUCKET, Key="odd/a b.txt")) == (404, "404"),
          "'+' is not read as a space in a path: HEAD 'odd/a b.txt' is 404")

    # raw listing: does s3rver honour encoding-type=url?
    st, hd, body = raw(srv.port, "GET", "/" + BUCKET + "?list-type=2&prefix=odd%2F&encoding-type=url")
    xml = body.decode()
    note("raw ListObjectsV2 with encoding-type=url: EncodingType element "
         f"{'present' if '<EncodingType>' in xml else 'absent'}; keys as sent: "
         + ", ".join(re.findall(r"<Key>([^<]*)</Key>", xml)))
    check(st == 200 and "<Key>odd/with space.txt</Key>" in xml,
          "s3rver ignores encoding-type=url: keys come back unencoded (anonymous raw request)")
    note("ETag in raw listing XML: " + (re.findall(r"<ETag>([^<]*)</ETag>", xml) or ["?"])[0])

    # listing order of keys that share a stem (s3rver walks its directory tree)
    order = ["order/a", "order/a-b", "order/a.txt", "order/a/c", "order/a0"]
    srv.put_objects(BUCKET, {k: b"o" for k in order})
    note(f"listing order of {order} (UTF-8 byte order) from s3rver: "
         f"{srv.list_keys(BUCKET, 'order/')}")
    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, Prefix="order/", PaginationConfig={"PageSize": 2})
    note(f"  the same listed in pages of 2: {[[o['Key'] for o in pg['Contents']] for pg in pages]}")
    dl = s3.list_objects_v2(Bucket=BUCKET, Prefix="order/", Delimiter="/")
    note(f"  with Delimiter='/': keys {[o['Key'] for o in dl.get('Contents', [])]}, "
         f"prefixes {[p['Prefix'] for p in dl.get('CommonPrefixes', [])]}")

    # ---- Range -----------------------------------------------------------------
    data = bytes(range(256)) * 4                                   # 1024 bytes
    srv.put_bytes(BUCKET, "range/bin", data)
    r = s3.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=100-199")
    check(r["ResponseMetadata"]["HTTPStatusCode"] == 206 and r["ContentRange"] ==
          "bytes 100-199/1024" and r["Body"].read() == data[100:200],
          "Range bytes=100-199: 206, Content-Range, the right 100 bytes")
    r = s3.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=1000-")
    check(r["Body"].read() == data[1000:] and r["ContentRange"] == "bytes 1000-1023/1024",
          "Range bytes=1000-: the last 24 bytes")
    r = s3.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=1000-5000")
    check(r["Body"].read() == data[1000:] and r["ContentRange"] == "bytes 1000-1023/1024",
          "Range past the end is cut to the object")
    r = s3.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=-10")
    b = r["Body"].read()
    note(f"suffix Range bytes=-10: status {r['ResponseMetadata']['HTTPStatusCode']}, "
         f"Content-Range {r.get('ContentRange')!r}, {len(b)} bytes "
         f"({'the last 10' if b == data[-10:] else 'NOT the last 10 bytes'})")
    note(f"Range bytes=2000- (beyond the end): "
         f"{err_of(lambda: s3.get_object(Bucket=BUCKET, Key='range/bin', Range='bytes=2000-'))}")
    r = s3.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=0-0")
    note(f"Range bytes=0-0: {r['ResponseMetadata']['HTTPStatusCode']} {r.get('ContentRange')!r} "
         f"{len(r['Body'].read())} byte(s)")
    srv.put_bytes(BUCKET, "range/empty", b"")
    note(f"Range bytes=0-1023 of an empty object: "
         f"{err_of(lambda: s3.get_object(Bucket=BUCKET, Key='range/empty', Range='bytes=0-1023'))}")
    r = s3.get_object(Bucket=BUCKET, Key="range/bin")
    note("GetObject response headers: " + ", ".join(sorted(r["ResponseMetadata"]["HTTPHeaders"])))

    # ---- credentials: what s3rver checks -----------------------------------------
    bad_key = srv.client(access_key="NOTAKEY", secret_key="S3RVER", retries=0)
    check(err_of(lambda: bad_key.list_objects_v2(Bucket=BUCKET, MaxKeys=1)) ==
          (403, "InvalidAccessKeyId"), "unknown access key id: 403 InvalidAccessKeyId")
    bad_secret = srv.client(secret_key="WRONG-SECRET", retries=0)
    check(err_of(lambda: bad_secret.list_objects_v2(Bucket=BUCKET, MaxKeys=1)) == (200, None),
          "s3rver does NOT verify SigV4 signatures: a wrong secret key is accepted")
    p = "/" + BUCKET + "/page/k0000.txt"
    st, _, body = raw(srv.port, "GET", p, fake_v4(amz_now()))
    check(st == 200 and body == b"page/k0000.txt",
          "s3rver accepts a SigV4 request whose signature is 64 zeros")
    st, _, body = raw(srv.port, "GET", p, fake_v4(amz_now(-3600)))
    check((st, xml_code(body)) == (403, "RequestTimeTooSkewed"),
          "s3rver refuses an x-amz-date an hour old: 403 RequestTimeTooSkewed")
    st, _, body = raw(srv.port, "GET", p, fake_v4(amz_now(), sha=None))
    check((st, xml_code(body)) == (400, "InvalidRequest"),
          "s3rver requires x-amz-content-sha256: 400 InvalidRequest")
    st, _, body = raw(srv.port, "GET", p, fake_v4(amz_now(), sha="0" * 64))
    check(st == 200, "s3rver does not check x-amz-content-sha256 against the payload")
    st, _, body = raw(srv.port, "GET", p)
    check(st == 200 and body == b"page/k0000.txt", "s3rver serves anonymous (unsigned) requests")

    # ---- the SigV4-verifying proxy -----------------------------------------------
    suite = json.load(open(SIGV4_SUITE, encoding="utf-8"))
    nvec = bad = 0
    for t in suite["tests"]["basic"]:
        rq = t["request"]
        creq_lines = t["creq"].split("\n")
        signed = creq_lines[-2].split(";")
        payload = hashlib.sha256(rq["body"].encode()).hexdigest()
        mine = canonical_request(rq["method"], rq["path"], rq["query"], rq["headers"], signed,
                                 payload)
        scope = re.search(r"Credential=[^/]+/([^,]+),", t["authz"]).group(1)
        date = dict((k.lower(), v) for k, v in rq["headers"])["x-amz-date"]
        sig = sigv4_signature(suite["config"]["secretAccessKey"], date, scope, mine)
        # two vectors (post-x-www-form-urlencoded*) are inconsistent in the
        # suite itself: their string to sign is not of their canonical request
        consistent = hashlib.sha256(t["creq"].encode()).hexdigest() == t["sts"].split("\n")[-1]
        nvec += 1
        if mine != t["creq"] or (consistent and sig != t["authz"].rsplit("Signature=", 1)[1]):
            bad += 1
            note(f"SigV4 vector {t['name']} differs")
    check(nvec >= 15 and bad == 0,
          f"s3env's SigV4 code reproduces the AWS test suite's {nvec} basic vectors "
          "(canonical request and signature)")

    with FaultProxy(srv.endpoint, verify_sigv4={"S3RVER": "S3RVER"}) as vp:
        vc = srv.client(endpoint=vp.endpoint, retries=0)
        ok = all(vc.get_object(Bucket=BUCKET, Key=k)["Body"].read() ==
                 ("body of " + k).encode() for k in odd)
        vc.put_object(Bucket=BUCKET, Key="odd/new + ü.txt", Body=b"new")
        listed = [o["Key"] for o in vc.list_objects_v2(Bucket=BUCKET, Prefix="odd/")["Contents"]]
        vc.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=1-2")
        vc.head_object(Bucket=BUCKET, Key="odd/a+b.txt")
        pre = vc.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": "odd/a+b.txt"})
        st, _, body = raw(vp.port, "GET", pre.split(str(vp.port), 1)[1])
        sigs = [q["sigv4"] for q in vp.requests]
        check(ok and "odd/new + ü.txt" in listed and st == 200 and sigs and
              all(s == "ok" for s in sigs),
              f"verifying proxy accepts boto3's signatures on odd keys, PUT, list, range, "
              f"presigned URL ({len(sigs)} requests)")
        vs = srv.client(endpoint=vp.endpoint, secret_key="WRONG-SECRET", retries=0)
        check(err_of(lambda: vs.list_objects_v2(Bucket=BUCKET, MaxKeys=1)) ==
              (403, "SignatureDoesNotMatch"), "verifying proxy: wrong secret is 403 SignatureDoesNotMatch")
        st, _, body = raw(vp.port, "GET", p, fake_v4(amz_now()))
        check((st, xml_code(body)) == (403, "SignatureDoesNotMatch"),
              "verifying proxy: a zero signature is 403 SignatureDoesNotMatch")
        st, _, body = raw(vp.port, "GET", p)
        check((st, xml_code(body)) == (403, "AccessDenied"),
              "verifying proxy: an unsigned request is 403 AccessDenied")
        hs = botocore_signed(vp.endpoint, "/" + BUCKET + "/odd/a%2Bb.txt")
        st1, _, _ = raw(vp.port, "GET", "/" + BUCKET + "/odd/a%2Bb.txt", hs)
        st2, _, body2 = raw(vp.port, "GET", "/" + BUCKET + "/odd/with%20space.txt", hs)
        check(st1 == 200 and (st2, xml_code(body2)) == (403, "SignatureDoesNotMatch"),
              "verifying proxy: a signed request replayed on another key is refused")
        hs = dict(botocore_signed(vp.endpoint, p))
        hs["x-amz-meta-extra"] = "unsigned"
        st, _, body = raw(vp.port, "GET", p, hs)
        check((st, xml_code(body)) == (403, "AccessDenied"),
              "verifying proxy: an unsigned x-amz-* header is refused")
        forwarded = [q for q in vp.requests if q["fault"] is None]
        check(all(q["sigv4"] == "ok" for q in forwarded) and
              all(q["status"] in (403, 400) for q in vp.requests if q["fault"] == "sigv4"),
              "verifying proxy forwards only verified requests")

    # ---- faults as boto3 without retries sees them ------------------------------
    key = "page/k0001.txt"
    want = key.encode()
    schedule = {1: "500", 2: "503", 3: "reset", 4: "reset-after-headers", 5: "truncate",
                7: ("delay", 0.4), 8: ("stall", 0.3), 9: "close",
                10: ("error", 403, "AccessDenied", "Access Denied"), 11: ("delay", 3)}
    with FaultProxy(srv.endpoint, schedule) as px:
        fc = srv.client(endpoint=px.endpoint, retries=0)

        def get(c=fc):
            r = c.get_object(Bucket=BUCKET, Key=key)
            return r["Body"].read()

        def outcome(c=fc):
            t = time.monotonic()
            try:
                return "ok", get(c), time.monotonic() - t
            except bex.ClientError as e:
                return ((e.response["ResponseMetadata"]["HTTPStatusCode"],
                         e.response["Error"]["Code"]), None, time.monotonic() - t)
            except Exception as e:                # noqa: BLE001
                return type(e).__name__, None, time.monotonic() - t

        o = outcome()
        check(o[0] == (500, "InternalError"), f"fault 500: boto3 raises 500 InternalError ({o[0]})")
        o = outcome()
        check(o[0] == (503, "SlowDown"), f"fault 503: boto3 raises 503 SlowDown ({o[0]})")
        o = outcome()
        check(o[0] in ("ConnectionClosedError", "EndpointConnectionError", "ConnectionError"),
              f"fault reset: boto3 raises a connection error ({o[0]})")
        o = outcome()
        check(o[0] in ("ResponseStreamingError", "ProtocolError", "ConnectionClosedError",
                       "IncompleteReadError"),
              f"fault reset-after-headers: boto3 fails reading the response ({o[0]})")
        o = outcome()
        check(o[0] in ("ResponseStreamingError", "IncompleteReadError", "ProtocolError"),
              f"fault truncate: boto3 raises an incomplete-read error ({o[0]})")
        o = outcome()
        check(o[0] == "ok" and o[1] == want, "no fault scheduled: the object passes intact")
        o = outcome()
        check(o[0] == "ok" and o[1] == want and o[2] >= 0.4,
              f"fault delay 0.4 s: intact, after {o[2]:.2f} s")
        o = outcome()
        check(o[0] == "ok" and o[1] == want and o[2] >= 0.3,
              f"fault stall 0.3 s mid-body: intact, after {o[2]:.2f} s")
        o = outcome()
        check(o[0] == "ConnectionClosedError", f"fault close: boto3 raises ConnectionClosedError ({o[0]})")
        o = outcome()
        check(o[0] == (403, "AccessDenied"), f"fault error 403: boto3 raises 403 AccessDenied ({o[0]})")
        slow = srv.client(endpoint=px.endpoint, retries=0, read_timeout=0.5)
        o = outcome(slow)
        check(o[0] == "ReadTimeoutError", f"fault delay 3 s against a 0.5 s read timeout: {o[0]}")
        rq = px.requests
        check(len(rq) == 11 and [q["n"] for q in rq] == list(range(1, 12)) and
              px.faults() == ["500", "503", "reset", "reset-after-headers", "truncate", None,
                              "delay", "stall", "close", "error", "delay"],
              "one request per call (no retries), each with its scheduled fault recorded")
        check(all(q["method"] == "GET" and q["path"] == "/" + BUCKET + "/" + key for q in rq),
              "method and path recorded")
        check([q["status"] for q in rq[:10]] == [500, 503, None, 200, 200, 200, 200, 200, None, 403],
              "status sent recorded (None where the connection was dropped)")

        # record of query and Range; keep-alive on the client side
        px.clear()
        px.set_schedule([])
        fc.get_object(Bucket=BUCKET, Key="range/bin", Range="bytes=5-9")["Body"].read()
        fc.list_objects_v2(Bucket=BUCKET, Prefix="odd/")
        fc.get_object(Bucket=BUCKET, Key="odd/ünïcødé 日本.txt")["Body"].read()
        fc.head_object(Bucket=BUCKET, Key=key)
        rq = px.requests
        check(rq[0]["range"] == "bytes=5-9" and rq[1]["range"] is None,
              "Range header recorded")
        check("list-type=2" in rq[1]["query"] and "prefix=odd%2F" in rq[1]["query"] and
              rq[1]["path"] == "/" + BUCKET, f"listing query recorded: {rq[1]['query']}")
        check(rq[2]["path_decoded"] == "/" + BUCKET + "/odd/ünïcødé 日本.txt" and
              "%C3%BC" in rq[2]["path"], "raw and decoded paths recorded")
        check(len({q["conn"] for q in rq}) == 1 and rq[3]["method"] == "HEAD" and
              rq[3]["status"] == 200,
              "keep-alive: four requests on one client connection")

        # rules: skip, times, method/path/query matching
        px.clear()
        px.set_schedule([Rule("500", method="GET", path="page/k0002", skip=1, times=2),
                         Rule("503", query="list-type=2", times=None),
                         Rule("reset", method="HEAD")])
        res = [err_of(lambda: fc.get_object(Bucket=BUCKET, Key="page/k0002.txt")["Body"].read())
               for _ in range(4)]
        check(res == [(200, None), (500, "InternalError"), (500, "InternalError"), (200, None)],
              f"Rule(skip=1, times=2): pass, 500, 500, pass ({res})")
        res = [err_of(lambda: fc.list_objects_v2(Bucket=BUCKET, MaxKeys=1)) for _ in range(3)]
        check(res == [(503, "SlowDown")] * 3, "Rule(times=None) on a query substring: every listing 503")
        check(err_of(lambda: fc.head_object(Bucket=BUCKET, Key=key))[1] == "ConnectionClosedError" and
              err_of(lambda: fc.head_object(Bucket=BUCKET, Key=key)) == (200, None),
              "Rule on a method: the first HEAD reset, the second passes")
        px.set_schedule([Rule("500", path="ünïcødé")])
        res = [err_of(lambda: fc.get_object(Bucket=BUCKET, Key="odd/ünïcødé 日本.txt"))
               for _ in range(2)]
        check(res == [(500, "InternalError"), (200, None)],
              "Rule path matches the percent-decoded path, once by default")

        # a request body passes through verbatim (PUT via the proxy)
        px.set_schedule({})
        fc.put_object(Bucket=BUCKET, Key="via/proxy.bin", Body=data)
        check(s3.get_object(Bucket=BUCKET, Key="via/proxy.bin")["Body"].read() == data,
              "PutObject through the proxy stores the body intact")

    # ---- bucket-level APIs -------------------------------------------------------
    for name, call in [
            ("GetBucketLocation", lambda: s3.get_bucket_location(Bucket=BUCKET)),
            ("GetBucketEncryption", lambda: s3.get_bucket_encryption(Bucket=BUCKET)),
            ("GetPublicAccessBlock", lambda: s3.get_public_access_block(Bucket=BUCKET)),
            ("GetBucketPolicyStatus", lambda: s3.get_bucket_policy_status(Bucket=BUCKET)),
            ("GetBucketAcl", lambda: s3.get_bucket_acl(Bucket=BUCKET)),
            ("GetBucketVersioning", lambda: s3.get_bucket_versioning(Bucket=BUCKET)),
            ("GetBucketTagging", lambda: s3.get_bucket_tagging(Bucket=BUCKET)),
            ("HeadBucket", lambda: s3.head_bucket(Bucket=BUCKET)),
            ("GetObjectAcl", lambda: s3.get_object_acl(Bucket=BUCKET, Key=key)),
            ("GetObjectTagging", lambda: s3.get_object_tagging(Bucket=BUCKET, Key=key)),
            ("ListObjectsV2 on a missing bucket", lambda: s3.list_objects_v2(Bucket="no-such-bucket")),
            ("GetObject of a missing key", lambda: s3.get_object(Bucket=BUCKET, Key="nope"))]:
        try:
            r = call()
            body = {k: v for k, v in r.items() if k != "ResponseMetadata"}
            note(f"{name}: {r['ResponseMetadata']['HTTPStatusCode']} {body}")
        except bex.ClientError as e:
            note(f"{name}: {e.response['ResponseMetadata']['HTTPStatusCode']} "
                 f"{e.response['Error']['Code']}")
    st, _, body = raw(srv.port, "GET", "/" + BUCKET + "?location")
    note(f"raw GET ?location: {st} {body.decode()[body.decode().find('<Loc'):][:120]!r}")

    # ---- virtual-hosted style ----------------------------------------------------
    for host in (f"{BUCKET}.s3.amazonaws.com", f"{BUCKET}.s3.us-east-1.amazonaws.com",
                 f"{BUCKET}.localhost"):
        st, _, body = raw(srv.port, "GET", "/page/k0000.txt", host=host)
        note(f"virtual-hosted GET /page/k0000.txt with Host {host}: {st} "
             f"{body[:40] if st == 200 else xml_code(body)}")

    # with --service-endpoint localhost, <bucket>.s3.localhost is virtual-hosted
    # style (libcurl resolves *.localhost to loopback by itself)
    with S3Server(os.path.join(d, "s3rver-vhost"), args=["--service-endpoint", "localhost"]) as vh:
        vh.create_bucket("vhost-bkt")
        vh.put_bytes("vhost-bkt", "dir/a b.txt", b"vhost")
        st1, _, b1 = raw(vh.port, "GET", "/dir/a%20b.txt", host=f"vhost-bkt.s3.localhost:{vh.port}")
        st2, _, b2 = raw(vh.port, "GET", "/vhost-bkt/dir/a%20b.txt", host=f"s3.localhost:{vh.port}")
        st3, _, b3 = raw(vh.port, "GET", "/?list-type=2", host=f"vhost-bkt.s3.localhost:{vh.port}")
        check((st1, b1, st2, b2, st3) == (200, b"vhost", 200, b"vhost", 200) and
              b"<Key>dir/a b.txt</Key>" in b3,
              "s3rver --service-endpoint localhost: Host vhost-bkt.s3.localhost is virtual-hosted "
              "style, Host s3.localhost path style")
finally:
    srv.stop()

el = time.monotonic() - T0
check(el < 60, f"whole infrastructure test under 60 s ({el:.1f} s)")
done()
