"""Form fields for uploads: several files in one field, with what the browser can check before sending them."""

from __future__ import annotations

from django import forms

from .files import max_upload_bytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (``<input type=file multiple>``); the services check each by content. The input
    carries ``accept`` and ``data-max-bytes`` so the browser refuses a wrong type or an oversized file before the
    upload is sent (``static/js/uploads.js``)."""

    def __init__(self, *args, accepts: tuple[str, ...] = ("pdf", "jpg", "png", "ofd"), **kwargs):
        extensions = sorted({f".{e}" for e in accepts} | ({".jpeg"} if "jpg" in accepts else set()))
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ",".join(extensions), "data-max-bytes": str(max_upload_bytes())}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []
