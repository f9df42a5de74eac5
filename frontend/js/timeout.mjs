// Warns two minutes before the idle timeout and lets the person stay signed in without leaving
// the page, so nothing they have typed is lost. The server enforces the timeout regardless.
//
// - "Stay signed in" (or Escape, as in the GOV.UK/HMRC timeout pattern) posts to the keepalive
//   URL; the session middleware counts that as activity.
// - Tabs of the same browser tell each other about activity (BroadcastChannel, nothing stored),
//   so a person busy in one tab is not signed out by a quiet one.
// - Screen readers hear the warning when it opens and a short update each minute, not every tick.
const WARN_BEFORE_SECONDS = 120;
const CHANNEL_NAME = "relsafe-activity";

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function describe(remaining) {
  const minutes = Math.floor(remaining / 60);
  const seconds = remaining % 60;
  if (minutes === 0) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const mins = `${minutes} minute${minutes > 1 ? "s" : ""}`;
  return seconds ? `${mins} ${seconds} second${seconds === 1 ? "" : "s"}` : mins;
}

export function initTimeoutWarning(body) {
  const idle = Number(body.dataset.idleTimeout || 0);
  const dialog = document.getElementById("timeout-dialog");
  if (!idle || !dialog || typeof dialog.showModal !== "function") return null;
  const keepaliveUrl = body.dataset.keepaliveUrl;
  const signoutUrl = body.dataset.signoutUrl;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL_NAME) : null;
  let lastActivity = Date.now();
  let lastAnnounced = null;
  let signingOut = false;

  const activity = (at, tell) => {
    lastActivity = Math.max(lastActivity, at);
    lastAnnounced = null;
    if (dialog.open) dialog.close();
    if (tell && channel) channel.postMessage({ at: lastActivity });
  };

  const signOut = () => {
    if (signingOut) return;
    signingOut = true;
    // Last chance for the page to keep what was typed (drafts.mjs sends it as a beacon).
    document.dispatchEvent(new CustomEvent("relsafe:signing-out"));
    const form = document.createElement("form");
    form.method = "post";
    form.action = signoutUrl;
    for (const [name, value] of [["csrfmiddlewaretoken", csrfToken()], ["reason", "timeout"]]) {
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      field.value = value;
      form.appendChild(field);
    }
    document.body.appendChild(form);
    form.submit();
  };

  const tick = () => {
    const remaining = idle - Math.floor((Date.now() - lastActivity) / 1000);
    if (remaining <= 0) {
      signOut();
      return;
    }
    if (remaining > WARN_BEFORE_SECONDS) return;
    if (!dialog.open) {
      dialog.showModal();
      document.dispatchEvent(new CustomEvent("relsafe:timeout-warning"));
    }
    countdown.textContent = describe(remaining);
    const minute = Math.ceil(remaining / 60);
    if (announce && minute !== lastAnnounced) {
      lastAnnounced = minute;
      announce.textContent = `You will be signed out in ${describe(minute * 60)}.`;
    }
  };

  const stay = async () => {
    let ok = false;
    try {
      const response = await fetch(keepaliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      });
      ok = response.ok;
    } catch {
      ok = false;
    }
    if (ok) activity(Date.now(), true);
    else signOut();
  };

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", stay);
  dialog.querySelector("[data-timeout-signout]").addEventListener("click", (event) => {
    event.preventDefault();
    signOut();
  });
  // Escape closes a modal dialog; here it means "stay signed in", never "ignore the warning".
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });
  // htmx requests count as activity on the server too, except those the page makes by itself
  // (draft autosave), which the server does not count either.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail && event.detail.elt;
    if (elt && elt.closest && elt.closest("[data-session-passive]")) return;
    activity(Date.now(), true);
  });
  if (channel) {
    channel.addEventListener("message", (event) => activity(Number(event.data.at) || 0, false));
    channel.postMessage({ at: lastActivity }); // this page load was a request too
  }
  return setInterval(tick, 1000);
}
