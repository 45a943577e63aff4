# tests/registry/lib.sh - local registries, token server and fault proxies for
# vigil's registry end-to-end tests. Source it AFTER tests/e2e/lib.sh (which
# provides $TMP, $IMAGES, ok/nok/skip/check); everything it writes is under
# $TMP. Needs: docker-registry (distribution 2.8), skopeo, curl, jq, python3,
# openssl, and htpasswd for the basic mode.
#
#   free_port                          print a free TCP port on 127.0.0.1
#   reg_start NAME MODE [ISSUER-ARGS]  MODE = plain | basic | token | tls. Starts
#                                      docker-registry on 127.0.0.1:<free port> with
#                                      $TMP/reg-NAME/config.yml and waits (<= 10 s) for /v2/.
#                                      ISSUER-ARGS go to token_issuer.py (token mode),
#                                      e.g. --expires-in 2. REG_DATA_DIR=DIR (env) makes the
#                                      registry serve an existing storage root (to run a
#                                      second registry, e.g. another auth config, on the
#                                      same content).
#     exports (NAME upper-cased, e.g. reg_start tok token -> REG_TOK_PORT):
#       REG_<N>_PORT REG_<N>_HOST (127.0.0.1:PORT) REG_<N>_URL (http[s]://127.0.0.1:PORT)
#       REG_<N>_DIR REG_<N>_DATA REG_<N>_LOG REG_<N>_MODE REG_<N>_PID
#       tls:   REG_<N>_CA (CA certificate, PEM) REG_<N>_CERTDIR (skopeo --*-cert-dir)
#       token: REG_<N>_TOKEN_PORT REG_<N>_TOKEN_URL REG_<N>_TOKEN_LOG REG_<N>_TOKEN_PID
#   reg_push SRC HOST:PORT/REPO:TAG [skopeo copy args]
#                                      skopeo copy SRC docker://DEST with the TLS and
#                                      credential flags of the registry (or proxy) on PORT
#   reg_manifest_digest HOST:PORT/REPO:TAG   print the Docker-Content-Digest of a manifest
#   reg_curl HOST:PORT PATH [curl args]  curl the registry API with the mode's creds/CA
#                                      (token mode: fetches a pull token first)
#   proxy_start NAME UPSTREAM_PORT FAULTS [fault_proxy args]
#                                      fault_proxy.py in front of 127.0.0.1:UPSTREAM_PORT;
#                                      exports PROXY_<N>_PORT PROXY_<N>_HOST PROXY_<N>_LOG
#                                      PROXY_<N>_PID PROXY_<N>_DIR
#   proxy_stop NAME                    stop one proxy (its log stays)
#   reg_logs NAME [N]                  print the last N lines of a registry's / proxy's /
#                                      issuer's logs, prefixed with '#   ' (diagnostics)
#   reg_stop_all                       stop every process started here (only those PIDs)
#   make_multiplatform_layout DIR      OCI layout with tag "multi": an image index with
#                                      linux/amd64 = alpine 3.20.3 and linux/arm64 = alpine
#                                      3.7.3's layer with an arm64 config
#
# The EXIT trap of tests/e2e/lib.sh (rm -rf "$TMP") is chained: on exit the
# processes are stopped first, then the old trap runs. INT/TERM exit through it.

REG_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REG_USER=alice
REG_PASS=s3cret
REG_PIDS=()                  # every PID started by this file
declare -gA REG_PORT_NAME=()  # port -> registry name (proxies map to their upstream's name)
declare -gA REG_PORT_PROXY=() # port -> proxy name (proxies speak plain HTTP, even before a tls registry)

free_port() {
	python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_reg_var() { # _reg_var PREFIX NAME SUFFIX VALUE : export PREFIX_NAME_SUFFIX=VALUE
	local v="$1_${2^^}_$3"
	printf -v "$v" '%s' "$4"
	export "${v?}"
}
_reg_get() { local v="$1_${2^^}_$3"; printf '%s' "${!v:-}"; }

_reg_wait_file() { # FILE SECONDS PID
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		[ -s "$1" ] && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# Wait until URL answers HTTP (any status but 000/5xx); $2 = pid to watch.
_reg_wait_http() { # URL PID [curl args]
	local url=$1 pid=$2 i code
	shift 2
	for ((i = 0; i < 100; i++)); do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" 2>/dev/null)
		case $code in 200 | 401) return 0 ;; esac
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

_reg_chain_trap() {
	[ -n "${_REG_TRAP_SET:-}" ] && return
	_REG_TRAP_SET=1
	local old
	old=$(trap -p EXIT)
	old=${old#trap -- }
	old=${old% EXIT}
	eval "old=${old:-''}"
	# shellcheck disable=SC2064
	trap "reg_stop_all; ${old:-:}" EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

_reg_certs_tls() { # DIR : CA + server cert (SAN IP:127.0.0.1, DNS:localhost)
	local d=$1
	openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=vigil test CA" \
		-keyout "$d/ca.key" -out "$d/ca.pem" \
		-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
		>/dev/null 2>&1 || return 1
	openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=localhost" \
		-keyout "$d/server.key" -out "$d/server.csr" >/dev/null 2>&1 || return 1
	printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
		"keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" > "$d/server.ext"
	openssl x509 -req -sha256 -days 2 -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-set_serial "0x$(openssl rand -hex 8)" -extfile "$d/server.ext" -out "$d/server.pem" >/dev/null 2>&1 || return 1
	mkdir -p "$d/certs.d" && cp "$d/ca.pem" "$d/certs.d/ca.crt"
}

reg_start() { # NAME MODE [token_issuer args]
	local name=$1 mode=$2
	shift 2
	if [[ ! $name =~ ^[A-Za-z0-9_]+$ ]]; then echo "reg_start: bad name '$name'" >&2; return 2; fi
	_reg_chain_trap
	local dir=$TMP/reg-$name
	local data=${REG_DATA_DIR:-$dir/data}
	mkdir -p "$dir" "$data"
	local auth="" tls="" scheme=http curlargs=() port pid
	case $mode in
	plain) ;;
	basic)
		htpasswd -Bbn "$REG_USER" "$REG_PASS" > "$dir/htpasswd" 2>/dev/null || { echo "reg_start: htpasswd failed" >&2; return 1; }
		auth="auth:
  htpasswd:
    realm: vigil-test
    path: $dir/htpasswd"
		;;
	token)
		openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj "/CN=vigil test token issuer" \
			-keyout "$dir/token.key" -out "$dir/token.pem" >/dev/null 2>&1 || { echo "reg_start: openssl failed" >&2; return 1; }
		rm -f "$dir/token.port"
		python3 "$REG_LIB_DIR/token_issuer.py" --port 0 --port-file "$dir/token.port" \
			--user "$REG_USER" --password "$REG_PASS" --key "$dir/token.key" --cert "$dir/token.pem" \
			--issuer vigil-test-issuer --service vigil-test-registry --log "$dir/token.log" "$@" \
			> "$dir/token.out" 2>&1 < /dev/null &
		pid=$!
		REG_PIDS+=("$pid")
		if ! _reg_wait_file "$dir/token.port" 10 "$pid"; then
			echo "reg_start: token issuer did not start:" >&2; tail -5 "$dir/token.out" >&2; return 1
		fi
		local tport
		tport=$(cat "$dir/token.port")
		_reg_var REG "$name" TOKEN_PORT "$tport"
		_reg_var REG "$name" TOKEN_URL "http://127.0.0.1:$tport/token"
		_reg_var REG "$name" TOKEN_LOG "$dir/token.log"
		_reg_var REG "$name" TOKEN_PID "$pid"
		auth="auth:
  token:
    realm: http://127.0.0.1:$tport/token
    service: vigil-test-registry
    issuer: vigil-test-issuer
    rootcertbundle: $dir/token.pem"
		;;
	tls)
		_reg_certs_tls "$dir" || { echo "reg_start: openssl (tls certificates) failed" >&2; return 1; }
		tls="  tls:
    certificate: $dir/server.pem
    key: $dir/server.key"
		scheme=https
		curlargs=(--cacert "$dir/ca.pem")
		_reg_var REG "$name" CA "$dir/ca.pem"
		_reg_var REG "$name" CERTDIR "$dir/certs.d"
		;;
	*) echo "reg_start: unknown mode '$mode'" >&2; return 2 ;;
	esac
	for _ in 1 2 3; do
		port=$(free_port)
		cat > "$dir/config.yml" <<EOF
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
  fields:
    service: registry-$name
storage:
  filesystem:
    rootdirectory: $data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: vigil-test-secret-$name
  headers:
    X-Content-Type-Options: [nosniff]
$tls
$auth
EOF
		docker-registry serve "$dir/config.yml" >> "$dir/registry.log" 2>&1 < /dev/null &
		pid=$!
		REG_PIDS+=("$pid")
		if _reg_wait_http "$scheme://127.0.0.1:$port/v2/" "$pid" "${curlargs[@]}"; then
			_reg_var REG "$name" PORT "$port"
			_reg_var REG "$name" HOST "127.0.0.1:$port"
			_reg_var REG "$name" URL "$scheme://127.0.0.1:$port"
			_reg_var REG "$name" DIR "$dir"
			_reg_var REG "$name" DATA "$data"
			_reg_var REG "$name" LOG "$dir/registry.log"
			_reg_var REG "$name" MODE "$mode"
			_reg_var REG "$name" PID "$pid"
			REG_PORT_NAME[$port]=$name
			return 0
		fi
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	echo "reg_start: docker-registry ($name, $mode) did not answer on /v2/:" >&2
	tail -5 "$dir/registry.log" >&2
	return 1
}

# Run skopeo so that it writes nothing outside $TMP: as root, containers/image
# keeps a blob-info cache in /var/lib/containers/cache; a private mount
# namespace binds a directory of $TMP over it (when unshare works), else
# (non-root) XDG_DATA_HOME points into $TMP.
_reg_skopeo() {
	mkdir -p "$TMP/skopeo-home/cache"
	local target=/var/lib/containers/cache
	[ -d "$target" ] || target=/var/lib/containers
	[ -d "$target" ] || target=/var/lib
	if [ -z "${_REG_UNSHARE:-}" ]; then
		_REG_UNSHARE=no
		if [ "$(id -u)" = 0 ] && command -v unshare > /dev/null &&
			unshare -m --propagation private mount --bind "$TMP/skopeo-home/cache" "$target" 2> /dev/null; then
			_REG_UNSHARE=yes
		fi
	fi
	if [ "$_REG_UNSHARE" = yes ]; then
		unshare -m --propagation private bash -c \
			'mount --bind "$1" "$2" || exit 125; shift 2; exec skopeo "$@"' _ "$TMP/skopeo-home/cache" "$target" "$@"
	else
		XDG_DATA_HOME=$TMP/skopeo-home skopeo "$@"
	fi
}

_reg_policy() {
	[ -f "$TMP/skopeo-home/policy.json" ] && return
	mkdir -p "$TMP/skopeo-home"
	echo '{"default":[{"type":"insecureAcceptAnything"}]}' > "$TMP/skopeo-home/policy.json"
}

# _reg_flags PREFIX PORT -> array REG_FLAGS (PREFIX = dest | src | "" for inspect)
_reg_flags() {
	local pfx=$1 port=$2 name mode
	name=${REG_PORT_NAME[$port]:-}
	mode=$(_reg_get REG "$name" MODE)
	[ -n "$pfx" ] && pfx="$pfx-"
	REG_FLAGS=()
	case $mode in
	tls)
		if [ -n "${REG_PORT_PROXY[$port]:-}" ]; then REG_FLAGS+=("--${pfx}tls-verify=false")
		else REG_FLAGS+=("--${pfx}cert-dir" "$(_reg_get REG "$name" CERTDIR)"); fi
		;;
	basic | token) REG_FLAGS+=("--${pfx}tls-verify=false" "--${pfx}creds" "$REG_USER:$REG_PASS") ;;
	*) REG_FLAGS+=("--${pfx}tls-verify=false") ;;
	esac
}

reg_push() { # SRC HOST:PORT/REPO:TAG [skopeo copy args]
	local src=$1 dest=${2#docker://}
	shift 2
	local hostport=${dest%%/*} port name log
	port=${hostport##*:}
	name=${REG_PORT_NAME[$port]:-unknown}
	log=$TMP/reg-$name/push.log
	mkdir -p "$TMP/reg-$name"
	_reg_policy
	_reg_flags dest "$port"
	echo "+ skopeo copy $* $src docker://$dest" >> "$log"
	if ! _reg_skopeo --policy "$TMP/skopeo-home/policy.json" copy --retry-times 2 "${REG_FLAGS[@]}" "$@" \
		"$src" "docker://$dest" >> "$log" 2>&1; then
		echo "reg_push: skopeo copy $src -> $dest failed:" >&2
		tail -5 "$log" >&2
		return 1
	fi
}

# skopeo inspect with the registry's flags: reg_inspect HOST:PORT/REPO:TAG [args]
reg_inspect() {
	local ref=${1#docker://}
	shift
	local hostport=${ref%%/*}
	_reg_policy
	_reg_flags "" "${hostport##*:}"
	_reg_skopeo --policy "$TMP/skopeo-home/policy.json" inspect "${REG_FLAGS[@]}" "$@" "docker://$ref"
}

REG_ACCEPT=(-H 'Accept: application/vnd.oci.image.index.v1+json'
	-H 'Accept: application/vnd.oci.image.manifest.v1+json'
	-H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json'
	-H 'Accept: application/vnd.docker.distribution.manifest.v2+json')

# reg_curl HOST:PORT PATH [curl args]: the registry API with the mode's
# credentials (basic: -u; token: a Bearer token for the repository in PATH)
# and CA (tls).
reg_curl() {
	local hostport=$1 path=$2 port name mode url
	shift 2
	port=${hostport##*:}
	name=${REG_PORT_NAME[$port]:-}
	mode=$(_reg_get REG "$name" MODE)
	local args=()
	url=http://$hostport$path
	case $mode in
	tls) [ -n "${REG_PORT_PROXY[$port]:-}" ] || { url=https://$hostport$path; args+=(--cacert "$(_reg_get REG "$name" CA)"); } ;;
	basic) args+=(-u "$REG_USER:$REG_PASS") ;;
	token)
		local repo tok
		repo=${path#/v2/}
		repo=${repo%/manifests/*}
		repo=${repo%/blobs/*}
		repo=${repo%/tags/list}
		tok=$(curl -fsS -u "$REG_USER:$REG_PASS" \
			"$(_reg_get REG "$name" TOKEN_URL)?service=vigil-test-registry&scope=repository:$repo:pull" | jq -r .token) || return 1
		args+=(-H "Authorization: Bearer $tok")
		;;
	esac
	curl -sS "${args[@]}" "$@" "$url"
}

reg_manifest_digest() { # HOST:PORT/REPO:TAG
	local ref=$1 hostport repo tag
	hostport=${ref%%/*}
	repo=${ref#*/}
	tag=${repo##*:}
	repo=${repo%:*}
	reg_curl "$hostport" "/v2/$repo/manifests/$tag" -I "${REG_ACCEPT[@]}" |
		tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }'
}

proxy_start() { # NAME UPSTREAM_PORT FAULTS [fault_proxy args]
	local name=$1 up=$2 faults=$3 pid port
	shift 3
	if [[ ! $name =~ ^[A-Za-z0-9_]+$ ]]; then echo "proxy_start: bad name '$name'" >&2; return 2; fi
	_reg_chain_trap
	local dir=$TMP/proxy-$name upname=${REG_PORT_NAME[$up]:-}
	local scheme=http extra=()
	if [ "$(_reg_get REG "$upname" MODE)" = tls ]; then
		scheme=https
		extra=(--upstream-ca "$(_reg_get REG "$upname" CA)")
	fi
	mkdir -p "$dir"
	rm -f "$dir/port"
	: >> "$dir/proxy.log"
	python3 "$REG_LIB_DIR/fault_proxy.py" --upstream "$scheme://127.0.0.1:$up" "${extra[@]}" --port 0 \
		--port-file "$dir/port" --log "$dir/proxy.log" --faults "$faults" "$@" \
		> "$dir/proxy.out" 2>&1 < /dev/null &
	pid=$!
	REG_PIDS+=("$pid")
	if ! _reg_wait_file "$dir/port" 10 "$pid"; then
		echo "proxy_start: fault_proxy ($name, faults '$faults') did not start:" >&2
		tail -5 "$dir/proxy.out" >&2
		return 1
	fi
	port=$(cat "$dir/port")
	_reg_var PROXY "$name" PORT "$port"
	_reg_var PROXY "$name" HOST "127.0.0.1:$port"
	_reg_var PROXY "$name" LOG "$dir/proxy.log"
	_reg_var PROXY "$name" PID "$pid"
	_reg_var PROXY "$name" DIR "$dir"
	[ -n "$upname" ] && REG_PORT_NAME[$port]=$upname
	REG_PORT_PROXY[$port]=$name
	return 0
}

_reg_kill() { # PID: TERM, wait up to 3 s, then KILL; reap
	local pid=$1 i
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
	kill "$pid" 2>/dev/null
	for ((i = 0; i < 60; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

proxy_stop() { # NAME
	local pid
	pid=$(_reg_get PROXY "$1" PID)
	[ -n "$pid" ] && _reg_kill "$pid"
	return 0
}

reg_stop_all() {
	local pid
	for pid in "${REG_PIDS[@]}"; do
		_reg_kill "$pid"
	done
	REG_PIDS=()
}

reg_logs() { # NAME [LINES]: diagnostics for a registry or proxy NAME
	local name=$1 n=${2:-8} f
	for f in "$TMP/reg-$name/registry.log" "$TMP/reg-$name/token.log" "$TMP/reg-$name/token.out" \
		"$TMP/proxy-$name/proxy.log" "$TMP/proxy-$name/proxy.out"; do
		[ -s "$f" ] || continue
		case $f in *.out) grep -qv '^[0-9]*$' "$f" || continue ;; esac # only the port
		echo "#   --- last $n lines of ${f#"$TMP"/}"
		tail -n "$n" "$f" | cut -c1-300 | sed 's/^/#   /'
	done
}

# make_multiplatform_layout DIR: an OCI layout (tag "multi") whose index
# points to an image index with linux/amd64 = alpine 3.20.3 (manifest bytes
# unchanged) and linux/arm64 = alpine 3.7.3's layer with a config whose
# architecture is "arm64". Also tags "amd64" and "arm64" (the two manifests).
# Push with: reg_push oci:DIR:multi HOST:PORT/multi/alpine:latest --all
make_multiplatform_layout() {
	local dir=$1 src=$IMAGES/alpine/alpine-oci
	mkdir -p "$dir"
	_reg_policy
	_reg_skopeo --policy "$TMP/skopeo-home/policy.json" copy -q "oci:$src:3.20.3" "oci:$dir:amd64" >/dev/null || return 1
	local b=$dir/blobs/sha256 sm m37 c37 l37 cfg cd cs man md ms amd ams idx id is
	sm=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "3.7.3") | .digest' "$src/index.json")
	m37=$src/blobs/sha256/${sm#sha256:}
	c37=$(jq -r .config.digest "$m37")
	for l37 in $(jq -r '.layers[].digest' "$m37"); do
		cp "$src/blobs/sha256/${l37#sha256:}" "$b/" || return 1
	done
	# arm64 config: the 3.7.3 config with architecture arm64
	cfg=$dir/cfg.json
	jq -c '.architecture = "arm64" | .os = "linux" | del(.variant)' "$src/blobs/sha256/${c37#sha256:}" > "$cfg" || return 1
	cd=$(sha256sum "$cfg" | cut -d' ' -f1)
	cs=$(stat -c %s "$cfg")
	mv "$cfg" "$b/$cd"
	man=$dir/man.json
	jq -c --arg d "sha256:$cd" --argjson s "$cs" \
		'.mediaType = "application/vnd.oci.image.manifest.v1+json" | .config.digest = $d | .config.size = $s' \
		"$m37" > "$man" || return 1
	md=$(sha256sum "$man" | cut -d' ' -f1)
	ms=$(stat -c %s "$man")
	mv "$man" "$b/$md"
	# the amd64 manifest as skopeo wrote it
	amd=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == "amd64") | .digest' "$dir/index.json")
	ams=$(stat -c %s "$b/${amd#sha256:}")
	idx=$dir/idx.json
	jq -nc --arg a "$amd" --argjson asz "$ams" --arg r "sha256:$md" --argjson rs "$ms" '{
		schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
		manifests: [
			{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $a, size: $asz,
			 platform: {architecture: "amd64", os: "linux"}},
			{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $r, size: $rs,
			 platform: {architecture: "arm64", os: "linux"}}]}' > "$idx" || return 1
	id=$(sha256sum "$idx" | cut -d' ' -f1)
	is=$(stat -c %s "$idx")
	mv "$idx" "$b/$id"
	jq -c --arg i "sha256:$id" --argjson isz "$is" --arg r "sha256:$md" --argjson rs "$ms" '
		.manifests += [
			{mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $r, size: $rs,
			 annotations: {"org.opencontainers.image.ref.name": "arm64"}},
			{mediaType: "application/vnd.oci.image.index.v1+json", digest: $i, size: $isz,
			 annotations: {"org.opencontainers.image.ref.name": "multi"}}]' "$dir/index.json" > "$dir/index.new" &&
		mv "$dir/index.new" "$dir/index.json"
}
