#!/usr/bin/env bash
# Builds LALALA's offline base image: a jlink'd JRE of the build's own JDK plus the few shared libraries it (and the
# healthcheck's bash and grep) need, taken from this machine, packed as a `docker save` tar that Jib reads with
# `tar://` (the services' images are built on it when no registry is reachable; see docs/operations-docker.md).
#   deploy/base-image/build.sh [JAVA_HOME] [OUTPUT_TAR]
# Reruns are free while the JDK and this script are unchanged. Needs: jlink (the JDK), ldd, tar, sha256sum.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jdk="${1:-${JAVA_HOME:?set JAVA_HOME or pass the JDK}}"
out="${2:-$here/target/lalala-jre.tar}"
work="$(dirname "$out")/base-image-work"
stamp="$out.stamp"

# What the services need of the JDK: java.se, Netty's and Kafka's jdk.unsupported, JFR and JMX for diagnosis, DNS,
# zip file systems, extra charsets and locale data (Korean), jcmd for a thread dump in a running container.
modules=java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.jfr,jdk.naming.dns,jdk.zipfs,jdk.net,jdk.charsets,jdk.localedata,jdk.jcmd,jdk.security.auth,jdk.security.jgss,jdk.httpserver
want="$("$jdk/bin/java" -version 2>&1 | head -1) $(sha256sum "$0" | cut -c1-16) $modules"
if [ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "base-image: $out is up to date"
  exit 0
fi

rm -rf "$work"
mkdir -p "$work/rootfs" "$work/image"
root="$work/rootfs"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$root/opt/java/openjdk"

# Shared libraries, with the dynamic loader, at the paths ldd reports (what the JRE's binaries and libraries, bash and
# grep link against). Libraries ldd cannot find on this machine (X11 for AWT windows) are not needed headless.
mkdir -p "$root/usr/bin" "$root/bin"
cp -L /bin/bash /bin/grep /bin/sh "$root/usr/bin/" 2>/dev/null || cp -L /usr/bin/bash /usr/bin/grep /usr/bin/sh "$root/usr/bin/"
for b in bash grep sh; do ln -sf "/usr/bin/$b" "$root/bin/$b"; done
elves=("$root/usr/bin/bash" "$root/usr/bin/grep")
while IFS= read -r -d '' f; do elves+=("$f"); done < <(find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0)
libs="$(for f in "${elves[@]}"; do ldd "$f" 2>/dev/null || true; done \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u)"
for lib in $libs; do
  case "$lib" in "$root"*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

# Users (root and the non-root user the images run as), a world-writable /tmp, name resolution from /etc/hosts first.
mkdir -p "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nlalala:x:10001:10001:LALALA:/tmp:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nlalala:x:10001:\n' > "$root/etc/group"
printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"

# One layer, reproducible: sorted names, fixed times, numeric root ownership.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$work/image/layer.tar" .
diff_id="$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)"
mkdir -p "$work/image/$diff_id"
mv "$work/image/layer.tar" "$work/image/$diff_id/layer.tar"
java_version="$("$root/opt/java/openjdk/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2; exit}')"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8","JAVA_VERSION=$java_version"],
  "Labels":{"org.opencontainers.image.description":"LALALA offline base: jlink'd JRE $java_version and its shared libraries"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/base-image/build.sh"}]}
JSON
config_id="$(sha256sum "$work/image/config.json" | cut -d' ' -f1)"
mv "$work/image/config.json" "$work/image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["lalala/jre:%s"],"Layers":["%s/layer.tar"]}]\n' "$config_id" "${java_version%%+*}" "$diff_id" \
  > "$work/image/manifest.json"
mkdir -p "$(dirname "$out")"
# Entries named without a leading "./" (Jib refuses to unpack those).
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/image" -cf "$out.tmp" \
  manifest.json "$config_id.json" "$diff_id"
mv "$out.tmp" "$out"
printf '%s' "$want" > "$stamp"
rm -rf "$work"
echo "base-image: $out ($(du -h "$out" | cut -f1), JRE $java_version)"
