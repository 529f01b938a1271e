// Sphinx search scoring for the handbook (html_search_scorer, set in _ext/mmdp_book.py).
// The defaults of Sphinx 7.4's searchtools.js, plus one rule: the country gallery's pages (one per
// place, each with a "Remittances" section) come after every chapter and notebook page, so that a
// search for a topic finds the chapters first. They are still found, after the rest.
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, descr, score, filename] = result;
    return docname.startsWith("gallery/countries/") ? score - 1000 : score;
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
