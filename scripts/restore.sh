#!/bin/sh
# Restore an encrypted Droomplan backup made by scripts/backup.sh into an EMPTY database and an
# empty private-files folder. See docs/deployment.md, "Restore".
#
#   scripts/restore.sh PREFIX TARGET_DATABASE_URL TARGET_MEDIA_DIR
#
# PREFIX is what backup.sh printed (…/droomplan-20261130T063000Z). Needs
# BACKUP_PASSPHRASE_FILE. The checksums are verified before anything is restored. Afterwards,
# run `droomplan migrate` and `droomplan apply_retention` against the restored database
# (anonymisations since the backup are applied again).
set -eu

prefix=${1:?usage: restore.sh PREFIX TARGET_DATABASE_URL TARGET_MEDIA_DIR}
target=${2:?usage: restore.sh PREFIX TARGET_DATABASE_URL TARGET_MEDIA_DIR}
media=${3:?usage: restore.sh PREFIX TARGET_DATABASE_URL TARGET_MEDIA_DIR}
: "${BACKUP_PASSPHRASE_FILE:?BACKUP_PASSPHRASE_FILE is not set}"

(cd "$(dirname "$prefix")" && sha256sum --check --quiet "$(basename "$prefix").sha256") \
    || { echo "restore.sh: checksums do not match; the backup is damaged" >&2; exit 1; }

umask 077
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT

decrypt() {
    gpg --batch --quiet --decrypt --pinentry-mode loopback \
        --passphrase-file "$BACKUP_PASSPHRASE_FILE" "$1"
}

status=$(mktemp)
{ decrypt "$prefix.dump.gpg" || echo $? >"$status"; } \
    | pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target"
[ ! -s "$status" ] || { echo "restore.sh: could not decrypt the database" >&2; rm -f "$status"; exit 1; }

mkdir -p "$media"
if [ -n "$(ls -A "$media")" ]; then
    echo "restore.sh: $media is not empty" >&2; rm -f "$status"; exit 1
fi
{ decrypt "$prefix.private.tar.gpg" || echo $? >"$status"; } | tar -C "$media" -xf -
[ ! -s "$status" ] || { echo "restore.sh: could not decrypt the private files" >&2; rm -f "$status"; exit 1; }
rm -f "$status"
echo "restored $prefix into the database and $media"
