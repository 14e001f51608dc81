// Reads a PDF's text the way Firefox does, with pdf.js (npm pdfjs-dist, pinned in
// package.json): the text of each page is its getTextContent items joined as the viewer
// joins them (an item's string, then a newline where the item has `hasEOL`), with the
// normalisation off as the viewer asks. With `--find WORD…`, each word is also searched
// with the viewer's own find controller (PDFFindController, the one behind Ctrl+F), and
// the number of matches in the whole document is reported.
//
// The legacy build is the one pdf.js publishes for node. pdf.js reads no system font and
// needs none to read text.
//
// Usage: node read.mjs FILE.pdf [--find WORD…]
// Prints JSON: {"reader": "pdf.js VERSION", "pages": [text, …], "find": {word: count}}.

import { readFileSync } from "node:fs";

// pdf.js draws with @napi-rs/canvas under node, an optional package that reading text does
// not need (`npm ci --omit=optional`); the classes it would bring are only named when
// pdf.js loads.
for (const name of ["DOMMatrix", "ImageData", "Path2D"]) {
  globalThis[name] ??= class {};
}
const pdfjsLib = await import("pdfjs-dist/legacy/build/pdf.mjs").catch((e) => {
  console.error(`${e.message}\ninstall pdf.js with \`npm ci --prefix tests/readers\``);
  process.exit(3);
});
globalThis.pdfjsLib = pdfjsLib;
// The viewer module touches browser globals (window, document) when it loads, for its other
// parts; the find controller needs only the document's text. A stand-in that accepts any
// use lets the module load under node.
const anything = new Proxy(function () {}, {
  get: (_, key) => (key === Symbol.toPrimitive ? () => "" : key === "then" ? undefined : anything),
  apply: () => anything,
  construct: () => anything,
  set: () => true,
});
globalThis.window ??= anything;
globalThis.document ??= anything;
const { EventBus, PDFFindController } = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error("usage: node read.mjs FILE.pdf [--find WORD…]");
  process.exit(2);
}
const words = rest[0] === "--find" ? rest.slice(1) : [];

const data = new Uint8Array(readFileSync(file));
const doc = await pdfjsLib.getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;

const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  // As the viewer's find controller and text layer ask for it.
  const content = await page.getTextContent({ disableNormalization: true });
  let text = "";
  for (const item of content.items) {
    text += item.str;
    if (item.hasEOL) text += "\n";
  }
  pages.push(text);
}

const find = {};
if (words.length) {
  const eventBus = new EventBus();
  const linkService = {
    pagesCount: doc.numPages,
    page: 1,
    rotation: 0,
    isInPresentationMode: false,
    externalLinkEnabled: true,
  };
  const controller = new PDFFindController({ linkService, eventBus, updateMatchesCountOnProgress: false });
  controller.setDocument(doc);
  for (const query of words) {
    eventBus.dispatch("find", {
      source: null,
      type: "again", // a search run at once, as Enter in the find bar runs it
      query,
      caseSensitive: false,
      entireWord: false,
      highlightAll: true,
      findPrevious: false,
      matchDiacritics: true,
    });
    // The controller extracts every page's text, then matches each page as its text comes.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(controller._extractTextPromises);
    await new Promise((resolve) => setTimeout(resolve, 0));
    find[query] = controller.pageMatches.reduce((sum, page) => sum + (page?.length ?? 0), 0);
  }
}

console.log(JSON.stringify({ reader: `pdf.js ${pdfjsLib.version}`, pages, find }));
