#!/usr/bin/env bash
# Offline checks of the deployment files (docker-compose.yml, deploy/, k8s/): no Docker engine and no
# cluster needed. Run from anywhere:   deploy/check.sh
#
# Needs node + npm (the validators in deploy/check/, installed from its package-lock.json on first run) and
# kubectl (for `kubectl kustomize`). Uses, when present, and otherwise reports SKIP: `docker compose` (or
# the older `docker-compose`), nginx (behaviour test of the load balancer config), yamllint and promtool
# (Debian's `prometheus` package; not installed by tests/run.sh, see deploy/README.md).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0 skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step() { # step NAME COMMAND...: run a check, print its outcome
  local name=$1; shift
  if "$@" >"$tmp/out" 2>&1; then
    passed=$((passed + 1)); echo "PASS $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$tmp/out"
  fi
}
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }

# Compose needs the signing key set (it has no default on purpose); any 32+ characters do for a check.
export LIVEWIRE_SIGNING_KEY=check-only-0123456789abcdef0123456789abcdef

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "FAIL node and npm are needed for the validators"; exit 1
fi
if [ ! -d deploy/check/node_modules ] || [ deploy/check/package-lock.json -nt deploy/check/node_modules ]; then
  npm ci --prefix deploy/check --no-audit --no-fund --silent || { echo "FAIL npm ci in deploy/check"; exit 1; }
fi

# --- YAML style ---------------------------------------------------------------------------------------------
if command -v yamllint >/dev/null; then
  step "yamllint docker-compose.yml k8s/ deploy/" yamllint -s -d '{extends: default, rules: {line-length: {max: 120},
    document-start: disable, comments: {min-spaces-from-content: 1}, truthy: {check-keys: false}}}' \
    docker-compose.yml k8s/ deploy/prometheus deploy/grafana deploy/otel-collector
else
  skip "yamllint (not installed)"
fi

# --- docker-compose.yml -------------------------------------------------------------------------------------
if docker compose version >/dev/null 2>&1; then
  step "docker compose config" docker compose -f docker-compose.yml config -q
  step "compose refuses to start without LIVEWIRE_SIGNING_KEY" \
    bash -c '! env -u LIVEWIRE_SIGNING_KEY docker compose -f docker-compose.yml config -q'
elif command -v docker-compose >/dev/null; then
  # Compose v1 predates the top-level `name:`; everything else it checks (interpolation, merge keys,
  # depends_on conditions) applies to the file as is.
  grep -v '^name:' docker-compose.yml >"$tmp/compose-v1.yml"
  step "docker-compose (v1) config" docker-compose -f "$tmp/compose-v1.yml" --project-directory . config -q
  step "compose refuses to start without LIVEWIRE_SIGNING_KEY" \
    bash -c "! env -u LIVEWIRE_SIGNING_KEY docker-compose -f '$tmp/compose-v1.yml' --project-directory . config -q"
else
  skip "docker compose config (neither the compose plugin nor docker-compose is installed)"
fi
step "compose file against the Compose Specification schema" node deploy/check/validate-compose.mjs docker-compose.yml

# --- k8s/ ---------------------------------------------------------------------------------------------------
if command -v kubectl >/dev/null; then
  step "kubectl kustomize k8s/" bash -c "kubectl kustomize k8s/ >'$tmp/k8s.yaml'"
  step "k8s manifests: schema, unknown fields, consistency" node deploy/check/validate-k8s.mjs "$tmp/k8s.yaml"
  step "the example Secret stays out of the kustomization" bash -c "! grep -q '^kind: Secret' '$tmp/k8s.yaml'"
  # The optional component, applied as a user's overlay would (beside the base, not inside it): kustomize renders
  # paths relative to the overlay, so the overlay sits in the repository for the moment.
  overlay=$(mktemp -d -p . .check-overlay.XXXXXX)
  printf 'resources:\n  - ../k8s\ncomponents:\n  - ../k8s/components/session-persistence\n' >"$overlay/kustomization.yaml"
  step "k8s/ with the session-persistence component: schema, consistency" bash -c \
    "kubectl kustomize '$overlay' >'$tmp/k8s-sticky.yaml' && grep -q sessionPersistence '$tmp/k8s-sticky.yaml' && node deploy/check/validate-k8s.mjs '$tmp/k8s-sticky.yaml'"
  rm -rf "$overlay"
else
  skip "k8s manifests (kubectl not installed: it renders the kustomization)"
fi
step "k8s/secret.example.yaml: schema, unknown fields" node deploy/check/validate-k8s.mjs k8s/secret.example.yaml
step "k8s/prometheus-adapter-rules.yaml serves the HPA's Pods metric" bash -c \
  "metric=\$(grep -A3 'type: Pods' k8s/server-hpa.yaml | sed -n 's/^ *name: //p') && [ -n \"\$metric\" ] && grep -q \"as: \\\"\$metric\\\"\" k8s/prometheus-adapter-rules.yaml"
step "k8s/prometheusrule.yaml is made from deploy/prometheus/alerts*.yml" node deploy/check/prometheusrule.mjs --check
# Hub URLs carry their token as ?access_token=: no access log may write a query string.
step "access logs write paths without query strings" bash -c \
  "! grep -hvE '^\s*#' deploy/nginx/nginx.conf | grep -E '[\$]request([^_a-z]|\$)|[\$]request_uri|[\$]args|[\$]query_string'"

# --- deploy/ ------------------------------------------------------------------------------------------------
step "deploy/Dockerfile lint" deploy/check/node_modules/.bin/dockerfile-utils lint deploy/Dockerfile
if command -v nginx >/dev/null; then
  step "deploy/nginx/nginx.conf behaviour (loopback)" python3 deploy/check/nginx_test.py deploy/nginx/nginx.conf
else
  skip "nginx.conf behaviour test (nginx not installed)"
fi

# --- observability: Prometheus, Grafana, OpenTelemetry Collector -------------------------------------------
step "grafana dashboards are JSON" bash -c 'for f in deploy/grafana/dashboards/*.json; do node -e "JSON.parse(require(\"fs\").readFileSync(process.argv[1], \"utf8\"))" "$f" || exit 1; done'
step "observability files agree with each other and with compose" node deploy/check/validate-observability.mjs
if command -v promtool >/dev/null; then
  step "promtool check config deploy/prometheus/prometheus.yml" promtool check config deploy/prometheus/prometheus.yml
  step "promtool check rules deploy/prometheus/alerts*.yml" promtool check rules deploy/prometheus/alerts.yml deploy/prometheus/alerts-kubernetes.yml
  # Each alert fires past its threshold and after its `for`, and not below: synthetic series, no Prometheus running.
  step "promtool test rules deploy/prometheus/alerts.test.yml" bash -c 'cd deploy/prometheus && promtool test rules alerts.test.yml'
else
  skip "promtool check config, check rules, test rules (promtool not installed: Debian's prometheus package)"
fi
# No collector binary comes from Debian or npm: validate-observability.mjs checks the config's structure instead.
if command -v otelcol >/dev/null; then
  step "otelcol validate deploy/otel-collector/config.yaml" otelcol validate --config=deploy/otel-collector/config.yaml
else
  skip "otelcol validate (no collector binary here; its pipelines are checked structurally above)"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
