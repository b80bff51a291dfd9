// tsc emits only JavaScript: the nodes' icons go beside their compiled .node.js files,
// where n8n looks for `icon: "file:…"`.
import { copyFileSync, readdirSync } from "node:fs";

for (const node of readdirSync("nodes")) {
  copyFileSync(`nodes/${node}/wagate.svg`, `dist/nodes/${node}/wagate.svg`);
}
