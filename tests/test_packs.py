import pytest

from marsad.theaters import PackError, load_pack


def test_syria_pack_loads():
    pack = load_pack("syria", overlays=())
    assert pack.country == "Syria" and pack.iso == 760


def test_unknown_pack_is_a_clear_error():
    with pytest.raises(PackError, match="no theater pack named"):
        load_pack("atlantis", overlays=())
