#!/usr/bin/env bash
# Runs every fuzz target of this crate for a bounded time, one after another; exits non-zero
# when any target crashes (a panic, a failed property, a sanitizer report) or fails to build.
# Not part of CI.
#
#   crates/ram-fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS (default 60, or $RAM_FUZZ_SECONDS) is the time of each target; TARGETs default to all
# four: policy_parse arn_parse wildcard_diff scrape_html.
#
# Environment:
#   RAM_FUZZ_SECONDS    seconds per target when no argument gives them (default 60)
#   RAM_FUZZ_SANITIZER  cargo fuzz --sanitizer (default `none`: the project's crates forbid
#                       `unsafe`, and AddressSanitizer, which works here too, runs the targets
#                       about 4x slower; set `address` for it)
#   RAM_FUZZ_WORK       where the grown corpora and crash artifacts go (default
#                       target/fuzz-work under the workspace root); the committed seed corpora
#                       in corpus/ are only read, never written
#   CARGO_TARGET_DIR    build directory (default target/fuzz, apart from the workspace's own)
#
# Only the stable toolchain exists on the project's machines: RUSTC_BOOTSTRAP=1 lets it take
# the nightly-only flags cargo fuzz passes (-Zsanitizer, coverage options).

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

seconds="${RAM_FUZZ_SECONDS:-60}"
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then
    seconds="$1"
    shift
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(policy_parse arn_parse wildcard_diff scrape_html)
fi
sanitizer="${RAM_FUZZ_SANITIZER:-none}"
work="${RAM_FUZZ_WORK:-$root/target/fuzz-work}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/fuzz}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz from crates.io" >&2
    cargo install --locked cargo-fuzz
fi

cd "$root"
fuzz=(cargo fuzz)
opts=(--fuzz-dir crates/ram-fuzz --sanitizer "$sanitizer" --debug-assertions)

echo "run.sh: building ${targets[*]} (sanitizer: $sanitizer)" >&2
for target in "${targets[@]}"; do
    "${fuzz[@]}" build "${opts[@]}" "$target"
done

failed=()
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    args=(-max_total_time="$seconds" -artifact_prefix="$artifacts/" -print_final_stats=1)
    if [[ -f "crates/ram-fuzz/dicts/$target.dict" ]]; then
        args+=(-dict="crates/ram-fuzz/dicts/$target.dict")
    fi
    log="$work/$target.log"
    echo "run.sh: $target for ${seconds}s (log: $log)" >&2
    # The first corpus directory receives new inputs; the committed seeds are only read. The
    # scraper also starts from the pinned pages themselves, rather than from copies of them.
    seeds=("crates/ram-fuzz/corpus/$target")
    if [[ $target == scrape_html ]]; then
        seeds+=(docs-source/cr)
    fi
    if "${fuzz[@]}" run "${opts[@]}" "$target" "$corpus" "${seeds[@]}" \
        -- "${args[@]}" >"$log" 2>&1; then
        status=0
    else
        status=$?
    fi
    grep -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|stat::(number_of_executed_units|average_exec_per_sec))' "$log" >&2 || true
    if [[ $status -ne 0 ]]; then
        echo "run.sh: $target FAILED (exit $status); artifacts in $artifacts:" >&2
        grep -E -A3 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$log" | head -20 >&2 || true
        ls "$artifacts" >&2 || true
        failed+=("$target")
    fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "run.sh: crashed: ${failed[*]}" >&2
    exit 1
fi
echo "run.sh: no crash in ${targets[*]} (${seconds}s each)" >&2
