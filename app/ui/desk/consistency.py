"""The place/channel check lives in core (``app/core/text/channel_check.py``): one verdict for
both desks. Re-exported here for the desk's panels."""

from app.core.text.channel_check import Consistency, article_text, channel_verdict, check, check_article

__all__ = ["Consistency", "article_text", "channel_verdict", "check", "check_article"]
