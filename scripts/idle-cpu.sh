#!/usr/bin/env bash
# What an idle browser costs: each binary in a tmux pane of its own, left alone for SECONDS
# (default 10) after its first screen, side by side; prints the CPU time each used and the
# share of one core. Goal: below 1%.
#
#   scripts/idle-cpu.sh [SECONDS [BINARY...]]
#
# BINARY defaults to target/release/reforms (built when missing); give an older build too to
# compare.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
    bins=(target/release/reforms)
    [ -x target/release/reforms ] || cargo build --release
fi
state=$(mktemp -d)
socket=reforms-idle-$$
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$state"' EXIT
hz=$(getconf CLK_TCK)
pids=()
for i in "${!bins[@]}"; do
    mkdir -p "$state/$i"
    tmux -L "$socket" -f /dev/null new-session -d -s "b$i" -x 120 -y 40 \
        -e XDG_STATE_HOME="$state/$i" -e XDG_CONFIG_HOME="$state/$i" \
        -e XDG_CACHE_HOME="$state/$i" -e XDG_DATA_HOME="$state/$i" "exec '${bins[$i]}' --fresh"
    for _ in $(seq 100); do
        tmux -L "$socket" capture-pane -p -t "b$i" | grep -q '42/42' && break
        sleep 0.1
    done
    pids+=("$(tmux -L "$socket" display-message -p -t "b$i" '#{pane_pid}')")
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before=()
for pid in "${pids[@]}"; do before+=("$(ticks "$pid")"); done
sleep "$seconds"
for i in "${!bins[@]}"; do
    used=$(($(ticks "${pids[$i]}") - before[i]))
    awk -v t="$used" -v hz="$hz" -v s="$seconds" -v b="${bins[$i]}" \
        'BEGIN { printf "%s: idle for %d s: %.2f s of CPU, %.2f%% of one core\n", b, s, t / hz, 100 * t / hz / s }'
done
