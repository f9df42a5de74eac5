// Builds relsafe's front-end assets from node_modules into static_build/ (git-ignored).
// Nothing from npm is committed: GOV.UK Frontend and MoJ Frontend are compiled from their Sass with a
// system font stack (the GDS Transport typeface is reserved for GOV.UK services), and htmx, Cytoscape.js
// and axe-core (tests only) are copied as published.
import { cpSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync, statSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build");
const nm = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const copy = (from, to) => {
  const src = join(nm, from);
  if (!existsSync(src)) {
    console.error(`build-static: missing ${src}. Run 'npm ci' first.`);
    process.exit(1);
  }
  const dest = join(out, to);
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(src, dest, { recursive: true });
};

copy("govuk-frontend/dist/govuk/assets", "vendor/govuk/assets");
copy("govuk-frontend/dist/govuk/govuk-frontend.min.js", "vendor/govuk/govuk-frontend.min.js");
copy("@ministryofjustice/frontend/moj/assets", "vendor/moj/assets");
// MoJ's styles look for their images (the filter's toggle icon, ...) in the one assets folder the
// styles are built with, GOV.UK's: put them there too, or production's collectstatic (which
// checks every url() in the CSS) refuses the build.
copy("@ministryofjustice/frontend/moj/assets/images", "vendor/govuk/assets/images");
copy("@ministryofjustice/frontend/moj/moj-frontend.min.js", "vendor/moj/moj-frontend.min.js");
copy("htmx.org/dist/htmx.min.js", "vendor/htmx/htmx.min.js");
copy("cytoscape/dist/cytoscape.min.js", "vendor/cytoscape/cytoscape.min.js");
copy("axe-core/axe.min.js", "vendor/axe/axe.min.js");

const result = sass.compile(join(root, "frontend/scss/relsafe.scss"), {
  loadPaths: [root, nm],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
  // MoJ Frontend still calls GOV.UK mixins that GOV.UK has deprecated; those warnings are theirs, not ours.
  logger: {
    warn(message, { stack }) {
      if (!(stack || "").includes("@ministryofjustice")) console.warn(message);
    },
  },
});
writeFileSync(join(out, "css/relsafe.css"), result.css);

// Our own scripts are plain ES modules; copied as written.
cpSync(join(root, "frontend/js"), join(out, "js"), { recursive: true });
cpSync(join(root, "frontend/images"), join(out, "images"), { recursive: true });

const count = (dir) =>
  readdirSync(dir).reduce((n, f) => {
    const p = join(dir, f);
    return n + (statSync(p).isDirectory() ? count(p) : 1);
  }, 0);
console.log(`build-static: ${count(out)} files in static_build/ (css ${Math.round(result.css.length / 1024)} KiB)`);
