// "Language with care": the "Use this wording" buttons under a textarea. A button puts the suggested
// words in place of the flagged phrase, keeps the writer's place and asks for a fresh check.
// Progressive: without JavaScript the buttons stay hidden and the wording is checked on save.

// The server counts characters differently from the browser (emoji, line endings), so when the
// phrase is not exactly where the server said, use the occurrence nearest to that place.
function nearestOccurrence(value, phrase, hint) {
  let best = -1;
  let at = value.indexOf(phrase);
  while (at !== -1) {
    if (best === -1 || Math.abs(at - hint) < Math.abs(best - hint)) best = at;
    at = value.indexOf(phrase, at + 1);
  }
  return best;
}

export function replacePhrase(field, { start, end, phrase, replacement }) {
  let from = start;
  let to = end;
  if (field.value.slice(from, to) !== phrase) {
    from = nearestOccurrence(field.value, phrase, start);
    if (from === -1) return false;
    to = from + phrase.length;
  }
  field.value = field.value.slice(0, from) + replacement + field.value.slice(to);
  field.focus();
  const caret = from + replacement.length;
  field.setSelectionRange(caret, caret);
  field.dispatchEvent(new Event("input", { bubbles: true }));
  field.dispatchEvent(new CustomEvent("language-recheck", { bubbles: true }));
  return true;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-language-replace]");
  if (!button) return;
  const field = document.getElementById(button.dataset.target);
  if (!field) return;
  replacePhrase(field, {
    start: Number(button.dataset.start),
    end: Number(button.dataset.end),
    phrase: button.dataset.phrase,
    replacement: button.dataset.replacement,
  });
});
