"""The seam-bug kata's tooling: find lessons, run their tests, judge a student's test.

The package is laid out along the data flow, bottom to top; a module imports only
from its own layer and the layers below it (``tests/test_layers.py`` checks every
import, those inside functions too):

- ``course/``: the lessons (manifests, trees, variants as diffs) and the student's
  repository (its files, the ``.kata/`` store, the environment);
- ``runs/``: test runs as processes: sandbox, fork server and its client, scratch
  space, cache, services, the pytest plugin inside each run;
- ``verdict/``: which runs a student's test needs and what their results mean;
- ``views/``: the verdict said to people (text, the class report) and machines (JSON);
- ``commands/``: every verb; ``cli.py`` parses the command line and dispatches.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The repository: lessons/, solutions/ and the Makefile sit beside this package.
ROOT = Path(__file__).resolve().parent.parent

#: The layers, bottom first: each may import only itself and those before it.
LAYERS = ("course", "runs", "verdict", "views", "commands", "cli")
