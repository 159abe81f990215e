"""Steering the scheme: the tracking file and the catalogue exports (`tracking`), the
knowledge-loss risk map (`risk`), the charts (`charts`) and the internal pages that show
them (`pages`). The content model and the rules never import from here.
"""
