#!/usr/bin/env bash
# Builds and runs reforms for other platforms with Debian's packaged Rust (rustc-web) and
# -Zbuild-std, since no prebuilt standard library for another target can be downloaded.
# Everything is built with the `cross` profile (nothing optimised, no debug information):
# enough to type-check, link and run the smoke suite, at a fraction of a release build's
# cost; scripts/dist builds what is shipped.
#
#   check-windows      cargo check of the library, the binary and the tests,
#                      x86_64-pc-windows-gnu
#   check-aarch64      the same, aarch64-unknown-linux-gnu
#   check-loongarch64  the same, loongarch64-unknown-linux-gnu
#                      (zig from PyPI compiles the C that build scripts need)
#   check-both         check-windows and check-loongarch64 in one cargo run (from empty
#                      folders it took 473 s where the two steps took 220 s and 209 s,
#                      so the ci set runs them apart)
#   build-windows      the binary for x86_64-pc-windows-gnu, with the library and the
#                      tests (built, not run: a build type-checks them, so the ci set needs
#                      no check-windows, which would compile everything a second time).
#                      Its standard library imports ProcessPrng from bcryptprimitives.dll
#                      (Windows 10 and later), which wine 8 lacks: for wine, a stand-in DLL
#                      built here with mingw (scripts/wine/bcryptprimitives.c) is put next
#                      to the executables; Windows never sees it. scripts/dist ships
#                      x86_64-win7-windows-gnu (Windows 7 to 11), which needs no stand-in.
#   build-aarch64      the binary for aarch64-unknown-linux-gnu, with the library (a build
#                      type-checks it, so the ci set needs no check-aarch64, which would
#                      compile everything a second time); not the tests, which are Linux
#                      code the check-loongarch64 step already type-checks for a 64-bit
#                      target other than x86_64 (they took about 40 s of the build)
#   run-windows        scripts/smoke under wine, output byte for byte as the host binary's;
#                      first, that the stand-in DLL is what lets it start
#   run-aarch64        the same under qemu-aarch64-static
#   test-windows       the library's unit tests built for Windows and run under wine
#   browser-aarch64    the browser under qemu in tmux: search for 数据, quit with q.
#                      Bookworm's qemu-user 7.2 lacks the TCGETS2 ioctl that rustix's
#                      tcgetattr uses, so the browser stops with
#                      "terminal: Function not implemented (os error 38)"
#   sqlite             a scratch crate with rusqlite (bundled SQLite) built and run for
#                      Windows (wine) and ARM64 (qemu)
#
#   scripts/cross-check.sh [STEP...]
#
# Without steps: every step above but browser-aarch64 and sqlite, which are asked for by
# name. The step `ci` stands for the set .ci/run runs: the LoongArch64 check, the Windows
# and ARM64 builds and the smoke runs (check-windows and check-aarch64 are covered by the
# builds; test-windows, the unit tests under wine, browser-aarch64, sqlite and check-both
# are left out).
#
# Environment:
#   CROSS_TARGET_DIR  where builds go, one folder for every target (default: target/cross)
#   CROSS_JOBS        cargo -j (default: 1)
#   REFORMS_HOST_BIN  the host binary to compare with (default: target/release/reforms,
#                     built with the default toolchain when missing)
#
# Prints PASS/FAIL per step and exits non-zero when any step failed. As root, installs the
# Debian packages and zig (pip) that are missing.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export CARGO_TERM_COLOR=never

root=${CROSS_TARGET_DIR:-$repo/target/cross}
jobs=${CROSS_JOBS:-1}
mkdir -p "$root"
root=$(cd "$root" && pwd)
logs=$root/logs
mkdir -p "$logs"

all_steps=(check-windows check-aarch64 check-loongarch64 check-both build-windows build-aarch64
    run-windows run-aarch64 browser-aarch64 test-windows sqlite)
default_steps=(check-windows check-aarch64 check-loongarch64 build-windows build-aarch64
    run-windows run-aarch64 test-windows)
ci_steps=(check-loongarch64 build-windows build-aarch64 run-windows run-aarch64)
if [ $# -gt 0 ]; then steps=("$@"); else steps=("${default_steps[@]}"); fi
[ "${steps[*]}" = ci ] && steps=("${ci_steps[@]}")
for s in "${steps[@]}"; do
    case " ${all_steps[*]} " in *" $s "*) ;; *) echo "unknown step: $s" >&2; exit 64 ;; esac
done
wants() { case " ${steps[*]} " in *" $1 "*) return 0 ;; esac; return 1; }

# --- tools -------------------------------------------------------------------------------

# Measured with bookworm's rustc-web/cargo-web/rust-web-src 1.96.0+dfsg1-1~deb12u2,
# mingw-w64 12.2.0 (binutils 2.40), wine64 8.0, gcc-aarch64-linux-gnu 12.2.0,
# qemu-user-static 7.2 and zig 0.17.1 (PyPI's ziglang, pinned below).
zig_version=0.17.1
packages=(rustc-web cargo-web rust-web-src binutils-mingw-w64-x86-64 gcc-mingw-w64-x86-64
    wine64 gcc-aarch64-linux-gnu qemu-user-static tmux python3-pip)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing: ${missing[*]}"
        apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$logs/apt.log" 2>&1 ||
            { echo "FAIL install (see $logs/apt.log)"; exit 1; }
    else
        echo "FAIL missing packages: ${missing[*]}"; exit 1
    fi
fi
if { wants check-loongarch64 || wants check-both; } && ! python3 -m ziglang version >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        # Debian's pip installs next to its own packages only when told to.
        { python3 -m pip install -q "ziglang==$zig_version" ||
            python3 -m pip install -q --break-system-packages "ziglang==$zig_version"; } \
            >"$logs/pip.log" 2>&1 || { echo "FAIL pip install ziglang (see $logs/pip.log)"; exit 1; }
    else
        echo "FAIL zig missing (pip install ziglang)"; exit 1
    fi
fi

# Debian's compiler, by full path: the rustup toolchains stay as they are. Not through
# clippy-driver (.ci/run lints with it as the workspace wrapper): cargo would then take the
# rustup toolchain's sysroot, which has no standard library source to build.
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1
cargo_x=(nice -n 19 /usr/bin/cargo)
build_std=(-Zbuild-std=std,panic_abort)
export CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_x86_64_win7_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_win7_windows_gnu=x86_64-w64-mingw32-ar
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar

tools=$root/tools
mkdir -p "$tools"
cat >"$tools/cc-la64" <<'EOF'
#!/bin/sh
# zig as the loongarch64 C compiler, without the --target= that the cc crate adds.
for a in "$@"; do
    shift
    case "$a" in --target=*) ;; *) set -- "$@" "$a" ;; esac
done
exec python3 -m ziglang cc -target loongarch64-linux-gnu -mcpu=generic_la64 "$@"
EOF
printf '#!/bin/sh\nexec python3 -m ziglang ar "$@"\n' >"$tools/ar-zig"
chmod +x "$tools/cc-la64" "$tools/ar-zig"
export CC_loongarch64_unknown_linux_gnu=$tools/cc-la64 AR_loongarch64_unknown_linux_gnu=$tools/ar-zig

scratch=$(mktemp -d)
export WINEPREFIX=$scratch/wine WINEDEBUG=-all
wine=/usr/lib/wine/wine64
tmux_sock=reforms-cross-$$
cleanup() {
    tmux -L "$tmux_sock" kill-server >/dev/null 2>&1
    [ -d "$WINEPREFIX" ] && /usr/lib/wine/wineserver -k >/dev/null 2>&1
    rm -rf "$scratch"
}
trap cleanup EXIT

# A home of their own for every run: no user configuration or session leaks in. Cargo and
# rustup keep theirs, or every run would fetch the crates again.
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo} RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
home=$scratch/home
mkdir -p "$home"
export HOME=$home XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state \
    XDG_CACHE_HOME=$home/cache XDG_DATA_HOME=$home/data
unset REFORMS_CONFIG

# --- steps -------------------------------------------------------------------------------

failed=()
step() {
    local name=$1
    shift
    local start=$SECONDS
    if "$@" >"$logs/$name.log" 2>&1; then
        echo "PASS $name ($((SECONDS - start)) s)"
    else
        echo "FAIL $name ($((SECONDS - start)) s), last lines of $logs/$name.log:"
        tail -n 25 "$logs/$name.log" | sed 's/^/    /'
        failed+=("$name")
    fi
}

# One target folder for every target: the host's proc macros and build scripts, which take
# half of a cold type-check, are built once for all of them.
cross() { # TARGET[,TARGET...] CARGO-ARGS...
    local targets=()
    local t
    for t in ${1//,/ }; do targets+=(--target "$t"); done
    shift
    CARGO_TARGET_DIR=$root "${cargo_x[@]}" "$@" -j "$jobs" "${build_std[@]}" "${targets[@]}"
}
# What the type-checks cover: the library, the binary and the tests (benches and examples
# only measure and show; they add nothing a platform could break).
checked=(--lib --bins --tests)

# One profile for every step. (A build after a type-check still compiles some host proc
# macros again: seen with clap_derive and serde_derive.)
profile=(--profile cross)
win_dir=$root/x86_64-pc-windows-gnu/cross
win_exe=$win_dir/reforms.exe
arm_bin=$root/aarch64-unknown-linux-gnu/cross/reforms
qemu=(qemu-aarch64-static -L /usr/aarch64-linux-gnu)

host_bin() {
    local bin=${REFORMS_HOST_BIN:-$repo/target/release/reforms}
    if [ ! -x "$bin" ]; then
        nice -n 19 cargo build --release -j "$jobs" --bin reforms >&2 || return 1
        bin=$repo/target/release/reforms
    fi
    echo "$bin"
}

# The smoke suite through RUNNER..., compared with the host's binary.
smoke() {
    local host
    host=$(host_bin) || return 1
    SMOKE_REFERENCE=$host "$repo/scripts/smoke" "$@"
}

# The stand-in for the bcryptprimitives.dll that wine 8 lacks, next to the executable and
# to the test executables (a DLL in the program's folder is found first).
wine_standin() {
    x86_64-w64-mingw32-gcc -O2 -shared -o "$scratch/bcryptprimitives.dll" \
        "$repo/scripts/wine/bcryptprimitives.c" -ladvapi32 || return 1
    cp "$scratch/bcryptprimitives.dll" "$win_dir/" && cp "$scratch/bcryptprimitives.dll" "$win_dir/deps/"
}

build_windows() {
    cross x86_64-pc-windows-gnu build "${checked[@]}" "${profile[@]}" && wine_standin
}

run_windows() {
    [ -f "$win_exe" ] || { echo "no $win_exe: run build-windows"; return 1; }
    # The first call creates the wine prefix, and says so on standard error. A prefix that
    # did not come up (seen once, on a nearly full disk) fails every command with "could not
    # load kernel32.dll", which would read as the program failing: it is made again once,
    # and if it still fails the step says so.
    local first
    first=$("$wine" "$win_exe" --version 2>&1 >/dev/null)
    if [[ $first == *"could not load kernel32.dll"* ]]; then
        echo "the wine prefix did not come up; making it again"
        /usr/lib/wine/wineserver -k >/dev/null 2>&1
        rm -rf "$WINEPREFIX"
        first=$("$wine" "$win_exe" --version 2>&1 >/dev/null)
        if [[ $first == *"could not load kernel32.dll"* ]]; then
            echo "wine cannot start a program here: $first"
            df -h "$scratch"
            return 1
        fi
    fi
    # Without the stand-in the program cannot start under wine 8: if it could, the stand-in
    # would be hiding nothing and should go.
    mv "$win_dir/bcryptprimitives.dll" "$scratch/standin.dll"
    local without=0
    "$wine" "$win_exe" --version >/dev/null 2>&1 || without=$?
    mv "$scratch/standin.dll" "$win_dir/bcryptprimitives.dll"
    [ "$without" != 0 ] || { echo "reforms.exe starts without the stand-in DLL: remove it"; return 1; }
    smoke "$wine" "$win_exe"
}

run_aarch64() {
    [ -x "$arm_bin" ] || { echo "no $arm_bin: run build-aarch64"; return 1; }
    file -L "$arm_bin" | grep -q "ARM aarch64" || { file -L "$arm_bin"; return 1; }
    smoke "${qemu[@]}" "$arm_bin"
}

screen_has() { # TEXT SECONDS: wait until the pane shows TEXT
    local deadline=$((SECONDS + $2))
    while [ $SECONDS -lt $deadline ]; do
        tmux -L "$tmux_sock" capture-pane -p -t cross >"$scratch/screen" 2>/dev/null &&
            grep -qF -- "$1" "$scratch/screen" && return 0
        sleep 0.5
    done
    echo "screen never showed '$1':"; cat "$scratch/screen"
    return 1
}

browser_aarch64() {
    [ -x "$arm_bin" ] || { echo "no $arm_bin: run build-aarch64"; return 1; }
    local t=(tmux -L "$tmux_sock")
    "${t[@]}" -f /dev/null new-session -d -s cross -x 100 -y 30 \
        "cd '$repo' && env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' XDG_CACHE_HOME='$XDG_CACHE_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' ${qemu[*]} '$arm_bin' --fresh; echo EXIT=\$?; sleep 60" ||
        return 1
    screen_has '显示 ' 60 || return 1
    cp "$scratch/screen" "$logs/browser-start.txt"
    local total
    total=$(grep -o '改革事项 [0-9]*/[0-9]*' "$scratch/screen" | head -1 | cut -d/ -f2)
    "${t[@]}" send-keys -t cross /
    screen_has '搜索' 10 || return 1
    "${t[@]}" send-keys -t cross -l '数据'
    screen_has '查询: 数据' 20 || return 1
    cp "$scratch/screen" "$logs/browser-search.txt"
    cat "$scratch/screen"
    local shown
    shown=$(grep -o '改革事项 [0-9]*/[0-9]*' "$scratch/screen" | head -1 | sed 's/.* //; s|/.*||')
    echo "search 数据: $shown of $total reforms"
    if [ -z "$shown" ] || [ -z "$total" ] || [ "$shown" -lt 1 ] || [ "$shown" -ge "$total" ]; then
        echo "the search did not narrow the list"; return 1
    fi
    # Every title in the list holds the query or matches it by pinyin; at least the first does.
    grep -m1 '┃ *[0-9]* ' "$scratch/screen" | grep -q '数据' || { echo "first row lacks 数据"; return 1; }
    "${t[@]}" send-keys -t cross Enter
    sleep 1
    "${t[@]}" send-keys -t cross q
    screen_has 'EXIT=0' 30 || return 1
    "${t[@]}" kill-server
}

test_windows() {
    cross x86_64-pc-windows-gnu test "${profile[@]}" --lib --no-run --message-format=json \
        >"$scratch/test.json" || return 1
    wine_standin || return 1
    local exe
    exe=$(grep -o '"executable":"[^"]*"' "$scratch/test.json" | grep -v null | head -1 | cut -d'"' -f4)
    [ -n "$exe" ] || { echo "no test executable built"; return 1; }
    echo "running $exe under wine"
    "$wine" "$exe" --test-threads 1
}

sqlite() {
    local crate=$scratch/sqlite-cross
    mkdir -p "$crate/src"
    cat >"$crate/Cargo.toml" <<'EOF'
[package]
name = "sqlite-cross"
version = "0.1.0"
edition = "2021"

[dependencies]
rusqlite = { version = "0.39", features = ["bundled"] }
EOF
    cat >"$crate/src/main.rs" <<'EOF'
fn main() -> rusqlite::Result<()> {
    let db = rusqlite::Connection::open_in_memory()?;
    db.execute_batch("CREATE TABLE t (name TEXT); INSERT INTO t VALUES ('飞机'), ('数据');")?;
    let n: i64 = db.query_row("SELECT count(*) FROM t", [], |r| r.get(0))?;
    let last: String = db.query_row("SELECT name FROM t ORDER BY rowid DESC", [], |r| r.get(0))?;
    println!("rows {n} last {last}");
    Ok(())
}
EOF
    local out bad=0
    (cd "$crate" && cross x86_64-win7-windows-gnu build --release) || return 1
    out=$("$wine" "$root/x86_64-win7-windows-gnu/release/sqlite-cross.exe")
    echo "windows: $out"
    [ "$out" = "rows 2 last 数据" ] || bad=1
    (cd "$crate" && cross aarch64-unknown-linux-gnu build --release) || return 1
    out=$("${qemu[@]}" "$root/aarch64-unknown-linux-gnu/release/sqlite-cross")
    echo "aarch64: $out"
    [ "$out" = "rows 2 last 数据" ] || bad=1
    return $bad
}

total=$SECONDS
for s in "${steps[@]}"; do
    case $s in
    check-windows) step "$s" cross x86_64-pc-windows-gnu check "${checked[@]}" "${profile[@]}" ;;
    check-aarch64) step "$s" cross aarch64-unknown-linux-gnu check "${checked[@]}" "${profile[@]}" ;;
    check-loongarch64) step "$s" cross loongarch64-unknown-linux-gnu check "${checked[@]}" "${profile[@]}" ;;
    check-both) step "$s" cross x86_64-pc-windows-gnu,loongarch64-unknown-linux-gnu check "${checked[@]}" "${profile[@]}" ;;
    build-windows) step "$s" build_windows ;;
    build-aarch64) step "$s" cross aarch64-unknown-linux-gnu build --lib --bins "${profile[@]}" ;;
    run-windows) step "$s" run_windows ;;
    run-aarch64) step "$s" run_aarch64 ;;
    browser-aarch64) step "$s" browser_aarch64 ;;
    test-windows) step "$s" test_windows ;;
    sqlite) step "$s" sqlite ;;
    esac
done

echo "cross-check: ${#steps[@]} steps in $((SECONDS - total)) s, ${#failed[@]} failed${failed[*]:+: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
