"""The reporter's editor (see docs/ui.md)."""

from app.ui.editor.editor import EditorWidget

__all__ = ["EditorWidget"]
