#!/usr/bin/env bash
# Installs the VolunteerQuantum volunteer daemon as a macOS launchd daemon.
#
#   sudo installers/macos/install.sh install --coordinator URL --enroll TOKEN [--tls-pin sha256:HEX] [--owner NAME] [--threads N]
#   sudo installers/macos/install.sh uninstall [--keep-data]
#   installers/macos/install.sh status
#
# install publishes the daemon from this repository (needs the .NET 10 SDK; the daemon then needs
# the .NET 10 runtime), creates the hidden system user _vqvolunteer, writes
# /usr/local/etc/volunteerquantum/volunteer.json (mode 0640, root:_vqvolunteer), installs
# /Library/LaunchDaemons/org.volunteerquantum.volunteer.plist, checks it with plutil and loads it.
# Running it again upgrades in place; without --coordinator/--enroll it keeps the configuration.
#
# A TLS grid whose certificate is self-signed gives its volunteers a pin, sha256:<64 hex digits>:
# either --tls-pin PIN, or an enrollment token of the form TOKEN#sha256:<64 hex digits> (the one
# string `vq coordinator --tls self-signed` writes); both given must agree, and a pin needs an
# https:// coordinator. The pin lands in the configuration as Volunteer:TlsPin.
#
# Options for every verb:
#   --prefix DIR  stage the install under DIR: nothing outside DIR changes, no user is created,
#                 nothing is chowned, launchctl is not called.
#   --dry-run     print every action instead of doing it; nothing changes.
#   --from DIR    install an already published daemon from DIR instead of publishing one, or
#   --from FILE   from a release archive (installers/release.sh: self-contained, no .NET needed),
#                 checked against the SHA256SUMS beside it.
set -euo pipefail

LABEL=org.volunteerquantum.volunteer
SERVICE_USER=_vqvolunteer
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
BIN_DIR=$PREFIX/usr/local/lib/volunteerquantum
CONF_DIR=$PREFIX/usr/local/etc/volunteerquantum
CONF=$CONF_DIR/volunteer.json
PLIST_DIR=$PREFIX/Library/LaunchDaemons
PLIST=$PLIST_DIR/$LABEL.plist
DATA_DIR="$PREFIX/Library/Application Support/VolunteerQuantum/volunteer"
LOG_DIR=$PREFIX/Library/Logs/VolunteerQuantum

run() {
    echo "+ $(printf '%q ' "$@")"
    if [[ $DRY_RUN -eq 0 ]]; then
        "$@" || failed "'$*' failed"
    fi
}

system() {
    if [[ $SYSTEM -eq 1 ]]; then
        run "$@"
    else
        echo "  (--prefix: skipped) $(printf '%q ' "$@")"
    fi
}

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
        failed "installing a launchd daemon needs root: run it with sudo (or pass --prefix DIR to stage an install)"
    fi
}

dotnet_root() {
    local dotnet
    dotnet=$(command -v dotnet) || { echo /usr/local/share/dotnet; return; }
    # macOS readlink has no -f: follow the link by hand.
    while [[ -L $dotnet ]]; do
        local target
        target=$(readlink "$dotnet")
        [[ $target == /* ]] && dotnet=$target || dotnet=$(dirname "$dotnet")/$target
    done
    dirname "$dotnet"
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
        run cp -R "$from/." "$target"
        [[ $from == "$FROM" ]] || rm -rf "$(dirname "$from")"
        return
    fi
    [[ -f $REPO/src/VolunteerQuantum.Volunteer/VolunteerQuantum.Volunteer.csproj ]] \
        || failed "no repository around $HERE: run the script from a clone, or pass --from DIR with a published daemon"
    command -v dotnet >/dev/null || failed "publishing needs the .NET 10 SDK (https://dot.net), or pass --from DIR with a published daemon"
    run dotnet publish "$REPO/src/VolunteerQuantum.Volunteer/VolunteerQuantum.Volunteer.csproj" -c Release -o "$target" --nologo -v quiet
}

render_plist() {
    local root
    root=$(dotnet_root)
    for path in "$BIN_DIR" "$CONF" "$DATA_DIR" "$LOG_DIR" "$root"; do
        [[ $path != *[\&\<\>\#]* ]] || failed "the path '$path' cannot go into a plist as it is"
    done
    sed -e "s#/usr/local/lib/volunteerquantum#$BIN_DIR#g" \
        -e "s#/usr/local/etc/volunteerquantum/volunteer.json#$CONF#g" \
        -e "s#/Library/Application Support/VolunteerQuantum/volunteer#$DATA_DIR#g" \
        -e "s#/Library/Logs/VolunteerQuantum#$LOG_DIR#g" \
        -e "s#/usr/local/share/dotnet#$root#g" \
        "$HERE/$LABEL.plist"
}

check_plist() {
    echo "+ plutil -lint $PLIST"
    [[ $DRY_RUN -eq 1 ]] && return
    if command -v plutil >/dev/null; then
        plutil -lint "$PLIST" >/dev/null || failed "plutil rejects $PLIST"
    elif command -v python3 >/dev/null; then
        python3 -c 'import plistlib, sys; plistlib.load(open(sys.argv[1], "rb"))' "$PLIST" || failed "$PLIST is not a valid property list"
    else
        echo "warning: neither plutil nor python3 found: $PLIST not checked" >&2
    fi
}

create_user() {
    if dscl . -read "/Users/$SERVICE_USER" >/dev/null 2>&1; then
        echo "  user $SERVICE_USER exists"
        return
    fi
    # A free id below 500: system accounts are hidden from the login window.
    local id=300
    while dscl . -search /Users UniqueID "$id" | grep -q . || dscl . -search /Groups PrimaryGroupID "$id" | grep -q .; do
        id=$((id + 1))
        [[ $id -lt 500 ]] || failed "no free system user id below 500"
    done
    run dscl . -create "/Groups/$SERVICE_USER"
    run dscl . -create "/Groups/$SERVICE_USER" PrimaryGroupID "$id"
    run dscl . -create "/Users/$SERVICE_USER"
    run dscl . -create "/Users/$SERVICE_USER" UniqueID "$id"
    run dscl . -create "/Users/$SERVICE_USER" PrimaryGroupID "$id"
    run dscl . -create "/Users/$SERVICE_USER" UserShell /usr/bin/false
    run dscl . -create "/Users/$SERVICE_USER" NFSHomeDirectory "$DATA_DIR"
    run dscl . -create "/Users/$SERVICE_USER" RealName "VolunteerQuantum volunteer"
    run dscl . -create "/Users/$SERVICE_USER" IsHidden 1
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

    echo "==> publishing the daemon into $BIN_DIR"
    run mkdir -p "$(dirname "$BIN_DIR")"
    run rm -rf "$BIN_DIR.new"
    run mkdir -p "$BIN_DIR.new"
    publish "$BIN_DIR.new"
    [[ $DRY_RUN -eq 1 || -x $BIN_DIR.new/vq-volunteer ]] || failed "the published daemon has no vq-volunteer executable"
    run rm -rf "$BIN_DIR"
    run mv "$BIN_DIR.new" "$BIN_DIR"

    echo "==> the service user, its data and log directories"
    if [[ $SYSTEM -eq 1 ]]; then
        if [[ $DRY_RUN -eq 1 ]]; then
            echo "+ dscl . -create /Users/$SERVICE_USER ... (a hidden system user, if missing)"
        else
            create_user
        fi
    else
        echo "  (--prefix: skipped) creating the user $SERVICE_USER"
    fi
    run mkdir -p "$DATA_DIR" "$LOG_DIR"
    run chmod 0755 "$DATA_DIR"
    system chown "$SERVICE_USER:$SERVICE_USER" "$DATA_DIR" "$LOG_DIR"

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

    echo "==> launchd daemon"
    run mkdir -p "$PLIST_DIR"
    render_plist | write_file "$PLIST" 0644
    check_plist
    if [[ $SYSTEM -eq 1 ]]; then
        echo "+ launchctl bootout system/$LABEL (if loaded)"
        [[ $DRY_RUN -eq 1 ]] || launchctl bootout "system/$LABEL" 2>/dev/null || true
    fi
    system launchctl bootstrap system "$PLIST"
    system launchctl enable "system/$LABEL"
    echo "==> installed. 'install.sh status${PREFIX:+ --prefix $PREFIX}' shows what it does."
}

uninstall_daemon() {
    require_root
    if [[ $SYSTEM -eq 1 ]]; then
        echo "+ launchctl bootout system/$LABEL (if loaded)"
        [[ $DRY_RUN -eq 1 ]] || launchctl bootout "system/$LABEL" 2>/dev/null || true
    fi
    for path in "$PLIST" "$BIN_DIR" "$BIN_DIR.new" "$CONF_DIR" "$LOG_DIR"; do
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
        if dscl . -read "/Users/$SERVICE_USER" >/dev/null 2>&1; then
            system dscl . -delete "/Users/$SERVICE_USER"
            system dscl . -delete "/Groups/$SERVICE_USER"
        fi
    else
        for dir in "usr/local/lib" "usr/local/etc" "usr/local" "usr" "Library/LaunchDaemons" "Library/Application Support/VolunteerQuantum" \
            "Library/Application Support" "Library/Logs" "Library"; do
            if [[ -d $PREFIX/$dir && $DRY_RUN -eq 0 ]]; then
                rmdir "$PREFIX/$dir" 2>/dev/null || true
            fi
        done
    fi
    echo "==> uninstalled"
}

show_status() {
    local installed=1
    for path in "$BIN_DIR/vq-volunteer" "$CONF" "$PLIST"; do
        if [[ -e $path ]]; then
            echo "present   $path"
        else
            echo "missing   $path"
            installed=0
        fi
    done
    if [[ $SYSTEM -eq 1 ]] && command -v launchctl >/dev/null; then
        launchctl print "system/$LABEL" 2>/dev/null | grep -E '^\s*(state|pid|last exit code) =' || echo "launchd: $LABEL is not loaded"
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
