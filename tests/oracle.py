"""oracle - what the differential tests (tests/p10*.py) share: drawing
digits and letters, mutating and writing candidates, feeding them through
build/tools/vcheck, and reading a python-stdnum module's docstring
examples. Each test keeps its own specs and draws; these helpers do not
touch a random generator of their own, so the draws stay what they were."""
import os
import re
import subprocess

TOP = os.environ.get('TRAWL_TOP') or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
VCHECK = os.path.join(TOP, 'build', 'tools', 'vcheck')
DIG = '0123456789'
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'


def digits(rng, n):
    return str(rng.randrange(10 ** n)).zfill(n) if n > 0 else ''


def letters(rng, n):
    return ''.join(rng.choice(UP) for _ in range(n))


def drop_or_dup(rng, s):
    """Wrong length: drop or repeat one character."""
    i = rng.randrange(len(s))
    return s[:i] + s[i + 1:] if rng.random() < 0.5 else s[:i] + s[i] + s[i:]


def mutate(rng, s, lo=0):
    """Change one character (digit for digit, letter for letter, '-' for
    '+') at position >= lo, or swap two adjacent different ones."""
    s = list(s)
    if rng.random() < 0.4 and len(s) - lo >= 2:
        for _ in range(8):
            i = rng.randrange(lo, len(s) - 1)
            if s[i] != s[i + 1]:
                s[i], s[i + 1] = s[i + 1], s[i]
                return ''.join(s)
    i = rng.randrange(lo, len(s))
    c = s[i]
    if c.isdigit():
        s[i] = rng.choice(DIG.replace(c, ''))
    elif c.isalpha():
        s[i] = rng.choice(UP.replace(c.upper(), ''))
    elif c in '-+':
        s[i] = '+' if c == '-' else '-'
    else:
        s[i] = rng.choice(DIG)
    return ''.join(s)


def groups(s, sizes, sep):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


def fmt(sizes, sep):
    return lambda s: groups(s, sizes, sep)


def run_vcheck(name, cands):
    data = ''.join('%s\t%s\n' % (name, c) for c in cands).encode()
    p = subprocess.run([VCHECK], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    if p.returncode != 0:
        raise RuntimeError('vcheck exited %d: %s' %
                           (p.returncode, p.stderr.decode(errors='replace')))
    out = p.stdout.decode().split()
    if len(out) != len(cands) or set(out) - {'0', '1'}:
        raise RuntimeError('vcheck gave %d answers for %d lines' %
                           (len(out), len(cands)))
    return [x == '1' for x in out]


def draw(sp, rng, gen):
    """Draw one candidate, redrawing those kept out of the oracle test."""
    for _ in range(1000):
        c = gen(rng)
        if not sp.outside(c):
            return c
    raise RuntimeError('%s: cannot draw a candidate' % sp.name)


def doc_examples(module):
    """Literal arguments of validate()/is_valid()/compact() calls in the
    module's docstring examples."""
    out = []
    for line in (module.__doc__ or '').splitlines():
        m = re.match(r'\s*>>> (?:validate|is_valid|compact)\(\s*'
                     r'([\'"])(.*?)\1', line)
        if m:
            out.append(m.group(2))
    return out
