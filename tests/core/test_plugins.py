"""One registry type serves every kind of plugin: providers are folders, found and imported when first asked for."""

import sys
from importlib import import_module

import pytest
from django.core.exceptions import ImproperlyConfigured

from klageportal.core.plugins import Registry, UnknownPlugin


@pytest.fixture
def contrib(tmp_path, monkeypatch):
    """A contrib package `greeters` with two provider folders, `hello` and `hej`, and a folder without a plugin."""
    root = tmp_path / "greeters"
    root.mkdir()
    (root / "__init__.py").write_text(
        "from klageportal.core.plugins import Registry\n"
        "REGISTRY = Registry('greeter', package='greeters', module='plugin', setting='KP_GREETER')\n"
    )
    for name, word in [("hello", "Hello"), ("hej", "Hej")]:
        (root / name).mkdir()
        (root / name / "__init__.py").write_text("")
        (root / name / "plugin.py").write_text(
            "from greeters import REGISTRY\n"
            f"@REGISTRY.register({name!r})\n"
            f"class Greeter:\n    def greet(self):\n        return {word!r}\n"
        )
    (root / "templates").mkdir()
    (root / "templates" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry: Registry[object] = import_module("greeters").REGISTRY
    yield registry
    for module in [m for m in sys.modules if m == "greeters" or m.startswith("greeters.")]:
        del sys.modules[module]


def test_a_provider_folder_is_found_without_being_listed_anywhere(contrib):
    assert contrib.names() == ["hej", "hello"]
    assert contrib.get("hej")().greet() == "Hej"


def test_providers_are_imported_only_when_first_asked_for(contrib):
    assert "greeters.hello.plugin" not in sys.modules

    contrib.get("hello")

    assert "greeters.hello.plugin" in sys.modules


def test_an_unknown_name_is_a_configuration_error_naming_the_setting_and_the_choices(contrib):
    with pytest.raises(ImproperlyConfigured) as raised:
        contrib.get("goddag")

    assert isinstance(raised.value, UnknownPlugin)
    assert isinstance(raised.value, LookupError)
    assert str(raised.value) == "KP_GREETER='goddag' names no greeter; the choices are: hej, hello"


def test_two_plugins_cannot_share_a_name(contrib):
    contrib.load()

    class Other:
        def greet(self) -> str:
            return "Hi"

    with pytest.raises(ImproperlyConfigured):
        contrib.register("hello")(Other)
    assert contrib.get("hello")().greet() == "Hello"


def test_a_stand_in_can_be_registered_and_forgotten(contrib):
    class StandIn:
        def greet(self) -> str:
            return "..."

    contrib.register("stand-in")(StandIn)
    assert contrib.get("stand-in") is StandIn

    contrib.unregister("stand-in")
    with pytest.raises(UnknownPlugin):
        contrib.get("stand-in")


def test_provider_modules_lists_the_folders_that_have_the_module(contrib, tmp_path):
    (tmp_path / "greeters" / "hej" / "urls.py").write_text("urlpatterns = []\n")

    assert contrib.provider_modules("urls") == ["greeters.hej.urls"]
