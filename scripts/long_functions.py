#!/usr/bin/env python3
"""Lists Rust functions longer than LIMIT lines (default 80), outside the
#[cfg(test)] modules at the end of our files.

Usage: scripts/long_functions.py [--check] [LIMIT] [DIR ...]

Without --check: lists long functions under DIR (default src) and exits 0.
With --check: lists long functions and every .rs file over 600 lines (tests
included) under the DIRs (default src and python/src, from the repository
root) and exits 1 when there is any."""
import os
import pathlib
import re
import sys

MAX_FILE_LINES = 600
fn_re = re.compile(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')


def long_functions(path, limit):
    """(lines, first line, name) of every function over `limit` lines."""
    lines = path.read_text().splitlines()
    found = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r'^\s*#\[cfg\(test\)\]', line):
            break  # test modules sit at the end of our files
        m = fn_re.match(line)
        if m and not line.rstrip().endswith(';'):
            indent = len(m.group(1))
            # find the closing brace at the same indentation
            j = i + 1
            while j < len(lines) and not (lines[j].startswith(' ' * indent + '}') and len(lines[j]) - len(lines[j].lstrip()) == indent):
                j += 1
            n = j - i + 1
            if n > limit:
                found.append((n, i + 1, m.group(7)))
            i = j
        i += 1
    return found


def main(argv):
    check = '--check' in argv
    args = [a for a in argv if a != '--check']
    limit = int(args.pop(0)) if args and args[0].isdigit() else 80
    if args:
        roots = [pathlib.Path(a) for a in args]
    elif check:
        repo = pathlib.Path(__file__).resolve().parent.parent
        roots = [repo / 'src', repo / 'python' / 'src']
    else:
        roots = [pathlib.Path('src')]
    offenders = 0
    for root in roots:
        for path in sorted(root.rglob('*.rs')):
            for n, line, name in long_functions(path, limit):
                print(f'{n:4} {os.path.relpath(path)}:{line} {name}')
                offenders += 1
            if check:
                n = len(path.read_text().splitlines())
                if n > MAX_FILE_LINES:
                    print(f'{n:4} {os.path.relpath(path)} (file over {MAX_FILE_LINES} lines)')
                    offenders += 1
    if check and offenders:
        print(f'{offenders} function(s) over {limit} lines or file(s) over '
              f'{MAX_FILE_LINES} lines', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
