import pytest

from marsad.theaters import load_pack


@pytest.fixture(scope="session")
def pack():
    return load_pack("syria", overlays=())
