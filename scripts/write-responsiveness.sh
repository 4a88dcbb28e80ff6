#!/usr/bin/env bash
# How the browser answers keys while it writes a large Word file, side by side with the same
# keys when nothing is being written:
#
#   scripts/write-responsiveness.sh [N] [FORMAT_PRESSES]   (defaults: 10000 reforms; 5 = Word)
#
# Builds the release binary and the synthetic catalog (examples/synth), runs the browser in
# a tmux server of its own, then, twice, types 数据跨境 into the search line and deletes it
# again, 10 times each, and times each from sending the keys to the new count on screen: once idle, once
# right after `W` Enter has started writing every reform shown as a .docx (F pressed
# FORMAT_PRESSES times: 4 CSV, 5 Word, 6 Excel). Prints each run's median and worst, and how
# long the file took. Times include tmux's own round trip (capture-pane), the same in both.
set -euo pipefail
n=${1:-10000}
presses=${2:-5}
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin reforms --example synth
work=$(mktemp -d)
trap 'tmux -L wresp kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
target/release/examples/synth "$n" "$work/data" >/dev/null
export XDG_CACHE_HOME=$work XDG_STATE_HOME=$work XDG_CONFIG_HOME=$work XDG_DATA_HOME=$work
tmux -L wresp new-session -d -s t -x 140 -y 40 -c "$work" \
    "env -u TMUX '$PWD/target/release/reforms' --fresh --data '$work/data/reforms.toml'"
screen() { tmux -L wresp capture-pane -p -t t; }
count() { screen | grep -o '显示 [0-9]*/' | head -1; }
until count | grep -q "显示 $n/"; do sleep 0.05; done
for _ in $(seq "$presses"); do tmux -L wresp send-keys -t t F; done

now() { date +%s%N; }
# Times keys: from sending them until the shown count differs from `before`.
time_keys() {
    local before=$1 start
    shift
    start=$(now)
    tmux -L wresp send-keys -t t "$@"
    while [ "$(count)" = "$before" ]; do :; done
    echo $((($(now) - start) / 1000000))
}
run() {
    local label=$1 times=() before
    tmux -L wresp send-keys -t t /
    for _ in $(seq 10); do
        before=$(count); times+=("$(time_keys "$before" -l 数据跨境)")
        before=$(count); times+=("$(time_keys "$before" BSpace BSpace BSpace BSpace)")
    done
    tmux -L wresp send-keys -t t Enter
    local sorted
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    printf '%-34s median %4s ms   worst %4s ms   (%s keys)\n' "$label" \
        "$(echo "$sorted" | sed -n "$(((${#times[@]} + 1) / 2))p")" \
        "$(echo "$sorted" | tail -1)" "${#times[@]}"
}
run "idle"
tmux -L wresp send-keys -t t W
sleep 0.3
tmux -L wresp send-keys -t t Enter
started=$(now)
until screen | grep -q '正在写入'; do sleep 0.01; done
run "while writing $n reforms"
screen | grep -q '正在写入' && still=yes || still=no
until screen | grep -q '已写入'; do sleep 0.05; done
echo "file written in $((($(now) - started) / 1000000)) ms; still writing when the keys ended: $still"
ls -l "$work"/reforms-*.* | awk '{print $5, $9}'
