"""Quality gates over a built output: links, HTML, browser (axe, consent, keyboard). The tests run all of
them; `invoke publish` runs the link check before uploading."""
