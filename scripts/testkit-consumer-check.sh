#!/usr/bin/env bash
# Builds a Maven project outside the reactor from docs/testkit.md alone (its pom fragment, template, strategy, detector
# and tests) against the installed artifacts, and runs its tests. To leave the shared local repository's SNAPSHOTs
# alone, it installs a copy of the modules under a distinct version (default 0.0.0-testkitcheck).
#   scripts/testkit-consumer-check.sh [VERSION] [MAVEN_ARGS...]      e.g. scripts/testkit-consumer-check.sh 0.0.0-x -o
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/scripts/select-jdk.sh"
version=${1:-0.0.0-testkitcheck}; shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/reactor" "$work/consumer"
(cd "$here" && git ls-files -z | grep -zv '^orchestrator-examples/src/' | xargs -0 tar -cf - | tar -xf - -C "$work/reactor")
find "$work/reactor" -name pom.xml -exec sed -i "s/0\.1\.0-SNAPSHOT/$version/g" {} +
(cd "$work/reactor" && mvn -B -q "$@" install -DskipTests -pl orchestrator-bom,orchestrator-api,orchestrator-core,orchestrator-healing,orchestrator-testkit -am)
python3 - "$here/docs/testkit.md" "$work/consumer" "$version" <<'PY'
import os, re, sys
doc, out, version = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
for m in re.finditer(r"```(\w+)\n(.*?)```", doc, re.S):
    before = doc[:m.start()].rstrip().split("\n")[-1]
    names = re.findall(r"`([^`]+\.(?:java|yaml|md))`", before)
    if not names:
        continue
    name = names[-1]
    path = name if name.startswith("src/") else "src/test/resources/novels/tiny/" + name if re.match(r"(continuity\.yaml|\d\d_)", name) else None
    if path:
        os.makedirs(os.path.dirname(os.path.join(out, path)), exist_ok=True)
        open(os.path.join(out, path), "w", encoding="utf-8").write(m.group(2))
xml = re.search(r"```xml\n(.*?)```", doc, re.S).group(1).replace("0.1.0-SNAPSHOT", version)
open(os.path.join(out, "pom.xml"), "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n'
    '  <groupId>com.example</groupId><artifactId>testkit-consumer</artifactId><version>1.0</version>\n'
    '  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>\n' + xml + '</project>\n')
PY
(cd "$work/consumer" && find . -type f | sort && mvn -B "$@" test)
