// Validates rendered Kubernetes manifests (`kubectl kustomize k8s/`) without a cluster:
//  1. OpenAPI schema: types, required fields, formats (kubernetes-models);
//  2. unknown fields, as `kubectl apply --validate=strict` would reject them (attribute maps of
//     @kubernetes/client-node, generated from the Kubernetes OpenAPI spec);
//  3. consistency: selectors vs pod labels, probe and Service ports, references, shutdown budgets.
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

for (const d of docs) {
  if (!d.apiVersion || !d.kind || !d.metadata?.name) { fail(d, 'needs apiVersion, kind and metadata.name'); continue; }
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
    if (preStop + shutdown >= grace) fail(dep, `preStop ${preStop}s + shutdown ${shutdown}s does not fit the ${grace}s grace period`);
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

console.log(failures ? `FAIL ${file}: ${failures} problem(s)` : `PASS ${file}: ${docs.length} document(s) valid`);
process.exitCode = failures ? 1 : 0;
