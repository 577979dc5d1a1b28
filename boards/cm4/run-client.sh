#!/usr/bin/env bash
# Runs the Cortex-M4F TLS client firmware in QEMU (mps2-an386) against a real TLS 1.3 server
# on 127.0.0.1, its UART carried over TCP. Exits with QEMU's status (the firmware's exit code:
# 0 = verified handshake, request, answer and close_notify; non-zero otherwise).
#
#   boards/cm4/run-client.sh [openssl|wren] [ELF]
#
# openssl: `openssl s_server -www` (answers GET with a status page, then close_notify).
# wren:    C's `wren-server --echo` (echoes the request; the client closes first).
# Without ELF it builds the firmware first (unless SKIP_BUILD=1). It is also the cargo runner
# for thumbv7em-none-eabihf (.cargo/config.toml), which passes the ELF: `cargo cm4-client`.
# Env: PEER (default openssl), CARGO_TARGET_DIR (default <repo>/target), SKIP_BUILD=1,
#      WREN_SERVER=path to a built wren-server, ICOUNT=0 to run without `-icount shift=0`
#      (instruction counts then follow host time and mean nothing).
# Needs: qemu-system-arm (apt-get install qemu-system-arm), openssl, python3, rustup target
# thumbv7em-none-eabihf.
set -euo pipefail

peer=${PEER:-openssl}
elf=
for arg in "$@"; do
    case $arg in
    openssl | wren) peer=$arg ;;
    *) elf=$arg ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
pki=$root/tls-cert/testdata

if [[ -z $elf ]]; then
    elf=$target_dir/thumbv7em-none-eabihf/release/cm4-client
    if [[ ${SKIP_BUILD:-0} != 1 ]]; then
        (cd "$root" && CARGO_TARGET_DIR=$target_dir \
            cargo build --release -p wren-board-cm4 --target thumbv7em-none-eabihf)
    fi
fi
if [[ ! -f $elf ]]; then
    echo "run-client: no firmware at $elf" >&2
    exit 2
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# The server presents leaf + intermediate; the firmware trusts only the root.
cat "$pki/leaf-p256.pem" "$pki/int-ca.pem" > "$work/chain.pem"
key=$pki/leaf-p256.key.pem

# Keeps the server's stdin open (s_server exits when it closes) without a pipeline, so both
# processes have PIDs of their own to kill.
mkfifo "$work/stdin"

case $peer in
openssl)
    # A free port: bind port 0, read it, close (s_server cannot report a port it chose).
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    # -cert takes the leaf only; the intermediate goes in -cert_chain.
    openssl s_server -accept "127.0.0.1:$port" -cert "$pki/leaf-p256.pem" \
        -cert_chain "$pki/int-ca.pem" -key "$key" \
        -tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 -groups X25519 \
        -www -naccept 1 < "$work/stdin" > "$work/server.log" 2>&1 &
    pids+=($!)
    ready='ACCEPT'
    ;;
wren)
    wren_server=${WREN_SERVER:-$target_dir/debug/wren-server}
    if [[ -z ${WREN_SERVER:-} && ${SKIP_BUILD:-0} != 1 ]]; then
        (cd "$root" && CARGO_TARGET_DIR=$target_dir cargo build -p wren-tools --bin wren-server)
    fi
    "$wren_server" --accept 127.0.0.1:0 --cert "$work/chain.pem" --key "$key" \
        --policy 20251122_chacha20_only --echo --naccept 1 \
        < "$work/stdin" > "$work/server.log" 2>&1 &
    pids+=($!)
    ready='listening on'
    ;;
*)
    echo "usage: $0 [openssl|wren]" >&2
    exit 2
    ;;
esac
sleep 60 > "$work/stdin" &
pids+=($!)

# Bounded wait for the server to listen (10 s).
for _ in $(seq 200); do
    grep -q "$ready" "$work/server.log" 2>/dev/null && break
    if ! kill -0 "${pids[0]}" 2>/dev/null; then break; fi
    sleep 0.05
done
if ! grep -q "$ready" "$work/server.log"; then
    echo "run-client: server did not start:" >&2
    cat "$work/server.log" >&2
    exit 2
fi
if [[ $peer == wren ]]; then
    port=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\).*/\1/p' "$work/server.log" | head -1)
fi
echo "run-client: $peer server on 127.0.0.1:$port (pid ${pids[0]})"

icount=(-icount shift=0)
[[ ${ICOUNT:-1} == 0 ]] && icount=()
set +e
timeout 60 qemu-system-arm -cpu cortex-m4 -machine mps2-an386 -display none -monitor none \
    -semihosting-config enable=on,target=native "${icount[@]}" \
    -serial "tcp:127.0.0.1:$port" -kernel "$elf" < /dev/null > "$work/qemu.log" 2>&1
status=$?
set -e
cat "$work/qemu.log"
echo "run-client: qemu exit status $status"
if [[ $status != 0 ]]; then
    echo "run-client: server log:" >&2
    cat "$work/server.log" >&2
fi
exit "$status"
