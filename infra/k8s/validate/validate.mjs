// Validates Kubernetes manifests offline against the API schemas that ship with kubernetes-models.
//
//   kubectl kustomize ../overlays/dev | node validate.mjs            one stream on stdin
//   node validate.mjs dev.yaml production.yaml                       rendered overlays, named by file
//   node validate.mjs --unbuilt dev ...                              an overlay kustomize could not render
//   node validate.mjs --self-test                                    proves the checks can fail
//
// Prints one line per object and, last, "k8s: N objects valid, M invalid"; exits 1 if M > 0.
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";

const fixtures = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

/** The model class for an object's apiVersion and kind, or an error saying why there is none. */
async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return { error: "apiVersion and kind must both be strings" };
  }
  let module;
  try {
    module = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return { error: `unknown apiVersion ${apiVersion}` };
  }
  const model = module[kind];
  // Nested types (DeploymentSpec, ...) are exported too; only API resources carry their own kind.
  if (typeof model !== "function" || model.kind !== kind || model.apiVersion !== apiVersion) {
    return { error: `unknown kind ${kind} in ${apiVersion}` };
  }
  return { model };
}

/** Checks one parsed document; returns null when it is valid, else the reasons. */
async function check(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return "not a Kubernetes object (a YAML mapping)";
  }
  const { model, error } = await modelFor(object.apiVersion, object.kind);
  if (error) {
    return error;
  }
  if (typeof object.metadata?.name !== "string" || object.metadata.name === "") {
    return "metadata.name is missing";
  }
  try {
    new model(object).validate();
  } catch (e) {
    return e.message;
  }
  return null;
}

function describe(object) {
  const kind = object && typeof object === "object" ? `${object.apiVersion ?? "?"} ${object.kind ?? "?"}` : "?";
  const meta = object?.metadata ?? {};
  const name = meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name ?? "(no name)";
  return `${kind} ${name}`;
}

/** Validates every document of every source; returns [valid, invalid] and prints a line for each. */
async function validateSources(sources) {
  let valid = 0;
  let invalid = 0;
  for (const { label, text } of sources) {
    let documents;
    try {
      documents = yaml.loadAll(text).filter((d) => d !== null && d !== undefined);
    } catch (e) {
      console.log(`FAIL ${label}: YAML does not parse: ${e.message.split("\n")[0]}`);
      invalid++;
      continue;
    }
    if (documents.length === 0) {
      console.log(`FAIL ${label}: no objects`);
      invalid++;
      continue;
    }
    for (const object of documents) {
      const problem = await check(object);
      if (problem === null) {
        console.log(`ok   ${label}: ${describe(object)}`);
        valid++;
      } else {
        console.log(`FAIL ${label}: ${describe(object)}: ${problem}`);
        invalid++;
      }
    }
  }
  return [valid, invalid];
}

/** Every object in fixtures/broken.yaml must be rejected and every one in fixtures/valid.yaml accepted. */
async function selfTest() {
  let failures = 0;
  const broken = yaml.loadAll(readFileSync(join(fixtures, "broken.yaml"), "utf8")).filter(Boolean);
  for (const object of broken) {
    const problem = await check(object);
    const expected = object?.metadata?.annotations?.["xip.test/expect"] ?? "(no expectation)";
    if (problem === null) {
      console.log(`FAIL self-test: broken ${describe(object)} was accepted (${expected})`);
      failures++;
    } else {
      console.log(`ok   self-test: broken ${describe(object)} rejected: ${problem}`);
    }
  }
  const good = yaml.loadAll(readFileSync(join(fixtures, "valid.yaml"), "utf8")).filter(Boolean);
  for (const object of good) {
    const problem = await check(object);
    if (problem === null) {
      console.log(`ok   self-test: valid ${describe(object)} accepted`);
    } else {
      console.log(`FAIL self-test: valid ${describe(object)} was rejected: ${problem}`);
      failures++;
    }
  }
  if (broken.length === 0 || good.length === 0) {
    console.log("FAIL self-test: a fixture file has no objects");
    failures++;
  }
  console.log(`k8s self-test: ${broken.length} broken fixtures, ${good.length} valid fixtures, ${failures} wrong verdicts`);
  return failures === 0;
}

async function main(args) {
  if (args.includes("--self-test")) {
    return (await selfTest()) ? 0 : 1;
  }
  const sources = [];
  const unbuilt = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--unbuilt") {
      unbuilt.push(args[++i] ?? "(unnamed)");
    } else {
      sources.push({ label: basename(args[i]).replace(/\.ya?ml$/, ""), text: readFileSync(args[i], "utf8") });
    }
  }
  if (sources.length === 0 && unbuilt.length === 0) {
    sources.push({ label: "stdin", text: readFileSync(0, "utf8") });
  }
  let [valid, invalid] = await validateSources(sources);
  for (const name of unbuilt) {
    console.log(`FAIL ${name}: kustomize could not render the overlay`);
    invalid++;
  }
  console.log(`k8s: ${valid} objects valid, ${invalid} invalid`);
  return invalid === 0 && valid > 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
