"""The only module mkdocs-macros may import: the kit pins it (see legs.corpus.buildguard).

mkdocs-macros imports by default a `main.py` (or `main/` package) from the project root, a
file any contribution could add. The legs plugin points the macros plugin here instead, so
nothing from the repository is ever imported as macros. The kit's pages need no macro of
their own: they use only the variables of mkdocs.yml (`extra`) and the plugin's summary.
"""


def define_env(env) -> None:
    """Nothing to add: the variables come from mkdocs.yml and the legs plugin."""
