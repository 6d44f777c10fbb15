#!/usr/bin/env bash
# bench/run.sh - trawl's throughput benchmark; what `make bench` runs.
#
# From the repository root, after `make all`:
#
#   1. makes bench/data (bench/gen_corpus.py, ~220 MiB of mixed text with
#      sparse planted PII) unless it is there and its generator unchanged;
#   2. takes the pattern set from `./trawl identifiers patterns` (the exact
#      expressions of trawl's Hyperscan database, ID<TAB>FLAGS<TAB>PATTERN)
#      and converts it to ripgrep syntax;
#   3. times, BENCH_RUNS times each after one warm-up run, reporting the
#      median wall time:
#        ./trawl scan -j1 --quiet -o /dev/null bench/data
#        ./trawl scan -j2 --quiet -o /dev/null bench/data
#        rg -o -j1 --no-ignore -f build/bench/rg-patterns.txt bench/data
#        build/bench/hs_bare build/bench/patterns.tsv <every corpus file>
#      with the peak RSS of each (getrusage of the child);
#      and, when tests/node has s3rver, the corpus as an S3 bucket on
#      loopback (bench/s3serve.py; uploaded once into build/bench/s3rver):
#        ./trawl scan -j2 --endpoint-url http://127.0.0.1:PORT s3://bench
#        curl --parallel --parallel-max 2 (every object to /dev/null)
#   4. checks one trawl run's findings against bench/data/PLANTED.tsv;
#   5. prints a table, the ratios, and a dated block for bench/RESULTS.md
#      (also left in build/bench/results.md).
#
# Environment:
#   BENCH_RUNS=5        timed runs per command (the median is reported)
#   BENCH_PAIRS=9       timed -j1/-j2 pairs (alternating)
#   BENCH_MB=220        corpus size in MiB
#   BENCH_PATTERNS=F    use pattern file F instead of asking ./trawl (for
#                       trying the harness before trawl has the subcommand)
#   BENCH_SKIP_TRAWL=1  measure only rg and hs_bare
#   BENCH_TRAWL=PATH    the trawl binary (default ./trawl)
#   BENCH_SKIP_S3=1     leave out the S3 measurement
#
# Exit status: 0 when every measurement ran; 1 when one could not (its row
# says n/a and the reason is printed); 2 when a tool is missing.
set -u
set -o pipefail
cd "$(dirname "$0")/.." || exit 2

RUNS=${BENCH_RUNS:-5}
PAIRS=${BENCH_PAIRS:-9}
MB=${BENCH_MB:-220}
DATA=bench/data
OUT=build/bench
PY=/usr/bin/python3
TRAWL=${BENCH_TRAWL:-./trawl}
HS_BARE=$OUT/hs_bare
PATTERNS=$OUT/patterns.tsv
RG_PATTERNS=$OUT/rg-patterns.txt
status=0

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

# ---- tools ---------------------------------------------------------------
[ -x "$PY" ] || die "$PY not found (Debian's python3 is needed: apt-get install python3 python3-stdnum)"
"$PY" -c 'import stdnum' 2>/dev/null ||
	die "python-stdnum missing for $PY (apt-get install python3-stdnum)"
[ -x "$HS_BARE" ] || die "$HS_BARE not built: run 'make all' first"
case "$RUNS" in '' | *[!0-9]* | 0) die "BENCH_RUNS must be a positive integer" ;; esac
have_rg=1
if ! command -v rg >/dev/null 2>&1; then
	say "bench: ripgrep (rg) not found: apt-get install ripgrep; its row will be n/a"
	have_rg=0
	status=1
fi
have_trawl=1
if [ -n "${BENCH_SKIP_TRAWL:-}" ]; then
	have_trawl=0
elif [ ! -x "$TRAWL" ]; then
	say "bench: $TRAWL not built: run 'make all' first; its rows will be n/a"
	have_trawl=0
	status=1
fi
mkdir -p "$OUT" || exit 2

# ---- corpus --------------------------------------------------------------
"$PY" bench/gen_corpus.py "$DATA" --mb "$MB" --if-stale >&2 ||
	die "could not generate $DATA"
mapfile -t FILES < <(find "$DATA" -type f | LC_ALL=C sort)
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}')
if [ "${#FILES[@]}" -eq 0 ] || [ "$BYTES" -eq 0 ]; then
	die "$DATA is empty"
fi

# ---- patterns ------------------------------------------------------------
if [ -n "${BENCH_PATTERNS:-}" ]; then
	[ -r "$BENCH_PATTERNS" ] || die "BENCH_PATTERNS=$BENCH_PATTERNS is not readable"
	[ "$BENCH_PATTERNS" -ef "$PATTERNS" ] || cp "$BENCH_PATTERNS" "$PATTERNS" || exit 2
	pattern_source=$BENCH_PATTERNS
elif [ -x "$TRAWL" ]; then
	if ! "$TRAWL" identifiers patterns >"$PATTERNS.tmp" 2>"$OUT/patterns.stderr" ||
		[ ! -s "$PATTERNS.tmp" ]; then
		say "bench: '$TRAWL identifiers patterns' failed or printed nothing:"
		sed 's/^/    /' "$OUT/patterns.stderr" | tail -5 >&2
		die "set BENCH_PATTERNS=FILE (ID<TAB>FLAGS<TAB>PATTERN lines) to bench without it"
	fi
	mv "$PATTERNS.tmp" "$PATTERNS"
	pattern_source="$TRAWL identifiers patterns"
else
	die "no pattern set: build ./trawl ('make all') or set BENCH_PATTERNS=FILE"
fi
NPAT=$(grep -cv -e '^#' -e '^[[:space:]]*$' "$PATTERNS")

# Hyperscan expression -> ripgrep: flags i, s, m become a scoped (?ism:...)
# group; 1 and L are dropped. Without 8/u Hyperscan's classes are ASCII, so
# -u is added where ripgrep accepts it. \Q...\E is expanded. Each converted
# pattern is compiled by rg itself; those it rejects are left out and named.
rg_note=""
if [ "$have_rg" = 1 ]; then
	rg_note=$("$PY" - "$PATTERNS" "$RG_PATTERNS" <<'EOF'
import re, subprocess, sys

src, dst = sys.argv[1], sys.argv[2]
META = set('\\.+*?()|[]{}^$#&-~')

def expand_q(p):
    def esc(m):
        return ''.join('\\' + c if c in META else c for c in m.group(1))
    return re.sub(r'\\Q(.*?)(?:\\E|$)', esc, p)

def rg_ok(p):
    r = subprocess.run(['rg', '--quiet', '-e', p, '/dev/null'],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode == 2:
        msg = [l.strip() for l in r.stderr.decode(errors='replace').splitlines() if l.strip()]
        err = [l for l in msg if l.startswith('error:')]
        return (err or msg or ['rejected'])[0]
    return None

out, skipped, total = [], [], 0
for n, line in enumerate(open(src, encoding='utf-8', errors='surrogateescape'), 1):
    line = line.rstrip('\r\n')
    if not line.strip() or line.startswith('#'):
        continue
    total += 1
    parts = line.split('\t', 2)
    if len(parts) < 3:
        skipped.append((parts[0], 'not ID<TAB>FLAGS<TAB>PATTERN'))
        continue
    pid, flags, pat = parts
    # rg joins -f patterns with '|', so flags must be scoped to a group or
    # they would leak into the patterns after this one.
    fl = ''.join(f for f in 'ism' if f in flags)
    body = expand_q(pat)
    tries = ['(?%s:%s)' % (fl, body) if fl else '(?:%s)' % body]
    if '8' not in flags and 'u' not in flags:
        tries.insert(0, '(?%s-u:%s)' % (fl, body))
    err = None
    for t in tries:
        err = rg_ok(t)
        if err is None:
            out.append(t)
            break
    else:
        skipped.append((pid, err))
with open(dst, 'w', encoding='utf-8', errors='surrogateescape') as f:
    f.write(''.join(p + '\n' for p in out))
print('%d of %d patterns converted for rg' % (len(out), total))
for pid, why in skipped:
    print('  rg: pattern %s left out: %s' % (pid, why))
EOF
) || { say "bench: pattern conversion for rg failed"; have_rg=0; status=1; }
	if [ "$have_rg" = 1 ] && [ ! -s "$RG_PATTERNS" ]; then
		say "bench: no pattern converted to rg syntax"
		have_rg=0
		status=1
	fi
fi

# ---- measuring -----------------------------------------------------------
# The wrapper times the child alone (not python's start-up) and reports
# the child's peak RSS from getrusage(RUSAGE_CHILDREN).
WRAP='
import os, resource, subprocess, sys, time
out = os.environ.get("BENCH_STDOUT") or os.devnull
with open(out, "wb") as o, open(os.environ["BENCH_STDERR"], "wb") as e:
    t = time.monotonic()
    try:
        rc = subprocess.call(sys.argv[1:], stdout=o, stderr=e)
    except OSError as x:
        e.write(str(x).encode()); rc = 127
    dt = time.monotonic() - t
print("%.6f %d %d" % (dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc))
'
declare -A WALL RSS NOTE
median() { sort -g | awk '{a[NR] = $1} END {if (NR == 0) exit 1; if (NR % 2) printf "%.6f", a[(NR + 1) / 2]; else printf "%.6f", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# once KEY "OK-EXIT-CODES" WARM CMD...: one run of CMD; its wall time and
# peak RSS are added to KEY's unless WARM is 1 (a warm-up). Status 1 when
# it failed (noted).
declare -A WALLS MAXRSS SCANS
once() {
	local key=$1 ok=$2 warm=$3
	shift 3
	local err=$OUT/$key.stderr out=$OUT/$key.stdout line wall rss rc
	line=$(BENCH_STDERR=$err BENCH_STDOUT=$out "$PY" -c "$WRAP" "$@") || line="0 0 126"
	read -r wall rss rc <<<"$line"
	if [[ " $ok " != *" $rc "* ]]; then
		say "bench: $key failed (exit status $rc): $*"
		sed 's/^/    /' "$err" | tail -5 >&2
		NOTE[$key]="exit status $rc"
		status=1
		return 1
	fi
	[ "$warm" = 1 ] && return 0
	WALLS[$key]+="$wall"$'\n'
	((rss > ${MAXRSS[$key]:-0})) && MAXRSS[$key]=$rss
	if [ "$key" = hs_bare ]; then
		SCANS[$key]+="$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$out")"$'\n'
	fi
	LAST_WALL=$wall
	return 0
}

# done_measuring KEY: KEY's median wall time and peak RSS.
done_measuring() {
	local key=$1
	WALL[$key]=$(printf "%s" "${WALLS[$key]:-}" | median)
	RSS[$key]=${MAXRSS[$key]:-0}
	if [ -n "${SCANS[$key]:-}" ]; then
		WALL[hs_scan]=$(printf '%s' "${SCANS[$key]}" | median)
		RSS[hs_scan]=${RSS[$key]}
	fi
}

# measure KEY "OK-EXIT-CODES" CMD...
measure() {
	local key=$1 ok=$2 i
	shift 2
	say "bench: $key: 1 warm-up + $RUNS timed runs"
	for ((i = 0; i <= RUNS; i++)); do
		once "$key" "$ok" $((i == 0)) "$@" || return 1
	done
	done_measuring "$key"
}

measure hs_bare "0" "$HS_BARE" "$PATTERNS" "${FILES[@]}"
if [ "$have_rg" = 1 ]; then
	# rg exits 1 when nothing matched: still a complete search.
	measure rg_j1 "0 1" rg -o -j1 --no-ignore -f "$RG_PATTERNS" "$DATA"
else
	NOTE[rg_j1]="rg unavailable"
fi
if [ "$have_trawl" = 1 ]; then
	# trawl exits 1 when it found sensitive data: expected here.
	# -j1 and -j2 alternate, so that a noisy stretch of a shared machine
	# falls on both; the second thread's gain is the median of the pairs'
	# ratios (and also the ratio of the two medians).
	say "bench: trawl -j1 / -j2: 1 warm-up pair + $PAIRS timed pairs"
	PAIR_RATIOS=""
	for ((i = 0; i <= PAIRS; i++)); do
		once trawl_j1 "0 1" $((i == 0)) "$TRAWL" scan -j1 --quiet -o /dev/null "$DATA" &&
			w1=$LAST_WALL &&
			once trawl_j2 "0 1" $((i == 0)) "$TRAWL" scan -j2 --quiet -o /dev/null "$DATA" ||
			break
		((i > 0)) && PAIR_RATIOS+="$(awk -v a="$w1" -v b="$LAST_WALL" 'BEGIN {printf "%.4f", a / b}')"$'\n'
	done
	done_measuring trawl_j1
	done_measuring trawl_j2
else
	NOTE[trawl_j1]=${BENCH_SKIP_TRAWL:+skipped}
	NOTE[trawl_j1]=${NOTE[trawl_j1]:-./trawl missing}
	NOTE[trawl_j2]=${NOTE[trawl_j1]}
fi

# ---- containers: the same corpus as one .tar.gz, and a spreadsheet --------
# Both are one object each, so one worker: compared with trawl -j1 on the
# unpacked corpus. MB/s counts uncompressed content (the corpus bytes; the
# workbook's parts as zip lists them).
TARGZ=$OUT/data.tar.gz
XLSX=$OUT/customers.xlsx
XLSX_BYTES=0
if [ "$have_trawl" = 1 ]; then
	if [ ! -s "$TARGZ" ] || [ "$DATA/GENERATOR" -nt "$TARGZ" ]; then
		say "bench: packing $DATA into $TARGZ"
		tar -C "$(dirname "$DATA")" -czf "$TARGZ.tmp" "$(basename "$DATA")" &&
			mv "$TARGZ.tmp" "$TARGZ" || die "could not write $TARGZ"
	fi
	if [ ! -s "$XLSX" ] || [ ! -s "$XLSX.size" ] || [ bench/gen_xlsx.py -nt "$XLSX" ]; then
		say "bench: writing $XLSX (openpyxl, about 40 s)"
		"$PY" bench/gen_xlsx.py "$XLSX" >"$XLSX.size" || die "could not write $XLSX"
	fi
	XLSX_BYTES=$(cat "$XLSX.size")
	measure trawl_targz "0 1" "$TRAWL" scan -j1 --quiet -o /dev/null "$TARGZ"
	measure trawl_xlsx "0 1" "$TRAWL" scan -j1 --quiet -o /dev/null "$XLSX"
fi

# ---- S3: the corpus as a bucket of s3rver on loopback ---------------------
# trawl -j2 reads s3://bench through the S3 API (signed, one connection per
# worker); curl with two transfers in flight downloads every object to
# /dev/null: the server's own speed, the ceiling for any client.
S3STORE=$OUT/s3rver
if [ "$have_trawl" = 1 ] && [ -z "${BENCH_SKIP_S3:-}" ] &&
	[ -f tests/node/node_modules/s3rver/package.json ] && command -v node >/dev/null; then
	coproc S3SERVE { "$PY" bench/s3serve.py "$DATA" "$S3STORE"; }
	read -r -t 600 S3EP <&"${S3SERVE[0]}" || S3EP=""
	if [ -n "$S3EP" ]; then
		export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
		export AWS_EC2_METADATA_DISABLED=true
		measure trawl_s3 "0 1" "$TRAWL" scan -j2 --quiet -o /dev/null \
			--endpoint-url "$S3EP" s3://bench
		command -v curl >/dev/null &&
			measure curl_s3 "0" curl -s -f --parallel --parallel-max 2 -K "$S3STORE/urls.curl"
	else
		NOTE[trawl_s3]="s3rver did not start"
		status=1
	fi
	s3fd=${S3SERVE[1]}
	exec {s3fd}>&-
	wait "$S3SERVE_PID" 2>/dev/null
else
	NOTE[trawl_s3]=${BENCH_SKIP_S3:+skipped}
	NOTE[trawl_s3]=${NOTE[trawl_s3]:-no s3rver (sh tools/deps.sh)}
fi

# ---- accuracy: one trawl run against PLANTED.tsv --------------------------
accuracy=""
if [ -n "${WALL[trawl_j2]:-}" ]; then
	say "bench: checking one trawl run against $DATA/PLANTED.tsv"
	if "$TRAWL" scan -j2 --quiet -o "$OUT/results.jsonl" "$DATA" 2>"$OUT/check.stderr" ||
		[ $? -eq 1 ]; then
		accuracy=$("$PY" - "$DATA" "$OUT/results.jsonl" <<'EOF'
import json, os, sys

data, results = sys.argv[1], sys.argv[2]

def tsv(name):
    rows = {}
    with open(os.path.join(data, name)) as f:
        next(f)
        for line in f:
            fn, t, n = line.rstrip('\n').split('\t')
            rows[(fn, t)] = rows.get((fn, t), 0) + int(n)
    return rows

planted, decoys = tsv('PLANTED.tsv'), tsv('DECOYS.tsv')
found, bad, every = {}, 0, []
for line in open(results):
    try:
        r = json.loads(line)
        obj = r['resourcesAffected']['s3Object']
        path = obj.get('path') or obj.get('key') or ''
        emb = obj.get('embeddedFileDetails')
        if emb:
            path += '!/' + emb.get('filePath', '')
        rel = os.path.relpath(os.path.normpath(path), data) if path else '?'
        res = r['classificationDetails']['result']
        for sd in res.get('sensitiveData') or []:
            for d in sd.get('detections') or []:
                k = (rel, d['type'])
                found[k] = found.get(k, 0) + int(d.get('count', 0))
                every.append([rel, d['type'], d['count'],
                              json.dumps(d.get('occurrences'), sort_keys=True)])
    except (ValueError, KeyError, TypeError, AttributeError):
        bad += 1
types = sorted({t for _, t in planted} | {t for _, t in found})
tp = fp = fn = 0
rows = []
for t in types:
    p = sum(n for (f, tt), n in planted.items() if tt == t)
    keys = {k for k in planted if k[1] == t} | {k for k in found if k[1] == t}
    hit = sum(min(planted.get(k, 0), found.get(k, 0)) for k in keys)
    over = sum(max(found.get(k, 0) - planted.get(k, 0), 0) for k in keys)
    miss = p - hit
    tp, fp, fn = tp + hit, fp + over, fn + miss
    if miss or over:
        rows.append('  %-40s planted %5d  found %5d  missed %5d  extra %5d'
                    % (t, p, hit + over, miss, over))
print('accuracy: %d of %d planted values found (recall %.4f), %d extra findings '
      '(precision %.4f); %d decoys were planted without keywords'
      % (tp, tp + fn, tp / max(tp + fn, 1), fp, tp / max(tp + fp, 1), sum(decoys.values())))
# Every detection (object, type, count, locations) against the reference
# digest taken before the speed work (bench/detections.sha256): an
# optimisation must not change what is found.
import hashlib
digest = hashlib.sha256(json.dumps(sorted(every)).encode()).hexdigest()
ref_file = 'bench/detections.sha256'  # run.sh runs from the top directory
try:
    ref = open(ref_file).read().split()[0]
    print('  detections %s the reference (%d detection entries, sha256 %s)'
          % ('IDENTICAL to' if ref == digest else 'DIFFER from', len(every), digest[:16]))
except OSError:
    print('  detections: no reference %s (sha256 %s)' % (ref_file, digest))
if bad:
    print('  %d result lines could not be read' % bad)
print('\n'.join(rows[:40]) if rows else '  every planted count matched exactly')
EOF
) || accuracy="accuracy: could not read $OUT/results.jsonl"
	else
		accuracy="accuracy: trawl scan -o $OUT/results.jsonl failed (see $OUT/check.stderr)"
	fi
fi

# ---- report --------------------------------------------------------------
mbps() { awk -v b="${2:-$BYTES}" -v s="$1" 'BEGIN {if (s > 0) printf "%.1f", b / 1e6 / s; else print "n/a"}'; }
ratio() { # ratio A B: throughput of A over throughput of B (= time B / time A)
	if [ -n "${WALL[$1]:-}" ] && [ -n "${WALL[$2]:-}" ]; then
		awk -v a="${WALL[$1]}" -v b="${WALL[$2]}" 'BEGIN {printf "%.2fx", b / a}'
	else
		printf 'n/a'
	fi
}
row() { # row KEY LABEL [BYTES]
	local k=$1
	if [ -n "${WALL[$k]:-}" ]; then
		printf '| %-28s | %9.3f | %8s | %12.1f |\n' "$2" "${WALL[$k]}" "$(mbps "${WALL[$k]}" "${3:-}")" \
			"$(awk -v r="${RSS[$k]}" 'BEGIN {print r / 1024}')"
	else
		printf '| %-28s | %9s | %8s | %12s |\n' "$2" "n/a" "n/a" "${NOTE[$k]:-n/a}"
	fi
}

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
[ -n "$cpu" ] || cpu=$(sed -n 's/^\(Hardware\|cpu model\|CPU part\)[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")
dirty=$(git status --porcelain 2>/dev/null | head -1)
report=$(
	printf '### %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf -- '- machine: %s, %s, nproc %s\n' "$(uname -m)" "${cpu:-unknown CPU}" "$(nproc)"
	printf -- '- trawl: %s%s\n' "$rev" "${dirty:+ (uncommitted changes)}"
	printf -- '- corpus: %s, %d files, %.1f MB (%.1f MiB), bench/gen_corpus.py --mb %s\n' \
		"$DATA" "${#FILES[@]}" "$(awk -v b="$BYTES" 'BEGIN {print b / 1e6}')" \
		"$(awk -v b="$BYTES" 'BEGIN {print b / 1048576}')" "$MB"
	printf -- '- patterns: %d from %s\n' "$NPAT" "$pattern_source"
	printf -- '- median of %d runs after 1 warm-up; MB/s = corpus bytes / 10^6 / median wall s\n\n' "$RUNS"
	printf '| %-28s | %9s | %8s | %12s |\n' "command" "median s" "MB/s" "peak RSS MiB"
	printf '|%s|%s|%s|%s|\n' "------------------------------" "----------:" "---------:" "-------------:"
	row trawl_j1 "trawl scan -j1"
	row trawl_j2 "trawl scan -j2"
	row rg_j1 "rg -o -j1 (same patterns)"
	row hs_bare "hs_bare (whole process)"
	row hs_scan "hs_bare (hs_scan time only)"
	row trawl_targz "trawl -j1, corpus as .tar.gz"
	row trawl_xlsx "trawl -j1, customers.xlsx" "$XLSX_BYTES"
	row trawl_s3 "trawl -j2, s3rver bucket"
	row curl_s3 "curl, 2 in flight, s3rver"
	printf '\n'
	printf -- '- trawl -j1 / rg -j1: %s throughput\n' "$(ratio trawl_j1 rg_j1)"
	printf -- '- trawl -j2 / trawl -j1: %s (second thread; ratio of the medians)\n' "$(ratio trawl_j2 trawl_j1)"
	if [ -n "${PAIR_RATIOS:-}" ]; then
		printf -- '- trawl -j2 / trawl -j1, median of %d alternating pairs: %.2fx (pairs: %s)\n' \
			"$(printf '%s' "$PAIR_RATIOS" | grep -c .)" "$(printf '%s' "$PAIR_RATIOS" | median)" \
			"$(printf '%s' "$PAIR_RATIOS" | sort -g | awk '{printf "%s%.2f", (NR > 1 ? " " : ""), $1}')"
	fi
	printf -- '- trawl -j1 / hs_bare: %s of a bare Hyperscan pass (%s of its hs_scan time alone)\n' \
		"$(ratio trawl_j1 hs_bare)" "$(ratio trawl_j1 hs_scan)"
	printf -- '- .tar.gz / unpacked, both -j1: %s of the speed (MB/s of uncompressed content)\n' \
		"$(ratio trawl_targz trawl_j1)"
	printf -- '- S3 (s3rver on loopback) / local disk, both -j2: %s; trawl / curl alone: %s\n' \
		"$(ratio trawl_s3 trawl_j2)" "$(ratio trawl_s3 curl_s3)"
	printf -- '- customers.xlsx: %s MB of uncompressed parts (%s)\n' \
		"$(awk -v b="$XLSX_BYTES" 'BEGIN {printf "%.1f", b / 1e6}')" "$XLSX"
	if [ -n "$rg_note" ]; then
		printf -- '- %s\n' "$(printf '%s\n' "$rg_note" | head -1)"
		printf '%s\n' "$rg_note" | tail -n +2 | sed 's/^ */  - /'
	fi
	if [ -n "$accuracy" ]; then
		printf -- '- %s\n' "$(printf '%s\n' "$accuracy" | head -1)"
		printf '%s\n' "$accuracy" | tail -n +2 | sed 's/^/    /'
	fi
)
printf '%s\n' "$report" >"$OUT/results.md"
printf '\n%s\n\n(also in %s; paste into bench/RESULTS.md)\n' "$report" "$OUT/results.md"
exit $status
