#!/usr/bin/env bash
# The Debian packages this project needs besides its Python packages, installed when missing.
#
#   tools/install-system-deps.sh build   Python's venv module (make build: nothing else)
#   tools/install-system-deps.sh test    the quality gates' tools (make test, .ci/run through make test):
#                                        Chromium and its driver, Java (Nu HTML Checker), npm (axe-core,
#                                        the checker), nginx, pdftotext, LibreOffice Writer and the
#                                        Liberation fonts (the Word reports)
#   tools/install-system-deps.sh bench   Hugo, the static site generator the benchmarks compare with
#
# As root, or with sudo that needs no password, it installs what is missing with apt-get. Otherwise
# it stops at once with one message naming the exact command to run, so `make test` never goes on
# into dozens of test errors. Only shell built-ins are used to look, so a bare PATH is enough.
set -u

mode=${1:-test}
python=${PYTHON:-python3}
if [[ $mode != build && $mode != test && $mode != bench ]]; then
  echo "Cách dùng: tools/install-system-deps.sh build|test|bench" >&2
  exit 2
fi

have() {  # a command on PATH, or at the path Debian installs it to (nginx is in /usr/sbin)
  command -v "$1" >/dev/null 2>&1 || { [[ -n ${2:-} && -x $2 ]]; }
}

missing_packages() {
  local packages=()
  case $mode in
    build)
      if ! have "$python"; then
        packages+=(python3 python3-venv)
      elif ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        packages+=(python3-venv)
      fi
      ;;
    test)
      have chromium || packages+=(chromium)
      have chromedriver || packages+=(chromium-driver)
      have java || packages+=(default-jre-headless)
      have npm || packages+=(npm)
      have nginx /usr/sbin/nginx || packages+=(nginx)
      have pdftotext || packages+=(poppler-utils)
      have soffice || packages+=(libreoffice-writer-nogui)
      compgen -G '/usr/share/fonts/truetype/liberation*/LiberationSerif-Regular.ttf' >/dev/null || packages+=(fonts-liberation)
      ;;
    bench)
      have hugo || packages+=(hugo)
      ;;
  esac
  echo "${packages[*]}"
}

what="make $mode"
read -r -a missing <<<"$(missing_packages)"
((${#missing[@]})) || exit 0

install="apt-get install -y ${missing[*]}"
runner=()
if ((EUID != 0)); then
  if have sudo && sudo -n true >/dev/null 2>&1; then
    runner=(sudo -n)
  else
    echo "$what: máy còn thiếu các gói Debian ${missing[*]}; chạy lệnh sau (cần quyền quản trị) rồi chạy lại $what: sudo $install" >&2
    exit 1
  fi
fi
if ! have apt-get; then
  echo "$what: máy còn thiếu ${missing[*]} (tên gói Debian) và không có apt-get để tự cài; hãy cài các chương trình tương ứng rồi chạy lại $what." >&2
  exit 1
fi

echo "$what: cài các gói Debian còn thiếu: ${missing[*]}" >&2
# Another apt run (unattended upgrades, a colleague) holds the lock for a while: wait for it.
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
if ! "${runner[@]}" "${apt[@]}" update -qq || ! "${runner[@]}" "${apt[@]}" install -y "${missing[@]}"; then
  echo "$what: apt-get không cài được ${missing[*]} (xem lỗi ở trên); sửa rồi chạy lại, hoặc cài tay: sudo $install" >&2
  exit 1
fi
read -r -a still <<<"$(missing_packages)"
if ((${#still[@]})); then
  echo "$what: đã cài mà vẫn thiếu ${still[*]}; kiểm tra lại bằng: sudo $install" >&2
  exit 1
fi
