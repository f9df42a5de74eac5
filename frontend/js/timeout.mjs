// Warns two minutes before the idle timeout and lets the person stay signed in without leaving
// the page, so nothing they have typed is lost. The server enforces the timeout regardless.
const WARN_BEFORE_SECONDS = 120;

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

export function initTimeoutWarning(body) {
  const idle = Number(body.dataset.idleTimeout || 0);
  const dialog = document.getElementById("timeout-dialog");
  if (!idle || !dialog || typeof dialog.showModal !== "function") return;
  const keepaliveUrl = body.dataset.keepaliveUrl;
  const signoutUrl = body.dataset.signoutUrl;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  let lastActivity = Date.now();
  let timer = null;

  const signOut = () => {
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
    if (remaining <= WARN_BEFORE_SECONDS) {
      if (!dialog.open) dialog.showModal();
      const minutes = Math.floor(remaining / 60);
      const seconds = remaining % 60;
      countdown.textContent = minutes > 0 ? `${minutes} minute${minutes > 1 ? "s" : ""} ${seconds} seconds` : `${seconds} seconds`;
    }
  };

  const stay = async () => {
    const response = await fetch(keepaliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    });
    if (response.ok) {
      lastActivity = Date.now();
      dialog.close();
    } else {
      signOut();
    }
  };

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", stay);
  dialog.querySelector("[data-timeout-signout]").addEventListener("click", (event) => {
    event.preventDefault();
    signOut();
  });
  // htmx requests count as activity on the server too.
  document.body.addEventListener("htmx:afterRequest", () => {
    lastActivity = Date.now();
  });
  timer = setInterval(tick, 1000);
  return timer;
}
