#!/usr/bin/env bash
# Builds the one-folder desktop app with PyInstaller into dist/AccountWatch/ (README "Packages").
#
#   packaging/build.sh                                    # from make's .venv (`make package`)
#   PYTHON=/some/venv/bin/python packaging/build.sh       # from another venv with accountwatch installed
#
# Installs PyInstaller into that venv when it is missing. On Linux it also puts the desktop
# integration (the .desktop file, AppStream metainfo, icons) under dist/AccountWatch/share/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
    PYTHON=.venv/bin/python
    [ -x "$PYTHON" ] || PYTHON=.venv/Scripts/python.exe # Windows (Git Bash)
fi
if ! "$PYTHON" -c "import accountwatch, PySide6" 2>/dev/null; then
    echo "$0: accountwatch is not installed in $PYTHON's environment (run 'make run' or 'pip install .')" >&2
    exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    # (pip warns about each configured local index that does not exist; those lines go.)
    "$PYTHON" -m pip install --quiet "pyinstaller>=6.10,<7" 2> >(grep -v "is ignored" >&2)
fi

rm -rf dist/AccountWatch dist/AccountWatch.app
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level "${PYINSTALLER_LOG_LEVEL:-WARN}" \
    --distpath dist --workpath build/pyinstaller packaging/accountwatch.spec

if [ "$(uname -s)" = Linux ]; then
    app_id=io.github.accountwatch.AccountWatch
    share=dist/AccountWatch/share
    install -D -m 644 "packaging/linux/$app_id.desktop" "$share/applications/$app_id.desktop"
    install -D -m 644 "packaging/linux/$app_id.metainfo.xml" "$share/metainfo/$app_id.metainfo.xml"
    icons=app/accountwatch/resources/icons
    install -D -m 644 "$icons/accountwatch.svg" "$share/icons/hicolor/scalable/apps/$app_id.svg"
    for png in "$icons"/accountwatch-*.png; do
        size=${png##*-}
        size=${size%.png}
        install -D -m 644 "$png" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
fi
echo "Built dist/AccountWatch: $(du -sh dist/AccountWatch | cut -f1)"
