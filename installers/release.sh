#!/usr/bin/env bash
# Builds the release archives: vq and vq-volunteer as self-contained single-file executables (no .NET
# SDK or runtime needed where they run), one archive per platform, and SHA256SUMS over them.
#
#   installers/release.sh [--rid RID]... [--out DIR] [--version VERSION]
#
#   --rid RID        linux-x64, linux-arm64, win-x64 or osx-arm64 (repeatable; default: all four)
#   --out DIR        where the archives go (default: ./release)
#   --version V      the version in the archive names and in `vq --version` (default: git describe)
#
# Each archive, volunteerquantum-V-RID.tar.gz (.zip for Windows), holds one folder with vq,
# vq-volunteer, the sample circuits, the installers and a README.txt. The installers take the
# archive itself: installers/linux/install.sh install --from volunteerquantum-V-linux-x64.tar.gz …,
# checking it against SHA256SUMS beside it. Building needs the .NET 10 SDK and NuGet access (the
# runtime packs of each platform are downloaded once).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
ALL_RIDS=(linux-x64 linux-arm64 win-x64 osx-arm64)

failed() {
    echo "release.sh: error: $*" >&2
    exit 1
}

RIDS=()
OUT=$PWD/release
VERSION=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --rid) [[ $# -ge 2 ]] || failed "--rid needs a runtime identifier"; RIDS+=("$2"); shift 2 ;;
        --out) [[ $# -ge 2 ]] || failed "--out needs a directory"; OUT=$2; shift 2 ;;
        --version) [[ $# -ge 2 ]] || failed "--version needs a version"; VERSION=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) failed "unknown argument '$1' (see --help)" ;;
    esac
done
[[ ${#RIDS[@]} -gt 0 ]] || RIDS=("${ALL_RIDS[@]}")
for rid in "${RIDS[@]}"; do
    [[ " ${ALL_RIDS[*]} " == *" $rid "* ]] || failed "unknown platform '$rid' (one of: ${ALL_RIDS[*]})"
done
command -v dotnet >/dev/null || failed "building a release needs the .NET 10 SDK (https://dot.net)"
if [[ -z $VERSION ]]; then
    VERSION=$(git -C "$REPO" describe --tags --always --dirty 2>/dev/null || echo dev)
fi
[[ $VERSION =~ ^[A-Za-z0-9._+-]+$ ]] || failed "version '$VERSION' has characters an archive name cannot carry"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A private artifacts folder: the release never touches (or reuses) the checkout's bin and obj.
export VQ_ARTIFACTS=$WORK/artifacts

for rid in "${RIDS[@]}"; do
    name=volunteerquantum-$VERSION-$rid
    stage=$WORK/$name
    echo "==> $name"
    for project in VolunteerQuantum.Cli VolunteerQuantum.Volunteer; do
        dotnet publish "$REPO/src/$project" -c Release -r "$rid" --self-contained \
            -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none \
            -p:InformationalVersion="$VERSION" -o "$stage" --nologo -v quiet
    done
    # The volunteer's own configuration file stays (the daemon reads it); vq configures in code.
    rm -f "$stage"/*.pdb
    cp -r "$REPO/installers" "$stage/installers"
    rm -f "$stage/installers/release.sh"
    cat > "$stage/README.txt" <<TEXT
VolunteerQuantum $VERSION for $rid: self-contained, nothing else to install.

  vq simulate Samples/ghz.qasm            simulate a circuit on this machine
  vq run Samples/ghz.qasm                 run it on an embedded grid of volunteers, verified
  vq volunteer --coordinator URL --enroll TOKEN     lend this machine to a grid

Install the volunteer daemon as a service from this archive (it is checked against SHA256SUMS):
  Linux:   sudo installers/linux/install.sh install --from ../$name.tar.gz --coordinator URL --enroll TOKEN
  macOS:   installers/macos/install.sh install --from ../$name.tar.gz --coordinator URL --enroll TOKEN
  Windows: installers\\windows\\install.ps1 install -From ..\\$name.zip -Coordinator URL -Enroll TOKEN
TEXT
    rm -f "$OUT/$name.tar.gz" "$OUT/$name.zip"
    if [[ $rid == win-* ]]; then
        (cd "$WORK" && python3 -c 'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", ".", sys.argv[2])' "$OUT/$name" "$name")
    else
        tar -C "$WORK" -czf "$OUT/$name.tar.gz" "$name"
    fi
done

shopt -s nullglob
archives=("$OUT"/volunteerquantum-*.tar.gz "$OUT"/volunteerquantum-*.zip)
[[ ${#archives[@]} -gt 0 ]] || failed "no archive was written"
(cd "$OUT" && sha256sum "${archives[@]##*/}" > SHA256SUMS)
echo "==> archives and SHA256SUMS in $OUT"
cat "$OUT/SHA256SUMS"
