// k8s/prometheusrule.yaml is made from the Prometheus rule files, so the alerts are written once:
// deploy/prometheus/alerts.yml (LiveWire's, which compose's Prometheus loads too) and alerts-kubernetes.yml (the
// cluster's). Usage, from the repository root:
//   node deploy/check/prometheusrule.mjs           rewrite k8s/prometheusrule.yaml
//   node deploy/check/prometheusrule.mjs --check   fail when it differs from what the rule files make
import fs from 'node:fs';
import YAML from 'yaml';

const sources = ['deploy/prometheus/alerts.yml', 'deploy/prometheus/alerts-kubernetes.yml'];
const target = 'k8s/prometheusrule.yaml';

const groups = sources.flatMap((file) => YAML.parse(fs.readFileSync(file, 'utf8')).groups);
const rule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'livewire', labels: { 'app.kubernetes.io/name': 'livewire' } },
  spec: { groups },
};
const header = [
  '# MADE BY deploy/check/prometheusrule.mjs from deploy/prometheus/alerts.yml and alerts-kubernetes.yml: edit those and',
  '# run `node deploy/check/prometheusrule.mjs`; deploy/check.sh fails when this file differs from them.',
  '# Your Prometheus must select it (its ruleSelector; kube-prometheus-stack matches the `release` label of its Helm',
  '# release: add it in an overlay).',
  '',
].join('\n');
const text = header + YAML.stringify(rule, { lineWidth: 0 });

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.log(`FAIL ${target} is not what ${sources.join(' and ')} make: run node deploy/check/prometheusrule.mjs`);
    process.exitCode = 1;
  } else {
    console.log(`PASS ${target}: ${groups.length} groups, ${groups.reduce((n, g) => n + g.rules.length, 0)} alerts, as the rule files have them`);
  }
} else {
  fs.writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
