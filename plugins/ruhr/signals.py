"""Signals of the ruhr plugin, for modules that add to the model or write files of their own."""

from blinker import signal

# Sent with the Model once all content is read, checked and cross-referenced, before any page is written.
# Keyword argument: generator (the RuhrGenerator; its output_path is where files go).
model_ready = signal("ruhr-model-ready")
