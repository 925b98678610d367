#!/usr/bin/env sh
# The `ramctl-lint` pre-commit hook (`.pre-commit-hooks.yaml`, `language: script`).
#
# pre-commit runs this from its clone of the repository with the staged files as arguments.
# pre-commit's `language: rust` would run `cargo install --path .` at the repository's root,
# which is a virtual workspace manifest that `cargo install` refuses, so the hook builds
# `ramctl` itself, inside the clone: the first run compiles it (a few minutes), later runs
# find it current in well under a second. It needs only `cargo` on PATH.
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
cargo build --quiet --locked --release -p ramctl --manifest-path "$root/Cargo.toml" \
    --target-dir "$root/target" >&2
exec "$root/target/release/ramctl" lint --skip-unrecognized "$@"
