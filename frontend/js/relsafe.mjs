// relsafe's own behaviour on every page. Small and progressive: pages work without it.
import { initTimeoutWarning } from "./timeout.mjs";

initTimeoutWarning(document.body);
