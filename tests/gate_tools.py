"""Where the test-only gate tools are installed: `make test-setup` runs `npm ci` into node_modules/.

The gates (ruhr.gates) receive these paths from their callers; they never look for the repository."""

from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"  # the browser gate's WCAG checks
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"  # the W3C Nu HTML checker
