#!/bin/sh
# `make install` and `make uninstall` (docs/operations.md, "Install and upgrade").
#
#   scripts/install.sh install BIN_DIR     tamyrd and tamyr from BIN_DIR
#   scripts/install.sh uninstall
#
# Environment (the Makefile passes its variables): DESTDIR (staging root, empty for the
# real system), PREFIX (/usr/local: binaries in PREFIX/bin), SYSCONFDIR (/etc: the
# configuration in SYSCONFDIR/tamyr), UNITDIR (/etc/systemd/system).
#
# install puts the binaries (0755), README.md and docs/operations.md in PREFIX/share/doc/tamyr
# (the unit's Documentation=), the unit (0644, its /usr/local paths rewritten to PREFIX), and the configuration (0644) only if there is none: an operator's
# tamyrd.yaml is never overwritten; the shipped one goes next to it as tamyrd.yaml.new
# (replaced on each install), and install says so. uninstall removes the binaries and the
# unit and the docs, and keeps SYSCONFDIR/tamyr and /var/lib/tamyr (configuration, checkpoint,
# applicant key): state is the operator's to delete. systemctl daemon-reload runs only
# when systemd is running and DESTDIR is empty.
set -eu

action=${1:?usage: scripts/install.sh install BIN_DIR | uninstall}
DESTDIR=${DESTDIR:-}
PREFIX=${PREFIX:-/usr/local}
SYSCONFDIR=${SYSCONFDIR:-/etc}
UNITDIR=${UNITDIR:-/etc/systemd/system}
here=$(cd "$(dirname "$0")/.." && pwd)

bindir="$DESTDIR$PREFIX/bin"
docdir="$DESTDIR$PREFIX/share/doc/tamyr"
confdir="$DESTDIR$SYSCONFDIR/tamyr"
unitdir="$DESTDIR$UNITDIR"

reload_systemd() {
    # /run/systemd/system exists exactly when systemd is PID 1 (sd_booted(3)).
    if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
        systemctl daemon-reload
    fi
}

case "$action" in
install)
    from=${2:?usage: scripts/install.sh install BIN_DIR}
    install -d -m 0755 "$bindir" "$unitdir" "$confdir" "$docdir"
    install -m 0755 "$from/tamyrd" "$bindir/tamyrd"
    install -m 0755 "$from/tamyr" "$bindir/tamyr"
    install -m 0644 "$here/README.md" "$here/docs/operations.md" "$docdir/"
    sed -e "s#/usr/local/#$PREFIX/#g" -e "s#/etc/tamyr/#$SYSCONFDIR/tamyr/#g" \
        "$here/systemd/tamyrd.service" > "$unitdir/tamyrd.service.tmp"
    chmod 0644 "$unitdir/tamyrd.service.tmp"
    mv "$unitdir/tamyrd.service.tmp" "$unitdir/tamyrd.service"
    if [ -e "$confdir/tamyrd.yaml" ]; then
        if cmp -s "$here/config/tamyrd.yaml" "$confdir/tamyrd.yaml"; then
            rm -f "$confdir/tamyrd.yaml.new"
        else
            install -m 0644 "$here/config/tamyrd.yaml" "$confdir/tamyrd.yaml.new"
            echo "install: kept $confdir/tamyrd.yaml; the shipped configuration is $confdir/tamyrd.yaml.new (compare, merge, delete)"
        fi
    else
        install -m 0644 "$here/config/tamyrd.yaml" "$confdir/tamyrd.yaml"
    fi
    echo "install: $bindir/tamyrd, $bindir/tamyr, $unitdir/tamyrd.service, $confdir/tamyrd.yaml"
    reload_systemd
    ;;
uninstall)
    rm -f "$bindir/tamyrd" "$bindir/tamyr" "$unitdir/tamyrd.service" "$docdir/README.md" "$docdir/operations.md"
    rmdir "$docdir" 2>/dev/null || true
    echo "uninstall: removed $bindir/tamyrd, $bindir/tamyr, $unitdir/tamyrd.service, $docdir;" \
        "kept $confdir and /var/lib/tamyr (configuration, checkpoint, applicant key)"
    reload_systemd
    ;;
*)
    echo "usage: scripts/install.sh install BIN_DIR | uninstall" >&2
    exit 2
    ;;
esac
