// Copy the design system and htmx from node_modules into static/vendor, so nothing loads from a CDN.
import { cpSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");
const copies = [
  ["node_modules/dkfds/dist/css", "dkfds/css"],
  ["node_modules/dkfds/dist/fonts", "dkfds/fonts"],
  ["node_modules/dkfds/dist/img", "dkfds/img"],
  ["node_modules/dkfds/dist/js", "dkfds/js"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["node_modules/leaflet/dist", "leaflet"],
];

rmSync(vendor, { recursive: true, force: true });
for (const [from, to] of copies) {
  const source = join(root, from);
  if (!existsSync(source)) {
    console.error(`Missing ${from}: run npm ci first.`);
    process.exit(1);
  }
  const target = join(vendor, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true });
}
console.log(`Assets copied to ${vendor}`);
