// Checks the observability files against each other and against docker-compose.yml: the Grafana dashboard
// (JSON, panels, data sources), its provisioning, the Prometheus scrape targets and the OpenTelemetry Collector
// pipelines. Whether the dashboard's metric names exist is tested against a real node's /metrics by
// tests/LiveWire.Server.Tests (DashboardMetricsTests).  Usage: node validate-observability.mjs (from the repo root)
import fs from 'node:fs';
import YAML from 'yaml';

const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };
const readYaml = (file) => YAML.parse(fs.readFileSync(file, 'utf8'), { merge: true });
const hostOf = (endpoint) => endpoint.replace(/^[a-z]+:\/\//, '').split(':')[0];
const portOf = (endpoint) => Number(endpoint.replace(/^[a-z]+:\/\//, '').split(':')[1]);

const compose = readYaml('docker-compose.yml');
const services = compose.services;

// --- images: every version set once, in deploy/versions.env, which compose's defaults and kustomize's tag follow ---
const versions = Object.fromEntries(fs.readFileSync('deploy/versions.env', 'utf8').split('\n')
  .map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).map((line) => line.split('=')));
const usedVersions = new Set();
for (const [name, service] of Object.entries(services)) {
  const image = service.image ?? '';
  // `${NAME:-default}` as a whole image, or inside LiveWire's own tag.
  const m = /\$\{([A-Z_]+):-([^}]+)\}/.exec(image);
  check(m, `compose service ${name}: image "${image}" does not take its version from deploy/versions.env (\${NAME:-...})`);
  if (!m) continue;
  const [, variable, fallback] = m;
  usedVersions.add(variable);
  check(versions[variable] === fallback, `compose service ${name}: ${variable} defaults to ${fallback}, deploy/versions.env says ${versions[variable]}`);
  const resolved = image.replace(m[0], fallback);
  if (!service.build) {
    // Exact: a full release number (a variant suffix such as -alpine allowed), never a floating major or minor.
    check(/:v?\d+\.\d+\.\d+(-[a-z]+)?$/.test(resolved), `compose service ${name}: image "${resolved}" is not pinned to an exact version`);
  }
}
for (const variable of Object.keys(versions)) check(usedVersions.has(variable), `deploy/versions.env: ${variable} is used by no compose service`);
const kustomization = readYaml('k8s/kustomization.yaml');
for (const image of kustomization.images ?? []) {
  check(image.newTag === versions.LIVEWIRE_TAG, `k8s/kustomization.yaml: ${image.name} is tagged ${image.newTag}, deploy/versions.env says LIVEWIRE_TAG=${versions.LIVEWIRE_TAG}`);
}

// --- Grafana: data sources, dashboard provider, dashboards ---
const grafana = services.grafana;
check(grafana, 'compose has no grafana service');
const mountOf = (source) => (grafana?.volumes ?? []).map((v) => v.split(':')).find(([from]) => from === source)?.[1];
const provisioningMount = mountOf('./deploy/grafana/provisioning');
check(provisioningMount === '/etc/grafana/provisioning', 'grafana does not mount deploy/grafana/provisioning at /etc/grafana/provisioning');
const dashboardsMount = mountOf('./deploy/grafana/dashboards');

const datasources = readYaml('deploy/grafana/provisioning/datasources/livewire.yml').datasources;
const datasourceUids = new Set(datasources.map((d) => d.uid));
for (const d of datasources) {
  check(services[hostOf(d.url)], `data source ${d.name}: ${d.url} is not a compose service`);
}

const providers = readYaml('deploy/grafana/provisioning/dashboards/livewire.yml').providers;
check(providers.some((p) => p.options?.path === dashboardsMount),
  `no dashboard provider reads ${dashboardsMount}, where compose mounts deploy/grafana/dashboards`);

const dashboardFiles = fs.readdirSync('deploy/grafana/dashboards').filter((f) => f.endsWith('.json'));
check(dashboardFiles.length > 0, 'no dashboard JSON in deploy/grafana/dashboards');
for (const file of dashboardFiles) {
  let dashboard;
  try {
    dashboard = JSON.parse(fs.readFileSync(`deploy/grafana/dashboards/${file}`, 'utf8'));
  } catch (e) {
    failures.push(`${file}: not JSON: ${e.message}`);
    continue;
  }
  check(typeof dashboard.uid === 'string' && dashboard.uid.length > 0, `${file}: no uid`);
  check(typeof dashboard.title === 'string', `${file}: no title`);
  check(dashboard.id === undefined || dashboard.id === null, `${file}: a provisioned dashboard must not carry an id`);
  const ids = new Set();
  for (const panel of dashboard.panels ?? []) {
    const where = `${file}: panel ${panel.id} "${panel.title}"`;
    check(!ids.has(panel.id), `${where}: duplicate id`);
    ids.add(panel.id);
    const g = panel.gridPos ?? {};
    check([g.x, g.y, g.w, g.h].every(Number.isInteger) && g.x + g.w <= 24, `${where}: bad gridPos`);
    if (panel.type === 'row') continue;
    check(datasourceUids.has(panel.datasource?.uid), `${where}: data source ${panel.datasource?.uid} is not provisioned`);
    check((panel.targets ?? []).length > 0, `${where}: no queries`);
    const refIds = new Set();
    for (const t of panel.targets ?? []) {
      check(typeof t.expr === 'string' && t.expr.trim().length > 0, `${where}: a query without expr`);
      check(!refIds.has(t.refId), `${where}: duplicate refId ${t.refId}`);
      refIds.add(t.refId);
      check(!t.datasource || datasourceUids.has(t.datasource.uid), `${where}: query data source ${t.datasource?.uid} is not provisioned`);
    }
  }
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type === 'query') check(datasourceUids.has(v.datasource?.uid), `${file}: variable ${v.name}: data source not provisioned`);
  }
}

// --- Prometheus: every LiveWire node is scraped, every target is a compose service ---
const prometheus = readYaml('deploy/prometheus/prometheus.yml');
const scraped = new Set();
for (const job of prometheus.scrape_configs) {
  for (const sc of job.static_configs ?? []) {
    for (const target of sc.targets) {
      const host = hostOf(target);
      check(host === 'localhost' || services[host], `prometheus job ${job.job_name}: target ${target} is not a compose service`);
      scraped.add(host);
    }
  }
  for (const sd of job.dns_sd_configs ?? []) {
    for (const name of sd.names) {
      check(services[name], `prometheus job ${job.job_name}: ${name} is not a compose service`);
      scraped.add(name);
    }
  }
}
const livewireNodes = Object.entries(services).filter(([, s]) => /^livewire-/.test(s.image ?? '')).map(([n]) => n);
check(livewireNodes.length > 0, 'no LiveWire services in compose');
for (const node of livewireNodes) check(scraped.has(node), `prometheus does not scrape ${node}`);
// /metrics answers on the management port only: every LiveWire target is scraped there.
for (const job of prometheus.scrape_configs) {
  const targets = [
    ...(job.static_configs ?? []).flatMap((sc) => sc.targets.map((t) => [hostOf(t), portOf(t)])),
    ...(job.dns_sd_configs ?? []).flatMap((sd) => sd.names.map((n) => [n, sd.port])),
  ];
  for (const [host, port] of targets) {
    if (!livewireNodes.includes(host)) continue;
    const management = Number(services[host].environment?.LiveWire__Management__Port);
    check(management, `${host}: LiveWire__Management__Port is not set`);
    check(port === management, `prometheus job ${job.job_name}: scrapes ${host} on ${port}, not its management port ${management}`);
  }
}
// The nginx in front of the Servers never passes readers to a management port.
const nginx = fs.readFileSync('deploy/nginx/nginx.conf', 'utf8');
for (const node of livewireNodes) {
  const management = services[node].environment?.LiveWire__Management__Port;
  check(!nginx.includes(`${node}:${management}`), `deploy/nginx/nginx.conf passes traffic to ${node}'s management port`);
}
check(services.prometheus?.volumes?.some((v) => v.startsWith('./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml')),
  'the prometheus service does not mount deploy/prometheus/prometheus.yml');

// --- OpenTelemetry Collector: pipelines use defined components; the nodes send to its OTLP receiver ---
const collector = readYaml('deploy/otel-collector/config.yaml');
const used = { receivers: new Set(), processors: new Set(), exporters: new Set() };
for (const [name, pipeline] of Object.entries(collector.service.pipelines)) {
  check(['traces', 'metrics', 'logs'].includes(name.split('/')[0]), `collector pipeline ${name}: unknown signal`);
  check((pipeline.receivers ?? []).length > 0 && (pipeline.exporters ?? []).length > 0, `collector pipeline ${name}: needs receivers and exporters`);
  for (const kind of ['receivers', 'processors', 'exporters']) {
    for (const component of pipeline[kind] ?? []) {
      check(collector[kind] && component in collector[kind], `collector pipeline ${name}: ${kind.slice(0, -1)} ${component} is not defined`);
      used[kind].add(component);
    }
  }
  if ((pipeline.processors ?? []).includes('memory_limiter')) {
    check(pipeline.processors[0] === 'memory_limiter', `collector pipeline ${name}: memory_limiter must come first`);
  }
}
for (const kind of ['receivers', 'processors', 'exporters']) {
  for (const component of Object.keys(collector[kind] ?? {})) check(used[kind].has(component), `collector: ${kind.slice(0, -1)} ${component} is defined but unused`);
}
for (const extension of collector.service.extensions ?? []) check(extension in (collector.extensions ?? {}), `collector: extension ${extension} is not defined`);
for (const [name, exporter] of Object.entries(collector.exporters)) {
  if (exporter?.endpoint) check(services[hostOf(exporter.endpoint)], `collector exporter ${name}: ${exporter.endpoint} is not a compose service`);
}
const grpcPort = portOf(collector.receivers.otlp.protocols.grpc.endpoint);
for (const node of livewireNodes) {
  const endpoint = services[node].environment?.OTEL_EXPORTER_OTLP_ENDPOINT;
  check(endpoint, `${node}: OTEL_EXPORTER_OTLP_ENDPOINT is not set`);
  if (endpoint) {
    check(services[hostOf(endpoint)]?.image?.includes('opentelemetry-collector'), `${node}: ${endpoint} is not the collector service`);
    check(portOf(endpoint) === grpcPort, `${node}: ${endpoint} is not the collector's OTLP gRPC port ${grpcPort}`);
  }
}
check(services['otel-collector']?.volumes?.some((v) => v.startsWith('./deploy/otel-collector/config.yaml:')), 'the collector does not mount deploy/otel-collector/config.yaml');

if (failures.length === 0) {
  console.log(`PASS observability: ${dashboardFiles.length} dashboard(s), ${prometheus.scrape_configs.length} scrape jobs, ${Object.keys(collector.service.pipelines).length} collector pipelines`);
} else {
  for (const f of failures) console.log(`FAIL ${f}`);
  process.exitCode = 1;
}
