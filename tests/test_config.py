"""review.yaml validation: defaults filled, bad settings named."""

import pytest

from refnet.config import load_config, validate_config
from refnet.errors import ConfigError


def test_defaults_are_filled():
    config = validate_config({"name": "r", "inputs": {"dois": ["d.txt"]}})
    assert config["graphs"]["cocitation_min_citations"] == 2
    assert config["inputs"]["bibtex"] == []
    assert config["sources"]["order"][0] == "openalex"


def test_bad_settings_are_named_with_their_path():
    with pytest.raises(ConfigError) as info:
        validate_config({"name": "r", "inputs": {"doi": []}, "graphs": {"top_k": -1}}, "my.yaml")
    text = str(info.value)
    assert "my.yaml" in text
    assert "graphs/top_k" in text
    assert "'doi' was unexpected" in text


def test_missing_file_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "review.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
