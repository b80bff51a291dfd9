// Writes the sha256 of the openapi.yaml src/schema.d.ts was generated from, so a test can
// tell when the committed types are older than the contract (`make sdk` regenerates both).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const spec = readFileSync(new URL("../../../openapi.yaml", import.meta.url));
const digest = createHash("sha256").update(spec).digest("hex");
writeFileSync(new URL("../src/openapi.sha256", import.meta.url), digest + "\n");
