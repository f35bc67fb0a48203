"""The photo desk's core: safe image intake (app.core.media.safe), the media library service
(app.core.media.library) and the sign rule for captions and credits (app.core.media.rules).
No Qt here; Pillow does the decoding."""
