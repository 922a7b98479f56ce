#!/usr/bin/env bash
# Helpers for CI's fresh-machine stages, sourced by .ci/run.
#
#   make_root DIR         a new minimal Debian 12 (debootstrap --variant=minbase bookworm) in DIR,
#                         fetching from the apt source this machine is configured with, and using
#                         this machine's apt sources inside; the repository's tracked files are
#                         copied to DIR/src. Nothing is cached between runs.
#   in_root DIR COMMAND   runs COMMAND with bash as root inside DIR, in /src, with /proc, /sys and
#                         /dev/pts mounted for the command's lifetime.
#   drop_root DIR         unmounts what in_root mounted and deletes DIR.
#   readme_command N      prints the Nth ```sh block of README.md (a single line), so that CI runs
#                         the README's own words and the two cannot drift apart.

# The first archive URI of this machine's apt configuration (deb822 .sources or one-line
# sources.list), for debootstrap's first download.
host_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '$1 == "URIs:" { print $2; exit }')
  [[ -n $uri ]] || uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
    /etc/apt/sources.list 2>/dev/null)
  [[ -n $uri ]] && echo "$uri"
}

make_root() {
  local dir=$1 mirror
  mirror=$(host_mirror) || { echo "no apt source configured on this machine" >&2; return 1; }
  drop_root "$dir"
  debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1 ||
    { tail -n 20 "$dir.debootstrap.log" >&2; return 1; }
  rm -f "$dir.debootstrap.log"
  # The same apt sources as this machine (suites, security updates, keyrings by path).
  rm -f "$dir/etc/apt/sources.list"
  [[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$dir/etc/apt/"
  find /etc/apt/sources.list.d -maxdepth 1 \( -name '*.sources' -o -name '*.list' \) \
    -exec cp {} "$dir/etc/apt/sources.list.d/" \;
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  mkdir "$dir/src"
  git ls-files -z | xargs -0 cp --parents -t "$dir/src"
}

in_root() {
  local dir=$1
  shift
  mountpoint -q "$dir/proc" || mount -t proc proc "$dir/proc"
  mountpoint -q "$dir/sys" || mount -t sysfs sysfs "$dir/sys"
  mkdir -p "$dir/dev/pts"
  mountpoint -q "$dir/dev/pts" || mount -t devpts devpts "$dir/dev/pts"
  chroot "$dir" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive CI="${CI:-}" /bin/bash -c "cd /src && $*"
}

drop_root() {
  local dir=$1 m
  [[ -d $dir ]] || return 0
  for m in dev/pts sys proc; do
    mountpoint -q "$dir/$m" && umount -l "$dir/$m"
  done
  rm -rf --one-file-system "$dir"
}

readme_command() {
  awk -v want="$1" '/^```sh$/ { n++; inside = 1; next } /^```/ { inside = 0; next }
    inside && n == want { print }' README.md
}
