"""Signals of the ruhr plugin, for modules that add to the model or write files of their own."""

from blinker import signal

# Sent with the Model once all content is read, checked and cross-referenced, before any page is written.
# Keyword argument: generator (the RuhrGenerator; its output_path is where files go).
model_ready = signal("ruhr-model-ready")

# Sent with the generator once the content files are read, before the model is built: background work that
# overlapped the reading (the photos) finishes here, so that model_ready receivers may fork worker processes.
content_read = signal("ruhr-content-read")
