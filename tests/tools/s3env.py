"""s3env - a real S3-protocol server and a fault-injecting proxy on loopback,
for the tests of trawl's S3 source.

    from s3env import S3Server, FaultProxy, Rule

    with S3Server(tmpdir) as srv:                   # s3rver on 127.0.0.1:PORT
        srv.create_bucket("bkt")
        srv.upload_tree("bkt", "/some/dir", prefix="data/")
        srv.put_bytes("bkt", "odd key +ü.txt", b"...")
        s3 = srv.client()                            # boto3, path style, S3RVER/S3RVER
        with FaultProxy(srv.endpoint, {2: "500"}) as px:
            ... point trawl (or srv.client(endpoint=px.endpoint)) at px.endpoint
            px.requests                              # what the proxy saw

S3Server runs s3rver 3.x (tests/node/node_modules, installed by
tools/deps.sh with `npm ci`) under node, with --openssl-legacy-provider:
s3rver encrypts ListObjectsV2 continuation tokens with DES, which node >= 17
(OpenSSL 3) refuses otherwise, so every truncated listing would be a 500
InternalError. What s3rver checks of a request
(read from lib/middleware/authentication.js of s3rver 3.7.1):

  * A request with no Authorization header and no presigned query is
    accepted as anonymous, for every operation.
  * Authorization "AWS4-HMAC-SHA256 ...": it requires an
    x-amz-content-sha256 header (else 400 InvalidRequest) whose value
    contains UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD or 64 hex
    digits (the regex is not anchored; the payload itself is never hashed);
    exactly three comma-separated components Credential=, SignedHeaders=,
    Signature= (else 400 AuthorizationHeaderMalformed); the access key id
    (first field of Credential) must be a known one - only "S3RVER" is -
    else 403 InvalidAccessKeyId; x-amz-date (or Date) must parse and lie
    within 15 minutes of the server's clock, else 403 RequestTimeTooSkewed
    (403 AccessDenied when it does not parse).
  * It does NOT compute or compare the SigV4 signature: the secret key, the
    scope (date, region, service), SignedHeaders and Signature are never
    checked ("Signature version 4 calculation is unimplemented"). A wrong
    secret, or a signature of 64 zeros, is accepted.
  * Presigned V4 queries: X-Amz-Algorithm must be AWS4-HMAC-SHA256, the
    X-Amz-Credential/-Date/-Expires/-SignedHeaders/-Signature parameters must
    be present, the access key known and the URL not expired; the signature
    again is not checked.
  * Only the legacy V2 scheme ("AWS key:signature", ?Signature=) is really
    verified (HMAC-SHA1 with secret S3RVER).

Other s3rver 3.7.1 behaviour a test may trip on (tests/p4000-s3-infra.py
prints it):
  * Listing order is its directory-walk order: keys are files
    "<segment>._S3rver_object" in directories, each directory read in
    strcmp order. That is S3's UTF-8 byte order except where one key's path
    segment is a prefix of a sibling's ("a", "a-b", "a.txt", "a/c" list as
    a/c, a-b, a, a.txt); with such keys pagination (`key <= StartAfter`)
    repeats and skips keys. Give paginated test keys distinct stems.
  * encoding-type=url is ignored: keys come back raw, XML-escaped with
    he.escape (' as &#x27;, " as &quot;, & < > as usual), and no
    <EncodingType> element. ETags are quoted MD5s (&quot;...&quot; in XML).
    Entries have Key, LastModified, ETag, Size, StorageClass STANDARD; Owner
    only with fetch-owner=true. The continuation token is base64 (+ / =).
  * Range: "bytes=a-b" and "bytes=a-" work (206, Content-Range, end cut to
    the size); "bytes=-n" (suffix) wrongly returns bytes 0..n; "bytes=0-0"
    returns the whole object (end 0 is read as "none"); a start beyond the
    end is 416 InvalidRange; any range on an empty object is 200.
  * No x-amz-request-id header. GetBucketLocation answers an empty
    LocationConstraint; ?encryption, ?publicAccessBlock, ?policyStatus,
    ?acl, ?tagging on a bucket are 501 NotImplemented; ?versioning is not
    known and answers a ListObjects (v1) listing.
  * Virtual-hosted style: Host <bucket>.s3[.<region>].amazonaws.com (the
    service endpoint, --service-endpoint) names the bucket; with
    args=["--service-endpoint", "localhost"], http://<bucket>.s3.localhost:PORT
    works for libcurl, which resolves *.localhost to loopback itself. Any
    other non-IP Host that is not "localhost" is taken as a bucket name.

So a test that needs a real signature check puts a FaultProxy with
verify_sigv4={"S3RVER": "S3RVER"} in front of s3rver: the proxy recomputes
the SigV4 signature of every request the way S3 does (see verify_sigv4) and
answers 403 SignatureDoesNotMatch (and the other S3 auth errors) itself.

FaultProxy is a threaded HTTP/1.1 reverse proxy (standard library only)
that forwards each request verbatim - request line, every header including
Host, body - over a new upstream connection, relays the upstream response
verbatim, keeps the client's connection alive, and injects faults on a
deterministic schedule. s3rver does not check signatures, and the client
signed the Host it connected to (the proxy's), which the proxy passes on
unchanged, so signatures stay valid for any verifier downstream too.

Fault specs (a string, or a tuple for those with parameters):
  "500"                    500 InternalError S3 XML, request not forwarded
  "503"                    503 SlowDown S3 XML, request not forwarded
  ("error", status, code[, message])   any S3 XML error, not forwarded
  "reset"                  reset the connection (SO_LINGER 0 close) without
                           answering; request not forwarded
  "close"                  close the connection (FIN) without answering
  "reset-after-headers"    forward; send the real status line and headers,
                           then reset the connection
  "truncate" / ("truncate", n)   forward; send the real headers (full
                           Content-Length) and the first n body bytes (default
                           half), then close
  ("delay", seconds)       wait, then forward and answer normally
  ("stall", seconds[, n])  forward; send headers and n body bytes (default
                           half), wait, then send the rest
  ("respond", status, {header: value}, body)   answer with this, not
                           forwarded (AWS-shaped replies s3rver cannot give)

Schedule: a dict {request number: fault} (numbers count from 1 over all
connections, in the order request heads arrive), or a list of Rule(...)
(and/or (number, fault) pairs). A numbered fault wins over the rules; of
the rules, the first whose counter says "fire" wins.

Every request is recorded in .requests as a dict:
  n, conn (connection number, from 1), method, target (as sent), path (raw,
  percent-encoded), path_decoded, query (raw, no "?"), range (Range header
  or None), headers ({lower-case name: value}, repeated names joined by
  ","), body_len, fault (the spec's name: "500", "503", "error",
  "reset", "close", "reset-after-headers", "truncate", "delay", "stall",
  "sigv4" when verification refused it, or None), status (status code sent,
  None when none was), sigv4 (None when not verifying, "ok", or the S3 error
  code returned).
"""
import atexit
import collections
import concurrent.futures
import datetime
import email.utils
import hashlib
import hmac
import http.client
import os
import re
import select
import shutil
import socket
import struct
import subprocess
import threading
import time
import urllib.parse

TOP = os.environ.get("TRAWL_TOP") or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
NODE_DIR = os.path.join(TOP, "tests", "node")
S3RVER_JS = os.path.join(NODE_DIR, "node_modules", "s3rver", "bin", "s3rver.js")
SIGV4_SUITE = os.path.join(NODE_DIR, "node_modules", "@saibotsivad", "aws-sig-v4-test-suite",
                           "index.json")
ACCESS_KEY = "S3RVER"
SECRET_KEY = "S3RVER"
REGION = "us-east-1"

# Loopback never goes through an HTTP proxy from the environment, neither
# for boto3 nor for trawl's libcurl (both honour no_proxy).
for _v in ("no_proxy", "NO_PROXY"):
    _cur = os.environ.get(_v, "")
    if "127.0.0.1" not in _cur:
        os.environ[_v] = ",".join(x for x in (_cur, "127.0.0.1,localhost") if x)

_LIVE = set()          # servers and proxies to stop at interpreter exit


@atexit.register
def _stop_all():
    for obj in list(_LIVE):
        try:
            obj.stop()
        except Exception:
            pass


# ---------------------------------------------------------------- boto3 ----

def make_client(endpoint, access_key=ACCESS_KEY, secret_key=SECRET_KEY, retries=None,
                connect_timeout=5, read_timeout=30, region=REGION):
    """A boto3 S3 client for endpoint: path-style addressing, SigV4, region
    us-east-1, credentials S3RVER/S3RVER unless given. retries=None keeps
    botocore's default; retries=0 makes exactly one attempt per call."""
    import boto3
    from botocore.config import Config
    kw = dict(region_name=region, signature_version="s3v4",
              s3={"addressing_style": "path"},
              connect_timeout=connect_timeout, read_timeout=read_timeout)
    if retries is not None:
        kw["retries"] = {"mode": "standard", "total_max_attempts": retries + 1}
    if "request_checksum_calculation" in Config.OPTION_DEFAULTS:
        # botocore >= 1.36 would otherwise send aws-chunked bodies with
        # trailing checksums, which s3rver stores verbatim
        kw["request_checksum_calculation"] = "when_required"
        kw["response_checksum_validation"] = "when_required"
    session = boto3.session.Session(aws_access_key_id=access_key,
                                    aws_secret_access_key=secret_key,
                                    region_name=region)
    return session.client("s3", endpoint_url=endpoint, config=Config(**kw))


def create_bucket(client, bucket):
    client.create_bucket(Bucket=bucket)


def put_bytes(client, bucket, key, data, **extra):
    """Uploads data (bytes or str, UTF-8) under key, which may hold any
    characters (spaces, unicode, '+'); extra goes to PutObject."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    client.put_object(Bucket=bucket, Key=key, Body=data, **extra)


def put_objects(client, bucket, objects, workers=8):
    """Uploads {key: bytes} with a few threads (boto3 clients are thread-safe)."""
    items = list(objects.items())
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        for f in [ex.submit(put_bytes, client, bucket, k, v) for k, v in items]:
            f.result()


def tree_objects(local_dir, prefix=""):
    """{prefix + relative path ('/'-separated): bytes} of the files under local_dir."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(local_dir):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, local_dir).replace(os.sep, "/")
            with open(full, "rb") as f:
                out[prefix + rel] = f.read()
    return out


def upload_tree(client, bucket, local_dir, prefix="", workers=8):
    """Uploads every file under local_dir as key prefix + relative path;
    returns the keys, sorted."""
    objs = tree_objects(local_dir, prefix)
    put_objects(client, bucket, objs, workers)
    return sorted(objs)


def list_keys(client, bucket, prefix=""):
    """Every key under prefix, through ListObjectsV2 pagination."""
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [o["Key"] for o in page.get("Contents", [])]
    return keys


# --------------------------------------------------------------- s3rver ----

def _http_get(host, port, path="/", headers=None, timeout=2):
    c = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
    finally:
        c.close()


_LEGACY = {}


def _legacy_flag(node):
    """s3rver makes ListObjectsV2 continuation tokens with DES, which the
    OpenSSL 3 of node >= 17 only offers with --openssl-legacy-provider
    (without it every truncated listing is a 500 InternalError)."""
    if node not in _LEGACY:
        ok = subprocess.run([node, "--openssl-legacy-provider", "-e", ""],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        _LEGACY[node] = ["--openssl-legacy-provider"] if ok else []
    return _LEGACY[node]


class S3Server:
    """s3rver on 127.0.0.1 with its data in root_dir.

    S3Server(root_dir, node=None, args=(), start=True)
      node: the node command ($TRAWL_NODE or "node"); args: more s3rver
      options (e.g. ["--service-endpoint", "localhost"]).
    .endpoint "http://127.0.0.1:PORT", .port, .root_dir
    .client(**kw)   make_client(self.endpoint, **kw); endpoint=... to aim the
                    same configuration elsewhere (a FaultProxy)
    .s3             one shared client (default configuration)
    .create_bucket(bucket), .put_bytes(bucket, key, data, **extra),
    .put_objects(bucket, {key: data}), .upload_tree(bucket, dir, prefix="",
                    keep_mtime=False) -> sorted keys, .list_keys(bucket, prefix="")
    .object_file(bucket, key)   the file s3rver keeps the object's bytes in;
                    its mtime is the object's LastModified
    .set_mtime(bucket, key, epoch)
    .stop()         kill s3rver (also at exit, on with-block exit, and - via
                    setpriv --pdeathsig - when the test process dies)
    """

    def __init__(self, root_dir, node=None, args=(), start=True):
        self.root_dir = os.path.abspath(root_dir)
        self.node = node or os.environ.get("TRAWL_NODE") or "node"
        self.args = list(args)
        self.proc = None
        self.port = None
        self.endpoint = None
        self._s3 = None
        self._out = collections.deque(maxlen=200)
        if start:
            self.start()

    def start(self, timeout=30):
        if not os.path.exists(S3RVER_JS):
            raise RuntimeError(f"{S3RVER_JS} is missing: run `sh tools/deps.sh` "
                               "(npm ci in tests/node)")
        os.makedirs(self.root_dir, exist_ok=True)
        cmd = ([self.node] + _legacy_flag(self.node) +
               [S3RVER_JS, "--directory", self.root_dir, "--address", "127.0.0.1",
                "--port", "0", "--silent"] + self.args)
        setpriv = shutil.which("setpriv")
        if setpriv:     # s3rver dies with the test even when it is SIGKILLed
            cmd = [setpriv, "--pdeathsig", "KILL", "--"] + cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        _LIVE.add(self)
        found = threading.Event()

        def reader(pipe):
            for raw in iter(pipe.readline, b""):
                line = raw.decode("utf-8", "replace").rstrip("\n")
                self._out.append(line)
                m = re.search(r"S3rver listening on 127\.0\.0\.1:(\d+)", line)
                if m and not found.is_set():
                    self.port = int(m.group(1))
                    found.set()
            pipe.close()

        threading.Thread(target=reader, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + timeout
        while not found.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                out = "\n".join(self._out)
                self.stop()
                raise RuntimeError(f"s3rver did not start: {out}")
        self.endpoint = f"http://127.0.0.1:{self.port}"
        while True:     # wait until it answers HTTP
            try:
                if _http_get("127.0.0.1", self.port)[0] == 200:
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("s3rver does not answer on " + self.endpoint)
            time.sleep(0.05)

    def output(self):
        """The last lines s3rver printed."""
        return "\n".join(self._out)

    def stop(self):
        _LIVE.discard(self)
        p, self.proc = self.proc, None
        if p is not None and p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def client(self, endpoint=None, **kw):
        return make_client(endpoint or self.endpoint, **kw)

    @property
    def s3(self):
        if self._s3 is None:
            self._s3 = self.client()
        return self._s3

    def create_bucket(self, bucket):
        create_bucket(self.s3, bucket)

    def put_bytes(self, bucket, key, data, **extra):
        put_bytes(self.s3, bucket, key, data, **extra)

    def put_objects(self, bucket, objects, workers=8):
        put_objects(self.s3, bucket, objects, workers)

    def upload_tree(self, bucket, local_dir, prefix="", keep_mtime=False, workers=8):
        keys = upload_tree(self.s3, bucket, local_dir, prefix, workers)
        if keep_mtime:
            for key in keys:
                st = os.stat(os.path.join(local_dir, *key[len(prefix):].split("/")))
                self.set_mtime(bucket, key, st.st_mtime)
        return keys

    def list_keys(self, bucket, prefix=""):
        return list_keys(self.s3, bucket, prefix)

    def object_file(self, bucket, key):
        parts = key.split("/")
        return os.path.join(self.root_dir, bucket, *parts[:-1], parts[-1] + "._S3rver_object")

    def set_mtime(self, bucket, key, epoch):
        os.utime(self.object_file(bucket, key), (epoch, epoch))


# ---------------------------------------------------------------- SigV4 ----

def _uri_encode(s, slash):
    return urllib.parse.quote(s, safe="/~" if slash else "~")


def canonical_request(method, raw_path, raw_query, headers, signed_headers, payload_hash,
                      drop_params=()):
    """The SigV4 canonical request as S3 forms it: the path percent-decoded
    and re-encoded once (RFC 3986 unreserved kept, '/' kept, no dot-segment
    normalisation); query parameters decoded ('+' is a space), re-encoded,
    sorted by name then value; the signed headers' values trimmed with runs
    of spaces made one, repeated headers joined by ','.
    headers: [(name, value)]; signed_headers: [lower-case names]."""
    path = _uri_encode(urllib.parse.unquote(raw_path or "/"), True)
    params = []
    for part in raw_query.split("&") if raw_query else []:
        if not part:
            continue
        k, _, v = part.partition("=")
        k, v = urllib.parse.unquote_plus(k), urllib.parse.unquote_plus(v)
        if k in drop_params:
            continue
        params.append((_uri_encode(k, False), _uri_encode(v, False)))
    query = "&".join(f"{k}={v}" for k, v in sorted(params))
    values = collections.OrderedDict()
    for name, value in headers:
        values.setdefault(name.lower(), []).append(re.sub(" +", " ", value.strip()))
    canon = "".join(f"{h}:{','.join(values.get(h, []))}\n" for h in signed_headers)
    return "\n".join([method, path, query, canon, ";".join(signed_headers), payload_hash])


def sigv4_signature(secret_key, amz_date, scope, creq):
    """hex HMAC-SHA256 signature of canonical request creq;
    scope = "YYYYMMDD/region/service/aws4_request"."""
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode("utf-8")).hexdigest()])
    key = ("AWS4" + secret_key).encode("utf-8")
    for part in scope.split("/"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return hmac.new(key, sts.encode("utf-8"), hashlib.sha256).hexdigest()


_AUTH_RE = re.compile(r"^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?"
                      r"Signature=([0-9a-f]{64})$")
_EMPTY_SHA = hashlib.sha256(b"").hexdigest()


def verify_sigv4(method, target, headers, body, secrets, region=REGION, now=None):
    """Checks a request's SigV4 signature the way S3 does. Returns None when
    it is valid, else (status, S3 error code, message).
    target: the request target as sent ("/bkt/k%20y?list-type=2");
    headers: [(name, value)]; secrets: {access key id: secret key}.
    Checks: Authorization header (or presigned X-Amz-* query) well formed;
    access key known (403 InvalidAccessKeyId); credential scope date equal to
    the x-amz-date day, region and service "s3" (400
    AuthorizationHeaderMalformed); x-amz-date within 15 min (403
    RequestTimeTooSkewed; presigned: not expired); host and every x-amz-*
    header but x-amz-content-sha256 signed (403 AccessDenied, "There were
    headers present in the request which were not signed"); x-amz-content-sha256 present and, when
    it is a hash, the body's (400 XAmzContentSHA256Mismatch); the signature
    (403 SignatureDoesNotMatch). A request without any authentication is
    refused with 403 AccessDenied. Streaming (aws-chunked) chunk signatures
    are not checked, only the seed signature."""
    raw_path, _, raw_query = target.partition("?")
    hdr = {}
    for name, value in headers:
        n = name.lower()
        hdr[n] = hdr[n] + "," + value if n in hdr else value
    q = dict(urllib.parse.parse_qsl(raw_query, keep_blank_values=True))
    now = now or datetime.datetime.now(datetime.timezone.utc)
    presigned = "X-Amz-Algorithm" in q
    if "authorization" in hdr:
        if presigned:
            return 400, "InvalidArgument", "Only one auth mechanism allowed"
        m = _AUTH_RE.match(hdr["authorization"])
        if not m:
            return 400, "AuthorizationHeaderMalformed", "The authorization header is malformed"
        credential, signed, signature = m.groups()
        amz_date = hdr.get("x-amz-date")
        if not amz_date:
            return 403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header"
        payload = hdr.get("x-amz-content-sha256")
        if payload is None:
            return 400, "InvalidRequest", \
                "Missing required header for this request: x-amz-content-sha256"
        if re.fullmatch(r"[0-9a-f]{64}", payload):
            if hashlib.sha256(body).hexdigest() != payload:
                return 400, "XAmzContentSHA256Mismatch", \
                    "The provided 'x-amz-content-sha256' header does not match what was computed."
        elif payload not in ("UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                             "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                             "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"):
            return 400, "InvalidArgument", \
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value."
        drop = ()
    elif presigned:
        if q.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
            return 400, "AuthorizationQueryParametersError", \
                'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"'
        try:
            credential, signed, signature, amz_date = (
                q["X-Amz-Credential"], q["X-Amz-SignedHeaders"], q["X-Amz-Signature"],
                q["X-Amz-Date"])
            expires = int(q["X-Amz-Expires"])
        except (KeyError, ValueError):
            return 400, "AuthorizationQueryParametersError", \
                "Query-string authentication version 4 requires the X-Amz-* parameters"
        payload = "UNSIGNED-PAYLOAD"
        drop = ("X-Amz-Signature",)
    else:
        return 403, "AccessDenied", "Access Denied"

    parts = credential.split("/")
    if len(parts) != 5:
        return 400, "AuthorizationHeaderMalformed", "The credential is malformed"
    access_key, day, cred_region, service, term = parts
    if access_key not in secrets:
        return 403, "InvalidAccessKeyId", \
            "The AWS Access Key Id you provided does not exist in our records."
    try:
        t = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc)
    except ValueError:
        return 403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header"
    if day != amz_date[:8] or cred_region != region or service != "s3" or term != "aws4_request":
        return 400, "AuthorizationHeaderMalformed", \
            f"The authorization header is malformed; the credential scope {credential!r} is wrong"
    if presigned:
        if now > t + datetime.timedelta(seconds=expires):
            return 403, "AccessDenied", "Request has expired"
    elif abs((now - t).total_seconds()) > 900:
        return 403, "RequestTimeTooSkewed", \
            "The difference between the request time and the current time is too large."
    signed_list = signed.split(";")
    if signed_list != sorted(signed_list) or any(h != h.lower() for h in signed_list):
        return 403, "SignatureDoesNotMatch", "SignedHeaders are not sorted lower-case names"
    if "host" not in signed_list:
        return 403, "AccessDenied", "The host header must be signed"
    unsigned = [h for h in hdr if h.startswith("x-amz-") and h not in signed_list and
                h != "x-amz-content-sha256"]      # S3 lets that one go unsigned
    if unsigned:
        return 403, "AccessDenied", \
            "There were headers present in the request which were not signed: " + \
            ",".join(sorted(unsigned))
    creq = canonical_request(method, raw_path, raw_query, headers, signed_list, payload, drop)
    want = sigv4_signature(secrets[access_key], amz_date, "/".join(parts[1:]), creq)
    if not hmac.compare_digest(want, signature):
        return 403, "SignatureDoesNotMatch", \
            "The request signature we calculated does not match the signature you provided."
    return None


# ---------------------------------------------------------- fault proxy ----

class Rule:
    """Rule(fault, method=None, path=None, query=None, skip=0, times=1)

    Matches a request when method is None or equal, path is None or a
    substring of the raw or the percent-decoded path, query is None or a
    substring of the raw query. Of the matching requests the first `skip`
    pass untouched, the next `times` get the fault (times=None: all of them).
    .matched and .fired count what happened."""

    def __init__(self, fault, method=None, path=None, query=None, skip=0, times=1):
        self.fault = _norm_fault(fault)
        self.method, self.path, self.query = method, path, query
        self.skip, self.times = skip, times
        self.matched = 0
        self.fired = 0

    def _match(self, rec):
        if self.method is not None and rec["method"] != self.method:
            return None
        if self.path is not None and self.path not in rec["path"] and \
                self.path not in rec["path_decoded"]:
            return None
        if self.query is not None and self.query not in rec["query"]:
            return None
        self.matched += 1
        if self.matched <= self.skip:
            return None
        if self.times is not None and self.fired >= self.times:
            return None
        self.fired += 1
        return self.fault


_ERRORS = {
    "500": (500, "InternalError", "We encountered an internal error. Please try again."),
    "503": (503, "SlowDown", "Please reduce your request rate."),
}
_KINDS = {"error", "reset", "close", "reset-after-headers", "truncate", "delay", "stall",
          "respond"}


def _norm_fault(spec):
    """-> (name, params tuple)"""
    if isinstance(spec, int):
        spec = str(spec)
    if isinstance(spec, str):
        if spec in _ERRORS:
            return spec, _ERRORS[spec]
        if spec in ("reset", "close", "reset-after-headers", "truncate"):
            return spec, ()
        raise ValueError(f"unknown fault {spec!r}")
    spec = tuple(spec)
    if spec[0] not in _KINDS:
        raise ValueError(f"unknown fault {spec!r}")
    if spec[0] == "error":
        status, code = spec[1], spec[2]
        return "error", (status, code, spec[3] if len(spec) > 3 else code)
    if spec[0] == "respond":
        status, headers, body = spec[1], dict(spec[2] or {}), spec[3]
        return "respond", (status, headers, body if isinstance(body, bytes) else body.encode())
    return spec[0], spec[1:]


class _Closed(Exception):
    pass


def _read_head(rf, first=True):
    """Reads an HTTP message head: (start line, [(name, value)], raw bytes);
    None at a clean EOF before anything."""
    raw = bytearray()
    line = rf.readline(65537)
    if not line:
        if first:
            return None
        raise _Closed()
    raw += line
    start = line.decode("latin-1").rstrip("\r\n")
    headers = []
    while True:
        line = rf.readline(65537)
        if not line:
            raise _Closed()
        raw += line
        if line in (b"\r\n", b"\n"):
            break
        if len(raw) > 1 << 20:
            raise _Closed()
        s = line.decode("latin-1").rstrip("\r\n")
        if s[:1] in (" ", "\t") and headers:          # obsolete folding
            headers[-1] = (headers[-1][0], headers[-1][1] + " " + s.strip())
            continue
        name, _, value = s.partition(":")
        headers.append((name.strip(), value.strip()))
    return start, headers, bytes(raw)


def _header(headers, name):
    vals = [v for n, v in headers if n.lower() == name]
    return ",".join(vals) if vals else None


def _read_exact(rf, n):
    data = rf.read(n)
    if len(data) != n:
        raise _Closed()
    return data


def _read_chunked(rf):
    """Raw bytes of a chunked body, trailers included."""
    raw = bytearray()
    while True:
        line = rf.readline(65537)
        if not line:
            raise _Closed()
        raw += line
        size = int(line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        raw += _read_exact(rf, size + 2)
    while True:
        line = rf.readline(65537)
        if not line:
            raise _Closed()
        raw += line
        if line in (b"\r\n", b"\n"):
            return bytes(raw)


def _read_body(rf, headers):
    """(raw body, True when the body ran to connection close)"""
    te = (_header(headers, "transfer-encoding") or "").lower()
    if "chunked" in te:
        return _read_chunked(rf), False
    cl = _header(headers, "content-length")
    if cl is not None:
        return _read_exact(rf, int(cl.split(",")[0])), False
    return None, True


def _rst(sock):
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class FaultProxy:
    """FaultProxy(upstream_endpoint, schedule=None, verify_sigv4=None, port=0)

    upstream_endpoint: "http://127.0.0.1:PORT"; schedule: see the module
    docstring; verify_sigv4: None, or {access key: secret} to check every
    request's SigV4 signature (refused ones are answered 403/400 by the
    proxy and not forwarded).
    .endpoint, .port, .requests (list of dicts), .faults() (list of the
    fault names, one per request), .set_schedule(schedule), .clear()
    (forget recorded requests and restart numbering), .stop();
    a context manager."""

    def __init__(self, upstream_endpoint, schedule=None, verify_sigv4=None, port=0):
        u = urllib.parse.urlsplit(upstream_endpoint)
        self.upstream = (u.hostname, u.port or 80)
        self.verify = dict(verify_sigv4) if verify_sigv4 else None
        self.requests = []
        self._lock = threading.Lock()
        self._n = 0
        self._conns = 0
        self._socks = set()
        self._stopping = False
        self.set_schedule(schedule)
        self._lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._lsock.bind(("127.0.0.1", port))
        self._lsock.listen(128)
        self.port = self._lsock.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        _LIVE.add(self)
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    # -- schedule and record
    def set_schedule(self, schedule):
        numbered, rules = {}, []
        if isinstance(schedule, dict):
            numbered = {int(k): _norm_fault(v) for k, v in schedule.items()}
        else:
            for item in schedule or []:
                if isinstance(item, Rule):
                    rules.append(item)
                else:
                    n, f = item
                    numbered[int(n)] = _norm_fault(f)
        with self._lock:
            self._numbered, self._rules = numbered, rules

    def clear(self):
        with self._lock:
            self.requests = []
            self._n = 0

    def faults(self):
        return [r["fault"] for r in self.requests]

    def _register(self, conn, method, target, headers, body):
        raw_path, _, query = target.partition("?")
        rec = {"conn": conn, "method": method, "target": target, "path": raw_path,
               "path_decoded": urllib.parse.unquote(raw_path), "query": query,
               "range": _header(headers, "range"),
               "headers": {}, "body_len": len(body), "fault": None, "status": None,
               "sigv4": None}
        for n, v in headers:
            n = n.lower()
            rec["headers"][n] = rec["headers"][n] + "," + v if n in rec["headers"] else v
        with self._lock:
            self._n += 1
            rec["n"] = self._n
            self.requests.append(rec)
            fault = self._numbered.get(self._n)
            if fault is None:
                for rule in self._rules:
                    fault = rule._match(rec)
                    if fault is not None:
                        break
        return rec, fault

    # -- serving
    def _accept_loop(self):
        while not self._stopping:
            try:
                r, _, _ = select.select([self._lsock], [], [], 0.2)
                if not r:
                    continue
                sock, _ = self._lsock.accept()
            except (OSError, ValueError):
                if self._stopping:
                    return
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._conns += 1
                conn = self._conns
                self._socks.add(sock)
            threading.Thread(target=self._serve, args=(sock, conn), daemon=True).start()

    def _serve(self, sock, conn):
        rf = sock.makefile("rb")
        how = "close"
        try:
            while not self._stopping:
                head = _read_head(rf)
                if head is None:
                    break
                how = self._one(sock, rf, conn, head)
                if how != "keep":
                    break
        except (_Closed, OSError, ValueError):
            how = "close"
        finally:
            with self._lock:
                self._socks.discard(sock)
            try:
                rf.close()
            except OSError:
                pass
            if how == "reset":
                _rst(sock)
            elif how != "gone":
                try:
                    sock.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                sock.close()

    def _one(self, sock, rf, conn, head):
        """Serves one request; returns "keep", "close", "reset" or "gone"."""
        start, headers, raw_head = head
        try:
            method, target, version = start.split(" ", 2)
        except ValueError:
            return "close"
        if (_header(headers, "expect") or "").lower() == "100-continue":
            sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        body, _ = _read_body(rf, headers)
        body = body or b""
        rec, fault = self._register(conn, method, target, headers, body)
        conn_hdr = (_header(headers, "connection") or "").lower()
        keep = "close" not in conn_hdr and (version == "HTTP/1.1" or "keep-alive" in conn_hdr)

        if self.verify is not None:
            bad = verify_sigv4(method, target, headers, body, self.verify)
            rec["sigv4"] = "ok" if bad is None else bad[1]
            if bad is not None and fault is None:
                rec["fault"] = "sigv4"
                return self._send_error(sock, rec, method, bad, keep)

        name, params = fault if fault else (None, ())
        rec["fault"] = name
        if name in ("500", "503", "error"):
            return self._send_error(sock, rec, method, params, keep)
        if name == "respond":
            return self._send_response(sock, rec, method, params, keep)
        if name == "reset":
            return "reset"
        if name == "close":
            return "close"
        if name == "delay":
            time.sleep(params[0])

        try:
            status, rhead, rheaders, rbody, to_close = self._forward(raw_head, body, method)
        except (OSError, _Closed, ValueError) as e:
            msg = f"FaultProxy: upstream failed: {e}"
            return self._send_error(sock, rec, method, (502, "BadGateway", msg), False)
        rec["status"] = status
        if name == "reset-after-headers":
            sock.sendall(rhead)
            time.sleep(0.05)        # let the client read the head before the RST
            return "reset"
        if name in ("truncate", "stall"):
            if name == "truncate":
                n = params[0] if params else len(rbody) // 2
            else:
                n = params[1] if len(params) > 1 else len(rbody) // 2
            sock.sendall(rhead + rbody[:n])
            if name == "truncate":
                return "close"
            time.sleep(params[0])
            sock.sendall(rbody[n:])
        else:
            sock.sendall(rhead + rbody)
        rconn = (_header(rheaders, "connection") or "").lower()
        if to_close or "close" in rconn or not keep:
            return "close"
        return "keep"

    def _send_error(self, sock, rec, method, params, keep):
        status, code, message = params
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f"<Error><Code>{code}</Code><Message>{_xml_escape(message)}</Message>"
                f"<Resource>{_xml_escape(rec['path_decoded'])}</Resource>"
                f"<RequestId>FAULTPROXY{rec['n']:06d}</RequestId></Error>").encode("utf-8")
        reason = http.client.responses.get(status, "Error")
        head = (f"HTTP/1.1 {status} {reason}\r\n"
                "Content-Type: application/xml\r\n"
                f"Content-Length: {len(body)}\r\n"
                f"x-amz-request-id: FAULTPROXY{rec['n']:06d}\r\n"
                f"Date: {email.utils.formatdate(usegmt=True)}\r\n"
                + ("" if keep else "Connection: close\r\n") + "\r\n").encode("latin-1")
        rec["status"] = status
        sock.sendall(head if method == "HEAD" else head + body)
        return "keep" if keep else "close"

    def _send_response(self, sock, rec, method, params, keep):
        """("respond", status, {header: value}, body): an answer of the
        test's own (an AWS-shaped reply that s3rver cannot give), not
        forwarded."""
        status, headers, body = params
        reason = http.client.responses.get(status, "Status")
        head = f"HTTP/1.1 {status} {reason}\r\n"
        for k, v in headers.items():
            head += f"{k}: {v}\r\n"
        head += (f"Content-Length: {len(body)}\r\n"
                 + ("" if keep else "Connection: close\r\n") + "\r\n")
        rec["status"] = status
        sock.sendall(head.encode("latin-1") if method == "HEAD" else head.encode("latin-1") + body)
        return "keep" if keep else "close"

    def _forward(self, raw_head, body, method):
        """Sends the request verbatim upstream on a new connection; returns
        (status, raw response head, headers, raw body, close-delimited)."""
        up = socket.create_connection(self.upstream, timeout=60)
        try:
            up.sendall(raw_head + body)
            uf = up.makefile("rb")
            while True:
                start, rheaders, rhead = _read_head(uf, first=False)
                status = int(start.split(" ", 2)[1])
                if not (100 <= status < 200 and status != 101):
                    break
            if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
                rbody, to_close = b"", False
            else:
                rbody, to_close = _read_body(uf, rheaders)
                if to_close:
                    rbody = uf.read()
            uf.close()
            return status, rhead, rheaders, rbody, to_close
        finally:
            up.close()

    def stop(self):
        _LIVE.discard(self)
        if self._stopping:
            return
        self._stopping = True
        try:
            self._lsock.close()
        except OSError:
            pass
        with self._lock:
            socks = list(self._socks)
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._thread.join(2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
