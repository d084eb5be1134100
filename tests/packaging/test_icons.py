"""The app icon's PNG sizes, .ico and .icns (rendered by packaging/render_icons.py) are complete."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "app" / "accountwatch" / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_has_the_size_in_its_name(size: int) -> None:
    path = ICONS / f"accountwatch-{size}.png"
    assert _png_size(path.read_bytes()) == (size, size)


def test_every_size_and_no_other_is_rendered() -> None:
    rendered = sorted(p.name for p in ICONS.glob("accountwatch-*.png"))
    assert rendered == sorted(f"accountwatch-{size}.png" for size in PNG_SIZES)


def test_ico_holds_png_images_up_to_256() -> None:
    data = (ROOT / "packaging" / "windows" / "accountwatch.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        image = data[offset : offset + length]
        assert _png_size(image)[0] == (width or 256)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_chunks_are_pngs_of_their_declared_sizes() -> None:
    data = (ROOT / "packaging" / "macos" / "accountwatch.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    expected = {b"icp4": 16, b"icp5": 32, b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}
    found: dict[bytes, int] = {}
    offset = 8
    while offset < len(data):
        kind = data[offset : offset + 4]
        (length,) = struct.unpack(">I", data[offset + 4 : offset + 8])
        found[kind] = _png_size(data[offset + 8 : offset + length])[0]
        offset += length
    assert offset == len(data)
    assert expected.items() <= found.items()


def test_icons_render_from_the_svg(qapp: object) -> None:
    """The renderer draws the SVG: a centre pixel of the shield is opaque, a corner transparent."""
    import importlib.util

    from PySide6.QtGui import QImage
    from PySide6.QtSvg import QSvgRenderer

    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "packaging" / "render_icons.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    renderer = QSvgRenderer(str(module.SVG))
    assert renderer.isValid()
    image = QImage.fromData(module.render(renderer, 64))
    assert (image.width(), image.height()) == (64, 64)
    assert image.pixelColor(32, 10).alpha() == 255
    assert image.pixelColor(0, 0).alpha() == 0
