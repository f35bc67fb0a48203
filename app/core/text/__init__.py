"""The Chinese text toolkit (no Qt): 字数 counting, proofing, bylines, keywords, places.

Import the submodules directly (``from app.core.text.proofing import proof``); keywords loads
jieba lazily on first use. See docs/text-toolkit.md.
"""
