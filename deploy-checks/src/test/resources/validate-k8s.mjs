// Validates rendered Kubernetes manifests against the Kubernetes JSON schemas of npm kubernetes-models.
//
//   NODE_PATH=<node_modules with kubernetes-models and yaml> node validate-k8s.mjs FILE.yaml...
//
// Prints one line per object ("valid Kind/name" or "INVALID file: Kind/name: why") and a summary line
// "N valid, M invalid"; exits 1 when any object is invalid or of an unknown apiVersion/kind.
// (kubernetes-models checks types, enums and required fields; it does not reject unknown field names.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const nodeModules = process.env.NODE_PATH;
if (!nodeModules) {
  console.error('NODE_PATH must name the node_modules folder holding kubernetes-models and yaml');
  process.exit(2);
}
// Bare imports in an ES module ignore NODE_PATH: resolve from inside that folder instead.
const require = createRequire(join(nodeModules, 'validate-k8s.cjs'));
const YAML = require('yaml');

function modelFor(apiVersion, kind) {
  // core/v1 lives in kubernetes-models/v1, the rest in kubernetes-models/<group>/<version>.
  try {
    return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
  } catch {
    return undefined;
  }
}

let valid = 0;
let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const document of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (document.errors.length > 0) {
      console.log(`INVALID ${file}: not YAML: ${document.errors[0].message}`);
      invalid++;
      continue;
    }
    const object = document.toJS();
    if (object == null) continue;
    const what = `${object.kind}/${object.metadata?.name}`;
    const Model = typeof object.apiVersion === 'string' && typeof object.kind === 'string'
      ? modelFor(object.apiVersion, object.kind) : undefined;
    if (!Model) {
      console.log(`INVALID ${file}: ${what}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
      invalid++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`valid ${what}`);
      valid++;
    } catch (error) {
      console.log(`INVALID ${file}: ${what}: ${error.message.replace(/\s+/g, ' ')}`);
      invalid++;
    }
  }
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
