#!/usr/bin/python3
"""s3serve.py DATA STORE - serve DATA as bucket "bench" of s3rver on loopback.

For `make bench`: starts s3rver (tests/node, as the tests do) with its files
in STORE, uploads every file of DATA through the S3 API (boto3) unless STORE
already holds this corpus (STORE/UPLOADED names DATA/GENERATOR's content),
writes a curl config listing every object's URL to STORE/urls.curl (the
server's own speed: curl downloads them to /dev/null), prints the endpoint
on stdout, and keeps serving until stdin closes.
"""
import os
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "tools"))

from s3env import S3Server, tree_objects  # noqa: E402


def main():
    data, store = sys.argv[1], sys.argv[2]
    os.makedirs(store, exist_ok=True)
    stamp = os.path.join(store, "UPLOADED")
    with open(os.path.join(data, "GENERATOR"), "rb") as f:
        want = f.read()
    fresh = not os.path.exists(stamp) or open(stamp, "rb").read() != want
    root = os.path.join(store, "root")
    if fresh and os.path.isdir(root):
        import shutil
        shutil.rmtree(root)
    os.makedirs(root, exist_ok=True)
    srv = S3Server(root)
    try:
        if fresh:
            print("s3serve: uploading %s to s3://bench (once)" % data, file=sys.stderr)
            srv.create_bucket("bench")
            srv.upload_tree("bench", data)
            with open(stamp, "wb") as f:
                f.write(want)
        with open(os.path.join(store, "urls.curl"), "w") as f:
            for key in sorted(tree_objects(data)):
                from urllib.parse import quote
                f.write('url = "%s/bench/%s"\noutput = "/dev/null"\n'
                        % (srv.endpoint, quote(key)))
        print(srv.endpoint, flush=True)
        sys.stdin.read()
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
