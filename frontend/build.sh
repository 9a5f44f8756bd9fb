#!/usr/bin/env bash
# Rebuild the committed front end in static/ from frontend/.
#
#   frontend/build.sh        (needs Node 20+ and npm; run from anywhere)
#
# Installs the locked npm packages, compiles scss/portal.scss to
# static/css/portal.css (compressed, no source map), copies govuk-frontend's
# JavaScript to static/js/ and our own images to static/assets/images/.
# govuk-frontend's own images (crown favicons, Royal Arms crest, Open Graph
# image) and GDS Transport fonts are GOV.UK branding and are deliberately not
# copied. Commit the changes under static/ afterwards.
set -euo pipefail

frontend="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static="$(dirname "$frontend")/static"
govuk="$frontend/node_modules/govuk-frontend/dist/govuk"

cd "$frontend"
npm ci --include=dev --no-audit --no-fund

rm -rf "$static/css" "$static/assets"
mkdir -p "$static/css" "$static/js" "$static/assets/images"

npx --no-install sass \
  --pkg-importer=node \
  --load-path=scss \
  --style=compressed \
  --no-source-map \
  scss/portal.scss "$static/css/portal.css"

# govuk-frontend.min.js is an ES module exporting initAll; static/js/init.js
# imports it. The .map is copied too: the script ends with a sourceMappingURL
# comment, and ManifestStaticFilesStorage fails collectstatic if it is missing.
cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$static/js/"

cp "$frontend"/assets/images/* "$static/assets/images/"

version="$(node -p 'require("govuk-frontend/package.json").version')"
echo "Built static/ with govuk-frontend $version:"
ls -l "$static/css/portal.css" "$static/js/govuk-frontend.min.js"
