#!/usr/bin/env bash
# Installs the VolunteerQuantum volunteer daemon as a systemd service.
#
#   sudo installers/linux/install.sh install --coordinator URL --enroll TOKEN [--tls-pin sha256:HEX] [--owner NAME] [--threads N]
#   sudo installers/linux/install.sh uninstall [--keep-data]
#   installers/linux/install.sh status
#
# install publishes the daemon from this repository (needs the .NET 10 SDK; the service then needs
# the .NET 10 runtime), creates the system user vqvolunteer, writes /etc/volunteerquantum/volunteer.json
# (mode 0640, root:vqvolunteer), installs vq-volunteer.service, verifies it with systemd-analyze,
# enables and (re)starts it. Running it again upgrades in place; without --coordinator/--enroll it
# keeps the existing configuration.
#
# A TLS grid whose certificate is self-signed gives its volunteers a pin, sha256:<64 hex digits>:
# either --tls-pin PIN, or an enrollment token of the form TOKEN#sha256:<64 hex digits> (the one
# string `vq coordinator --tls self-signed` writes); both given must agree, and a pin needs an
# https:// coordinator. The pin lands in the configuration as Volunteer:TlsPin.
#
# Options for every verb:
#   --prefix DIR  stage the install under DIR (DIR/opt, DIR/etc, DIR/var/lib): nothing outside DIR
#                 changes, and no user is created, nothing is chowned, systemctl is not called
#                 (how the tests install without touching the machine).
#   --dry-run     print every action instead of doing it; nothing changes.
#   --from DIR    install an already published daemon from DIR instead of publishing one, or
#   --from FILE   from a release archive (installers/release.sh: self-contained, no .NET needed),
#                 checked against the SHA256SUMS beside it.
set -euo pipefail

SERVICE=vq-volunteer.service
SERVICE_USER=vqvolunteer
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

failed() {
    echo "install.sh: error: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

VERB=${1:-}
[[ -n $VERB ]] || usage
shift
PREFIX=""
DRY_RUN=0
FROM=""
COORDINATOR=""
TOKEN=""
PIN=""
OWNER=${SUDO_USER:-${USER:-volunteer}}
THREADS=0
KEEP_DATA=0
while [[ $# -gt 0 ]]; do
    case $1 in
        --prefix) [[ $# -ge 2 ]] || failed "--prefix needs a directory"; PREFIX=$2; shift 2 ;;
        --dry-run) DRY_RUN=1; shift ;;
        --from) [[ $# -ge 2 ]] || failed "--from needs a directory or a release archive"; FROM=$2; shift 2 ;;
        --coordinator) [[ $# -ge 2 ]] || failed "--coordinator needs a URL"; COORDINATOR=$2; shift 2 ;;
        --enroll) [[ $# -ge 2 ]] || failed "--enroll needs a token"; TOKEN=$2; shift 2 ;;
        --tls-pin) [[ $# -ge 2 ]] || failed "--tls-pin needs a pin (sha256:<64 hex digits>)"; PIN=$2; shift 2 ;;
        --owner) [[ $# -ge 2 ]] || failed "--owner needs a name"; OWNER=$2; shift 2 ;;
        --threads) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || failed "--threads needs a number"; THREADS=$2; shift 2 ;;
        --keep-data) KEEP_DATA=1; shift ;;
        -h|--help) usage ;;
        *) failed "unknown option '$1' (see --help)" ;;
    esac
done

if [[ -n $PREFIX ]]; then
    [[ $PREFIX == /* ]] || PREFIX="$(pwd)/$PREFIX"
    PREFIX=${PREFIX%/}
    [[ -n $PREFIX ]] || failed "--prefix / is the real system: leave --prefix out instead"
    SYSTEM=0
else
    SYSTEM=1
fi
BIN_DIR=$PREFIX/opt/volunteerquantum
CONF_DIR=$PREFIX/etc/volunteerquantum
CONF=$CONF_DIR/volunteer.json
UNIT_DIR=$PREFIX/etc/systemd/system
UNIT=$UNIT_DIR/$SERVICE
DATA_DIR=$PREFIX/var/lib/volunteerquantum

# Prints a command, then runs it (unless --dry-run); a failing command stops the install.
run() {
    echo "+ $(printf '%q ' "$@")"
    if [[ $DRY_RUN -eq 0 ]]; then
        "$@" || failed "'$*' failed"
    fi
}

# A change to the machine outside the prefix: done only for a real (unprefixed) install.
system() {
    if [[ $SYSTEM -eq 1 ]]; then
        run "$@"
    else
        echo "  (--prefix: skipped) $(printf '%q ' "$@")"
    fi
}

# write_file PATH MODE < content: written to a temporary file beside PATH, then renamed over it.
write_file() {
    local path=$1 mode=$2 content tmp
    content=$(cat)
    echo "+ write $path (mode $mode)"
    if [[ $DRY_RUN -eq 1 ]]; then
        printf '%s\n' "$content" | sed 's/^/    | /'
        return
    fi
    tmp=$(mktemp "$path.XXXXXX") || failed "cannot write in $(dirname "$path")"
    printf '%s\n' "$content" >"$tmp" && chmod "$mode" "$tmp" && mv -f "$tmp" "$path" || { rm -f "$tmp"; failed "cannot write $path"; }
}

json_string() {
    local s=$1
    [[ $s != *[[:cntrl:]]* ]] || failed "control characters are not allowed in '$s'"
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    printf '"%s"' "$s"
}

# Splits TOKEN#PIN (as the daemon's EnrollmentString does: at the last '#') and checks the pin
# against --tls-pin and the coordinator's scheme; leaves the bare token in TOKEN, the pin in PIN.
resolve_pin() {
    local from_token=""
    if [[ $TOKEN == *'#'* ]]; then
        from_token=${TOKEN##*#}
        TOKEN=${TOKEN%#*}
        [[ -n $TOKEN ]] || failed "--enroll has a pin but no token before the '#'"
        [[ $from_token =~ ^sha256:[0-9a-fA-F]{64}$ ]] || failed "--enroll: '$from_token' after the '#' is not a certificate pin: expected sha256:<64 hex digits>"
    fi
    if [[ -n $PIN ]]; then
        [[ $PIN =~ ^sha256:[0-9a-fA-F]{64}$ ]] || failed "--tls-pin '$PIN' is not a certificate pin: expected sha256:<64 hex digits>"
    fi
    PIN=$(printf '%s' "$PIN" | tr '[:upper:]' '[:lower:]')
    from_token=$(printf '%s' "$from_token" | tr '[:upper:]' '[:lower:]')
    if [[ -n $PIN && -n $from_token && $PIN != "$from_token" ]]; then
        failed "--tls-pin $PIN disagrees with the pin in --enroll ($from_token): give one, or the same twice"
    fi
    PIN=${PIN:-$from_token}
    if [[ -n $PIN ]]; then
        local entry
        IFS=',' read -ra entries <<< "$COORDINATOR"
        for entry in "${entries[@]}"; do
            [[ $entry == https://* ]] || failed "a certificate pin needs an https:// --coordinator, not '$entry'"
        done
    fi
}

require_root() {
    if [[ $SYSTEM -eq 1 && $DRY_RUN -eq 0 && $EUID -ne 0 ]]; then
        failed "installing a system service needs root: run it with sudo (or pass --prefix DIR to stage an install)"
    fi
}

dotnet_root() {
    local dotnet
    dotnet=$(command -v dotnet) || { echo /usr/share/dotnet; return; }
    dirname "$(readlink -f "$dotnet")"
}

# Release archives: unpack (checked against SHA256SUMS).
# shellcheck source=../common/release-archive.sh
source "$HERE/../common/release-archive.sh"

publish() {
    local target=$1
    if [[ -n $FROM ]]; then
        local from=$FROM
        if [[ -f $FROM ]]; then
            from=$(unpack "$FROM")
        fi
        [[ -x $from/vq-volunteer || $DRY_RUN -eq 1 ]] || failed "--from $FROM holds no published vq-volunteer"
        run cp -a "$from/." "$target"
        [[ $from == "$FROM" ]] || rm -rf "$(dirname "$from")"
        return
    fi
    [[ -f $REPO/src/VolunteerQuantum.Volunteer/VolunteerQuantum.Volunteer.csproj ]] \
        || failed "no repository around $HERE: run the script from a clone, or pass --from DIR with a published daemon"
    command -v dotnet >/dev/null || failed "publishing needs the .NET 10 SDK (https://dot.net), or pass --from DIR with a published daemon"
    run dotnet publish "$REPO/src/VolunteerQuantum.Volunteer/VolunteerQuantum.Volunteer.csproj" -c Release -o "$target" --nologo -v quiet
}

render_unit() {
    local root protect_home=yes
    root=$(dotnet_root)
    # A runtime under a home directory must stay readable to the service.
    if [[ $root == /home/* || $root == /root/* ]]; then
        protect_home=read-only
    fi
    sed -e "s#/opt/volunteerquantum#$BIN_DIR#g" \
        -e "s#/etc/volunteerquantum/volunteer.json#$CONF#g" \
        -e "s#configuration in /etc/volunteerquantum,#configuration in ${CONF%/*},#" \
        -e "s#/var/lib/volunteerquantum#$DATA_DIR#g" \
        -e "s#^Environment=DOTNET_ROOT=.*#Environment=DOTNET_ROOT=$root#" \
        -e "s#^ProtectHome=.*#ProtectHome=$protect_home#" \
        -e "s#^User=.*#User=$SERVICE_USER#" -e "s#^Group=.*#Group=$SERVICE_USER#" \
        "$HERE/$SERVICE"
}

verify_unit() {
    if ! command -v systemd-analyze >/dev/null; then
        echo "warning: systemd-analyze not found: $UNIT not verified" >&2
        return
    fi
    echo "+ systemd-analyze verify $UNIT"
    [[ $DRY_RUN -eq 1 ]] && return
    local report
    report=$(systemd-analyze verify "$UNIT" 2>&1) || failed "systemd-analyze rejects $UNIT:"$'\n'"$report"
    [[ -z $report ]] || echo "$report" >&2
}

install_daemon() {
    require_root
    if [[ -z $COORDINATOR && -z $TOKEN && -z $PIN && -f $CONF ]]; then
        echo "keeping the configuration in $CONF"
    else
        [[ -n $COORDINATOR ]] || failed "install needs --coordinator URL (the grid's gRPC address, e.g. http://grid.example.org:7070)"
        # A comma-separated list names several coordinators of one grid: check every entry.
        local entry
        IFS=',' read -ra entries <<< "$COORDINATOR,"
        for entry in "${entries[@]}"; do
            [[ $entry =~ ^https?://[^[:space:],]+$ ]] || failed "--coordinator '$entry' is not an http:// or https:// URL (several are separated by commas, no spaces)"
        done
        [[ -n $TOKEN ]] || failed "install needs --enroll TOKEN (ask the grid's operator)"
        resolve_pin
    fi
    if [[ $SYSTEM -eq 1 && $DRY_RUN -eq 0 ]]; then
        command -v systemctl >/dev/null || failed "systemctl not found: this installer needs systemd"
    fi

    echo "==> publishing the daemon into $BIN_DIR"
    run mkdir -p "$PREFIX/opt"
    run rm -rf "$BIN_DIR.new"
    run mkdir -p "$BIN_DIR.new"
    publish "$BIN_DIR.new"
    [[ $DRY_RUN -eq 1 || -x $BIN_DIR.new/vq-volunteer ]] || failed "the published daemon has no vq-volunteer executable"
    run rm -rf "$BIN_DIR"
    run mv "$BIN_DIR.new" "$BIN_DIR"

    echo "==> the service user and its data directory"
    if [[ $SYSTEM -eq 1 ]] && id "$SERVICE_USER" >/dev/null 2>&1; then
        echo "  user $SERVICE_USER exists"
    else
        system useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin \
            --comment "VolunteerQuantum volunteer" "$SERVICE_USER"
    fi
    run mkdir -p "$DATA_DIR"
    run chmod 0755 "$DATA_DIR"
    system chown "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR"

    echo "==> configuration"
    run mkdir -p "$CONF_DIR"
    if [[ -n $COORDINATOR ]]; then
        write_file "$CONF" 0640 <<JSON
{
  "Volunteer": {
    "Coordinator": $(json_string "$COORDINATOR"),
    "EnrollmentToken": $(json_string "$TOKEN"),
    "TlsPin": $(json_string "$PIN"),
    "DataDirectory": $(json_string "$DATA_DIR"),
    "Owner": $(json_string "$OWNER"),
    "MaxThreads": $THREADS,
    "CheckpointSeconds": 60,
    "Policy": {
      "Mode": "Auto"
    }
  }
}
JSON
    fi
    system chown "root:$SERVICE_USER" "$CONF"

    echo "==> systemd unit"
    run mkdir -p "$UNIT_DIR"
    render_unit | write_file "$UNIT" 0644
    verify_unit
    system systemctl daemon-reload
    system systemctl enable "$SERVICE"
    system systemctl restart "$SERVICE"
    if [[ $SYSTEM -eq 1 && $DRY_RUN -eq 0 ]]; then
        sleep 2
        systemctl is-active --quiet "$SERVICE" || failed "$SERVICE did not start: see 'journalctl -u $SERVICE -n 50'"
    fi
    echo "==> installed. 'install.sh status${PREFIX:+ --prefix $PREFIX}' shows what it does."
}

uninstall_daemon() {
    require_root
    if [[ $SYSTEM -eq 1 ]] && command -v systemctl >/dev/null && systemctl cat "$SERVICE" >/dev/null 2>&1; then
        system systemctl disable --now "$SERVICE"
    fi
    for path in "$UNIT" "$BIN_DIR" "$BIN_DIR.new" "$CONF_DIR"; do
        if [[ -e $path || $DRY_RUN -eq 1 ]]; then
            run rm -rf "$path"
        fi
    done
    if [[ $KEEP_DATA -eq 1 ]]; then
        echo "  keeping $DATA_DIR (--keep-data)"
    elif [[ -e $DATA_DIR || $DRY_RUN -eq 1 ]]; then
        run rm -rf "$DATA_DIR"
    fi
    if [[ $SYSTEM -eq 1 ]]; then
        if command -v systemctl >/dev/null; then
            system systemctl daemon-reload
        fi
        if id "$SERVICE_USER" >/dev/null 2>&1; then
            system userdel "$SERVICE_USER"
        fi
    else
        # A staged install leaves no empty directories behind either.
        for dir in etc/systemd/system etc/systemd etc opt var/lib var; do
            if [[ -d $PREFIX/$dir && $DRY_RUN -eq 0 ]]; then
                rmdir "$PREFIX/$dir" 2>/dev/null || true
            fi
        done
    fi
    echo "==> uninstalled"
}

show_status() {
    local installed=1
    for path in "$BIN_DIR/vq-volunteer" "$CONF" "$UNIT"; do
        if [[ -e $path ]]; then
            echo "present   $path"
        else
            echo "missing   $path"
            installed=0
        fi
    done
    if [[ $SYSTEM -eq 1 ]] && command -v systemctl >/dev/null; then
        systemctl status "$SERVICE" --no-pager --lines=5 || true
    fi
    if [[ -x $BIN_DIR/vq-volunteer ]]; then
        "$BIN_DIR/vq-volunteer" status --data-dir "$DATA_DIR" || true
    fi
    [[ $installed -eq 1 ]] || failed "the volunteer is not (completely) installed${PREFIX:+ under $PREFIX}"
}

case $VERB in
    install) install_daemon ;;
    uninstall) uninstall_daemon ;;
    status) show_status ;;
    -h|--help|help) usage ;;
    *) failed "unknown verb '$VERB': use install, uninstall or status" ;;
esac
