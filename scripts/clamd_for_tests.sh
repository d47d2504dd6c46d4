#!/usr/bin/env bash
# Start a ClamAV daemon for the tests, with a signature database that knows only the EICAR test file (the real
# databases cannot be downloaded here, and freshclam is not run). Everything lives in DIR: the database, the
# configuration, the socket, the log and the pid file. Prints the address for KP_CLAMD_ADDRESS once clamd
# answers PING; stop it with: kill "$(cat DIR/clamd.pid)".
#
#   scripts/clamd_for_tests.sh DIR            # a unix socket, DIR/clamd.sock
#   scripts/clamd_for_tests.sh DIR 3310       # TCP on 127.0.0.1:3310
set -euo pipefail

dir="${1:?usage: $0 DIR [PORT]}"
port="${2:-}"
command -v clamd >/dev/null || { echo "clamd is not installed (apt-get install clamav-daemon)" >&2; exit 1; }
mkdir -p "$dir/db" "$dir/tmp"
dir="$(cd "$dir" && pwd)"

# The 68-character EICAR test string, as hex: ClamAV's body-signature format (.ndb), target any file type,
# matched anywhere, in members of archives (.docx, .odt, .zip) too, which clamd unpacks itself.
eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
hex="$(printf '%s' "$eicar" | od -An -tx1 -v | tr -d ' \n')"
printf 'Eicar-Test-Signature:0:*:%s\n' "$hex" >"$dir/db/eicar.ndb"

if [ -n "$port" ]; then
  listen="TCPSocket $port
TCPAddr 127.0.0.1"
  address="127.0.0.1:$port"
else
  listen="LocalSocket $dir/clamd.sock"
  address="$dir/clamd.sock"
fi
cat >"$dir/clamd.conf" <<CONF
$listen
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
PidFile $dir/clamd.pid
LogFile $dir/clamd.log
LogTime yes
Foreground no
# Uploads may be 100 MB; the defaults would stop at 25 MB of stream.
StreamMaxLength 120M
MaxFileSize 120M
MaxScanSize 400M
CONF

clamd --config-file="$dir/clamd.conf"
if ! clamdscan --config-file="$dir/clamd.conf" --ping 60:1 >/dev/null 2>&1; then
  echo "clamd did not answer PING; its log:" >&2
  cat "$dir/clamd.log" >&2 || true
  exit 1
fi
echo "$address"
