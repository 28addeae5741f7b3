#!/usr/bin/env bash
# Hit ratios of the file cache's policy (Caffeine W-TinyLFU) against a byte-bounded LRU on seeded traces:
# writes target/cache-hit-ratios.md (or the file given as $1) and prints it. docs/CACHE.md quotes the table.
# Takes about half a minute and a few hundred MB of heap; needs only the project's Caffeine jar.
set -euo pipefail
cd "$(dirname "$0")/.."
classpath_file=target/hit-ratio.classpath
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeArtifactIds=caffeine -Dmdep.outputFile="$classpath_file"
exec java -Xmx1g -cp "$(cat "$classpath_file")" bench/hit-ratio/HitRatioComparison.java "${1:-target/cache-hit-ratios.md}"
