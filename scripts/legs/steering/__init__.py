"""Steering the scheme: the tracking file and the catalogue exports (`tracking`), the
knowledge-loss risk map (`risk`), the charts (`charts`) and their tables (`figures`), shown
by the steering pages (`legs.pages.steering`). The content model and the rules never import
from here.
"""
