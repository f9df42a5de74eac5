// Drafts: what a person types into a long form is kept on the server, so a timeout or a failed
// save does not lose it. Progressive: without JavaScript nothing is autosaved, but a form posted
// just after the timeout is still kept (accounts.middleware), and restoring needs no script.
//
// - Saves (htmx, on the status line) once typing has stopped for data-draft-delay seconds, and at
//   least once a minute while typing goes on.
// - Saves when the timeout warning opens, and sends a beacon when the page is hidden or the
//   timeout signs the person out.
// - These requests are "passive": neither the server nor timeout.mjs counts them as activity.
const MAX_WAIT_MS = 60_000;

function initForm(form, htmx) {
  const status = form.querySelector("[data-draft-status]");
  if (!status) return;
  const delay = Math.max(1, Number(status.dataset.draftDelay || 20)) * 1000;
  let timer = null;
  let dirtySince = null;
  let submitting = false;

  const pending = () => dirtySince !== null && !submitting;

  const saveNow = () => {
    clearTimeout(timer);
    timer = null;
    if (!pending()) return;
    dirtySince = null;
    htmx.trigger(status, "draft-save");
  };

  const beacon = () => {
    if (!pending() || typeof navigator.sendBeacon !== "function") return;
    dirtySince = null;
    navigator.sendBeacon(status.getAttribute("hx-post"), new FormData(form));
  };

  form.addEventListener("input", () => {
    if (dirtySince === null) dirtySince = Date.now();
    clearTimeout(timer);
    const untilMax = dirtySince + MAX_WAIT_MS - Date.now();
    timer = setTimeout(saveNow, Math.max(0, Math.min(delay, untilMax)));
  });
  // Saving the form itself deletes the draft on the server: do not write it again behind it.
  form.addEventListener("submit", () => {
    submitting = true;
    clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") beacon();
  });
  document.addEventListener("relsafe:timeout-warning", saveNow);
  document.addEventListener("relsafe:signing-out", beacon);
}

export function initDrafts(root, htmx) {
  if (!htmx) return;
  for (const form of root.querySelectorAll("form[data-draft-form]")) initForm(form, htmx);
}
