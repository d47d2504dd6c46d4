"""One registry type for every kind of plugin: payment gateways, document scanners, register backends.

A kind of plugin is a `typing.Protocol` in its app's `interfaces.py` and one `Registry` of it. Each provider
is a folder under the app's `contrib/` whose plugin module registers its class by name::

    @registry.register("clamd")
    class ClamdScanner: ...

The providers' modules are imported the first time a plugin is asked for, so adding a provider is a new
folder and a setting, never an edit of a list. An unknown name is a configuration error.
"""

import pkgutil
from collections.abc import Callable, Iterator
from importlib import import_module
from importlib.util import find_spec
from threading import RLock
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

Plugin = TypeVar("Plugin")


class UnknownPlugin(ImproperlyConfigured, LookupError):
    """No plugin of this kind has the name (a setting names one that does not exist)."""


class Registry(Generic[Plugin]):
    """The plugins of one kind, by name; the providers are the folders of one `contrib` package."""

    def __init__(self, kind: str, *, package: str, module: str, setting: str) -> None:
        """`kind` names the plugins in messages; each folder of `package` has its plugin in `module`."""
        self.kind = kind
        self.package = package
        self.module = module
        self.setting = setting
        self._plugins: dict[str, type[Plugin]] = {}
        self._loaded = False
        self._lock = RLock()

    def __repr__(self) -> str:
        return f"<Registry of {self.kind} plugins from {self.package}>"

    def register(self, name: str) -> Callable[[type[Plugin]], type[Plugin]]:
        """Return a class decorator that registers the class under `name`."""

        def decorator(cls: type[Plugin]) -> type[Plugin]:
            registered = self._plugins.get(name)
            if registered is not None and registered is not cls:
                raise ImproperlyConfigured(f"two {self.kind} plugins are called {name!r}: {registered} and {cls}")
            self._plugins[name] = cls
            return cls

        return decorator

    def unregister(self, name: str) -> None:
        """Forget a plugin (a test's stand-in, once the test is done)."""
        self._plugins.pop(name, None)

    def get(self, name: str) -> type[Plugin]:
        """Return the class registered under `name`; raise UnknownPlugin, naming the choices, if there is none."""
        self.load()
        try:
            return self._plugins[name]
        except KeyError:
            known = ", ".join(sorted(self._plugins)) or "none"
            raise UnknownPlugin(f"{self.setting}={name!r} names no {self.kind}; the choices are: {known}") from None

    def names(self) -> list[str]:
        """The registered plugins' names, sorted."""
        self.load()
        return sorted(self._plugins)

    def providers(self) -> Iterator[str]:
        """The dotted paths of the provider folders under the contrib package."""
        package = import_module(self.package)
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{self.package}."):
            if info.ispkg:
                yield info.name

    def provider_modules(self, module: str) -> list[str]:
        """The providers' optional modules of one kind (e.g. "urls"), by dotted path."""
        return [f"{provider}.{module}" for provider in self.providers() if find_spec(f"{provider}.{module}")]

    def load(self) -> None:
        """Import every provider's plugin module, once; each registers itself as it is imported."""
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                for provider in self.providers():
                    if find_spec(f"{provider}.{self.module}") is not None:
                        import_module(f"{provider}.{self.module}")
                self._loaded = True
