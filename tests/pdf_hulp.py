"""Shared PDF inspection for the report tests."""


def font_beschrijvingen(reader):
    """(font, FontDescriptor or None) for every font on every page; Type0 fonts via their descendant."""
    for pagina in reader.pages:
        fonts = (pagina.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            yield font, (desc.get_object() if desc is not None else None)


INGEBED = ("/FontFile", "/FontFile2", "/FontFile3")
