# Sourced by .ci/run and build_scripts/windows/ci.sh.
# apt_need [apt-get install options --] PKG... installs the packages that are missing. A Debian mirror
# caught mid-sync makes `apt-get update` exit 100 ("File has unexpected size … Mirror sync in
# progress?") while every other index is fine: it is retried, then tolerated, and the install runs on
# the indexes the machine has. When the index that failed is one architecture's security updates
# (seen here: bookworm-security binary-i386), wine32:i386 cannot match the amd64 libraries' newer
# versions ("held broken packages"); the install is then retried with the release's own versions
# (-t <codename>), which both architectures' indexes carry.
apt_need() {
  local opts=() need=() p i
  if [[ " $* " == *" -- "* ]]; then
    while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  fi
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
  [ ${#need[@]} -eq 0 ] && return 0
  echo "   installing: ${need[*]}"
  for i in 1 2 3; do
    apt-get update -qq && break
    echo "   apt-get update failed (try $i of 3)"; [ "$i" -lt 3 ] && sleep $((i * 15))
  done
  apt-get install -y -qq "${opts[@]}" "${need[@]}" >/dev/null && return 0
  local codename
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [ -n "$codename" ]; then
    echo "   apt-get install failed; trying the release's own versions (-t $codename)"
    apt-get install -y -qq -t "$codename" "${opts[@]}" "${need[@]}" >/dev/null && return 0
  fi
  echo "   apt-get install failed; updating the indexes and trying once more"
  sleep 30; apt-get update -qq || true
  apt-get install -y -qq "${opts[@]}" "${need[@]}" >/dev/null
}
