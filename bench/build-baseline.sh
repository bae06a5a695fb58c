#!/bin/sh
# The baseline of `npm run bench:build`: the commands the build backend runs for the benchmark's recipe
# (a cached Debian base, two packages, a script, ext4, qcow2), typed out as one shell script with no
# orchestration, database or log around them. Same namespaces, same tools, same flags.
# Usage: build-baseline.sh BASE.tar WORK_DIR SUBUID SUBGID SCRIPT PKG...
set -eu
base=$1 work=$2 uid=$3 gid=$4 script=$5
shift 5
ns="--user --map-users=$uid,0,65536 --map-groups=$gid,0,65536 --setuid=0 --setgid=0 --mount --pid --fork --kill-child"
as_root() { unshare $ns -- "$@"; }
in_image() {
  unshare $ns -- sh -c '
    set -eu; root=$1; shift
    mount --make-rprivate /
    mount -t proc proc "$root/proc"; mount --rbind /sys "$root/sys"
    mount -t tmpfs -o mode=0755,nosuid dev "$root/dev"
    for n in null zero full random urandom tty; do touch "$root/dev/$n"; mount --bind "/dev/$n" "$root/dev/$n"; done
    mkdir -p "$root/dev/pts"; mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"; ln -s pts/ptmx "$root/dev/ptmx"
    mount -t tmpfs -o mode=0755 run "$root/run"; mkdir -p "$root/run/build-input"; mount --rbind "$INPUT" "$root/run/build-input"
    exec chroot "$root" "$@"' step "$work/image/rootfs" "$@"
}
mkdir -p "$work/image" "$work/input" && chmod 711 "$work" && chown "$uid:$gid" "$work/image"
cp /etc/apt/sources.list.d/*.sources "$work/input/" 2>/dev/null || true
cp /etc/resolv.conf "$work/input/resolv.conf"; cp "$script" "$work/input/script.sh"; chmod -R a+rX "$work/input"
export INPUT="$work/input" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 HOME=/root
as_root mkdir -p "$work/image/rootfs"
as_root tar --extract --file - --directory "$work/image/rootfs" --numeric-owner --same-permissions --xattrs --xattrs-include='*' --acls --exclude='./dev/*' < "$base"
in_image sh -c 'rm -f /etc/apt/sources.list; cp /run/build-input/*.sources /etc/apt/sources.list.d/; mv /etc/resolv.conf /etc/resolv.conf.saved 2>/dev/null || true; cp /run/build-input/resolv.conf /etc/resolv.conf; printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d'
in_image apt-get update -q > /dev/null
in_image apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold -- "$@" > /dev/null
in_image sh /run/build-input/script.sh one two
in_image dpkg-query -W -f='${Package}\t${Version}\n' -- "$@" > /dev/null
in_image sh -c 'apt-get clean; rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /usr/sbin/policy-rc.d /etc/resolv.conf; mv /etc/resolv.conf.saved /etc/resolv.conf 2>/dev/null || true; : > /etc/machine-id; find /var/log -type f -name "*.log" -delete; rm -rf /tmp/* /etc/ssh/ssh_host_* /root/.ssh/authorized_keys /root/.ssh/known_hosts'
epoch=1686355200
as_root find -P "$work/image/rootfs" -xdev -exec touch --no-dereference --date=@$epoch {} +
as_root tar --create --file "$work/image/rootfs.tar" --directory "$work/image/rootfs" --one-file-system --sort=name --numeric-owner --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --mtime=@$epoch --clamp-mtime --xattrs --xattrs-include='*' --acls .
as_root rm -rf --one-file-system "$work/image/rootfs"
as_root mkdir "$work/image/canonical"
as_root tar --extract --file "$work/image/rootfs.tar" --directory "$work/image/canonical" --numeric-owner --same-permissions --xattrs --xattrs-include='*' --acls
used=$(as_root du --summarize --apparent-size --block-size=1 --one-file-system "$work/image/canonical" | cut -f1)
kib=$(( (used * 5 / 4 + 134217728) / 1024 ))
uuid=4d504c41-0000-4000-8000-000000000000
as_root env E2FSPROGS_FAKE_TIME=$epoch mkfs.ext4 -q -F -t ext4 -L rootfs -U $uuid -E hash_seed=$uuid,lazy_itable_init=0,nodiscard -d "$work/image/canonical" "$work/image/root.ext4" "${kib}k"
as_root dumpe2fs "$work/image/root.ext4" 2>/dev/null | awk -v e=$epoch '/^Inodes per group:/ { ipg = $4 } /^Group [0-9]+:/ { g = $2 + 0 } /^  Free inodes:/ { print g, ipg, $0 }' > "$work/groups"
# The inode clamp of assemble-ext4.ts, as debugfs commands for the inodes in use.
node -e '
  const fs = require("fs"); const [file, epoch] = process.argv.slice(1); const out = [];
  for (const line of fs.readFileSync(file, "utf8").trim().split("\n")) {
    const [g, ipg] = line.split(" ").map(Number); const free = new Set();
    for (const r of (line.split("Free inodes:")[1] || "").split(",").map((s) => s.trim()).filter(Boolean)) { const [a, b = a] = r.split("-").map(Number); for (let n = a; n <= b; n++) free.add(n); }
    for (let n = g * ipg + 1; n <= (g + 1) * ipg; n++) if (!free.has(n)) out.push(`sif <${n}> atime @${epoch}`, `sif <${n}> ctime @${epoch}`);
  }
  out.push(`ssv wtime @${epoch}`); fs.writeFileSync(file + ".cmds", out.join("\n") + "\n");' "$work/groups" $epoch
as_root env E2FSPROGS_FAKE_TIME=$epoch debugfs -w -f "$work/groups.cmds" "$work/image/root.ext4" > /dev/null 2>&1
as_root e2fsck -f -n "$work/image/root.ext4" > /dev/null
qemu-img convert -f raw -O qcow2 "$work/image/root.ext4" "$work/image.qcow2"
for tool in md5sum sha1sum sha256sum sha512sum; do $tool "$work/image.qcow2" > /dev/null & done; wait
rm -rf "$work/image"
