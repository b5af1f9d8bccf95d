# Sourced by ./continuity and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Keeps a JAVA_HOME that is already >= 21; otherwise takes the newest JDK >= 21 found on PATH or in the usual folders.
_continuity_java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1; }
_continuity_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(_continuity_java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_v=0 v d
  if command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(_continuity_java_major "$d/bin/java"); [ "${v:-0}" -ge 21 ] 2>/dev/null && { best=$d; best_v=$v; }
  fi
  for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    v=$(_continuity_java_major "$d/bin/java")
    [ "${v:-0}" -gt "$best_v" ] 2>/dev/null && { best=$d; best_v=$v; }
  done
  if [ "$best_v" -lt 21 ]; then
    echo "continuity: no JDK 21 or newer found; install one and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
_continuity_select_jdk && export PATH="$JAVA_HOME/bin:$PATH"
