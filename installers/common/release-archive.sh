# Sourced by the Linux and macOS installers (after they define `failed`): unpacking a release
# archive of installers/release.sh, checked against the SHA256SUMS beside it.

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

# Unpacks the archive into a temporary folder and prints the folder holding vq-volunteer.
unpack() {
    local archive=$1 folder sums expected
    folder=$(cd "$(dirname "$archive")" && pwd)
    sums=$folder/SHA256SUMS
    if [[ -f $sums ]]; then
        expected=$(awk -v f="$(basename "$archive")" '$2 == f || $2 == "*" f { print $1 }' "$sums")
        [[ -n $expected ]] || failed "$(basename "$archive") is not listed in $sums"
        [[ $(sha256_of "$archive") == "$expected" ]] || failed "$archive does not match its SHA-256 in $sums: a damaged or altered download"
        echo "==> $(basename "$archive") matches its SHA-256 in SHA256SUMS" >&2
    else
        echo "warning: no SHA256SUMS beside $archive: its integrity is not checked" >&2
    fi
    local into
    into=$(mktemp -d)
    tar -xzf "$archive" -C "$into" || failed "cannot unpack $archive (a .tar.gz from installers/release.sh)"
    local inner=("$into"/*)
    [[ ${#inner[@]} -eq 1 && -d ${inner[0]} ]] || failed "$archive does not hold one folder, as release archives do"
    echo "${inner[0]}"
}
