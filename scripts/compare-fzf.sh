#!/usr/bin/env bash
# Times `reforms list --query Q` (load included) against `fzf --filter Q` over the same
# synthetic catalogs, and prints the median of several runs and the ratio per size and query.
#
#   scripts/compare-fzf.sh [RUNS] [WORKDIR]      (defaults: 5 runs, /tmp/reforms-compare)
#
# Generated catalogs go to WORKDIR, never into the repository.
set -euo pipefail

runs=${1:-5}
work=${2:-/tmp/reforms-compare}
sizes=(1000 10000 100000)
queries=("数据跨境" "数据 跨境 制度" "'融资 !租赁" "邮轮 | 飞机")

cd "$(dirname "$0")/.."
if ! command -v fzf >/dev/null; then
    apt-get install -y fzf >/dev/null
fi
cargo build --release --quiet --bin reforms --example synth
reforms=$PWD/target/release/reforms
synth=$PWD/target/release/examples/synth

# The median wall time, in seconds, of running "$@" $runs times.
median() {
    local times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

run_reforms() { "$reforms" --data "$1/reforms.toml" list --query "$2" --format tsv | wc -l; }
run_fzf() { fzf --filter "$2" <"$1/records.tsv" | wc -l; }
export -f run_reforms run_fzf
export reforms

printf '%-8s %-16s %8s %8s %9s %9s %7s\n' N query hits fzf-hits "reforms" "fzf" ratio
for n in "${sizes[@]}"; do
    dir=$work/$n
    [ -f "$dir/records.tsv" ] || "$synth" "$n" "$dir" >/dev/null
    for q in "${queries[@]}"; do
        hits=$(($(run_reforms "$dir" "$q") - 1))
        fzf_hits=$(run_fzf "$dir" "$q")
        ours=$(median bash -c 'run_reforms "$0" "$1"' "$dir" "$q")
        theirs=$(median bash -c 'run_fzf "$0" "$1"' "$dir" "$q")
        ratio=$(echo "scale=2; $ours / $theirs" | bc)
        printf '%-8s %-16s %8s %8s %8.3fs %8.3fs %7s\n' "$n" "$q" "$hits" "$fzf_hits" "$ours" "$theirs" "$ratio"
    done
done
echo "ratio = reforms time / fzf time (below 1: reforms is faster); fzf $(fzf --version | cut -d' ' -f1)"
