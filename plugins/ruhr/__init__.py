"""The Ruhr location-marketing site: content model, validation, bilingual pages.

Pelican loads this package as the plugin `ruhr` (PLUGIN_PATHS = ["plugins"], PLUGINS = ["ruhr"]).
"""

from pelican import signals as pelican_signals


def _generator(pelican):
    from .generator import RuhrGenerator
    return RuhrGenerator


def register():
    pelican_signals.get_generators.connect(_generator)
