"""Kit legs : capitalisation des savoirs des agents publics (fiches legs, cercles, guide)."""

__version__ = "0.1.0"
