// relsafe's own behaviour on every page. Small and progressive: pages work without it.
import { initDrafts } from "./drafts.mjs";
import { initTimeoutWarning } from "./timeout.mjs";

initTimeoutWarning(document.body);
initDrafts(document, window.htmx);
