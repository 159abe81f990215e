"""Steering the scheme: the indicators drawn from the content and the catalogue exports
(`tracking`), the knowledge-loss risk map (`risk`), the charts (`charts`) and their tables
(`figures`), shown by the steering pages (`legs.pages.steering`). The scheme's own figures
come from the tracking file (`legs.corpus.tracking_file`). The content model and the rules never
import from here.
"""
