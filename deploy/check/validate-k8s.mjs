// Validates rendered Kubernetes manifests (`kubectl kustomize k8s/`) without a cluster:
//  1. OpenAPI schema: types, required fields, formats (kubernetes-models);
//  2. unknown fields, as `kubectl apply --validate=strict` would reject them (attribute maps of
//     @kubernetes/client-node, generated from the Kubernetes OpenAPI spec);
//  3. consistency: selectors vs pod labels, probe and Service ports, references, shutdown budgets; the management
//     port kept off every route; a NetworkPolicy per workload; the connection cap, memory limit, HPA target and
//     alert threshold following from one another (k8s/README.md, Capacity).
// Gateway API and Prometheus Operator objects are checked against their CRDs' schemas (@kubernetes-models/*), and for
// unknown fields against the field lists of the models' TypeScript declarations (crdUnknownFields below).
// Usage: node validate-k8s.mjs rendered.yaml [namespace]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// Only the generated models: the package's index pulls in an HTTP client that needs a newer Node.
const k8s = await import(path.join(here, 'node_modules/@kubernetes/client-node/dist/gen/models/all.js'));

const [file, namespace = 'livewire'] = process.argv.slice(2);
const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS()).filter(Boolean);

let failures = 0;
const fail = (d, msg) => { failures++; console.log(`FAIL ${d.kind}/${d.metadata?.name}: ${msg}`); };

const types = {
  'v1/Namespace': ['v1', 'V1Namespace'],
  'v1/ConfigMap': ['v1', 'V1ConfigMap'],
  'v1/Secret': ['v1', 'V1Secret'],
  'v1/Service': ['v1', 'V1Service'],
  'apps/v1/Deployment': ['apps/v1', 'V1Deployment'],
  'policy/v1/PodDisruptionBudget': ['policy/v1', 'V1PodDisruptionBudget'],
  'autoscaling/v2/HorizontalPodAutoscaler': ['autoscaling/v2', 'V2HorizontalPodAutoscaler'],
  'networking.k8s.io/v1/Ingress': ['networking.k8s.io/v1', 'V1Ingress'],
  'networking.k8s.io/v1/NetworkPolicy': ['networking.k8s.io/v1', 'V1NetworkPolicy'],
};
// Custom resources: the module of their model in node_modules.
const crds = {
  'gateway.networking.k8s.io/v1/HTTPRoute': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
  'monitoring.coreos.com/v1/ServiceMonitor': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PrometheusRule': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule',
};

function unknownFields(value, type, at, out) {
  if (value === null || value === undefined) return;
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) {
    if (!Array.isArray(value)) return out.push(`${at}: expected a list`);
    return value.forEach((v, i) => unknownFields(v, m[1], `${at}[${i}]`, out));
  }
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    return Object.entries(value).forEach(([k, v]) => unknownFields(v, m[1], `${at}.${k}`, out));
  }
  const cls = k8s[type];
  if (!cls?.getAttributeTypeMap) return; // a scalar, IntOrString, Quantity...
  if (typeof value !== 'object' || Array.isArray(value)) return out.push(`${at}: expected an object (${type})`);
  const attrs = new Map(cls.getAttributeTypeMap().map(a => [a.baseName, a.type]));
  for (const [k, v] of Object.entries(value)) {
    if (!attrs.has(k)) out.push(`${at}.${k}: unknown field of ${type}`);
    else unknownFields(v, attrs.get(k), `${at}.${k}`, out);
  }
}

// The fields a custom resource's model declares, read from its .d.ts: the model class (`export declare class …
// {`, inherited fields included) has one `    "field"?: Type;` line per field, types named by imports of sibling
// files. Where a type is not one such (a string, an enum, a map, another package's), the walk stops there.
function declaredFields(dts) {
  const text = fs.readFileSync(dts, 'utf8');
  const body = /export declare class \w+ extends Model<\w+> implements \w+ \{\n([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  return new Map([...body.matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm)].map(m => [m[1], m[2]]));
}
function crdUnknownFields(value, dts, at, out) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const fields = declaredFields(dts);
  const imports = new Map([...fs.readFileSync(dts, 'utf8').matchAll(/import \{ (\w+) \} from "(\.\/[^"]+)\.js";/g)].map(m => [m[1], path.join(path.dirname(dts), `${m[2]}.d.ts`)]));
  for (const [k, v] of Object.entries(value)) {
    if (!fields.has(k)) { out.push(`${at}.${k}: unknown field`); continue; }
    const type = fields.get(k);
    const m = /^(?:Array<(\w+)>|(\w+))$/.exec(type);
    const next = m && imports.get(m[1] ?? m[2]);
    if (!next) continue;
    if (m[1]) { if (Array.isArray(v)) v.forEach((item, i) => crdUnknownFields(item, next, `${at}.${k}[${i}]`, out)); }
    else crdUnknownFields(v, next, `${at}.${k}`, out);
  }
}

for (const d of docs) {
  if (!d.apiVersion || !d.kind || !d.metadata?.name) { fail(d, 'needs apiVersion, kind and metadata.name'); continue; }
  const crd = crds[`${d.apiVersion}/${d.kind}`];
  if (crd) {
    const Model = (await import(crd))[d.kind];
    try { new Model(d).validate(); } catch (e) { fail(d, `schema: ${JSON.stringify(e.errors ?? e.message)}`); continue; }
    const unknown = [];
    const { metadata, ...rest } = d;
    crdUnknownFields(rest, path.join(here, 'node_modules', `${crd}.d.ts`), `${d.kind}/${d.metadata.name}`, unknown);
    unknown.forEach(u => fail(d, u));
    if (d.metadata.namespace !== namespace) fail(d, `not in namespace ${namespace}`);
    if (!unknown.length) console.log(`PASS ${d.apiVersion} ${d.kind}/${d.metadata.name} (CRD schema, unknown fields)`);
    continue;
  }
  const t = types[`${d.apiVersion}/${d.kind}`];
  if (!t) { fail(d, `no schema known for ${d.apiVersion} ${d.kind}`); continue; }
  const Model = require(`kubernetes-models/${t[0]}`)[d.kind];
  try { new Model(d).validate(); } catch (e) { fail(d, `schema: ${JSON.stringify(e.errors ?? e.message)}`); continue; }
  const unknown = [];
  unknownFields(d, t[1], `${d.kind}/${d.metadata.name}`, unknown);
  unknown.forEach(u => fail(d, u));
  if (d.kind !== 'Namespace' && d.metadata.namespace !== namespace) fail(d, `not in namespace ${namespace}`);
  if (!unknown.length) console.log(`PASS ${d.apiVersion} ${d.kind}/${d.metadata.name}`);
}

const byKind = k => docs.filter(d => d.kind === k);
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const deployments = byKind('Deployment');
const configMaps = new Set(byKind('ConfigMap').map(d => d.metadata.name));

for (const dep of deployments) {
  const pod = dep.spec.template;
  if (!matches(dep.spec.selector.matchLabels, pod.metadata.labels)) fail(dep, 'selector does not match the pod labels');
  if (!pod.spec.securityContext?.runAsNonRoot) fail(dep, 'runAsNonRoot is not set');
  const volumes = new Set((pod.spec.volumes ?? []).map(v => v.name));
  for (const c of pod.spec.containers) {
    const ports = new Set((c.ports ?? []).flatMap(p => [p.name, p.containerPort]));
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      if (!c[probe]) fail(dep, `${c.name} has no ${probe}`);
      else if (!ports.has(c[probe].httpGet?.port)) fail(dep, `${c.name} ${probe} uses undeclared port ${c[probe].httpGet?.port}`);
    }
    for (const from of c.envFrom ?? [])
      if (from.configMapRef && !configMaps.has(from.configMapRef.name)) fail(dep, `ConfigMap ${from.configMapRef.name} is not in the bundle`);
    for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(dep, `mount ${m.name} has no volume`);
    if (c.securityContext?.readOnlyRootFilesystem && !(c.volumeMounts ?? []).some(m => m.mountPath === '/tmp'))
      fail(dep, `${c.name}: read-only root filesystem without a writable /tmp`);
    if (!c.resources?.requests || !c.resources?.limits) fail(dep, `${c.name} lacks resource requests or limits`);
    // preStop + the host's shutdown timeout must fit in the grace period, or the kubelet kills mid-drain.
    const shutdown = Number((c.env ?? []).find(e => e.name === 'DOTNET_SHUTDOWNTIMEOUTSECONDS')?.value ?? 30);
    const preStop = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
    // A Server drains its readers (LiveWire__Shutdown__DrainWindow, hh:mm:ss) before the host's graceful stop begins.
    const drainWindow = (c.env ?? []).find(e => e.name === 'LiveWire__Shutdown__DrainWindow')?.value ?? '00:00:00';
    const drain = drainWindow.split(':').reduce((total, part) => total * 60 + Number(part), 0);
    if (preStop + drain + shutdown > grace)
      fail(dep, `preStop ${preStop}s + drain ${drain}s + shutdown ${shutdown}s does not fit the ${grace}s grace period`);
  }
}
for (const svc of byKind('Service')) {
  const targets = deployments.filter(dep => matches(svc.spec.selector, dep.spec.template.metadata.labels));
  if (targets.length !== 1) fail(svc, `selector matches ${targets.length} Deployments`);
  for (const p of svc.spec.ports) for (const dep of targets)
    if (!dep.spec.template.spec.containers.some(c => (c.ports ?? []).some(cp => cp.name === p.targetPort || cp.containerPort === p.targetPort)))
      fail(svc, `targetPort ${p.targetPort} is not a port of ${dep.metadata.name}`);
}
for (const pdb of byKind('PodDisruptionBudget'))
  if (!deployments.some(dep => matches(pdb.spec.selector.matchLabels, dep.spec.template.metadata.labels))) fail(pdb, 'selects no Deployment');
for (const hpa of byKind('HorizontalPodAutoscaler')) {
  const target = deployments.find(dep => dep.metadata.name === hpa.spec.scaleTargetRef.name);
  if (!target) fail(hpa, 'target Deployment not found');
  else if (target.spec.replicas !== undefined) fail(hpa, 'target Deployment sets replicas, which would fight the autoscaler');
  else if (!target.spec.template.spec.containers.every(c => c.resources?.requests?.cpu)) fail(hpa, 'CPU utilization needs CPU requests');
}
for (const ing of byKind('Ingress'))
  for (const rule of ing.spec.rules) for (const p of rule.http.paths) {
    const svc = byKind('Service').find(s => s.metadata.name === p.backend.service.name);
    if (!svc) fail(ing, `backend Service ${p.backend.service.name} not found`);
    else if (!svc.spec.ports.some(sp => sp.name === p.backend.service.port.name || sp.port === p.backend.service.port.number))
      fail(ing, `backend port is not a port of Service ${svc.metadata.name}`);
  }

// --- the way in: routes reach only public ports; the management port is Prometheus' alone ---
const services = byKind('Service');
const targetPortsOf = (svc) => svc.spec.ports.map(p => p.targetPort);
for (const route of byKind('HTTPRoute')) {
  for (const rule of route.spec.rules ?? []) for (const ref of rule.backendRefs ?? []) {
    const svc = services.find(s => s.metadata.name === ref.name);
    if (!svc) { fail(route, `backend Service ${ref.name} not found`); continue; }
    const port = svc.spec.ports.find(p => p.port === ref.port);
    if (!port) fail(route, `port ${ref.port} is not a port of Service ${svc.metadata.name}`);
    if (targetPortsOf(svc).includes('management')) fail(route, `Service ${svc.metadata.name} exposes the management port to the route`);
  }
  // The hub's rule must not time its long-lived requests out.
  const hub = (route.spec.rules ?? []).find(r => (r.matches ?? []).some(m => m.path?.value === '/hubs'));
  if (!hub) fail(route, 'no rule for the hub (/hubs)');
  else if (hub.timeouts?.request !== '0s') fail(route, 'the hub rule must turn the request timeout off ("0s")');
}
for (const sm of byKind('ServiceMonitor')) {
  const selected = services.filter(svc => matches(sm.spec.selector.matchLabels, svc.metadata.labels));
  for (const ep of sm.spec.endpoints) {
    const scraped = selected.filter(svc => svc.spec.ports.some(p => p.name === ep.port));
    if (!scraped.length) fail(sm, `no selected Service has a port named ${ep.port}`);
    for (const svc of scraped) if (svc.spec.ports.find(p => p.name === ep.port).targetPort !== 'management')
      fail(sm, `scrapes ${svc.metadata.name}'s ${ep.port}, which is not the pods' management port`);
  }
}
for (const dep of deployments) {
  const c = dep.spec.template.spec.containers[0];
  const env = Object.fromEntries((c.env ?? []).map(e => [e.name, e.value]));
  const management = (c.ports ?? []).find(p => p.name === 'management');
  if (!management) fail(dep, 'no container port named management');
  else if (Number(env.LiveWire__Management__Port) !== management.containerPort)
    fail(dep, `LiveWire__Management__Port ${env.LiveWire__Management__Port} is not the management port ${management.containerPort}`);
  const annotations = dep.spec.template.metadata.annotations ?? {};
  if (annotations['prometheus.io/port'] && Number(annotations['prometheus.io/port']) !== management?.containerPort)
    fail(dep, 'prometheus.io/port is not the management port');
  // --- a NetworkPolicy per workload: the public port from the gateway only, the management port from monitoring only ---
  const policies = byKind('NetworkPolicy').filter(np => matches(np.spec.podSelector.matchLabels, dep.spec.template.metadata.labels));
  if (policies.length !== 1) { fail(dep, `${policies.length} NetworkPolicies select it, not one`); continue; }
  const [np] = policies;
  if (!['Ingress', 'Egress'].every(t => np.spec.policyTypes?.includes(t))) fail(np, 'must restrict both Ingress and Egress');
  const namedPorts = new Set((c.ports ?? []).map(p => p.name));
  const fromNamespaces = (port) => (np.spec.ingress ?? []).filter(r => (r.ports ?? []).some(p => p.port === port))
    .flatMap(r => (r.from ?? [{}]).map(f => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? '(any)'));
  for (const rule of np.spec.ingress ?? []) {
    if (!rule.ports?.length) fail(np, 'an ingress rule without ports opens every port');
    for (const p of rule.ports ?? []) if (typeof p.port === 'string' && !namedPorts.has(p.port)) fail(np, `port ${p.port} is not a port of ${dep.metadata.name}`);
  }
  const scrapers = fromNamespaces('management');
  if (!scrapers.length || scrapers.some(n => n !== 'monitoring')) fail(np, `the management port is open to ${scrapers.join(', ') || 'nobody'}, not monitoring alone`);
  const publicFrom = fromNamespaces('http');
  if (publicFrom.some(n => n === 'monitoring' || n === '(any)')) fail(np, `the public port is open to ${publicFrom.join(', ')}`);
  const egressPorts = new Set((np.spec.egress ?? []).flatMap(r => (r.ports ?? []).map(p => p.port)));
  for (const [port, what] of [[53, 'DNS'], [6379, 'Redis'], [5672, 'RabbitMQ'], [4317, 'the OTLP collector']])
    if (!egressPorts.has(port)) fail(np, `no egress to ${what} (port ${port})`);
}

// --- capacity: cap, memory limit, HPA target and alert threshold follow from one another (k8s/README.md) ---
// Measured on the scale-out layout (docs/benchmarks.md, README.md "Capacity per pod"): 34.5 KiB per connection, and
// 488.7 MiB of RSS for four idle processes, ~122 MiB each.
const KIB_PER_CONNECTION = 34.5, IDLE_MIB = 122;
const mib = (q) => { const m = /^(\d+(?:\.\d+)?)(Mi|Gi)$/.exec(q ?? ''); return m ? Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1) : NaN; };
const server = deployments.find(d => d.metadata.labels?.['app.kubernetes.io/component'] === 'server');
if (server) {
  const c = server.spec.template.spec.containers[0];
  const cap = Number((c.env ?? []).find(e => e.name === 'LiveWire__Limits__MaxUpgradedConnections')?.value);
  if (!cap) fail(server, 'sets no connection cap (LiveWire__Limits__MaxUpgradedConnections)');
  else {
    const needed = IDLE_MIB + cap * KIB_PER_CONNECTION / 1024;
    const limit = mib(c.resources?.limits?.memory);
    if (!(limit >= needed * 1.2)) fail(server, `memory limit ${c.resources?.limits?.memory} is under ${Math.ceil(needed * 1.2)} MiB: ${IDLE_MIB} MiB + ${cap} connections x ${KIB_PER_CONNECTION} KiB, +20 %`);
    if (mib(c.resources?.requests?.memory) !== limit) fail(server, 'memory request differs from the limit');
    for (const hpa of byKind('HorizontalPodAutoscaler').filter(h => h.spec.scaleTargetRef.name === server.metadata.name)) {
      const pods = hpa.spec.metrics.find(m => m.type === 'Pods');
      if (!pods) fail(hpa, 'does not scale on connections per pod (a Pods metric)');
      else if (!(Number(pods.pods.target.averageValue) <= cap * 2 / 3)) fail(hpa, `targets ${pods.pods.target.averageValue} connections a pod, more than two thirds of the cap ${cap}`);
      if (!hpa.spec.metrics.some(m => m.type === 'Resource' && m.resource.name === 'cpu')) fail(hpa, 'does not scale on CPU');
    }
    const alert = byKind('PrometheusRule').flatMap(r => r.spec.groups.flatMap(g => g.rules)).find(r => r.alert === 'LiveWireConnectionsNearCap');
    if (!alert) fail(server, 'no LiveWireConnectionsNearCap alert in a PrometheusRule');
    else if (!alert.expr.endsWith(`> 0.8 * ${cap}`)) fail(server, `LiveWireConnectionsNearCap does not fire at 80 % of the cap ${cap}: ${alert.expr}`);
  }
}

console.log(failures ? `FAIL ${file}: ${failures} problem(s)` : `PASS ${file}: ${docs.length} document(s) valid`);
process.exitCode = failures ? 1 : 0;
