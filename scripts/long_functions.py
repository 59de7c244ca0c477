#!/usr/bin/env python3
"""Lists Rust functions longer than LIMIT lines (default 80), outside the
#[cfg(test)] modules at the end of our files. Usage: scripts/long_functions.py [LIMIT] [DIR]"""
import re, sys, pathlib
LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 80
root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else 'src')
fn_re = re.compile(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')
for path in sorted(root.rglob('*.rs')):
    lines = path.read_text().splitlines()
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
            if n > LIMIT:
                print(f'{n:4} {path}:{i+1} {m.group(7)}')
            i = j
        i += 1
