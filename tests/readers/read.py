"""Reads a PDF's text with PDFium (the engine of Chrome and Edge, through pypdfium2) or
pypdf, the Python readers pinned in requirements.txt.

Usage: python3 read.py pdfium|pypdf FILE.pdf
Prints JSON: {"reader": "NAME VERSION", "pages": [text, ...]}.

PDFium: each page's text as Chrome copies it, `FPDFText_GetText` over the whole text page
(pypdfium2's `get_text_range`); PDFium gives a hyphen that ends a line as U+FFFE (its mark
for a hyphen that may be a soft one), read here as the hyphen it is. pypdf:
`PageObject.extract_text()` in its default mode.
"""

import json
import sys


def pdfium(path):
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    pages = []
    for page in doc:
        text = page.get_textpage()
        pages.append(text.get_text_range().replace("\ufffe", "-"))
        text.close()
        page.close()
    doc.close()
    return f"pdfium {pypdfium2.version.PDFIUM_INFO.build} (pypdfium2 {pypdfium2.version.PYPDFIUM_INFO})", pages


def pypdf(path):
    import pypdf

    reader = pypdf.PdfReader(path)
    return f"pypdf {pypdf.__version__}", [page.extract_text() for page in reader.pages]


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("pdfium", "pypdf"):
        sys.exit("usage: python3 read.py pdfium|pypdf FILE.pdf")
    try:
        reader, pages = {"pdfium": pdfium, "pypdf": pypdf}[sys.argv[1]](sys.argv[2])
    except ImportError as e:
        sys.exit(f"{e}: install the readers with `pip install -r tests/readers/requirements.txt`")
    json.dump({"reader": reader, "pages": pages}, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
