"""The search index built in a process of its own, beside a one-off build.

Handing a page to Pagefind costs the build's main process more than it seems: counting the
page's words for « Vouliez-vous dire ? », encoding the message, and the threads that talk to
Pagefind and write its lots, which take Python's one interpreter lock from the thread that
renders the pages. That thread is the build's critical path. So another process runs the
`Indexer`, and the main process only sends it, through a pipe, each page's searchable part
(or, for a page taken from the build cache, where to read it there).

The process is forked as the build starts, while the build's process is small: forked later,
it would keep a copy of all the build has read by then (200 MB at 10,000 records). It is told
what the index needs once the build knows it (`start`), and sends back, once the index is
written, which files of the site's folder it wrote or left in place.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection

from mkdocs.exceptions import PluginError

from .. import parallel
from ..incremental import cache
from ..incremental.output import SiteFolder
from .index import Indexer

try:
    import fcntl
except ImportError:  # Windows, where the index is built in the build's process anyway
    fcntl = None

# Pages sent before the main process looks whether the index process has failed.
CHECK_EVERY = 256
# The pipe's buffer: the main process runs ahead of the index process by up to this much
# text instead of waiting for it at each page (Linux; elsewhere the system's default).
PIPE_BYTES = 1 << 20
STOPPED = ("Le processus qui construit l'index de recherche s'est arrêté pendant la construction : "
           "relancez-la ; si le problème revient, signalez-le avec ce message.")


class IndexerProcess:
    """A forked process waiting to build the index, then standing for its `Indexer`."""

    def __init__(self) -> None:
        commands_in, commands_out = multiprocessing.Pipe(duplex=False)
        answers_in, answers_out = multiprocessing.Pipe(duplex=False)
        try:
            fcntl.fcntl(commands_out.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        except (AttributeError, OSError):
            pass
        self._process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(commands_in, answers_out, (commands_out, answers_in)), name="legs-recherche",
            daemon=True)
        self._process.start()
        commands_in.close()
        answers_out.close()
        self._commands, self._answers = commands_out, answers_in
        self._sent = 0
        self._site: SiteFolder | None = None

    def start(self, indexer: Indexer) -> "IndexerProcess":
        """Build in the process the index `indexer` would have built (planned, nothing added yet);
        returns what stands for it from now on."""
        self._site = indexer.site
        self._send("start", {"site_dir": indexer.site_dir, "lot_size": indexer.lot_size, "site": indexer.site,
                             "store": indexer.store.folder if indexer.store else None, "cached": indexer.cached})
        return self

    def add_fragment(self, url: str, fragment: str, digest: str | None = None) -> None:
        self._send("add", url, fragment, digest)

    def add_cached(self, url: str, place: tuple[str, str, int], digest: str) -> None:
        self._send("cached", url, place, digest)

    def finish(self) -> None:
        """Every page is sent: wait for the index to be written (PluginError if it could not be)."""
        self._send("finish")
        failure, changes = self._receive()
        if changes is not None and self._site is not None:
            self._site.merge(*changes)
        if failure is not None:
            raise PluginError(failure)

    def end(self, kept: bool) -> None:
        """See `Indexer.end`; the index process then stops."""
        self._send("end", kept)
        failure, _ = self._receive()
        self._process.join(timeout=60)
        if failure is not None:
            raise PluginError(failure)

    def close(self) -> None:
        """The build stopped: stop the index process, which keeps nothing it made."""
        try:
            self._commands.send(("close",))
        except OSError:
            pass
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.kill()

    def _send(self, *message) -> None:
        self._sent += 1
        if self._sent % CHECK_EVERY == 0 and self._answers.poll():  # it stopped on an error: stop now too
            failure, _ = self._receive()
            raise PluginError(failure or STOPPED)
        try:
            self._commands.send(message)
        except OSError:
            raise PluginError(STOPPED) from None

    def _receive(self) -> tuple[str | None, object]:
        try:
            return self._answers.recv()
        except (EOFError, OSError):
            raise PluginError(STOPPED) from None


def _serve(commands: multiprocessing.connection.Connection, answers: multiprocessing.connection.Connection,
           parent_ends: tuple) -> None:
    """The index process: do what the build asks, until it ends or stops."""
    for end in parent_ends:  # else the pipe would not close when the build's process is gone
        end.close()
    indexer = None
    failure = None
    try:
        while True:
            try:
                operation, *arguments = commands.recv()
            except (EOFError, OSError):  # the build's process is gone
                operation, arguments = "close", []
            if operation == "close" or (operation == "end" and failure is not None):
                if indexer is not None:
                    indexer.close()  # keeps nothing new
                if operation == "end":
                    answers.send((failure, None))
                return
            if operation == "end":
                answers.send((_attempt(indexer.end, *arguments), None))
                return
            try:
                if operation == "start":
                    settings = arguments[0]
                    store = settings.pop("store")
                    indexer = Indexer(**settings, store=cache.Store(store) if store else None)
                elif operation == "finish":
                    if failure is None:
                        indexer.finish()
                    answers.send((failure, indexer.site.changes() if failure is None and indexer.site else None))
                elif failure is not None:
                    continue  # the build is told at once, and stops: the rest is not indexed
                elif operation == "add":
                    indexer.add_fragment(*arguments)
                elif operation == "cached":
                    indexer.add_cached(*arguments)
            except Exception as error:  # noqa: BLE001 - told to the build, which stops with it
                failure = _failure(error)
                answers.send((failure, None))
    except KeyboardInterrupt:  # Ctrl+C reaches every process of the build: stop quietly
        if indexer is not None:
            indexer.close()


def _attempt(action, *arguments) -> str | None:
    try:
        action(*arguments)
    except Exception as error:  # noqa: BLE001 - told to the build
        return _failure(error)
    return None


def _failure(error: Exception) -> str:
    return str(error) if isinstance(error, PluginError) else f"{STOPPED} ({type(error).__name__} : {error})"


def available() -> bool:
    """A process of its own pays only where it can be forked and run beside the build."""
    return parallel.cores() > 1

