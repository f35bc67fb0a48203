"""The photo desk's windows (the media library)."""
