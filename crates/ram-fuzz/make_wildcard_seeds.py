#!/usr/bin/env python3
"""Writes the wildcard_diff seeds in the byte layout `arbitrary` 1.x decodes into
`Input::{Raw,Small} { pattern, text, ignore_case }`:

    tag (u32 LE: 0 = Raw, 0xFFFFFFFF = Small) | pattern | text | flag | len(text) | len(pattern)

Lengths are read from the end of the data, one byte each while the rest is at most 256 bytes.
Run from this folder: `python3 make_wildcard_seeds.py`.
"""
import os

# Must equal ALPHABET in fuzz_targets/wildcard_diff.rs (Small maps byte b to ALPHABET[b % len]).
ALPHABET = ['*', '?', 'a', 'A', 'b', 'B', '/', ':', '*', '?', 'k', 'K', '\u212a', 'i', 'I',
            '\u0130', '\u0307', 'ß', 'Σ', 'σ', 'ς', '名', '\u0000', 'a']

def encode(tag, pattern: bytes, text: bytes, ignore_case: bool) -> bytes:
    assert len(pattern) + len(text) + 3 <= 256
    return tag + pattern + text + bytes([int(ignore_case), len(text), len(pattern)])

def raw(p, t, ic):
    return encode(b"\0\0\0\0", p.encode(), t.encode(), ic)

def small(p, t, ic):
    idx = lambda s: bytes(ALPHABET.index(c) for c in s)
    return encode(b"\xff\xff\xff\xff", idx(p), idx(t), ic)

SEEDS = {
    "raw_resource": raw("acs:cr:*:*:repository/cri-1/*", "acs:cr:cn-hangzhou:1:repository/cri-1/ns/web", False),
    "raw_action": raw("cr:Get*", "CR:getinstance", True),
    "raw_question": raw("cr:Get?", "cr:Get", True),
    "raw_multibyte": raw("名前?", "名前空", False),
    "raw_stars": raw("a*b*c", "aXXbYYc", False),
    "small_case": small("*K?", "a\u212ab", True),
    "small_dotted_i": small("\u0130*", "i\u0307a", True),
    "small_sigma": small("?Σ*ς", "aσbσ", True),
}

os.makedirs("corpus/wildcard_diff", exist_ok=True)
for name, data in SEEDS.items():
    with open(f"corpus/wildcard_diff/{name}", "wb") as f:
        f.write(data)
