import tomllib
from pathlib import Path

from models.version import VERSION


def test_the_one_version_is_the_packaged_version() -> None:
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["version"] == VERSION
