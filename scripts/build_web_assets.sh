#!/usr/bin/env bash
# Front-end libraries of the workbench (marsad serve's pages), from npm at build time:
# `npm ci` installs the versions pinned in web/package-lock.json, then only their built
# files (dist/) are copied into src/marsad/web/static/vendor/, which ships in the Python
# package (package-data). Run it after changing web/package.json; commit the lock file and
# the copied files. Nothing under vendor/ is edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
WEB=web
VENDOR=src/marsad/web/static/vendor
command -v npm >/dev/null || { echo "build_web_assets: npm is needed" >&2; exit 1; }
(cd "$WEB" && npm ci --ignore-scripts --no-audit --no-fund --silent)
rm -rf "$VENDOR"
mkdir -p "$VENDOR/leaflet/images" "$VENDOR/leaflet.markercluster" "$VENDOR/uplot"
M="$WEB/node_modules"
cp "$M/leaflet/dist/leaflet.js" "$M/leaflet/dist/leaflet.css" "$M/leaflet/LICENSE" "$VENDOR/leaflet/"
cp "$M"/leaflet/dist/images/*.png "$VENDOR/leaflet/images/"
cp "$M/leaflet.markercluster/dist/leaflet.markercluster.js" \
   "$M/leaflet.markercluster/dist/MarkerCluster.css" \
   "$M/leaflet.markercluster/dist/MarkerCluster.Default.css" \
   "$M/leaflet.markercluster/MIT-LICENCE.txt" "$VENDOR/leaflet.markercluster/"
cp "$M/uplot/dist/uPlot.iife.min.js" "$M/uplot/dist/uPlot.min.css" "$M/uplot/LICENSE" "$VENDOR/uplot/"
# the versions copied, for the record (and the test that checks the copy is current)
node -e '
const fs = require("fs");
const lock = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const out = {};
for (const [k, v] of Object.entries(lock.packages)) if (k) out[k.replace("node_modules/", "")] = v.version;
fs.writeFileSync(process.argv[2], JSON.stringify(out, null, 1) + "\n");
' "$WEB/package-lock.json" "$VENDOR/VERSIONS.json"
echo "build_web_assets: copied into $VENDOR: $(cd "$VENDOR" && find . -type f | sort | tr '\n' ' ')"
