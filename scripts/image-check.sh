#!/usr/bin/env bash
# Builds a module's image with Jib on a machine without a registry or a Docker engine, then runs
# the image's entrypoint in a chroot as its user, to check what can be checked here (docs/deployment.md,
# "Images"). Needs root, umoci and skopeo (Debian: apt-get install -y umoci skopeo) and a JDK with jmods.
#
#   scripts/image-check.sh [module]        (default: gateway)
#
# 1. a stand-in base image: a JRE made with jlink from the local JDK plus the C libraries it
#    needs, packed as an OCI image by umoci and exported as a docker-archive tarball by skopeo
#    (the real base, eclipse-temurin pinned by digest in the parent pom, needs a registry);
# 2. `mvn jib:buildTar` with -Djib.base.image=tar://<that tarball>: the module's image as a tarball;
# 3. the image's config (user, entrypoint, environment) printed, its layers unpacked, and the
#    entrypoint started in a chroot as that user with a read-only view of the root filesystem
#    except /tmp; the module answers its health endpoint, then it is stopped.
set -euo pipefail
MODULE="${1:-gateway}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${IMAGE_CHECK_DIR:-/tmp/crowdfund-image-check}"
JDK="${JDK_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
# never delete through a mount an interrupted run left behind (its /dev is the host's)
if findmnt -rn -o TARGET | grep -q "^$WORK/"; then
  echo "an earlier run left mounts under $WORK: umount them first (findmnt | grep $WORK)" >&2; exit 1
fi
rm -rf --one-file-system "$WORK" && mkdir -p "$WORK"

echo "==> stand-in base image (jlink JRE from $JDK)"
umoci init --layout "$WORK/base-oci"
umoci new --image "$WORK/base-oci:jre"
umoci unpack --image "$WORK/base-oci:jre" "$WORK/base-bundle"
rootfs="$WORK/base-bundle/rootfs"
"$JDK/bin/jlink" --output "$rootfs/opt/java" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.charsets,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth,jdk.unsupported,jdk.zipfs
for lib in $(find "$rootfs/opt/java" -name '*.so' -o -path '*/bin/java' | xargs ldd 2>/dev/null \
             | awk '/=> \//{print $3} /^\t\/lib/{print $1}' | grep -v "^$rootfs" | sort -u); do
  mkdir -p "$rootfs$(dirname "$lib")" && cp -L "$lib" "$rootfs$lib"
done
mkdir -p "$rootfs/tmp" "$rootfs/etc" "$rootfs/usr/bin" && chmod 1777 "$rootfs/tmp"
ln -s /opt/java/bin/java "$rootfs/usr/bin/java"
printf 'root:x:0:0::/root:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\n' > "$rootfs/etc/group"
umoci repack --image "$WORK/base-oci:jre" "$WORK/base-bundle"
umoci config --image "$WORK/base-oci:jre" --config.env PATH=/opt/java/bin:/usr/bin:/bin --config.env JAVA_HOME=/opt/java
skopeo copy --quiet "oci:$WORK/base-oci:jre" "docker-archive:$WORK/base.tar:crowdfund-local/jre:17"

echo "==> mvn jib:buildTar for $MODULE"
image="$ROOT/$MODULE/target/jib-image.tar"
if [ "${IMAGE_CHECK_REUSE:-0}" = 1 ] && [ -f "$image" ]; then
  echo "(IMAGE_CHECK_REUSE=1: the existing $image)"
else
  (cd "$ROOT" && mvn -B -q -pl "$MODULE" -am package -DskipTests jib:buildTar \
    -Djib.base.image="tar://$WORK/base.tar" -Djib.to.image="crowdfund/$MODULE:image-check")
fi
ls -l "$image"

echo "==> image config"
mkdir -p "$WORK/image" && tar -xf "$image" -C "$WORK/image"
python3 - "$WORK/image" <<'PY'
import json, os, sys
d = sys.argv[1]
def blob(digest):
    return os.path.join(d, "blobs", *digest.split(":"))
# an OCI image layout (Jib's <format>OCI</format>): index -> manifest -> config and layers
index = json.load(open(os.path.join(d, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
image = json.load(open(blob(manifest["config"]["digest"])))
config = image["config"]
print("media type:", manifest.get("mediaType"))
print("user:", config.get("User")); print("entrypoint:", config.get("Entrypoint"))
print("env:", [e for e in config.get("Env", []) if not e.startswith("PATH=")])
print("labels:", config.get("Labels"))
print("layers:", len(manifest["layers"]), "(base, then dependencies, resources, classes)")
open(os.path.join(d, "layers.txt"), "w").write("".join(blob(l["digest"]) + "\n" for l in manifest["layers"]))
json.dump(config, open(os.path.join(d, "config.json"), "w"))
PY

echo "==> run the entrypoint in a chroot as the image's user"
rootfs="$WORK/run-rootfs" && mkdir -p "$rootfs"
while read -r layer; do tar --warning=no-unknown-keyword -xzf "$layer" -C "$rootfs"; done < "$WORK/image/layers.txt"
user=$(python3 -c "import json;print(json.load(open('$WORK/image/config.json'))['User'])")
mapfile -t entrypoint < <(python3 -c "import json;[print(a) for a in json.load(open('$WORK/image/config.json'))['Entrypoint']]")
mapfile -t env < <(python3 -c "import json;[print(e) for e in json.load(open('$WORK/image/config.json'))['Env']]")
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# read-only root: bind-mount the unpacked image read-only, /tmp writable (an emptyDir in
# Kubernetes), /proc and /dev as a container runtime provides them
mkdir -p "$rootfs/proc" "$rootfs/dev" "$WORK/ro" && mount --bind "$rootfs" "$WORK/ro" && mount -o remount,bind,ro "$WORK/ro"
mount -t tmpfs tmpfs "$WORK/ro/tmp"
mount -t proc proc "$WORK/ro/proc"
mount --bind /dev "$WORK/ro/dev"
pid=""
trap 'set +e; [ -n "$pid" ] && kill -9 $pid 2>/dev/null; wait 2>/dev/null; umount -l "$WORK/ro/dev" "$WORK/ro/proc" "$WORK/ro/tmp" 2>/dev/null; umount -l "$WORK/ro" 2>/dev/null; true' EXIT
env -i "${env[@]}" HTTP_PORT="$port" MANAGEMENT_PORT="$port" CROWDFUND_LOCAL_MODE=true LOG_FORMAT=text \
  "$(command -v chroot)" --userspec="$user" "$WORK/ro" "${entrypoint[@]}" > "$WORK/run.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  if curl -fsS --max-time 5 "http://127.0.0.1:$port/health" > "$WORK/health.json" 2>/dev/null; then break; fi
  kill -0 $pid 2>/dev/null || break
  sleep 0.5
done
echo "health on :$port -> $(cat "$WORK/health.json" 2>/dev/null || echo 'no answer')"
echo "process: uid $(ps -o uid= -p $pid | tr -d ' ') running $(ps -o args= -p $pid | cut -c1-80)"
echo "root filesystem: $(findmnt -no OPTIONS "$WORK/ro" | cut -d, -f1) (read-only), /tmp: $(findmnt -no FSTYPE "$WORK/ro/tmp")"
kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
grep -q '"status":"UP"' "$WORK/health.json" 2>/dev/null || { echo "image check FAILED; log: $WORK/run.log"; tail -20 "$WORK/run.log"; exit 1; }
echo "image check passed for $MODULE"
exit 0
