"""The site's search: the index built with the site (`index`), the words of that index for
typing errors (`words`), and the measure of how well it finds what agents type (`quality`).
The search page itself is `docs/assets/javascripts/recherche.js`.
"""

from .index import END, LOT_SIZE, START, Indexer, check_lots, lot_dir, page_digest

__all__ = ["END", "LOT_SIZE", "START", "Indexer", "check_lots", "lot_dir", "page_digest"]
